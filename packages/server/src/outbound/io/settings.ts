/**
 * An entity's settings for messages on the IO app, read from `entities.io_settings` (JSON set through
 * the admin API): the API key of the entity's IO service (a secret: answered masked, as the pagoPA
 * keys are), the API's base URL (IO's production one unless overridden, e.g. for tests), how many
 * messages a minute the entity sends at most, and which messages it sends. Messages go out only while
 * a key is set.
 */
import type { EntityRow } from '../../db/schema/index.js';
import { IO_PRODUCTION_URL } from './client.js';

export interface IoConfig {
  apiKey: string | null;
  baseUrl: string;
  /** Messages a minute the entity sends at most, over all server processes. */
  ratePerMinute: number;
  /** A message for each option of a new position. */
  newPositions: boolean;
  /** A message before each due date and on it. */
  reminders: boolean;
  /** Days before a due date of the reminder ahead of it. */
  daysBefore: number;
}

export const DEFAULT_IO_RATE_PER_MINUTE = 60;
export const DEFAULT_IO_DAYS_BEFORE = 3;

const MASKED = /^\*{8}.{0,4}$/;
const SECRETS = new Set(['apiKey']);

function objectOf(json: string | undefined): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(json ?? '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // A broken value counts as "not configured".
  }
  return {};
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const int = (v: unknown, d: number) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : d);

/** The entity's IO settings with their defaults (no key: nothing is sent). */
export function ioConfigOf(entity: Pick<EntityRow, 'io_settings'>): IoConfig {
  const raw = objectOf(entity.io_settings);
  return {
    apiKey: str(raw.apiKey),
    baseUrl: (str(raw.baseUrl) ?? IO_PRODUCTION_URL).replace(/\/+$/, ''),
    ratePerMinute: int(raw.ratePerMinute, DEFAULT_IO_RATE_PER_MINUTE),
    newPositions: raw.newPositions !== false,
    reminders: raw.reminders !== false,
    daysBefore: int(raw.daysBefore, DEFAULT_IO_DAYS_BEFORE),
  };
}

/** True when the entity sends messages on IO of this kind. */
export function ioSends(entity: Pick<EntityRow, 'io_settings'>, what: 'newPositions' | 'reminders'): boolean {
  const c = ioConfigOf(entity);
  return c.apiKey !== null && c[what];
}

/**
 * The settings as the admin API answers them: the key masked (8 stars and its last 4 characters,
 * enough to tell two keys apart, never the key), the base URL only when the entity set one.
 */
export function ioSettingsView(entity: Pick<EntityRow, 'io_settings'>) {
  const c = ioConfigOf(entity);
  const raw = objectOf(entity.io_settings);
  return {
    apiKey: c.apiKey ? `${'*'.repeat(8)}${c.apiKey.slice(-4)}` : null,
    baseUrl: str(raw.baseUrl),
    ratePerMinute: c.ratePerMinute,
    newPositions: c.newPositions,
    reminders: c.reminders,
    daysBefore: c.daysBefore,
  };
}

/**
 * Stored settings with a change merged in, as JSON: keys given replace, `null` clears, and the masked
 * key the admin API answered (sent back unchanged by a client) keeps the stored one.
 */
export function mergeIoSettings(stored: string, change: Record<string, unknown>): string {
  const out: Record<string, unknown> = { ...objectOf(stored) };
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined) continue;
    if (SECRETS.has(k) && typeof v === 'string' && MASKED.test(v)) continue;
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return JSON.stringify(out);
}
