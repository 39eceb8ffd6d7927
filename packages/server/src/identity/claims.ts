/** What the server keeps of the claims a provider gave: the fiscal code first. */
import { canonicalFiscalCode, isValidFiscalCode } from '@pagatore/sdk';

export interface ProvenIdentity {
  fiscalCode: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
}

const str = (x: unknown, max: number): string | null =>
  typeof x === 'string' && x.trim() !== '' ? x.trim().slice(0, max) : null;

/**
 * The fiscal code of a claim value, or null. SPID gives it as `TINIT-<code>` (ISO 3166 country and
 * the kind of identifier, here TIN); CIE and gateways usually give the bare code.
 */
export function fiscalCodeOfClaim(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const bare = value.trim().replace(/^TINIT-/i, '');
  return isValidFiscalCode(bare) ? canonicalFiscalCode(bare) : null;
}

/** The identity of the claims, or null without a valid fiscal code in `fiscalClaim`. */
export function identityOfClaims(
  claims: Record<string, unknown>,
  fiscalClaim: string,
): ProvenIdentity | null {
  const fiscalCode = fiscalCodeOfClaim(claims[fiscalClaim]);
  if (!fiscalCode) return null;
  return {
    fiscalCode,
    firstName: str(claims.given_name, 80),
    lastName: str(claims.family_name, 80),
    email: str(claims.email, 254),
  };
}
