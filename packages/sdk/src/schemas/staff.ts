/**
 * The staff console: staff login with a password and a TOTP second factor, the console session,
 * the roles staff hold on each entity, and the audit log of what they changed. One schema per
 * input, used by the server to validate and by the console's forms.
 */
import * as v from 'valibot';
import { Email, EntityCode, text, MAX_ROW_ID } from './common.js';

const str = () => v.string('invalid_type');

/** What a staff member may do on one entity: each role includes the ones before it. */
export const STAFF_ROLES = ['viewer', 'operator', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const StaffRoleSchema = v.picklist(STAFF_ROLES, 'invalid_choice');

/** True when `held` allows what `needed` allows. */
export function roleAllows(held: StaffRole, needed: StaffRole): boolean {
  return STAFF_ROLES.indexOf(held) >= STAFF_ROLES.indexOf(needed);
}

/** First step of the login: e-mail and password. */
export const StaffLoginInput = v.strictObject({
  email: Email,
  password: v.pipe(str(), v.minLength(1, 'required'), v.maxLength(256, 'too_long')),
});
export type StaffLoginInput = v.InferInput<typeof StaffLoginInput>;

/** A six-digit code from the authenticator app. */
export const TotpCode = v.pipe(str(), v.trim(), v.regex(/^[0-9]{6}$/, 'invalid_format'));
/** A recovery code as printed at enrolment (`xxxx-xxxx-xxxx`, case and dashes free). */
export const RecoveryCode = v.pipe(
  str(),
  v.trim(),
  v.transform((s) => s.toLowerCase().replace(/[\s-]/g, '')),
  v.regex(/^[a-z2-7]{12}$/, 'invalid_format'),
);

/** Second step: the challenge of the first step and a TOTP code, or one recovery code. */
export const StaffVerifyInput = v.pipe(
  v.strictObject({
    challenge: v.pipe(str(), v.minLength(1, 'required'), v.maxLength(200, 'too_long')),
    code: v.optional(TotpCode),
    recoveryCode: v.optional(RecoveryCode),
  }),
  v.forward(
    v.check((x) => (x.code === undefined) !== (x.recoveryCode === undefined), 'required'),
    ['code'],
  ),
);
export type StaffVerifyInput = v.InferInput<typeof StaffVerifyInput>;

/** The enrolment of a second factor: shown once, at the first login. */
export const TotpEnrolment = v.object({
  /** `otpauth://totp/…` for authenticator apps. */
  otpauthUri: v.string(),
  /** The same URI as a QR code (SVG markup). */
  qrSvg: v.string(),
  /** The key in base32, to type by hand. */
  secret: v.string(),
});

/** What the first step answers: the second step to take, with its challenge. */
export const StaffLoginStep = v.object({
  step: v.picklist(['totp', 'enrol']),
  challenge: v.string(),
  /** Seconds the challenge stays valid. */
  expiresIn: v.number(),
  enrolment: v.optional(TotpEnrolment),
});
export type StaffLoginStep = v.InferOutput<typeof StaffLoginStep>;

export const StaffGrant = v.object({
  entity: v.string(),
  entityName: v.string(),
  role: StaffRoleSchema,
});
export type StaffGrant = v.InferOutput<typeof StaffGrant>;

/** The console session: who, on which entities with which role, and the CSRF token to send. */
export const StaffSession = v.object({
  staff: v.object({ id: v.string(), email: v.string(), name: v.string() }),
  grants: v.array(StaffGrant),
  /** Send it as `x-csrf-token` on every request that changes something. */
  csrfToken: v.string(),
  /** The session ends after this many seconds without requests. */
  idleSeconds: v.number(),
  expiresAt: v.string(),
  /** Given once, when the second factor was just enrolled: each works once instead of a code. */
  recoveryCodes: v.optional(v.array(v.string())),
});
export type StaffSession = v.InferOutput<typeof StaffSession>;

/** The audit log, newest first; `before` is the `id` of the last entry of the previous page. */
export const AuditQuery = v.strictObject({
  before: v.optional(
    v.pipe(
      str(),
      v.regex(/^[0-9]{1,10}$/, 'invalid_format'),
      v.transform(Number),
      v.minValue(1, 'too_small'),
      v.maxValue(MAX_ROW_ID, 'too_large'),
    ),
  ),
  limit: v.optional(
    v.pipe(
      str(),
      v.regex(/^[0-9]{1,3}$/, 'invalid_format'),
      v.transform(Number),
      v.minValue(1, 'too_small'),
      v.maxValue(200, 'too_large'),
    ),
    '50',
  ),
});
export type AuditQuery = v.InferInput<typeof AuditQuery>;

export const AuditEntry = v.object({
  id: v.number(),
  at: v.string(),
  /** The staff member's e-mail, or `api-key:<id>` for a change made with an API key. */
  actor: v.string(),
  entity: v.nullable(v.string()),
  /** What was done: the operation's id (`adminCancelPosition`) or a staff event (`staffGranted`). */
  action: v.string(),
  /** What it was done to (an IUPD, a service code, an e-mail), when there is one. */
  target: v.nullable(v.string()),
  before: v.nullable(v.unknown()),
  after: v.nullable(v.unknown()),
});
export type AuditEntry = v.InferOutput<typeof AuditEntry>;

export const AuditList = v.object({
  items: v.array(AuditEntry),
  /** The `before` of the next page, or null on the last one. */
  next: v.nullable(v.number()),
});
export type AuditList = v.InferOutput<typeof AuditList>;

/** A staff member as `pagatore staff create` and the staff endpoints take it. */
export const StaffInput = v.strictObject({
  email: Email,
  name: text(200),
  entity: EntityCode,
  role: StaffRoleSchema,
});
export type StaffInput = v.InferInput<typeof StaffInput>;

/** The entities whose staff may log in through the entity's OpenID Connect provider. */
export const StaffOidcList = v.object({
  items: v.array(v.object({ entity: v.string(), entityName: v.string(), provider: v.string() })),
});
export type StaffOidcList = v.InferOutput<typeof StaffOidcList>;

/** Starts a staff login at the provider of this entity. */
export const StaffOidcStart = v.strictObject({ entity: EntityCode });
export type StaffOidcStart = v.InferInput<typeof StaffOidcStart>;

/** Where to send the browser: the provider's authorization URL. */
export const StaffOidcRedirect = v.object({ url: v.string() });
