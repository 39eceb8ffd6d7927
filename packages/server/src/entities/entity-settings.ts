/**
 * An entity's settings as the admin API and the CLI see them, and their changes: one mapping between
 * the SDK's `EntitySettings` and the `entities` row.
 */
import {
  type EntityCreate,
  type EntitySettings,
  type EntitySettingsUpdate,
  type FieldError,
  isLogoUrlAllowed,
  type Lang,
} from '@pagatore/sdk';
import { fieldMessage } from '../core/messages.js';
import type * as v from 'valibot';
import type { Mode } from '../config/index.js';
import type { Db } from '../db/database.js';
import type { EntityRow, EntityUpdate, NewEntityRow } from '../db/schema/index.js';
import { mergePagopaSettings, pagopaSettingsView } from './pagopa-settings.js';
import { articleOf, findEntity, ibansOf, originsOf, privacyTextOf } from './entities.js';
import { mergeReconciliationSettings, reconciliationSettingsView } from '../reconciliation/settings.js';
import { ioSettingsView, mergeIoSettings } from '../outbound/io/settings.js';
import { mergeReminderSettings, reminderConfigOf } from '../reminders/settings.js';
import { publishPrivacyFromSettings } from '../privacy/consents.js';

type Update = v.InferOutput<typeof EntitySettingsUpdate>;
type Create = v.InferOutput<typeof EntityCreate>;

/**
 * What the server's mode refuses of settings the schema accepted: a logo or a GPD URL over plain
 * `http:` outside demo mode. The admin API, the CLI and the demo seed ask it before writing.
 */
export function modeProblems(
  s: {
    logoUrl?: string | null | undefined;
    pagopa?: { gpdUrl?: string | null | undefined; gpdReceiptsUrl?: string | null | undefined } | undefined;
    io?: { baseUrl?: string | null | undefined } | undefined;
  },
  mode: Mode,
  lang: Lang,
): FieldError[] {
  const problems: FieldError[] = [];
  const refused = (path: string) =>
    problems.push({ path, code: 'https_required', message: fieldMessage('https_required', lang) });
  if (s.logoUrl && !isLogoUrlAllowed(s.logoUrl, { allowHttp: mode === 'demo' })) refused('logoUrl');
  // GPD carries the subscription key and the debtors' data: never over plain HTTP in production.
  for (const k of ['gpdUrl', 'gpdReceiptsUrl'] as const) {
    const url = s.pagopa?.[k];
    if (url && mode !== 'demo' && !url.startsWith('https://')) refused(`pagopa.${k}`);
  }
  // IO carries the service's key and the citizens' fiscal codes: likewise.
  if (s.io?.baseUrl && mode !== 'demo' && !s.io.baseUrl.startsWith('https://')) refused('io.baseUrl');
  return problems;
}

/** The row as settings. */
export function toSettings(row: EntityRow): EntitySettings {
  return {
    code: row.code,
    name: row.name,
    article: articleOf(row),
    sector: row.sector,
    info: row.info,
    logoUrl: row.logo_url,
    auxDigit: row.aux_digit as 0 | 1 | 2 | 3,
    segregationCode: row.segregation_code,
    ibans: ibansOf(row),
    postalAccount: row.postal_account_number
      ? {
          number: row.postal_account_number,
          holder: row.postal_account_holder ?? '',
          authorization: row.postal_authorization,
        }
      : null,
    cbillCode: row.cbill_code,
    allowedOrigins: originsOf(row),
    portalUrl: row.portal_url,
    spontaneousPayments: row.spontaneous_enabled === 1,
    ownRegistration: row.own_registration === 1,
    privacy: { text: privacyTextOf(row), version: row.privacy_version },
    onlineChannel: row.online_channel,
    pagopa: pagopaSettingsView(row),
    allowPrivateTargets: row.allow_private_targets === 1,
    reconciliation: reconciliationSettingsView(row),
    io: ioSettingsView(row),
    reminders: reminderConfigOf(row),
    staffLoginProvider: row.staff_login_provider ?? null,
  };
}

