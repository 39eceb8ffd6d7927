/** Rate limits by client address: the usual limit of an unauthenticated route. */
import { isIP } from 'node:net';
import { enforce, type Limit } from '../core/rate-limit.js';
import type { AppContext } from './context.js';

/**
 * The client an address stands for in a limit: an IPv4 address itself (also written IPv4-mapped,
 * `::ffff:a.b.c.d`), an IPv6 address its /64 (one subscriber's network: anyone holding one has 2^64
 * addresses to rotate through).
 * @example clientKey('2001:db8:1:2:aaaa::1') // '2001:db8:1:2::/64'
 */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1] as string;
  if (isIP(ip) !== 6) return ip;
  // The URL parser writes an IPv6 address in its canonical compressed form (hex groups only).
  const canonical = new URL(`http://[${ip.replace(/%.*$/, '')}]/`).hostname.slice(1, -1);
  const [head = '', tail] = canonical.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  if (groups.length === 8 && groups.slice(0, 6).join(':') === '0:0:0:0:0:ffff') return ip;
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/**
 * Counts a hit for the client address of a request under a name, throwing 429 over the limit: the
 * usual limit of an unauthenticated route.
 * @example await limitClient(c, 'practice-search', { limit: 20, windowSeconds: 600 });
 */
export function limitClient(c: AppContext, name: string, l: Limit): Promise<void> {
  return enforce(c.get('deps'), `${name}:ip:${c.get('clientIp')}`, l);
}
