/**
 * What an admin operation changes, read before it runs, for the audit log's "before": the position
 * of an IUPD, the service of a code, the webhook endpoint of an id, the entity's settings. Keyed by
 * the operation's id; an operation not listed here records its target with no "before". Secrets
 * are never part of a state (views hold none; `redact` masks what looks like one).
 */
import type { Db } from '../db/database.js';
import type { EntityRow } from '../db/schema/index.js';
import { listApiKeys, toApiKeyView } from '../entities/api-keys.js';
import { toSettings } from '../entities/entity-settings.js';
import { findPosition, toViews } from '../positions/positions.js';
import { findService, toServiceView } from '../services/services.js';
import { findEndpoint, toWebhookView } from '../webhooks/endpoints.js';
import { adminPaymentView } from '../money/payments.js';

type Params = Record<string, unknown> | undefined;

/** The audited target of an operation: its path parameters (`iupd`, `code`, `id`) joined. */
export function auditTarget(params: Params): string | null {
  if (!params) return null;
  const parts = Object.values(params).filter((v) => typeof v === 'string' || typeof v === 'number');
  return parts.length > 0 ? parts.map(String).join('/') : null;
}

/**
 * The state an operation is about to change, or null (a creation, or nothing found).
 * @example const before = await auditBefore(db, entity, 'adminCancelPosition', { iupd });
 */
export async function auditBefore(db: Db, entity: EntityRow, op: string, params: Params): Promise<unknown> {
  const p = params ?? {};
  if (op === 'adminUpdatePosition' || op === 'adminCancelPosition') {
    const row = await findPosition(db, entity.code, String(p.iupd));
    return row ? ((await toViews(db, [row]))[0] ?? null) : null;
  }
  if (op === 'adminUpdateService' || op === 'adminDeleteService') {
    const row = await findService(db, entity.code, String(p.code));
    return row ? toServiceView(row) : null;
  }
  if (op === 'adminUpdateWebhook' || op === 'adminDeleteWebhook' || op === 'adminRotateWebhookSecret') {
    const row = await findEndpoint(db, entity.code, String(p.id));
    return row ? toWebhookView(row) : null;
  }
  if (op === 'adminExpirePayment') return adminPaymentView(db, entity.code, String(p.id), new Date());
  if (op === 'adminUpdateEntity') return toSettings(entity);
  if (op === 'adminRevokeApiKey') {
    const row = (await listApiKeys(db, entity.code)).find((k) => k.id === String(p.id));
    return row ? toApiKeyView(row) : null;
  }
  return null;
}
