/**
 * Lifetimes of links and rate limits of the accounts area, in one place (docs/accounts.md lists
 * them). Session lifetimes are settings: SESSION_IDLE_TIMEOUT and SESSION_MAX_AGE (config).
 */
import type { Limit } from '../core/rate-limit.js';

export const ACCOUNT_TTL = {
  /** Activation link: 48 hours. A pending account whose link expired frees its e-mail and username. */
  activationSeconds: 48 * 3600,
  /** Password reset link: 30 minutes, single use. */
  passwordResetSeconds: 30 * 60,
  /** New e-mail confirmation link: 24 hours. */
  emailChangeSeconds: 24 * 3600,
} as const;

/** Rate limits of the unauthenticated account routes (counters shared through the database). */
export const ACCOUNT_LIMITS = {
  /** Registrations per client address. */
  register: { limit: 10, windowSeconds: 3600 },
  /** Login attempts per client address, whatever the account. */
  loginPerClient: { limit: 50, windowSeconds: 900 },
  /**
   * Failed logins for one username from one client address: the backoff. Keyed by account and
   * client, so an attacker elsewhere cannot lock the owner out of their own account.
   */
  loginFailures: { limit: 5, windowSeconds: 900 },
  /** Recovery mails (reset, username, activation) per client address. */
  recoveryPerClient: { limit: 10, windowSeconds: 3600 },
  /** Recovery mails to one address, so nobody can flood a mailbox. */
  recoveryPerTarget: { limit: 3, windowSeconds: 3600 },
  /** Link tokens tried per client address (activation, reset, e-mail confirmation). */
  tokenPerClient: { limit: 30, windowSeconds: 900 },
  /** Password changes (current password checks) per account. */
  passwordChange: { limit: 5, windowSeconds: 900 },
} as const satisfies Record<string, Limit>;
