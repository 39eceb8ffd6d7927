/**
 * The audit log of the console: every change a staff member makes, with who, when, on which entity,
 * what, and the state before and after. Entries are only ever added (the database refuses updates
 * and deletes of them). Secrets in a state (a webhook's signing secret, an API key, a subscription
 * key even masked) are replaced by `"***"`.
 */
import type { AuditEntry, AuditList } from '@pagatore/sdk';
import { type Db, type Tx, transaction } from '../db/database.js';
import type { StaffAuditRow } from '../db/schema/index.js';
import { insertAudit, selectAudit } from '../db/stores/staff.js';

const SECRET_KEYS = /^(secret|key|password|token|apiKey|clientSecret|previousSecret|\w*SubscriptionKey)$/i;

/** A copy of a JSON value without its secrets. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      out[k] = SECRET_KEYS.test(k) && v !== null && v !== undefined ? '***' : redact(v);
    return out;
  }
  return value;
}

export interface AuditInput {
  actor: string;
  staffId?: string | null;
  entity: string | null;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
  ip?: string | null;
  requestId?: string | null;
  now: Date;
}

/** Longest state kept whole; a longer one (an import's report) keeps its top-level scalars only. */
const MAX_JSON = 20_000;

function json(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const clean = redact(v);
  const text = JSON.stringify(clean);
  if (text.length <= MAX_JSON || !clean || typeof clean !== 'object') return text;
  const scalars = Object.entries(clean as Record<string, unknown>).filter(([, x]) => typeof x !== 'object');
  return JSON.stringify({ ...Object.fromEntries(scalars), truncated: true });
}

/**
 * Runs a staff member's change and the writing of its audit entry in one transaction, so that
 * either both land or neither: `fn` gets the transaction to make the change and write the entry
 * on (the change's own transactions become savepoints of it).
 */
export function withAuditEntry<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return transaction(db, fn);
}

/** Appends one entry. */
export async function recordAudit(db: Db | Tx, e: AuditInput): Promise<void> {
  await insertAudit(db, {
    at: e.now.toISOString(),
    actor: e.actor.slice(0, 300),
    staff_id: e.staffId ?? null,
    entity_code: e.entity,
    action: e.action.slice(0, 60),
    target: e.target?.slice(0, 300) ?? null,
    before: json(e.before),
    after: json(e.after),
    ip: e.ip ?? null,
    request_id: e.requestId ?? null,
  });
}

function toEntry(r: StaffAuditRow): AuditEntry {
  return {
    id: Number(r.id),
    at: r.at,
    actor: r.actor,
    entity: r.entity_code,
    action: r.action,
    target: r.target,
    before: r.before === null ? null : (JSON.parse(r.before) as unknown),
    after: r.after === null ? null : (JSON.parse(r.after) as unknown),
  };
}

/**
 * An entity's entries, newest first, `limit` of them below `before`.
 * @example const page = await listAudit(db, '80012345678', { limit: 50 });
 */
export async function listAudit(
  db: Db,
  entity: string,
  q: { before?: number | undefined; limit: number },
): Promise<AuditList> {
  const rows = await selectAudit(db, entity, q.before, q.limit + 1);
  const items = rows.slice(0, q.limit).map(toEntry);
  return { items, next: rows.length > q.limit ? (items.at(-1)?.id ?? null) : null };
}
