/**
 * Citizen accounts: registration, login, recovery and profile inputs, one schema each, used by the
 * server to validate and by `<pagatore-register>` / `<pagatore-account>` to check fields as typed.
 */
import * as v from 'valibot';
import { Email, FiscalCode, LangSchema, text } from './common.js';
import { isCountryCode } from './countries.js';

const str = () => v.string('invalid_type');

/** The password rules the forms show and the server enforces. */
export const PASSWORD_POLICY = { minLength: 10, maxLength: 128 } as const;

let commonSet: ReadonlySet<string> | null = null;

/**
 * Gives the common-password check its list: `COMMON_PASSWORDS_TEXT` from
 * `@pagatore/sdk/common-passwords`. The list lives in its own module so that browser bundles leave
 * it out (the widgets never load it); until a list is given, `isCommonPassword` (and so the
 * `Password` schema) lets every password through that rule but the list-free one (one repeated
 * character). The server always gives it, so it always refuses common passwords
 * (`422 validation_failed`, field code `password_common`), and the forms show that answer.
 * @example useCommonPasswords((await import('@pagatore/sdk/common-passwords')).COMMON_PASSWORDS_TEXT)
 */
export function useCommonPasswords(list: string): void {
  commonSet = new Set(list.split(' '));
}

/** True once `useCommonPasswords` gave the list. */
export function hasCommonPasswords(): boolean {
  return commonSet !== null;
}

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};

/**
 * True when a password is a common one: on the list as typed, with leading/trailing digits and
 * symbols removed (`Juventus1897!`), with the usual letter-for-digit swaps (`p4ssw0rd`), or one
 * character repeated. Only the last needs no list: the others wait for `useCommonPasswords`.
 * @example isCommonPassword('Password2024!') // true
 */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (/^(.)\1*$/.test(lower)) return true;
  if (!commonSet) return false;
  if (commonSet.has(lower)) return true;
  const core = lower.replace(/^[^a-z]+/, '').replace(/[^a-z]+$/, '');
  if (core.length >= 3 && commonSet.has(core)) return true;
  const unleet = lower.replace(/[013457@$]/g, (c) => LEET[c] ?? c);
  const unleetCore = unleet.replace(/^[^a-z]+/, '').replace(/[^a-z]+$/, '');
  return unleetCore.length >= 3 && commonSet.has(unleetCore);
}

/** Personal data a password must not contain. */
export interface PasswordContext {
  username?: string | null;
  email?: string | null;
  fiscalCode?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  companyName?: string | null;
}

/** True when the password contains the username, the e-mail's name, the fiscal code or a name. */
export function isPersonalPassword(password: string, ctx: PasswordContext): boolean {
  const pw = password.toLowerCase();
  const parts = [
    ctx.username,
    ctx.email?.split('@')[0],
    ctx.fiscalCode,
    ctx.firstName,
    ctx.lastName,
    ...(ctx.companyName ?? '').split(/\s+/),
  ];
  return parts.some((p) => {
    const s = (p ?? '').toLowerCase().trim();
    return s.length >= 4 && pw.includes(s);
  });
}

/**
 * A strength hint from 0 (unacceptable) to 4 (strong) for the form's meter; the rules that reject
 * a password are the schema's, this only guides.
 */
export function passwordStrength(password: string): 0 | 1 | 2 | 3 | 4 {
  if (password.length < PASSWORD_POLICY.minLength || isCommonPassword(password)) return 0;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  const distinct = new Set(password).size;
  let score = 1;
  if (password.length >= 14) score++;
  if (password.length >= 20) score++;
  if (classes >= 3) score++;
  if (distinct < password.length / 3) score--;
  return Math.max(1, Math.min(4, score)) as 1 | 2 | 3 | 4;
}

/** A new password: length bounds and not a common one. */
export const Password = v.pipe(
  str(),
  v.minLength(PASSWORD_POLICY.minLength, 'too_short'),
  v.maxLength(PASSWORD_POLICY.maxLength, 'too_long'),
  v.check((s) => !isCommonPassword(s), 'password_common'),
);

/** Username: 3–40 of a-z, 0-9, dot, dash, underscore; stored lower case; never an e-mail. */
export const Username = v.pipe(
  str(),
  v.trim(),
  v.toLowerCase(),
  v.regex(/^[a-z0-9][a-z0-9._-]{2,39}$/, 'invalid_username'),
);

/** Phone number as people write it: digits, spaces, + ( ) . - */
export const Phone = v.pipe(str(), v.trim(), v.regex(/^\+?[0-9][0-9 ./()-]{5,22}$/, 'invalid_phone'));

/** ISO 3166-1 alpha-2 country code ("IT"). */
export const Country = v.pipe(
  str(),
  v.trim(),
  v.toUpperCase(),
  v.check((s) => isCountryCode(s), 'invalid_country'),
);

