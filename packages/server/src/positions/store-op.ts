/** The storage operations a batch write needs, answered by a Kysely transaction or a SQLite connection. */
import type { Updateable } from 'kysely';
import type { PositionsTable } from '../db/schema/index.js';

export type StoreOp =
  | {
      op: 'selectIn';
      table: 'positions' | 'payment_options';
      columns: readonly string[];
      eq: { column: string; value: unknown };
      inColumn: string;
      values: readonly unknown[];
    }
  /** Reserves `count` numbers of the entity's IUV counter; answers the first. */
  | { op: 'reserve'; entityCode: string; count: number }
  /** Deletes the options (and, by cascade, transfers) of positions being replaced. */
  | { op: 'deleteOptions'; positionIds: number[] }
  | { op: 'updatePosition'; id: number; values: Updateable<PositionsTable> }
  /** Inserts rows; answers the `returning` columns of each. */
  | {
      op: 'insert';
      table: 'positions' | 'payment_options' | 'transfers';
      rows: readonly Record<string, unknown>[];
      columns: readonly string[];
      returning: readonly string[];
    };
