/** The database as Kysely sees it: one interface per table, one file per area. */
import type { AccountTables } from './accounts.js';
import type { EventTables } from './events.js';
import type { GpdTables } from './gpd.js';
import type { IdentityTables } from './identity.js';
import type { EntitiesTable, RateLimitsTable } from './entities.js';
import type { PayLinkTables } from './paylinks.js';
import type { ReminderTables } from './reminders.js';
import type { PagopaTables } from './pagopa.js';
import type { IoTables } from './io.js';
import type { PaymentsTables } from './payments.js';
import type { PositionTables } from './positions.js';
import type { PrivacyTables } from './privacy.js';
import type { PracticesTables } from './practices.js';
import type { StaffTables } from './staff.js';
import type { WebhookTables } from './webhooks.js';
import type { ReconciliationTables } from './reconciliation.js';

export * from './entities.js';
export * from './positions.js';
export * from './accounts.js';
export * from './practices.js';
export * from './payments.js';
export * from './events.js';
export * from './webhooks.js';
export * from './identity.js';
export * from './staff.js';
export * from './gpd.js';
export * from './reconciliation.js';
export * from './paylinks.js';
export * from './reminders.js';
export * from './pagopa.js';
export * from './io.js';
export * from './privacy.js';

export interface Database
  extends
    PositionTables,
    AccountTables,
    PracticesTables,
    PaymentsTables,
    EventTables,
    WebhookTables,
    IdentityTables,
    StaffTables,
    GpdTables,
    ReconciliationTables,
    PayLinkTables,
    ReminderTables,
    PagopaTables,
    IoTables,
    PrivacyTables {
  entities: EntitiesTable;
  rate_limits: RateLimitsTable;
}
