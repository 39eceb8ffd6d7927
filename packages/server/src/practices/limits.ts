/**
 * Rate limits of the practices area. The anonymous search is the one way to test whether a fiscal
 * code has debts, so it is limited per client address and, for misses, per fiscal code (someone
 * guessing Codice Avviso numbers for a known code from many addresses is stopped too).
 */
import type { Limit } from '../rate-limit/rate-limit.js';

export const PRACTICE_LIMITS = {
  /** Searches (hits and misses) from one client address. */
  searchPerClient: { limit: 30, windowSeconds: 600 },
  /** Misses on one fiscal code, from any address. */
  searchMissesPerFiscalCode: { limit: 10, windowSeconds: 3600 },
  /** Spontaneous positions one account may create. */
  spontaneousPerAccount: { limit: 20, windowSeconds: 3600 },
} as const satisfies Record<string, Limit>;