/** Person (Nome + Cognome) or legal person (Ragione sociale). */
export const SubjectKind = v.picklist(['person', 'legal'], 'invalid_choice');
export type SubjectKind = v.InferOutput<typeof SubjectKind>;

const optionalText = (max: number) => v.optional(v.pipe(str(), v.trim(), v.maxLength(max, 'too_long')));

const addressEntries = {
  address: text(200),
  country: Country,
  city: text(100),
  /** Two-letter sigla in Italy (RM, MI), free text or empty abroad. */
  province: optionalText(60),
  /** Five digits in Italy, free text abroad. */
  postalCode: text(20),
  phone: Phone,
};

type Path = string;

/** What a cross-field rule sees of the body. */
interface Fields<T> {
  /** The fields that passed their own schema, as their schema output them (never an unchecked value). */
  ok: Partial<T>;
  /** True when the field passed and is not empty. */
  has: (key: keyof T & string) => boolean;
  /** True when the field was sent at all, valid or not. */
  given: (key: keyof T & string) => boolean;
  /** True when the field has a problem of its own. */
  failed: (key: keyof T & string) => boolean;
}

type Rule<T> = (f: Fields<T>) => [Path, string][];

/**
 * Rules across fields (Italian CAP and province, person vs legal person fields, a password that
 * contains the name). A raw check runs even when other fields failed, so the form gets every problem
 * at once; a rule reads only the fields that passed their own schema, so a value of the wrong type
 * (`{"email":123}`) never reaches it. A body that is not an object has no fields to compare.
 */
function crossCheck<T extends object>(rule: Rule<T>) {
  return v.rawCheck<T>(({ dataset, addIssue }) => {
    const value = dataset.value as unknown;
    const issues = dataset.issues ?? [];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    if (issues.some((i) => !i.path?.length)) return;
    const bad = new Set(issues.map((i) => String(i.path?.[0]?.key ?? '')));
    const input = value as Record<string, unknown>;
    const ok: Record<string, unknown> = {};
    for (const key of Object.keys(input)) if (!bad.has(key)) ok[key] = input[key];
    const fields: Fields<T> = {
      ok: ok as Partial<T>,
      has: (key) => ok[key] !== undefined && ok[key] !== '',
      given: (key) => input[key] !== undefined,
      failed: (key) => bad.has(key),
    };
    for (const [key, message] of rule(fields)) {
      addIssue({
        message,
        path: [{ type: 'object', origin: 'value', input, key, value: input[key] }],
      });
    }
  });
}

interface AddressShape {
  country: string;
  province?: string | undefined;
  postalCode: string;
}

function addressRule<T extends AddressShape>({ ok, has, failed }: Fields<T>): [Path, string][] {
  const out: [Path, string][] = [];
  const key = (k: keyof AddressShape) => k as keyof T & string;
  if (ok.country !== 'IT') return out;
  if (has(key('postalCode')) && !/^[0-9]{5}$/.test(ok.postalCode ?? ''))
    out.push(['postalCode', 'invalid_postal_code']);
  if (failed(key('province'))) return out;
  if (!has(key('province'))) out.push(['province', 'required']);
  else if (!/^[A-Za-z]{2}$/.test(ok.province ?? '')) out.push(['province', 'invalid_province']);
  return out;
}

/** Upper-case province in Italy; empty province abroad becomes absent. */
function normalizeAddress<T extends AddressShape>(o: T): T {
  const province = o.province ? (o.country === 'IT' ? o.province.toUpperCase() : o.province) : undefined;
  return { ...o, province };
}

const RegistrationObject = v.strictObject({
  fiscalCode: FiscalCode,
  subjectKind: SubjectKind,
  firstName: v.optional(text(80)),
  lastName: v.optional(text(80)),
  companyName: v.optional(text(200)),
  ...addressEntries,
  email: Email,
  username: Username,
  password: Password,
  /** The privacy text was shown and accepted. */
  privacyConsent: v.optional(v.literal(true, 'consent_required')),
  /** The version of the privacy text shown (the entity's `privacy.version`). */
  privacyVersion: text(40),
  /** Language of the e-mails. */
  lang: v.optional(LangSchema),
});

type RegistrationShape = v.InferOutput<typeof RegistrationObject>;

/**
 * Registration: the fiscal code, then Nome + Cognome for a person or Ragione sociale for a legal
 * person (a 16-character code is always a person's), address, contacts, username, password, consent.
 */
