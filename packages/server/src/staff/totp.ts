/**
 * The console's second factor: TOTP (RFC 6238, 30-second steps, 6 digits, SHA-1 as every
 * authenticator app expects) through @oslojs/otp. A code is checked against the step of the
 * server's clock and one step either side (clocks drift; a code typed as it changes), and a step
 * once accepted is never accepted again (`advanceTotpCounter`).
 */
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
