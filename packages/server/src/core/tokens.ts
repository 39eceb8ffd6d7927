/**
 * Random tokens and their stored form, for every secret or unguessable id the server hands out:
 * session ids and secrets, account links, payment ids, API keys, webhook ids and secrets, delivery
 * leases. A token is random bytes in base32 lower case without padding (safe in URLs, cookies and
 * headers); where a token is a secret only its SHA-256 is stored, so a leaked database lets no one
 * use it (the Copenhagen Book's recipe).
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/**
 * A new random token of `bytes` random bytes: 20 by default (160 bits, 32 characters); each
 * 5 bytes give 8 characters.
 */
export function newToken(bytes = 20): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** SHA-256 of a token, hex: what the database keeps of a secret. */
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
