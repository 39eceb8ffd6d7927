/** @pagatore/server: build, start and test Pagatore programmatically. */
export { createApp, ASSETS_DIR, type AppParts } from './app.js';
export {
  loadConfig,
  assertModeRules,
  ConfigError,
  ENV_VARS,
  type Config,
  type Mode,
} from './config/index.js';
export { openDatabase, migrate, transaction, type Db, type Tx, type DatabaseHandle } from './db/database.js';
export type { Database } from './db/schema/index.js';
export { ApiError, validationError } from './core/errors.js';
export type { AppDeps } from './core/deps.js';
export type { AppEnv, AppContext, AuthHooks } from './http/context.js';
export { route } from './http/route.js';
export { createLogger, memoryLogger, type Logger } from './log/logger.js';
export { startServer, listen, closeServer, type RunningServer } from './server.js';
export { seedDemoEntity, DEMO_ENTITY } from './demo/seed.js';
export { siteApp, startSite } from './demo/site.js';
export { buildOpenApi } from './routes/openapi/openapi.js';
export { VERSION } from './version.js';
export { importPositions, type ImportOptions, type ImportProgress } from './import/import.js';
export { createApiKey, revokeApiKey, verifyApiKey } from './entities/api-keys.js';
export { adminAuth } from './http/auth/admin-key.js';
export { adminRoutes } from './routes/admin/admin.js';
export { writePositions, listPositions, toViews, findPosition } from './positions/positions.js';
export {
  OPTION_TRANSITIONS,
  POSITION_ACTIONS,
  derivePositionStatus,
  movesOnPayment,
  transitionOption,
  assertPositionAllows,
} from './positions/states.js';
export { codesFor } from './positions/codes.js';
export { reserveIuvNumbers as reserveNumbers } from './db/stores/positions.js';
export { renderNotice, MergedNotices } from './notices/render.js';
export {
  noticesZip,
  writeNoticesZip,
  mergedNoticesPdf,
  MAX_MERGED_NOTICES,
  type BundleItem,
} from './notices/bulk.js';
export {
  renderNoticeForPosition,
  positionNotices,
  noticeDataFromPosition,
  noticeEntity,
  loadEntityLogo,
} from './notices/from-position.js';
export {
  validateNoticeData,
  NoticeDataError,
  NOTICE_LIMITS,
  NOTICE_LANGUAGES,
  type NoticeData,
  type NoticeEntity,
  type NoticeDebtor,
  type NoticePayment,
  type NoticeLanguage,
  type NoticeLogo,
} from './notices/notice-data.js';
export { qrPayload, posteDataMatrix } from './notices/payloads.js';
export { ERROR_MESSAGES, FIELD_MESSAGES, fieldMessage, messageOf } from './core/messages.js';
