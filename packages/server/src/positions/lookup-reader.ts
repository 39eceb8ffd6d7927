/**
 * A read-only SQLite connection with prepared statements kept for the position lookup by NAV/IUV,
 * the admin API's hottest read. Through Kysely every query is prepared again on each call, and
 * preparing the lookup costs more than running it (measured ~80 µs against ~15); this connection
 * prepares once. In WAL mode a reader never blocks nor waits for the writer and sees committed
 * data only. PostgreSQL (and in-memory SQLite) keep the Kysely path.
 */
import SQLite from 'better-sqlite3';
import { sqlitePath } from '../db/database.js';
import type { AppDeps } from '../http/context.js';

export interface LookupReader {
  /** Rows of the position holding the code, one per option × transfer, ordered. */
  byCode(entityCode: string, column: 'nav' | 'iuv', value: string): unknown[];
}

const SELECT = `select p.*, o.id as o_id, o.installment as o_installment, o.amount as o_amount,
    o.due_date as o_due_date, o.description as o_description, o.iuv as o_iuv, o.nav as o_nav,
    o.status as o_status, o.paid_at as o_paid_at, t.idx as t_idx, t.iban as t_iban, t.postal as t_postal,
    t.amount as t_amount, t.remittance as t_remittance, t.taxonomy as t_taxonomy
  from positions p
  join payment_options o on o.position_id = p.id
  left join transfers t on t.option_id = o.id
  where p.id = (select position_id from payment_options where entity_code = ? and COLUMN = ?)
    and p.entity_code = ?
  order by o.installment, t.idx`;

const readers = new WeakMap<object, LookupReader | null>();

function open(deps: AppDeps): LookupReader | null {
  if (deps.dbKind !== 'sqlite') return null;
  const file = sqlitePath(deps.config.databaseUrl);
  if (file === ':memory:') return null;
  try {
    const conn = new SQLite(file, { readonly: true, fileMustExist: true });
    conn.pragma('busy_timeout = 1000');
    const nav = conn.prepare(SELECT.replace('COLUMN', 'nav'));
    const iuv = conn.prepare(SELECT.replace('COLUMN', 'iuv'));
    return {
      byCode: (entityCode, column, value) =>
        (column === 'nav' ? nav : iuv).all(entityCode, value, entityCode) as unknown[],
    };
  } catch {
    // Tables missing (not migrated yet) or the file unreadable: the Kysely path still works.
    return null;
  }
}

/** The reader for this app's database, or null where the Kysely path must be used. */
export function lookupReader(deps: AppDeps): LookupReader | null {
  if (!readers.has(deps.db)) readers.set(deps.db, open(deps));
  return readers.get(deps.db) ?? null;
}
