/** The database as Kysely sees it: one interface per table, one file per area. */
import type { AccountTables } from './accounts.js';
import type { EntitiesTable, RateLimitsTable } from './entities.js';
import type { PositionTables } from './positions.js';

export * from './entities.js';
export * from './positions.js';
export * from './accounts.js';

export interface Database extends PositionTables, AccountTables {
  entities: EntitiesTable;
  rate_limits: RateLimitsTable;
}
