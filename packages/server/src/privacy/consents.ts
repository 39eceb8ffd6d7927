/**
 * Versioned consent texts and the consent ledger. An entity publishes each text it asks consent to
 * (the privacy notice, the reminders notice, …) as a numbered version that never changes; every
 * grant and revocation is appended to the ledger with the version, the SHA-256 of the exact words
 * shown, the channel and a salted hash of the client address. Nothing updates or deletes a record:
 * the database refuses it.
 */
import { createHash } from 'node:crypto';
import type { Lang } from '@pagatore/sdk';
import { ApiError } from '../core/errors.js';
import { transaction, type Db, type Tx } from '../db/database.js';
import type { ConsentLedgerRow, ConsentTextRow, EntityRow } from '../db/schema/index.js';
import {
  insertConsentRecord,
  insertConsentText,
  installationSalt,
  selectConsentText,
  selectConsentTexts,
} from '../db/stores/privacy.js';

/** The privacy notice: its current version is the entity's `privacy_version`. */
export const PRIVACY = 'privacy';

/** Where a consent was given or withdrawn. */
export type ConsentChannel = 'widget' | 'spid' | 'cie' | 'console' | 'cli';

/** A text in Italian with optional translations. */
export interface ConsentTexts {
  it: string;
  en?: string;
  de?: string;
}

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The texts of a published version. */
export function textsOf(row: Pick<ConsentTextRow, 'text_it' | 'texts'>): ConsentTexts {
  const out: ConsentTexts = { it: row.text_it };
  if (row.texts) {
    try {
      const other = JSON.parse(row.texts) as { en?: unknown; de?: unknown };
      if (typeof other.en === 'string') out.en = other.en;
      if (typeof other.de === 'string') out.de = other.de;
    } catch {
      // A malformed translation column shows the Italian text.
    }
  }
  return out;
}

/** The text shown in a language: the translation when there is one, else the Italian. */
export function textIn(texts: ConsentTexts, lang: Lang): { lang: Lang; text: string } {
  const t = lang === 'it' ? undefined : texts[lang];
  return t !== undefined ? { lang, text: t } : { lang: 'it', text: texts.it };
}

const translationsJson = (t: ConsentTexts) =>
  t.en !== undefined || t.de !== undefined ? JSON.stringify({ en: t.en, de: t.de }) : null;

const sameTexts = (a: ConsentTexts, b: ConsentTexts) => a.it === b.it && a.en === b.en && a.de === b.de;

/**
 * The published privacy version the entity's settings name, published from the settings when it
 * is not yet (settings written before versions were kept, or by `PATCH /admin/entity`).
 */
async function privacySnapshot(db: Db | Tx, entity: EntityRow): Promise<ConsentTextRow> {
  const found = await selectConsentText(db, entity.code, PRIVACY, entity.privacy_version);
  if (found) return found;
  await insertConsentText(db, {
    entity_code: entity.code,
    kind: PRIVACY,
    version: entity.privacy_version,
    text_it: entity.privacy_text,
    texts: entity.privacy_texts,
    requires_reconsent: 0,
    published_at: entity.updated_at,
    published_by: null,
  });
  return (await selectConsentText(db, entity.code, PRIVACY, entity.privacy_version))!;
}

/** What a publication asks for. */
export interface Publication {
  kind: string;
  version: string;
  text: ConsentTexts;
  /** Accounts that accepted an older version accept this one at their next login. */
  requiresReconsent: boolean;
}

/**
 * Publishes a version of a text. The same version with the same words is accepted again (a retry);
 * with other words it is `409 already_exists`: a published version never changes. A privacy
 * version becomes the entity's current notice.
 */
export async function publishConsentText(
  db: Db,
  entity: EntityRow,
  p: Publication,
  by: string | null,
  now: Date,
): Promise<ConsentTextRow> {
  return transaction(db, async (tx) => {
    if (p.kind === PRIVACY) await privacySnapshot(tx, entity);
    const existing = await selectConsentText(tx, entity.code, p.kind, p.version);
    if (existing) {
      if (
        !sameTexts(textsOf(existing), p.text) ||
        (existing.requires_reconsent === 1) !== p.requiresReconsent
      )
        throw new ApiError('already_exists', {
          detail: `Version ${p.version} of ${p.kind} is already published with another text: publish a new version.`,
        });
      return existing;
    }
    await insertConsentText(tx, {
      entity_code: entity.code,
      kind: p.kind,
      version: p.version,
      text_it: p.text.it,
      texts: translationsJson(p.text),
      requires_reconsent: p.requiresReconsent ? 1 : 0,
      published_at: now.toISOString(),
      published_by: by,
    });
    if (p.kind === PRIVACY)
      await tx
        .updateTable('entities')
        .set({
          privacy_text: p.text.it,
          privacy_texts: translationsJson(p.text),
          privacy_version: p.version,
          updated_at: now.toISOString(),
        })
        .where('code', '=', entity.code)
        .execute();
    return (await selectConsentText(tx, entity.code, p.kind, p.version))!;
  });
}

