/**
 * Passwords and tokens. Passwords: Argon2id (OWASP's minimum profile, m=19 MiB, t=2, p=1).
 * Tokens: 20 random bytes in base32 (160 bits); only their SHA-256 is stored, so a leaked
 * database lets no one log in or use a link (the Copenhagen Book's recipe).
 */
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

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

/** A new random token: 20 bytes, base32 lower case without padding (32 characters). */
export function newToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** SHA-256 of a token, hex: what the database keeps. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Compares two hex hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  const enc = new TextEncoder();
  const x = enc.encode(a);
  const y = enc.encode(b);
  return x.length === y.length && constantTimeEqual(x, y);
}