export const Registration = v.pipe(
  RegistrationObject,
  crossCheck<RegistrationShape>((f) => {
    const { ok, has, given } = f;
    const out: [Path, string][] = [];
    // A missing key would otherwise say "required": say what is missing.
    if (!given('privacyConsent')) out.push(['privacyConsent', 'consent_required']);
    if (ok.subjectKind === 'legal' && ok.fiscalCode?.length === 16)
      out.push(['subjectKind', 'subject_mismatch']);
    if (ok.subjectKind === 'person') {
      if (!given('firstName')) out.push(['firstName', 'required']);
      if (!given('lastName')) out.push(['lastName', 'required']);
      if (given('companyName')) out.push(['companyName', 'not_applicable']);
    } else if (ok.subjectKind === 'legal') {
      if (!given('companyName')) out.push(['companyName', 'required']);
      if (given('firstName')) out.push(['firstName', 'not_applicable']);
      if (given('lastName')) out.push(['lastName', 'not_applicable']);
    }
    out.push(...addressRule(f));
    if (has('password') && ok.password && isPersonalPassword(ok.password, ok))
      out.push(['password', 'password_personal']);
    return out;
  }),
  v.transform((o) => normalizeAddress(o)),
);
export type Registration = v.InferInput<typeof Registration>;
export type RegistrationParsed = v.InferOutput<typeof Registration>;

/** The subject kind a form proposes for a fiscal code: legal for 11 digits, person for 16. */
export function defaultSubjectKind(fiscalCode: string): SubjectKind {
  return fiscalCode.length === 11 ? 'legal' : 'person';
}

const ProfileUpdateObject = v.strictObject({
  ...addressEntries,
  /** A new address is used only once confirmed from the link sent to it. */
  email: v.optional(Email),
  lang: v.optional(LangSchema),
});

/** What the citizen may change in the profile: address, phone, e-mail (re-verified), language. */
export const ProfileUpdate = v.pipe(
  ProfileUpdateObject,
  crossCheck<v.InferOutput<typeof ProfileUpdateObject>>((f) => addressRule(f)),
  v.transform((o) => normalizeAddress(o)),
);
export type ProfileUpdate = v.InferInput<typeof ProfileUpdate>;

/** "Accedi": username or e-mail, and password. */
export const Login = v.strictObject({
  username: text(254),
  password: v.pipe(str(), v.minLength(1, 'required'), v.maxLength(1024, 'too_long')),
  /** After `409 reconsent_required`: the version of the new privacy notice shown and accepted. */
  privacyVersion: v.optional(text(40)),
});
export type Login = v.InferInput<typeof Login>;

/** A link's token (activation, password reset, e-mail change). */
export const TokenBody = v.strictObject({ token: text(200) });

/** "Password dimenticata?": the username or the e-mail of the account. */
export const PasswordResetRequest = v.strictObject({ login: text(254), lang: v.optional(LangSchema) });

/** A new password with the reset link's token. */
export const PasswordResetConfirmation = v.strictObject({ token: text(200), password: Password });

/** "Username dimenticato?" and "send the activation link again": the e-mail of the account. */
export const EmailRequest = v.strictObject({ email: Email, lang: v.optional(LangSchema) });

/** Change password while logged in. */
export const PasswordChange = v.strictObject({
  currentPassword: v.pipe(str(), v.minLength(1, 'required'), v.maxLength(1024, 'too_long')),
  newPassword: Password,
});

/** How an account proved it holds a fiscal code. */
export const ProofMethod = v.picklist(['notice', 'spid', 'cie']);
export type ProofMethod = v.InferOutput<typeof ProofMethod>;

/** The logged-in citizen's profile. */
export const Profile = v.object({
  id: v.string(),
  username: v.string(),
  email: v.string(),
  /** An address waiting for confirmation from the link sent to it. */
  pendingEmail: v.nullable(v.string()),
  fiscalCode: v.string(),
  subjectKind: SubjectKind,
  firstName: v.nullable(v.string()),
  lastName: v.nullable(v.string()),
  companyName: v.nullable(v.string()),
  address: v.string(),
  country: v.string(),
  city: v.string(),
  province: v.nullable(v.string()),
  postalCode: v.string(),
  phone: v.string(),
  lang: LangSchema,
  privacy: v.object({ version: v.string(), acceptedAt: v.string() }),
  /** Fiscal codes this account proved it holds; practices assigned to them show to it. */
  provenFiscalCodes: v.array(v.object({ code: v.string(), method: ProofMethod, provenAt: v.string() })),
  createdAt: v.string(),
});
export type Profile = v.InferOutput<typeof Profile>;

/** A new session: the bearer token (shown once) and its expiry. */
export const SessionCreated = v.object({
  token: v.string(),
  /** Absolute expiry (ISO); the session also ends after `idleTimeoutSeconds` without use. */
  expiresAt: v.string(),
  idleTimeoutSeconds: v.number(),
  account: Profile,
});
export type SessionCreated = v.InferOutput<typeof SessionCreated>;

/** The same answer whatever happened (no user enumeration): look in the mailbox. */
export const Accepted = v.object({ accepted: v.literal(true) });
