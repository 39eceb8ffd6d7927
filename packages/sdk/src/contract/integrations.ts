/**
 * Integration settings, admin API: the entity's API keys, the rotation of a webhook endpoint's
 * signing secret, the health of the pagoPA connection. A staff session needs the admin role for all
 * of them (`staffRoleOf`), reading included; the API key decides the entity, another entity's ids
 * answer 404.
 */
import * as v from 'valibot';
import {
  ApiKeyCreated,
  ApiKeyInput,
  ApiKeyList,
  ApiKeyParams,
  PagopaHealth,
  WebhookRotated,
  WebhookRotateInput,
} from '../schemas/integrations.js';
import { WebhookParams } from '../schemas/webhooks.js';
import { endpoint } from './endpoint.js';

const admin = { auth: 'admin', tag: 'admin' } as const;

export const integrationsEndpoints = {
  listApiKeys: endpoint({
    ...admin,
    id: 'adminListApiKeys',
    method: 'GET',
    path: '/api/v1/admin/api-keys',
    summary: "The entity's API keys, active and revoked (never their secrets)",
    response: ApiKeyList,
    status: 200,
    produces: 'json',
    errors: [],
  }),
  createApiKey: endpoint({
    ...admin,
    id: 'adminCreateApiKey',
    method: 'POST',
    path: '/api/v1/admin/api-keys',
    summary: 'Creates an API key; the answer holds the whole key, shown only this once',
    body: ApiKeyInput,
    response: ApiKeyCreated,
    status: 201,
    produces: 'json',
    errors: [],
  }),
  revokeApiKey: endpoint({
    ...admin,
    id: 'adminRevokeApiKey',
    method: 'DELETE',
    path: '/api/v1/admin/api-keys/{id}',
    summary: 'Revokes an API key: the next request with it answers 401',
    params: ApiKeyParams,
    response: v.undefined(),
    status: 204,
    produces: 'empty',
    errors: ['not_found'],
  }),
  rotateWebhookSecret: endpoint({
    ...admin,
    id: 'adminRotateWebhookSecret',
    method: 'POST',
    path: '/api/v1/admin/webhooks/{id}/secret',
    summary:
      'Replaces the signing secret (answered once); the old one keeps signing beside it for the grace period',
    params: WebhookParams,
    body: WebhookRotateInput,
    response: WebhookRotated,
    status: 200,
    produces: 'json',
    errors: ['not_found'],
  }),
  pagopaHealth: endpoint({
    ...admin,
    id: 'adminPagopaHealth',
    method: 'GET',
    path: '/api/v1/admin/pagopa/health',
    summary:
      'The pagoPA connection as stored: last node calls, last receipt, reporting flows fetched, GPD queue',
    response: PagopaHealth,
    status: 200,
    produces: 'json',
    errors: [],
  }),
} as const;
