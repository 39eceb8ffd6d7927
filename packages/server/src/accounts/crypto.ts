/**
 * Passwords: Argon2id (OWASP's minimum profile, m=19 MiB, t=2, p=1). Tokens (sessions, links) are
 * in `core/tokens.ts`.
 */
import { type Algorithm, hash, verify } from '@node-rs/argon2';

// Argon2id; a const enum cannot be read under isolatedModules.
const ARGON2ID = 2 as Algorithm;
const ARGON2_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
};

/** Hashes a password with Argon2id (PHC string with salt and parameters). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** Checks a password against its hash; false for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;

/**
 * Spends the time of a real verification when there is no account, so response times do not tell
 * whether a username exists.
 */
export async function verifyNothing(password: string): Promise<false> {
  dummy ??= hashPassword('pagatore-timing-equaliser');
  await verifyPassword(await dummy, password);
  return false;
}
