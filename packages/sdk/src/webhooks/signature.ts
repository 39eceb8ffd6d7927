/**
 * The webhook signature (docs/webhooks.md): `Pagatore-Signature: t=<unix seconds>,v1=<hex>` where
 * hex is HMAC-SHA256, keyed with the endpoint's secret (its UTF-8 bytes), of `<t>.<raw body>`.
 * Web Crypto only, so the same code verifies in Node (≥ 20), Deno, workers and browsers.
 */

/** Name of the header carrying the signature. */
export const SIGNATURE_HEADER = 'Pagatore-Signature';

export interface VerifyWebhookOptions {
  /** The raw request body exactly as received (not re-serialised JSON). */
  payload: string | Uint8Array;
  /** The `Pagatore-Signature` header's value. */
  header: string | null | undefined;
  /** The endpoint's secret (`whsec_…`). */
  secret: string;
  /** How far the timestamp may be from now; default 300 seconds. */
  toleranceSeconds?: number;
  /** The current time; default now. */
  now?: Date;
}

export type VerifyWebhookResult =
  { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'stale' | 'mismatch' };

const encoder = new TextEncoder();

function bytesOf(payload: string | Uint8Array): Uint8Array {
  return typeof payload === 'string' ? encoder.encode(payload) : payload;
}

function hex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function hmacHex(secret: string, t: number, payload: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const prefix = encoder.encode(`${t}.`);
  const message = new Uint8Array(prefix.length + payload.length);
  message.set(prefix);
  message.set(payload, prefix.length);
  return hex(await crypto.subtle.sign('HMAC', key, message));
}

/** Compares two strings in time independent of where they differ. */
function sameString(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Signs a body as Pagatore does, for tests of a receiver.
 * @example const header = await signWebhookPayload({ payload: body, secret, timestamp: 1764165600 });
 */
export async function signWebhookPayload(o: {
  payload: string | Uint8Array;
  secret: string;
  timestamp: number;
}): Promise<string> {
  return `t=${o.timestamp},v1=${await hmacHex(o.secret, o.timestamp, bytesOf(o.payload))}`;
}

/**
 * Checks a webhook's signature: a body changed by one byte, another secret, or a timestamp further
 * than `toleranceSeconds` from now (a replay) fails. Several `v1` values (secret rotation) are accepted.
 * @example
 * const r = await verifyWebhookSignature({ payload: rawBody, header: req.headers['pagatore-signature'], secret });
 * if (!r.ok) return res.writeHead(400).end();
 */
export async function verifyWebhookSignature(o: VerifyWebhookOptions): Promise<VerifyWebhookResult> {
  const tolerance = o.toleranceSeconds ?? 300;
  let t: number | null = null;
  const signatures: string[] = [];
  for (const part of (o.header ?? '').split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === 't' && /^[0-9]{1,12}$/.test(value)) t = Number(value);
    else if (name === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (t === null || signatures.length === 0) return { ok: false, reason: 'malformed' };
  const nowSeconds = Math.floor((o.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - t) > tolerance) return { ok: false, reason: 'stale' };
  const expected = await hmacHex(o.secret, t, bytesOf(o.payload));
  let match = false;
  for (const s of signatures) if (sameString(s, expected)) match = true;
  return match ? { ok: true, timestamp: t } : { ok: false, reason: 'mismatch' };
}
