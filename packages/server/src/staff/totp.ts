/**
 * The console's second factor: TOTP (RFC 6238, 30-second steps, 6 digits, SHA-1 as every
 * authenticator app expects) through @oslojs/otp. A code is checked against the step of the
 * server's clock and one step either side (clocks drift; a code typed as it changes), and a step
 * once accepted is never accepted again (`advanceTotpCounter`). Keys are stored sealed under
 * IDENTITY_KEY_SECRET when it is set (`sealTotpKey`).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';
import { decodeHex, encodeBase32UpperCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { renderSVG } from 'uqr';
import { constantTimeEqual } from '@oslojs/crypto/subtle';

export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of the current one. */
export const TOTP_WINDOW = 1;
const ISSUER = 'Pagatore';

/** A new 160-bit key (RFC 4226's recommended length), hex for storage. */
export function newTotpKey(): string {
  return encodeHexLowerCase(crypto.getRandomValues(new Uint8Array(20)));
}

/** The step a time falls in. */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD);
}

/** The code of a key at a time (the tests' and the demo's authenticator). */
export function totpCode(keyHex: string, now: Date): string {
  return generateHOTP(decodeHex(keyHex), BigInt(totpStep(now)), TOTP_DIGITS);
}

/**
 * The step whose code this is, within the window around `now`, or null.
 * @example const step = matchTotp(key, '123456', new Date()); if (step !== null) …
 */
export function matchTotp(keyHex: string, code: string, now: Date): number | null {
  const key = decodeHex(keyHex);
  const enc = new TextEncoder();
  const current = totpStep(now);
  for (let d = -TOTP_WINDOW; d <= TOTP_WINDOW; d++) {
    const expected = generateHOTP(key, BigInt(current + d), TOTP_DIGITS);
    if (constantTimeEqual(enc.encode(expected), enc.encode(code))) return current + d;
  }
  return null;
}

/** What the console shows to enrol a key: the otpauth URI, its QR code, the base32 key. */
export function totpEnrolment(
  keyHex: string,
  email: string,
): { otpauthUri: string; qrSvg: string; secret: string } {
  const key = decodeHex(keyHex);
  const otpauthUri = createTOTPKeyURI(ISSUER, email, key, TOTP_PERIOD, TOTP_DIGITS);
  return {
    otpauthUri,
    qrSvg: renderSVG(otpauthUri, { ecc: 'M', border: 2 }),
    secret: encodeBase32UpperCaseNoPadding(key),
  };
}

/** A sealed key: `v1.` and base64url of IV (12 bytes), GCM tag (12 bytes), ciphertext (20 bytes). */
const SEALED = /^v1\.[A-Za-z0-9_-]+$/;
const IV_BYTES = 12;
const TAG_BYTES = 12;

/** The AES-256 key that seals TOTP keys, derived from IDENTITY_KEY_SECRET. */
function sealingKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'pagatore', 'staff-totp/v1', 32));
}

/**
 * The form a TOTP key is stored in: sealed with AES-256-GCM under a key derived from
 * IDENTITY_KEY_SECRET when it is set (62 characters, within the column), the hex key otherwise.
 */
export function sealTotpKey(keyHex: string, secret: string | null): string {
  if (!secret) return keyHex;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(secret), iv, { authTagLength: TAG_BYTES });
  const body = Buffer.concat([cipher.update(Buffer.from(keyHex, 'hex')), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/**
 * The hex key of a stored one (sealed or not), or null when it is sealed and does not open with
 * this secret (none set, or another one).
 */
export function openTotpKey(stored: string, secret: string | null): string | null {
  if (!SEALED.test(stored)) return stored;
  if (!secret) return null;
  try {
    const raw = Buffer.from(stored.slice(3), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(secret), raw.subarray(0, IV_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'hex',
    );
  } catch {
    return null;
  }
}
