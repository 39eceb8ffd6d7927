/**
 * @pagatore/sdk: the contract of Pagatore's HTTP API (schemas, error codes, types), the pagoPA code
 * functions, and typed clients for citizens (`createClient`) and entities (`createAdminClient`).
 */
export * from './codes/index.js';
export * from './errors.js';
export * from './schemas/common.js';
export * from './schemas/fields.js';
export * from './schemas/accounts.js';
export * from './schemas/identity.js';
export * from './schemas/countries.js';
export * from './schemas/positions.js';
export * from './schemas/services.js';
export * from './schemas/practices.js';
export * from './schemas/entity-name.js';
export * from './schemas/entity-settings.js';
export * from './schemas/payments.js';
export * from './schemas/webhooks.js';
export * from './schemas/staff.js';
export * from './schemas/gpd.js';
export * from './schemas/reconciliation.js';
export * from './schemas/io.js';
export * from './schemas/paylinks.js';
export * from './schemas/integrations.js';
export * from './schemas/money.js';
export * from './schemas/reminders.js';
export * from './schemas/privacy.js';
export * from './webhooks/signature.js';
export * from './contract/index.js';
export * from './client/client.js';
export * from './client/session-store.js';
export * from './client/console-api.js';
export * from './client/transport.js';
export type { ImportBody, ImportFormat } from './client/admin-api.js';
