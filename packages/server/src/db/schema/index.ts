/** The database as Kysely sees it: one interface per table, one file per area. */
import type { EntitiesTable, RateLimitsTable } from './entities.js';

export * from './entities.js';

export interface Database {
  entities: EntitiesTable;
  rate_limits: RateLimitsTable;
}
