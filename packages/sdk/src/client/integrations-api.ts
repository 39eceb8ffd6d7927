/**
 * Admin client methods for the entity's integration settings: API keys, the rotation of a webhook
 * endpoint's signing secret, the health of the pagoPA connection.
 */
import type { ApiKeyInput, WebhookRotateInput } from '../schemas/integrations.js';
import { integrationsRoutes as routes } from './routes.js';
import type { Transport } from './transport.js';

export function integrationsApi(t: Transport) {
  return {
    apiKeys: {
      /** The entity's keys, active and revoked, without their secrets. */
      list: () => t.call(routes.listApiKeys),
      /**
       * Creates a key; keep `key` from the answer: it is not shown again.
       * @example const { key } = await admin.apiKeys.create({ name: 'gestionale tributi' });
       */
      create: (body: ApiKeyInput) => t.call(routes.createApiKey, { body }),
      /** Revokes a key by its id: the next request made with it answers 401. */
      revoke: (id: string) => t.call(routes.revokeApiKey, { params: { id } }),
    },
    webhookSecrets: {
      /**
       * A new signing secret for an endpoint (answered once); the old one keeps signing beside it
       * for `graceHours` (24 unless given).
       * @example const { secret, previousSecretUntil } = await admin.webhookSecrets.rotate(id, { graceHours: 48 });
       */
      rotate: (id: string, body: WebhookRotateInput = {}) =>
        t.call(routes.rotateWebhookSecret, { params: { id }, body }),
    },
    pagopa: {
      /** The pagoPA connection as stored: node calls, last receipt, reporting flows, GPD queue. */
      health: () => t.call(routes.pagopaHealth),
    },
  };
}
