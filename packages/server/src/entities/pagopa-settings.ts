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
  /** pagoPA's copy of the positions (GPD) is kept in step (docs/pagopa.md §5). */
  gpdSync: boolean;
  /** GPD's `Ocp-Apim-Subscription-Key`. */
  gpdSubscriptionKey: string | null;
  /** Base URL of GPD's debt-positions service v1 (the environment's by default). */
  gpdUrl: string;
  /** Base URL of GPD's payments-receipts service v1 (the environment's by default). */
  gpdReceiptsUrl: string;
  /** This server is the entity's station (verify, activate, receipts); false: pagoPA's GPD station is. */
  ownStation: boolean;
}

/** Checkout "EC carts" v2 endpoint per environment (FACTS §4). */
export const CHECKOUT_CARTS_URL: Record<PagopaEnvironment, string> = {
  UAT: 'https://api.uat.platform.pagopa.it/checkout/ec/v2/carts',
  production: 'https://api.platform.pagopa.it/checkout/ec/v2/carts',
};

/** GPD's debt-positions service v1 per environment (FACTS §6, gpd.json `servers`). */
export const GPD_URL: Record<PagopaEnvironment, string> = {
  UAT: 'https://api.uat.platform.pagopa.it/gpd/debt-positions-service/v1',
  production: 'https://api.platform.pagopa.it/gpd/debt-positions-service/v1',
};

/** GPD's payments-receipts service v1 per environment (gpd_payments.json `servers`). */
export const GPD_RECEIPTS_URL: Record<PagopaEnvironment, string> = {
  UAT: 'https://api.uat.platform.pagopa.it/gpd/payments-receipts-service/v1',
  production: 'https://api.platform.pagopa.it/gpd/payments-receipts-service/v1',
};

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/** The settings as stored; a broken value counts as "not configured" (the node gets PAA_ID_INTERMEDIARIO_ERRATO). */
function storedSettings(entity: Pick<EntityRow, 'pagopa_settings'>): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(entity.pagopa_settings);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // Not JSON: the defaults.
  }
  return {};
}

/** The entity's pagoPA settings; a missing or broken JSON gives the defaults (not configured). */
export function pagopaSettingsOf(entity: Pick<EntityRow, 'code' | 'pagopa_settings'>): PagopaSettings {
  const raw = storedSettings(entity);
  const environment = raw.environment === 'production' ? 'production' : 'UAT';
  return {
    idPA: str(raw.idPA) ?? entity.code,
    idBrokerPA: str(raw.idBrokerPA),
    idStation: str(raw.idStation),
    checkoutSubscriptionKey: str(raw.checkoutSubscriptionKey),
    environment,
    gpdSync: raw.gpdSync === true,
    gpdSubscriptionKey: str(raw.gpdSubscriptionKey),
    gpdUrl: (str(raw.gpdUrl) ?? GPD_URL[environment]).replace(/\/+$/, ''),
    gpdReceiptsUrl: (str(raw.gpdReceiptsUrl) ?? GPD_RECEIPTS_URL[environment]).replace(/\/+$/, ''),
    ownStation: raw.ownStation !== false,
  };
}

/** The settings as the admin API answers them: the subscription key masked (last 4 characters). */
export function pagopaSettingsView(entity: Pick<EntityRow, 'code' | 'pagopa_settings'>) {
  const s = pagopaSettingsOf(entity);
  const raw = storedSettings(entity);
  const masked = (key: string | null) => (key ? `${'*'.repeat(8)}${key.slice(-4)}` : null);
  return {
    idPA: s.idPA,
    idBrokerPA: s.idBrokerPA,
    idStation: s.idStation,
    checkoutSubscriptionKey: masked(s.checkoutSubscriptionKey),
    environment: s.environment,
    gpdSync: s.gpdSync,
    gpdSubscriptionKey: masked(s.gpdSubscriptionKey),
    // Only a URL the entity set: null follows the environment (UAT or production).
    gpdUrl: str(raw.gpdUrl),
    gpdReceiptsUrl: str(raw.gpdReceiptsUrl),
    ownStation: s.ownStation,
  };
}

/** The settings answered masked: sending the masked value back keeps the stored one. */
const SECRET_KEYS = new Set(['checkoutSubscriptionKey', 'gpdSubscriptionKey']);

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
    if (SECRET_KEYS.has(k) && typeof v === 'string' && /^\*{8}.{0,4}$/.test(v)) continue;
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return JSON.stringify(out);
}
