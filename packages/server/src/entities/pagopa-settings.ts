/**
 * An entity's pagoPA station settings, read from `entities.pagopa_settings` (JSON set through the
 * admin API): who the node must name in its calls and how to reach Checkout.
 */
import type { EntityRow } from '../db/schema/index.js';

export type PagopaEnvironment = 'UAT' | 'production';

export interface PagopaSettings {
  /** The entity's fiscal code as pagoPA knows it (defaults to the entity code). */
  idPA: string;
  /** The intermediary (partner tecnologico or the entity itself). */
  idBrokerPA: string | null;
  idStation: string | null;
  /** Checkout's `Ocp-Apim-Subscription-Key`, when the entity has one. */
  checkoutSubscriptionKey: string | null;
  environment: PagopaEnvironment;
}

/** Checkout "EC carts" v2 endpoint per environment (FACTS §4). */
export const CHECKOUT_CARTS_URL: Record<PagopaEnvironment, string> = {
  UAT: 'https://api.uat.platform.pagopa.it/checkout/ec/v2/carts',
  production: 'https://api.platform.pagopa.it/checkout/ec/v2/carts',
};

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/** The entity's pagoPA settings; a missing or broken JSON gives the defaults (not configured). */
export function pagopaSettingsOf(entity: Pick<EntityRow, 'code' | 'pagopa_settings'>): PagopaSettings {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(entity.pagopa_settings);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      raw = parsed as Record<string, unknown>;
  } catch {
    // A broken value counts as "not configured": the node gets PAA_ID_INTERMEDIARIO_ERRATO.
  }
  return {
    idPA: str(raw.idPA) ?? entity.code,
    idBrokerPA: str(raw.idBrokerPA),
    idStation: str(raw.idStation),
    checkoutSubscriptionKey: str(raw.checkoutSubscriptionKey),
    environment: raw.environment === 'production' ? 'production' : 'UAT',
  };
}

/** The settings as the admin API answers them: the subscription key masked (last 4 characters). */
export function pagopaSettingsView(entity: Pick<EntityRow, 'code' | 'pagopa_settings'>) {
  const s = pagopaSettingsOf(entity);
  const key = s.checkoutSubscriptionKey;
  return {
    idPA: s.idPA,
    idBrokerPA: s.idBrokerPA,
    idStation: s.idStation,
    checkoutSubscriptionKey: key ? `${'*'.repeat(8)}${key.slice(-4)}` : null,
    environment: s.environment,
  };
}

/**
 * Stored settings with a change merged in, as JSON: keys given replace, `null` clears, and the masked
 * key the admin API answered (sent back unchanged by a client) keeps the stored one.
 */
export function mergePagopaSettings(stored: string, change: Record<string, unknown>): string {
  let current: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(stored);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      current = parsed as Record<string, unknown>;
  } catch {
    // A broken stored value is replaced by the change.
  }
  const out: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined) continue;
    if (k === 'checkoutSubscriptionKey' && typeof v === 'string' && /^\*{8}.{0,4}$/.test(v)) continue;
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return JSON.stringify(out);
}
