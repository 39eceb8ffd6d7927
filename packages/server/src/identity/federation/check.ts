/** The admin's check of a federation provider's trust chain: resolved afresh, never from the cache. */
import type { IdentityTrustChainCheck } from '@pagatore/sdk';
import type { IdentityProviderRow } from '../../db/schema/index.js';
import { trustAnchorOf } from '../providers.js';
import { TrustChainError } from './errors.js';
import { resolveTrustChain } from './trust-chain.js';

export async function checkTrustChain(row: IdentityProviderRow, now: Date): Promise<IdentityTrustChainCheck> {
  const refused = (e: TrustChainError): IdentityTrustChainCheck => ({
    valid: false,
    path: null,
    expiresAt: null,
    authorizationEndpoint: null,
    reason: e.reason,
    message: e.message,
  });
  const anchor = trustAnchorOf(row);
  if (!anchor) return refused(new TrustChainError('unknown_trust_anchor', 'no Trust Anchor configured'));
  try {
    const chain = await resolveTrustChain(row.issuer, anchor, { now });
    return {
      valid: true,
      path: chain.path,
      expiresAt: chain.expiresAt.toISOString(),
      authorizationEndpoint: chain.metadata.authorization_endpoint,
      reason: null,
      message: null,
    };
  } catch (e) {
    if (e instanceof TrustChainError) return refused(e);
    throw e;
  }
}
