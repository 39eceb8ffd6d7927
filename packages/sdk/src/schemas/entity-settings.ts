/**
 * An entity's settings as its API key (or the CLI) reads and changes them: identity shown on the
 * portal and the notice, IUV scheme, where money is collected, embedding origins, texts.
 */
import * as v from 'valibot';
import { EntityCode, Iban, text } from './common.js';
import { ArticleSchema } from './entity-name.js';
import { IoSettings } from './io.js';
import { ReconciliationSettings } from './reconciliation.js';
import { ReminderSettings } from './reminders.js';
import { LocalText } from './services.js';

const Url = v.pipe(v.string('invalid_type'), v.maxLength(500, 'too_long'), v.url('invalid_url'));

/**
 * True when a URL may be an entity's logo: `https:`, or `http:` where `allowHttp` (the server's
 * demo mode, whose own logo is served over plain HTTP on localhost). Nothing else (`data:`,
 * `javascript:`, `file:`, `ftp:`): the logo goes into widgets, e-mails and printed notices.
 * @example isLogoUrlAllowed('https://www.comune.example.it/logo.png') // true
 */
export function isLogoUrlAllowed(url: string, opts: { allowHttp?: boolean } = {}): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === 'https:' || (opts.allowHttp === true && u.protocol === 'http:');
}

/**
 * The entity's logo: an `https:` URL. The schema also lets `http:` through, for the demo; the server
 * refuses it outside demo mode with the same code (`https_required`).
 */
export const LogoUrl = v.pipe(
  Url,
  v.check((s) => isLogoUrlAllowed(s, { allowHttp: true }), 'https_required'),
  v.description('Logo URL: https:// (http:// in demo mode only)'),
);

/** `https://www.comune.example.it`: scheme, host and optional port, nothing else. */
export const Origin = v.pipe(
  v.string('invalid_type'),
  v.regex(/^https?:\/\/[a-z0-9.-]+(:[0-9]{1,5})?$/i, 'invalid_origin'),
  v.transform((s) => s.toLowerCase()),
);

/** A pagoPA back-office identifier (broker, station): letters, digits, `_` and `-`, up to 35. */
const StationId = v.pipe(
  v.string('invalid_type'),
  v.trim(),
  v.regex(/^[A-Za-z0-9_-]{1,35}$/, 'invalid_format'),
);

/** An API subscription key (`Ocp-Apim-Subscription-Key`): printable ASCII, no spaces. */
const SubscriptionKey = v.pipe(
  v.string('invalid_type'),
  v.trim(),
  v.regex(/^[\x21-\x7e]{1,200}$/, 'invalid_format'),
);

/**
 * pagoPA station settings: what the node must name in its calls (idPA, idBrokerPA, idStation) and
 * how to reach Checkout (subscription key, UAT or production). A change merges key by key; `null`
 * clears one. The subscription key is answered masked (last 4 characters).
 */
export const PagopaSettings = v.strictObject({
  /** The entity's fiscal code on pagoPA; the entity code when absent. */
  idPA: v.optional(v.nullable(EntityCode)),
  idBrokerPA: v.optional(v.nullable(StationId)),
  idStation: v.optional(v.nullable(StationId)),
  checkoutSubscriptionKey: v.optional(v.nullable(SubscriptionKey)),
  environment: v.optional(v.picklist(['UAT', 'production'], 'invalid_choice')),
  /**
   * true: pagoPA's copy of the positions (GPD) is kept in step: positions created, changed and
   * cancelled here are sent there, and the receipts GPD records are read back (docs/pagopa.md §5).
   */
  gpdSync: v.optional(v.nullable(v.boolean('invalid_type'))),
  /** GPD's `Ocp-Apim-Subscription-Key`; answered masked (last 4 characters), like the Checkout key. */
  gpdSubscriptionKey: v.optional(v.nullable(SubscriptionKey)),
  /** Base URL of GPD's debt-positions service (v1); the environment's when absent. */
  gpdUrl: v.optional(v.nullable(Url)),
  /** Base URL of GPD's payments-receipts service (v1); the environment's when absent. */
  gpdReceiptsUrl: v.optional(v.nullable(Url)),
  /**
   * true (the default): this server is the entity's station: the node verifies, activates and sends
   * receipts here. false: pagoPA's own station answers the node for the positions kept in GPD, and
   * their receipts come only by reading them back from GPD.
   */
  ownStation: v.optional(v.nullable(v.boolean('invalid_type'))),
});
export type PagopaSettings = v.InferOutput<typeof PagopaSettings>;

