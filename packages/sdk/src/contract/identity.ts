/**
 * Logging in with SPID or CIE (OpenID Connect). The browser legs (start at the provider, come back
 * from it) are pages, not JSON: see docs/identity.md. What the widgets call is here.
 */
import * as v from 'valibot';
import {
  IdentityExchange,
  IdentityExchangeResult,
  IdentityLinkConfirmation,
  IdentityProviderInput,
  IdentityProviderList,
  IdentityProviderParams,
  IdentityProviderView,
  IdentityProviderViewList,
  IdentityTrustChainCheck,
} from '../schemas/identity.js';
import { SessionCreated } from '../schemas/accounts.js';
import { endpoint } from './endpoint.js';
import { EnteParams } from './public.js';

const base = '/api/v1/entities/{ente}';

export const identityEndpoints = {
  listIdentityProviders: endpoint({
    id: 'listIdentityProviders',
    method: 'GET',
    path: `${base}/identity-providers`,
    auth: 'none',
    tag: 'accounts',
    summary: 'The SPID and CIE providers the entity configured ("Entra con SPID", "Entra con CIE")',
    params: EnteParams,
    response: IdentityProviderList,
    status: 200,
    produces: 'json',
    errors: ['entity_not_found'],
  }),
  exchangeIdentity: endpoint({
    id: 'exchangeIdentity',
    method: 'POST',
    path: `${base}/identity-exchanges`,
    auth: 'none',
    tag: 'accounts',
    summary: 'Exchange the one-time code of a SPID/CIE login, with its verifier, for a session',
    params: EnteParams,
    body: IdentityExchange,
    response: IdentityExchangeResult,
    status: 200,
    produces: 'json',
    errors: [
      'entity_not_found',
      'token_invalid',
      'invalid_credentials',
      'conflict',
      'validation_failed',
      'rate_limited',
    ],
  }),
  confirmIdentityLink: endpoint({
    id: 'confirmIdentityLink',
    method: 'POST',
    path: `${base}/identity-links/confirmation`,
    auth: 'none',
    tag: 'accounts',
    summary:
      'Link a SPID/CIE identity to the portal account of its fiscal code with the mailed link (single use); logs in',
    params: EnteParams,
    body: IdentityLinkConfirmation,
    response: SessionCreated,
    status: 200,
    produces: 'json',
    errors: ['entity_not_found', 'token_invalid', 'validation_failed', 'rate_limited'],
  }),
  adminListIdentityProviders: endpoint({
    id: 'adminListIdentityProviders',
    method: 'GET',
    path: '/api/v1/admin/identity-providers',
    auth: 'admin',
    tag: 'admin',
    summary: "The entity's identity providers (secrets never shown)",
    response: IdentityProviderViewList,
    status: 200,
    produces: 'json',
    errors: [],
  }),
  adminPutIdentityProvider: endpoint({
    id: 'adminPutIdentityProvider',
    method: 'PUT',
    path: '/api/v1/admin/identity-providers/{code}',
    auth: 'admin',
    tag: 'admin',
    summary:
      'Creates or replaces an identity provider (a plain OpenID Connect issuer, or a SPID/CIE provider of the federation)',
    params: IdentityProviderParams,
    body: IdentityProviderInput,
    response: IdentityProviderView,
    status: 200,
    produces: 'json',
    errors: ['validation_failed'],
  }),
  adminCheckIdentityTrustChain: endpoint({
    id: 'adminCheckIdentityTrustChain',
    method: 'GET',
    path: '/api/v1/admin/identity-providers/{code}/trust-chain',
    auth: 'admin',
    tag: 'admin',
    summary: "Resolves a federation provider's trust chain now: its path and expiry, or why it is refused",
    params: IdentityProviderParams,
    response: IdentityTrustChainCheck,
    status: 200,
    produces: 'json',
    errors: ['not_found'],
  }),
  adminDeleteIdentityProvider: endpoint({
    id: 'adminDeleteIdentityProvider',
    method: 'DELETE',
    path: '/api/v1/admin/identity-providers/{code}',
    auth: 'admin',
    tag: 'admin',
    summary: 'Removes an identity provider (accounts linked by fiscal code stay)',
    params: IdentityProviderParams,
    response: v.undefined(),
    status: 204,
    produces: 'empty',
    errors: ['not_found'],
  }),
} as const;
