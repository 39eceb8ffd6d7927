/**
 * The accounts domain, by what a reader looks for. Operations take the request's context
 * (`AccountCtx`) first. Answers that could reveal whether an account exists are the same in every
 * case; what differs goes by e-mail to the address concerned.
 *
 * | file             | what                                                            |
 * | ---------------- | --------------------------------------------------------------- |
 * | registration.ts  | "Registrati": the pending account and its activation link       |
 * | activation.ts    | the activation link used, or sent again                         |
 * | login.ts         | "Accedi", "Esci", with the failure backoff                      |
 * | sessions.ts      | session tokens (Lucia / the Copenhagen Book)                    |
 * | recovery.ts      | username reminder, password reset, activation link again       |
 * | profile.ts       | the profile, its edits, e-mail change, password change          |
 * | passwords.ts     | storing a new password; no password made of personal data       |
 * | closing.ts       | `closeAccount` (the one way an account closes), consent revoked |
 * | tokens.ts        | single-use link tokens                                          |
 * | crypto.ts        | Argon2id password hashes (random tokens: core/tokens.ts)        |
 * | context.ts       | who asks (`AccountCtx`), names, the account mail                |
 * | find.ts          | an account by e-mail or login name                              |
 */
/** An account as stored: what the HTTP shell puts on the context of session requests. */
export type { AccountRow } from '../db/schema/index.js';
export { activateAccount } from './activation.js';
export { closeAccount, type Closing, revokeConsent } from './closing.js';
export type { AccountCtx } from './context.js';
export { login, logout } from './login.js';
export { changePassword, confirmEmail, profileOf, toProfile, updateProfile } from './profile.js';
export {
  confirmPasswordReset,
  requestPasswordReset,
  requestUsernameReminder,
  resendActivation,
} from './recovery.js';
export { registerAccount } from './registration.js';
