/**
 * Rate limits of the practices area. The anonymous search is the one way to test whether a fiscal
 * code has debts, so guesses are limited per client and per fiscal code, without letting a stranger
 * lock the owner out (docs/rationales/search-limits.md has the numbers):
 *
 * - every search counts for the client address;
 * - misses on a fiscal code count for that code and for the client that made them (an account when
 *   signed in, else the address); a client at its own limit on a code waits, others do not;
 * - once a code has had `searchMissesPerFiscalCode` misses in the hour (someone guessing from many
 *   places), every client is down to one miss on that code per hour: a client that has not missed
 *   it yet (the owner typing the right Codice Avviso) is still answered;
 * - an account that proved it holds the code searches it without these limits.
 */
import type { Limit } from '../core/rate-limit.js';

export const PRACTICE_LIMITS = {
  /** Searches (hits and misses) from one client address. */
  searchPerClient: { limit: 30, windowSeconds: 600 },
  /** Misses on one fiscal code from one client (address, or account when signed in). */
  searchMissesPerClientCode: { limit: 10, windowSeconds: 3600 },
  /** Misses on one fiscal code from everyone: beyond, one miss per client on that code. */
  searchMissesPerFiscalCode: { limit: 10, windowSeconds: 3600 },
  /** Spontaneous positions one account may create. */
  spontaneousPerAccount: { limit: 20, windowSeconds: 3600 },
} as const satisfies Record<string, Limit>;