const settingsEntries = {
  name: text(100),
  /** The Italian article the name takes ("il" for "il Comune di Esempio"); null: none. */
  article: ArticleSchema,
  sector: v.nullable(text(50)),
  info: v.nullable(text(100)),
  logoUrl: v.nullable(LogoUrl),
  /** pagoPA aux digit: 3 (with a segregation code) is the current scheme. */
  auxDigit: v.picklist([0, 1, 2, 3], 'invalid_choice'),
  /** Segregation code (aux 3) or application code (aux 0): two digits. */
  segregationCode: v.nullable(v.pipe(v.string('invalid_type'), v.regex(/^[0-9]{2}$/, 'invalid_format'))),
  ibans: v.pipe(v.array(Iban), v.maxLength(20, 'too_many')),
  postalAccount: v.nullable(
    v.strictObject({
      number: v.pipe(v.string('invalid_type'), v.regex(/^[0-9]{1,12}$/, 'invalid_format')),
      holder: text(50),
      /** Poste's print authorisation: "AUT. DB/xxxx/xxx xxxxx DEL xx/xx/xxxx". */
      authorization: v.nullable(text(60)),
    }),
  ),
  cbillCode: v.nullable(v.pipe(v.string('invalid_type'), v.regex(/^[A-Za-z0-9]{1,10}$/, 'invalid_format'))),
  allowedOrigins: v.pipe(v.array(Origin), v.maxLength(50, 'too_many')),
  portalUrl: v.nullable(Url),
  spontaneousPayments: v.boolean('invalid_type'),
  /**
   * true (the default): citizens may register with the portal's own form. false: accounts come only
   * from SPID and CIE logins (the registration form and "Registrati" hide, the register API refuses).
   */
  ownRegistration: v.boolean('invalid_type'),
  /** The privacy notice: Italian, or `{ it, en?, de? }` (the portal shows the citizen's language). */
  privacy: v.strictObject({ text: LocalText(20000), version: text(40) }),
  /** "sul sito di …" line of the notice's online channel. */
  onlineChannel: v.nullable(text(100)),
  /** pagoPA station settings (idPA, idBrokerPA, idStation, Checkout key, environment). */
  pagopa: PagopaSettings,
  /**
   * true: the server's calls for this entity (webhooks, logo) may reach loopback, private,
   * link-local and unique-local addresses, for receivers on the entity's own network. false (the
   * default): public addresses only.
   */
  allowPrivateTargets: v.boolean('invalid_type'),
  /**
   * The code of one of the entity's OpenID Connect identity providers (profile `oidc`) its staff may
   * log in to the console with ("Accedi con il provider dell'ente"): the provider's verified e-mail
   * names an existing staff member with a role on the entity. null: password and TOTP only.
   */
  staffLoginProvider: v.nullable(
    v.pipe(v.string('invalid_type'), v.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'invalid_format')),
  ),
  /** Fetching pagoPA's reporting flows and the days a receipt may wait for one (docs/reconciliation.md). */
  reconciliation: ReconciliationSettings,
  /** Messages on the IO app: the entity's IO service key, the API's URL, the send rate (docs/reach.md). */
  io: IoSettings,
  /** E-mail reminders of due dates to the citizens who asked for them (docs/reach.md). */
  reminders: ReminderSettings,
};

type SettingsOut = {
  auxDigit?: 0 | 1 | 2 | 3 | undefined;
  segregationCode?: string | null | undefined;
};

/** aux 0 and 3 need their two-digit code. */
function codeFitsAux(s: SettingsOut): boolean {
  if (s.auxDigit === undefined) return true;
  return !((s.auxDigit === 0 || s.auxDigit === 3) && !s.segregationCode);
}

/** The whole settings, as the admin API returns them. */
export const EntitySettings = v.object({ code: v.string(), ...settingsEntries });
export type EntitySettings = v.InferOutput<typeof EntitySettings>;

const UpdateObject = v.strictObject(
  Object.fromEntries(Object.entries(settingsEntries).map(([k, s]) => [k, v.optional(s)])) as {
    [K in keyof typeof settingsEntries]: v.OptionalSchema<(typeof settingsEntries)[K], undefined>;
  },
);

/** A partial change of settings (PATCH): only the fields given change. */
export const EntitySettingsUpdate = v.pipe(
  UpdateObject,
  v.forward(v.check<v.InferOutput<typeof UpdateObject>, 'required'>(codeFitsAux, 'required'), [
    'segregationCode',
  ]),
);
export type EntitySettingsUpdate = v.InferInput<typeof EntitySettingsUpdate>;

const CreateObject = v.strictObject({ code: EntityCode, ...UpdateObject.entries, name: text(100) });

/** A new entity (CLI `entity create`): code and name required, the rest defaults. */
export const EntityCreate = v.pipe(
  CreateObject,
  v.forward(
    v.check<v.InferOutput<typeof CreateObject>, 'required'>(
      (s) => codeFitsAux({ auxDigit: s.auxDigit ?? 3, segregationCode: s.segregationCode }),
      'required',
    ),
    ['segregationCode'],
  ),
);
export type EntityCreate = v.InferInput<typeof EntityCreate>;
