/** The whole HTTP API as data. Each area declares its endpoints in its own file. */
import { accountsEndpoints } from './accounts.js';
import { adminEndpoints } from './admin.js';
import { consoleEndpoints } from './console.js';
import { identityEndpoints } from './identity.js';
import { integrationsEndpoints } from './integrations.js';
import { moneyEndpoints } from './money.js';
import { noticesEndpoints } from './notices.js';
import { paylinksEndpoints } from './paylinks.js';
import { paymentsEndpoints } from './payments.js';
import { practicesEndpoints } from './practices.js';
import { privacyEndpoints } from './privacy.js';
import { publicEndpoints } from './public.js';
import { remindersEndpoints } from './reminders.js';
import { reconciliationEndpoints } from './reconciliation.js';
import { webhooksEndpoints } from './webhooks.js';

export * from './endpoint.js';
export * from './public.js';
export * from './admin.js';
export * from './console.js';
export * from './accounts.js';
export * from './identity.js';
export * from './notices.js';
export * from './practices.js';
export * from './payments.js';
export * from './webhooks.js';
export * from './reconciliation.js';
export * from './paylinks.js';
export * from './integrations.js';
export * from './money.js';
export * from './reminders.js';
export * from './privacy.js';

/** Every endpoint, for the server's router and OpenAPI document. */
export const endpoints = {
  ...publicEndpoints,
  ...adminEndpoints,
  ...consoleEndpoints,
  ...accountsEndpoints,
  ...identityEndpoints,
  ...noticesEndpoints,
  ...practicesEndpoints,
  ...paymentsEndpoints,
  ...webhooksEndpoints,
  ...reconciliationEndpoints,
  ...paylinksEndpoints,
  ...integrationsEndpoints,
  ...moneyEndpoints,
  ...remindersEndpoints,
  ...privacyEndpoints,
} as const;
