/**
 * An entity's reconciliation settings, read from `entities.reconciliation_settings` (JSON set through
 * the admin API): where its reporting flows come from, the credentials to fetch them, how often, and
 * how many days a receipt may wait for its flow. Secrets are answered masked, as the station's are.
 */
import type { FlowSource } from '@pagatore/sdk';
import type { EntityRow } from '../db/schema/index.js';

export interface ReconciliationConfig {
  source: FlowSource;
  fdrUrl: string | null;
  nodeForPaUrl: string | null;
  subscriptionKey: string | null;
  stationPassword: string | null;
  intervalMinutes: number;
  awaitingDays: number;
}

export const DEFAULT_INTERVAL_MINUTES = 60;
export const DEFAULT_AWAITING_DAYS = 5;

const SECRETS = new Set(['subscriptionKey', 'stationPassword']);
const MASKED = /^\*{8}.{0,4}$/;

function objectOf(json: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // A broken value counts as "not configured".
  }
  return {};
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const int = (v: unknown, d: number) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : d);

/** The entity's settings with their defaults (source `off`: flows only by upload). */
export function reconciliationConfigOf(
  entity: Pick<EntityRow, 'reconciliation_settings'>,
): ReconciliationConfig {
  const raw = objectOf(entity.reconciliation_settings);
  return {
    source: raw.source === 'rest' || raw.source === 'soap' ? raw.source : 'off',
    fdrUrl: str(raw.fdrUrl),
    nodeForPaUrl: str(raw.nodeForPaUrl),
    subscriptionKey: str(raw.subscriptionKey),
    stationPassword: str(raw.stationPassword),
    intervalMinutes: int(raw.intervalMinutes, DEFAULT_INTERVAL_MINUTES),
    awaitingDays: int(raw.awaitingDays, DEFAULT_AWAITING_DAYS),
  };
}

const mask = (s: string | null) => (s ? `${'*'.repeat(8)}${s.slice(-4)}` : null);

/** The settings as the admin API answers them: secrets masked (last 4 characters). */
export function reconciliationSettingsView(entity: Pick<EntityRow, 'reconciliation_settings'>) {
  const c = reconciliationConfigOf(entity);
  return {
    source: c.source,
    fdrUrl: c.fdrUrl,
    nodeForPaUrl: c.nodeForPaUrl,
    subscriptionKey: mask(c.subscriptionKey),
    stationPassword: mask(c.stationPassword),
    intervalMinutes: c.intervalMinutes,
    awaitingDays: c.awaitingDays,
  };
}

/**
 * Stored settings with a change merged in, as JSON: keys given replace, `null` clears, and a masked
 * secret the admin API answered (sent back unchanged) keeps the stored one.
 */
export function mergeReconciliationSettings(stored: string, change: Record<string, unknown>): string {
  const out: Record<string, unknown> = { ...objectOf(stored) };
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined) continue;
    if (SECRETS.has(k) && typeof v === 'string' && MASKED.test(v)) continue;
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return JSON.stringify(out);
}