/** Column values for the settings given (absent ones untouched). */
function columns(s: Update): EntityUpdate {
  const out: EntityUpdate = {};
  if (s.name !== undefined) out.name = s.name;
  if (s.article !== undefined) out.article = s.article;
  if (s.sector !== undefined) out.sector = s.sector;
  if (s.info !== undefined) out.info = s.info;
  if (s.logoUrl !== undefined) out.logo_url = s.logoUrl;
  if (s.auxDigit !== undefined) out.aux_digit = s.auxDigit;
  if (s.segregationCode !== undefined) out.segregation_code = s.segregationCode;
  if (s.ibans !== undefined) out.ibans = JSON.stringify(s.ibans);
  if (s.postalAccount !== undefined) {
    out.postal_account_number = s.postalAccount?.number ?? null;
    out.postal_account_holder = s.postalAccount?.holder ?? null;
    out.postal_authorization = s.postalAccount?.authorization ?? null;
  }
  if (s.cbillCode !== undefined) out.cbill_code = s.cbillCode;
  if (s.allowedOrigins !== undefined) out.allowed_origins = JSON.stringify(s.allowedOrigins);
  if (s.portalUrl !== undefined) out.portal_url = s.portalUrl;
  if (s.spontaneousPayments !== undefined) out.spontaneous_enabled = s.spontaneousPayments ? 1 : 0;
  if (s.ownRegistration !== undefined) out.own_registration = s.ownRegistration ? 1 : 0;
  if (s.privacy !== undefined) {
    const t = s.privacy.text;
    out.privacy_text = typeof t === 'string' ? t : t.it;
    const other = typeof t === 'string' ? {} : { en: t.en, de: t.de };
    out.privacy_texts = other.en !== undefined || other.de !== undefined ? JSON.stringify(other) : null;
    out.privacy_version = s.privacy.version;
  }
  if (s.onlineChannel !== undefined) out.online_channel = s.onlineChannel;
  if (s.pagopa !== undefined) out.pagopa_settings = mergePagopaSettings('{}', s.pagopa);
  if (s.allowPrivateTargets !== undefined) out.allow_private_targets = s.allowPrivateTargets ? 1 : 0;
  if (s.reconciliation !== undefined)
    out.reconciliation_settings = mergeReconciliationSettings('{}', s.reconciliation);
  if (s.io !== undefined) out.io_settings = mergeIoSettings('{}', s.io);
  if (s.reminders !== undefined) out.reminder_settings = mergeReminderSettings('{}', s.reminders);
  if (s.staffLoginProvider !== undefined) out.staff_login_provider = s.staffLoginProvider;
  return out;
}

/** Changes the settings given; returns the new row. */
export async function updateEntitySettings(db: Db, code: string, s: Update, now: Date): Promise<EntityRow> {
  const set = columns(s);
  // A privacy notice set here is published as a version too (the ledger's hashes need its words);
  // a published version may not change its words.
  if (s.privacy !== undefined) {
    const before = await findEntity(db, code);
    const t = s.privacy.text;
    if (before)
      await publishPrivacyFromSettings(
        db,
        before,
        { text: typeof t === 'string' ? { it: t } : t, version: s.privacy.version },
        now,
      );
  }
  // pagoPA settings merge key by key: the subscription key is answered masked, so never sent back.
  if (s.pagopa !== undefined)
    set.pagopa_settings = mergePagopaSettings(
      (await findEntity(db, code))?.pagopa_settings ?? '{}',
      s.pagopa,
    );
  if (s.reconciliation !== undefined)
    set.reconciliation_settings = mergeReconciliationSettings(
      (await findEntity(db, code))?.reconciliation_settings ?? '{}',
      s.reconciliation,
    );
  // The IO key is answered masked, so never sent back: merged key by key as well.
  if (s.io !== undefined)
    set.io_settings = mergeIoSettings((await findEntity(db, code))?.io_settings ?? '{}', s.io);
  if (s.reminders !== undefined)
    set.reminder_settings = mergeReminderSettings(
      (await findEntity(db, code))?.reminder_settings ?? '{}',
      s.reminders,
    );
  await db
    .updateTable('entities')
    .set({ ...set, updated_at: now.toISOString() })
    .where('code', '=', code)
    .execute();
  const row = await findEntity(db, code);
  if (!row) throw new Error(`entity ${code} vanished`);
  return row;
}

/** Creates an entity (aux 3 by default); false when the code exists. */
export async function createEntity(db: Db, s: Create, now: Date): Promise<boolean> {
  if (await findEntity(db, s.code)) return false;
  const iso = now.toISOString();
  const row: NewEntityRow = {
    code: s.code,
    name: s.name,
    sector: null,
    info: null,
    logo_url: null,
    aux_digit: 3,
    segregation_code: null,
    ibans: '[]',
    postal_account_number: null,
    postal_account_holder: null,
    postal_authorization: null,
    cbill_code: null,
    allowed_origins: '[]',
    portal_url: null,
    spontaneous_enabled: 0,
    article: null,
    privacy_text: '',
    privacy_texts: null,
    privacy_version: '1',
    online_channel: null,
    pagopa_settings: '{}',
    ...(columns(s) as Partial<NewEntityRow>),
    created_at: iso,
    updated_at: iso,
  };
  await db.insertInto('entities').values(row).execute();
  return true;
}
