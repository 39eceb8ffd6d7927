/** What every handler can reach through Hono's context: the app's services and the request's facts. */
import type { Lang } from '@pagatore/sdk';
import type { Context } from 'hono';
import type { Config } from '../config/index.js';
import type { Db } from '../db/database.js';
import type { EntityRow } from '../db/schema/index.js';
import type { AccountRow } from '../db/schema/accounts.js';
import type { Logger } from '../log/logger.js';

/** The app's services, built once at start and passed to `createApp`. */
export interface AppDeps {
  config: Config;
  db: Db;
  dbKind: 'sqlite' | 'postgres';
  logger: Logger;
  /** Current time; tests move it. */
  now: () => Date;
  version: string;
}

/**
 * Authentication checks, one per kind of principal, installed by the area that owns it (accounts
 * for citizen sessions, admin for API keys). Each throws `ApiError` or stores its principal.
 */
export interface AuthHooks {
  session?: (c: AppContext) => Promise<void>;
  admin?: (c: AppContext) => Promise<void>;
}

export interface AppEnv {
  Variables: {
    auth: AuthHooks;
    deps: AppDeps;
    requestId: string;
    lang: Lang;
    /** Client address (from the socket, or X-Forwarded-For behind a trusted proxy). */
    clientIp: string;
    /** The logged-in citizen's account (set by the session hook on `auth: 'session'` routes). */
    account: AccountRow;
    /** The id of the citizen's session (not the token). */
    sessionId: string;
    /** The entity whose API key authenticated an admin request (set by the admin hook). */
    adminEntity: EntityRow;
  };
}

export type AppContext = Context<AppEnv>;
