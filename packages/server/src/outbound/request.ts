/**
 * HTTP requests to addresses an entity configured (webhook endpoints, logos), checked where the
 * connection is made: the host name is resolved by our own `lookup`, every address it resolves to
 * is checked, and the socket connects to the address that was checked, so a DNS answer that
 * changes between a check and the connection (DNS rebinding) cannot point it elsewhere. IP literals
 * are checked before connecting (no lookup happens for them). Redirects are not followed: a caller
 * that follows one makes a new, checked request.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent, type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { ipLiteral, isPublicAddress } from './addresses.js';

/** The error of a refused target: `code` is `EBLOCKEDADDRESS`. */
export class BlockedAddressError extends Error {
  readonly code = 'EBLOCKEDADDRESS';
  constructor(host: string, address: string) {
    super(
      address === host
        ? `${host} is not a public address`
        : `${host} resolves to ${address}, not a public address`,
    );
  }
}

type Resolve = (
  hostname: string,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const systemResolve: Resolve = (hostname, callback) =>
  dnsLookup(hostname, { all: true, verbatim: true }, callback);

/**
 * A `lookup` for `net.connect` that answers only addresses that passed the check: all of the
 * name's addresses must be public (a name with one private address among public ones is refused).
 */
export function checkedLookup(
  resolve: Resolve = systemResolve,
  allowed: (address: string) => boolean = isPublicAddress,
): LookupFunction {
  return (hostname, options, callback) => {
    const cb = callback as (err: Error | null, address: string | LookupAddress[], family?: number) => void;
    resolve(hostname, (err, addresses) => {
      if (err) return cb(err, '', 0);
      const wanted = addresses.filter((a) => !options.family || a.family === options.family);
      const bad = wanted.find((a) => !allowed(a.address));
      if (bad) return cb(new BlockedAddressError(hostname, bad.address), '', 0);
      const first = wanted[0];
      if (!first) {
        const e: NodeJS.ErrnoException = new Error(`${hostname}: no address`);
        e.code = 'ENOTFOUND';
        return cb(e, '', 0);
      }
      if (options.all) cb(null, wanted);
      else cb(null, first.address, first.family);
    });
  };
}

export interface OutboundOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** The entity allows its own network (loopback, private, link-local…): no address check. */
  allowPrivate: boolean;
  /** Bytes of the answer kept; beyond, the rest is dropped (and the connection closed). */
  maxBytes?: number;
  /** Name resolution (tests give their own to play DNS rebinding); the system's by default. */
  resolve?: Resolve;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The answer was longer than `maxBytes`. */
  truncated: boolean;
}

// Kept-alive connections are per policy: a socket opened for an entity that allows private targets
// is never reused for one that does not.
const agents = {
  checked: {
    http: new HttpAgent({ keepAlive: true, lookup: checkedLookup() }),
    https: new HttpsAgent({ keepAlive: true, lookup: checkedLookup() }),
  },
  open: {
    http: new HttpAgent({ keepAlive: true }),
    https: new HttpsAgent({ keepAlive: true }),
  },
};

/**
 * One request; rejects with `BlockedAddressError` for a target outside the public ranges (unless
 * allowed), with the network error otherwise, and with a `TimeoutError` after `timeoutMs`.
 * @example const r = await outboundRequest('https://hooks.example.it/x', { method: 'POST', body, timeoutMs: 10_000, allowPrivate: false });
 */
export function outboundRequest(url: string, o: OutboundOptions): Promise<OutboundResponse> {
  const u = new URL(url);
  const https = u.protocol === 'https:';
  if (!https && u.protocol !== 'http:') return Promise.reject(new TypeError(`unsupported URL ${u.protocol}`));
  if (!o.allowPrivate) {
    const ip = ipLiteral(u.hostname);
    if (ip && !isPublicAddress(ip)) return Promise.reject(new BlockedAddressError(u.hostname, ip));
  }
  const agent = o.resolve
    ? new (https ? HttpsAgent : HttpAgent)({ lookup: o.allowPrivate ? undefined : checkedLookup(o.resolve) })
    : agents[o.allowPrivate ? 'open' : 'checked'][https ? 'https' : 'http'];
  const signal = AbortSignal.timeout(o.timeoutMs);
  const max = o.maxBytes ?? 65_536;
  return new Promise<OutboundResponse>((resolve, reject) => {
    const fail = (e: unknown) => reject(signal.aborted ? signal.reason : e);
    const req = (https ? httpsRequest : httpRequest)(
      u,
      {
        method: o.method ?? 'GET',
        agent,
        signal,
        headers: {
          ...o.headers,
          ...(o.body !== undefined ? { 'content-length': String(Buffer.byteLength(o.body)) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let seen = 0;
        let truncated = false;
        const done = () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            truncated,
          });
        res.on('data', (c: Buffer) => {
          if (truncated) return;
          seen += c.byteLength;
          if (seen > max) {
            truncated = true;
            res.destroy();
            done();
            return;
          }
          chunks.push(c);
        });
        res.on('end', done);
        // A receiver hanging up mid-answer does not change its status.
        res.on('error', () => done());
        res.on('aborted', () => done());
      },
    );
    req.on('error', fail);
    req.end(o.body);
  });
}