/**
 * Keeps the published versions true when the settings change the privacy notice: a new version is
 * published as it is; an already published version may not change its words.
 */
export async function publishPrivacyFromSettings(
  tx: Db | Tx,
  entity: EntityRow,
  next: { text: ConsentTexts; version: string },
  now: Date,
): Promise<void> {
  await privacySnapshot(tx, entity);
  const existing = await selectConsentText(tx, entity.code, PRIVACY, next.version);
  if (existing) {
    if (!sameTexts(textsOf(existing), next.text))
      throw new ApiError('already_exists', {
        detail: `Privacy version ${next.version} is already published with another text: give the new text a new version.`,
      });
    return;
  }
  await insertConsentText(tx, {
    entity_code: entity.code,
    kind: PRIVACY,
    version: next.version,
    text_it: next.text.it,
    texts: translationsJson(next.text),
    requires_reconsent: 0,
    published_at: now.toISOString(),
    published_by: null,
  });
}

/** The version in force of a kind: the privacy notice of the settings, else the newest published. */
export async function currentConsentText(
  db: Db | Tx,
  entity: EntityRow,
  kind: string,
): Promise<ConsentTextRow | null> {
  if (kind === PRIVACY) return privacySnapshot(db, entity);
  return (await selectConsentTexts(db, entity.code, kind))[0] ?? null;
}

/** One published version (the privacy notice's current one is always there). */
export async function consentTextOf(
  db: Db | Tx,
  entity: EntityRow,
  kind: string,
  version: string,
): Promise<ConsentTextRow | null> {
  if (kind === PRIVACY && version === entity.privacy_version) return privacySnapshot(db, entity);
  return (await selectConsentText(db, entity.code, kind, version)) ?? null;
}

/** Every published version of a kind (or of every kind), newest first. */
export async function consentVersions(
  db: Db | Tx,
  entity: EntityRow,
  kind?: string,
): Promise<ConsentTextRow[]> {
  if (kind === undefined || kind === PRIVACY) await privacySnapshot(db, entity);
  return selectConsentTexts(db, entity.code, kind);
}

/**
 * True when the account must accept the privacy notice again before it goes on: a version that
 * asks for fresh consent was published after the one the account accepted.
 */
export async function reconsentNeeded(
  db: Db | Tx,
  entity: EntityRow,
  account: { privacy_version: string | null; privacy_accepted_at: string | null },
): Promise<ConsentTextRow | null> {
  const current = await privacySnapshot(db, entity);
  if (account.privacy_version === current.version) return null;
  const since = account.privacy_accepted_at ?? '';
  const versions = await selectConsentTexts(db, entity.code, PRIVACY);
  return versions.some((v) => v.requires_reconsent === 1 && v.published_at > since) ? current : null;
}

/** The salted hash of a client address. */
export async function addressHash(
  db: Db | Tx,
  config: { privacySalt: string | null },
  ip: string | null | undefined,
): Promise<string | null> {
  if (!ip) return null;
  const salt = config.privacySalt ?? (await installationSalt(db));
  return createHash('sha256').update(`${salt}\0${ip}`, 'utf8').digest('hex');
}

/** A grant or revocation to append. */
export interface ConsentRecord {
  entity: EntityRow;
  accountId: string;
  kind: string;
  action: 'grant' | 'revoke';
  /** The version granted or withdrawn; for a revocation, the one in force when omitted. */
  version?: string | null;
  /** The language the text was shown in. */
  lang: Lang;
  channel: ConsentChannel;
  /** Who acted on the citizen's request (staff e-mail, API key); null when the citizen acted. */
  actor?: string | null;
  ip?: string | null;
  now: Date;
}

/**
 * Appends a grant or revocation to the ledger, inside the caller's transaction so the record and
 * the change it proves commit together. The hash is of the exact text in the language shown; a
 * kind without a published text records no version and no hash.
 * @example await recordConsent(tx, deps.config, { entity, accountId, kind: 'reminders', action: 'grant', lang: 'it', channel: 'widget', ip, now })
 */
export async function recordConsent(
  tx: Db | Tx,
  config: { privacySalt: string | null },
  r: ConsentRecord,
): Promise<ConsentLedgerRow> {
  const version = r.version ?? (await currentConsentText(tx, r.entity, r.kind))?.version ?? null;
  const text = version === null ? null : await consentTextOf(tx, r.entity, r.kind, version);
  if (version !== null && !text && r.action === 'grant')
    throw new ApiError('not_found', { detail: `No version ${version} of ${r.kind} is published.` });
  const shown = text ? textIn(textsOf(text), r.lang) : null;
  return insertConsentRecord(tx, {
    entity_code: r.entity.code,
    account_id: r.accountId,
    kind: r.kind,
    action: r.action,
    version,
    lang: shown?.lang ?? r.lang,
    text_sha256: shown ? sha256(shown.text) : null,
    channel: r.channel,
    actor: r.actor ?? null,
    ip_hash: await addressHash(tx, config, r.ip),
    at: r.now.toISOString(),
  });
}
