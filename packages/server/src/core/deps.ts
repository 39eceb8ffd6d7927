/**
 * The app's services, built once at start by the composition root (`server.ts`, the CLI, tests)
 * and handed to the domain: every area takes what it needs from here, so no area depends on how
 * requests arrive.
 */
import type { Config } from '../config/index.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../log/logger.js';

export interface AppDeps {
  config: Config;
  /** The database; its engine is `engineOf(db)`, decided once when it was opened. */
  db: Db;
  logger: Logger;
  /** Current time; tests move it. */
  now: () => Date;
  version: string;
}
