/**
 * Who may call /pagopa/node: only the pagoPA node. Each configured check must pass — the client
 * certificate (mutual TLS, either terminated by a trusted proxy that forwards the certificate's
 * subject or fingerprint in a header, or by this server itself with TLS_CLIENT_CA_FILE) and the
 * address allowlist. With neither configured, production refuses everything and demo mode accepts
 * the local machine only.
 */
import type { Config } from '../../config/index.js';

function ipv4ToInt(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/** `::ffff:10.0.0.1` → `10.0.0.1`: IPv4 clients on a dual-stack socket. */
function plainIp(ip: string): string {
  return ip.replace(/^::ffff:/i, '').trim();
}

/** True when the address is one of the entries (exact address or IPv4 CIDR). */
export function ipAllowed(ip: string, entries: readonly string[]): boolean {
  const addr = plainIp(ip);
  for (const entry of entries) {
    const [net, bits] = entry.split('/');
    if (bits === undefined) {
      if (plainIp(entry).toLowerCase() === addr.toLowerCase()) return true;
      continue;
    }
    const a = ipv4ToInt(addr);
    const n = ipv4ToInt(net ?? '');
    const len = Number(bits);
    if (a === null || n === null || !Number.isInteger(len) || len < 0 || len > 32) continue;
    const mask = len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
    if ((a & mask) === (n & mask)) return true;
  }
  return false;
}

/** Normalises a subject or a fingerprint for comparison (case, spaces, colons in hex). */
function normalise(value: string): string {
  const v = value.trim();
  return /^[0-9a-f:]+$/i.test(v) ? v.replace(/:/g, '').toLowerCase() : v.replace(/\s*,\s*/g, ',');
}

export type NodeAuthResult = { ok: true } | { ok: false; reason: string };

/** The client certificate of a TLS connection this server terminated. */
export interface PeerCertificate {
  /** True when it chains to TLS_CLIENT_CA_FILE. */
  authorized: boolean;
  /** `CN=…,O=…,C=…`. */
  subject: string;
  /** SHA-256 fingerprint, hex with colons. */
  fingerprint256: string;
}

/** Checks a caller of /pagopa/node by its address and the proxy's certificate header. */
export function checkNodeCaller(
  config: Pick<Config, 'mode' | 'pagopaNodeCertHeader' | 'pagopaNodeCertValues' | 'pagopaNodeIps'> & {
    tlsClientCaFile?: string | null;
  },
  caller: { ip: string; header: (name: string) => string | undefined; peer?: PeerCertificate | null },
): NodeAuthResult {
  const viaProxy = config.pagopaNodeCertHeader !== null;
  const direct = Boolean(config.tlsClientCaFile);
  const certConfigured = viaProxy || direct;
  const ipsConfigured = config.pagopaNodeIps.length > 0;
  if (!certConfigured && !ipsConfigured) {
    if (config.mode === 'demo' && ipAllowed(caller.ip, ['127.0.0.1', '::1'])) return { ok: true };
    return { ok: false, reason: 'no node authentication configured' };
  }
  if (certConfigured) {
    const accepted = config.pagopaNodeCertValues.map(normalise);
    const matches = (v: string | undefined | null) => !!v && accepted.includes(normalise(v));
    const proxyOk = viaProxy && matches(caller.header(config.pagopaNodeCertHeader!));
    const peer = caller.peer;
    const directOk =
      direct && !!peer && peer.authorized && (matches(peer.subject) || matches(peer.fingerprint256));
    if (!proxyOk && !directOk) return { ok: false, reason: 'client certificate not accepted' };
  }
  if (ipsConfigured && !ipAllowed(caller.ip, config.pagopaNodeIps))
    return { ok: false, reason: 'address not allowed' };
  return { ok: true };
}
