/**
 * The static list of migrations, in order. Names never change once released; a new migration
 * gets the next number. Each is frozen in time: it imports nothing from the app.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001-entities.js';
import * as m0002 from './0002-positions.js';
import * as m0003 from './0003-accounts.js';
import * as m0004 from './0004-practices.js';
import * as m0005 from './0005-payments.js';
import * as m0006 from './0006-events.js';
import * as m0007 from './0007-webhooks.js';
import * as m0008 from './0008-practice-locks.js';
import * as m0009 from './0009-receipts-whole.js';
import * as m0010 from './0010-private-targets.js';
import * as m0011 from './0011-entity-texts.js';
import * as m0012 from './0012-cart-payments.js';
import * as m0013 from './0013-mail-outbox.js';
import * as m0014 from './0014-payment-resume.js';
import * as m0015 from './0015-identity.js';
import * as m0017 from './0017-identity-keys.js';
import * as m0018 from './0018-staff.js';
import * as m0019 from './0019-identity-federation-providers.js';
import * as m0020 from './0020-gpd-sync.js';
import * as m0021 from './0021-reconciliation.js';
import * as m0022 from './0022-identity-logout-link.js';
import * as m0023 from './0023-pay-links.js';
import * as m0024 from './0024-reminders.js';
import * as m0025 from './0025-io-messages.js';
import * as m0027 from './0027-integrations.js';
import * as m0028 from './0028-staff-oidc.js';
import * as m0029 from './0029-position-sorts.js';
import * as m0030 from './0030-privacy.js';
import * as m0031 from './0031-search-plans.js';
import * as m0032 from './0032-search-counter-plans.js';
import * as m0033 from './0033-search-statement.js';

export const migrations: Record<string, Migration> = {
  '0001-entities': m0001,
  '0002-positions': m0002,
  '0003-accounts': m0003,
  '0004-practices': m0004,
  '0005-payments': m0005,
  '0006-events': m0006,
  '0007-webhooks': m0007,
  '0008-practice-locks': m0008,
  '0009-receipts-whole': m0009,
  '0010-private-targets': m0010,
  '0011-entity-texts': m0011,
  '0012-cart-payments': m0012,
  '0013-mail-outbox': m0013,
  '0014-payment-resume': m0014,
  '0015-identity': m0015,
  '0017-identity-keys': m0017,
  '0018-staff': m0018,
  '0019-identity-federation-providers': m0019,
  '0020-gpd-sync': m0020,
  '0021-reconciliation': m0021,
  '0022-identity-logout-link': m0022,
  '0023-pay-links': m0023,
  '0024-reminders': m0024,
  '0025-io-messages': m0025,
  '0027-integrations': m0027,
  '0028-staff-oidc': m0028,
  '0029-position-sorts': m0029,
  '0030-privacy': m0030,
  '0031-search-plans': m0031,
  '0032-search-counter-plans': m0032,
  '0033-search-statement': m0033,
};
