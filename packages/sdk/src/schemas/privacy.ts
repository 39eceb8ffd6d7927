/**
 * Privacy: versioned consent texts (the privacy notice, the reminders notice, …), the consent
 * ledger, and the citizen's data export. docs/privacy.md says what is kept, why and how long.
 */
import * as v from 'valibot';
import { IsoDate, LangSchema, text } from './common.js';
import { LocalText } from './services.js';

/** A kind of consent: `privacy`, `reminders`, or another name of the entity's. */
export const ConsentKind = v.pipe(
  v.string('invalid_type'),
  v.regex(/^[a-z][a-z0-9_-]{1,29}$/, 'invalid_format'),
);

/** A version label: what the entity calls it (`2026-01`, `3`, `v2.1`). */
export const ConsentVersion = v.pipe(
  v.string('invalid_type'),
  v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'invalid_format'),
);

export const ConsentKindParams = v.strictObject({ kind: ConsentKind });
export const ConsentVersionParams = v.strictObject({ kind: ConsentKind, version: ConsentVersion });
const Ente = v.pipe(v.string('invalid_type'), v.regex(/^[0-9]{11}$/, 'invalid_format'));
export const PublicConsentParams = v.strictObject({ ente: Ente, kind: ConsentKind });
export const PublicConsentVersionParams = v.strictObject({
  ente: Ente,
  kind: ConsentKind,
  version: ConsentVersion,
});

/** Publishing a version: its label, its text (Italian, or with translations), fresh consent or not. */
export const ConsentTextInput = v.strictObject({
  version: ConsentVersion,
  text: LocalText(20000),
  /** Accounts that accepted an older version must accept this one at their next login (privacy). */
  requiresReconsent: v.optional(v.boolean('invalid_type')),
});
export type ConsentTextInput = v.InferInput<typeof ConsentTextInput>;

/** A published version, every language, with the SHA-256 of each text (what the ledger records). */
export const ConsentText = v.object({
  kind: v.string(),
  version: v.string(),
  text: v.object({ it: v.string(), en: v.optional(v.string()), de: v.optional(v.string()) }),
  sha256: v.object({ it: v.string(), en: v.optional(v.string()), de: v.optional(v.string()) }),
  requiresReconsent: v.boolean(),
  publishedAt: v.string(),
  /** Who published it; null when it came from the entity's settings. */
  publishedBy: v.nullable(v.string()),
  /** Whether it is the version in force. */
  current: v.boolean(),
  /** The public page of its full text. */
  url: v.string(),
});
export type ConsentText = v.InferOutput<typeof ConsentText>;

export const ConsentTextList = v.object({ items: v.array(ConsentText) });
export type ConsentTextList = v.InferOutput<typeof ConsentTextList>;

export const ConsentListQuery = v.strictObject({ kind: v.optional(ConsentKind) });

/** The full text of a version as a page (`?lang=`), for the widgets' "read the full text" links. */
export const ConsentPageQuery = v.strictObject({ lang: v.optional(LangSchema) });

/** One grant or revocation of the ledger. */
export const ConsentRecord = v.object({
  id: v.number(),
  accountId: v.string(),
  kind: v.string(),
  action: v.picklist(['grant', 'revoke']),
  version: v.nullable(v.string()),
  lang: v.nullable(v.string()),
  textSha256: v.nullable(v.string()),
  /** widget, spid, cie, console (staff on the citizen's request), cli. */
  channel: v.string(),
  actor: v.nullable(v.string()),
  /** Salted SHA-256 of the client address. */
  ipHash: v.nullable(v.string()),
  at: v.string(),
});
export type ConsentRecord = v.InferOutput<typeof ConsentRecord>;

const AccountId = v.pipe(v.string('invalid_type'), v.uuid('invalid_format'));

/** The ledger, per account and/or per period (Europe/Rome days, both included). */
export const ConsentLedgerQuery = v.pipe(
  v.strictObject({
    account: v.optional(AccountId),
    from: v.optional(IsoDate),
    to: v.optional(IsoDate),
    format: v.optional(v.picklist(['csv', 'json'], 'invalid_choice')),
  }),
  v.forward(
    v.check((q) => !q.from || !q.to || q.from <= q.to, 'too_small'),
    ['to'],
  ),
);
export type ConsentLedgerQuery = v.InferInput<typeof ConsentLedgerQuery>;

export const ConsentLedger = v.object({ items: v.array(ConsentRecord) });
export type ConsentLedger = v.InferOutput<typeof ConsentLedger>;

export const AccountParams = v.strictObject({ id: AccountId });

/** Finding the accounts of a person for a request received by post. */
export const AccountSearchQuery = v.strictObject({
  fiscalCode: v.optional(text(16)),
  email: v.optional(text(254)),
});

export const AccountSummary = v.object({
  id: v.string(),
  status: v.string(),
  username: v.nullable(v.string()),
  fiscalCode: v.nullable(v.string()),
  name: v.string(),
  createdAt: v.string(),
  closedAt: v.nullable(v.string()),
});
export const AccountSummaryList = v.object({ items: v.array(AccountSummary) });
export type AccountSummary = v.InferOutput<typeof AccountSummary>;

/** A row of a section of the export: the stored fields, by name. */
const Rows = v.array(v.record(v.string(), v.unknown()));

/**
 * Everything the portal holds about an account (GDPR art. 15 and 20): profile, consents, identities,
 * practices, cart, payments, receipts, reminders sent, sessions and account activity.
 */
export const DataExport = v.object({
  format: v.literal('pagatore-data-export/1'),
  generatedAt: v.string(),
  entity: v.object({ code: v.string(), name: v.string() }),
  account: v.record(v.string(), v.unknown()),
  sections: v.object({
    fiscalCodes: Rows,
    identities: Rows,
    consents: Rows,
    practices: Rows,
    cart: Rows,
    payments: Rows,
    paymentItems: Rows,
    receipts: Rows,
    reminders: Rows,
    sessions: Rows,
    /** Links sent by e-mail still on record (activation, password reset, e-mail change). */
    mailedLinks: Rows,
    activity: Rows,
  }),
});
export type DataExport = v.InferOutput<typeof DataExport>;
