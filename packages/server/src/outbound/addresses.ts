/**
 * Which addresses an outbound call (webhook, entity logo) may reach: public unicast only, unless the
 * entity's setting allows its own network. One list of ranges (IANA special-purpose registries,
 * RFC 6890 and successors), matched by Node's `net.BlockList`; IPv4 addresses embedded in IPv6
 * (IPv4-mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`) are matched against the IPv4 ranges.
 */
import { BlockList, isIP } from 'node:net';

/** IPv4 ranges no outbound call reaches by default. */
const IPV4: readonly (readonly [string, number, string])[] = [
  ['0.0.0.0', 8, 'this network, unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared address space (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata services)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay anycast'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved, broadcast'],
];

/** IPv6 ranges no outbound call reaches by default. */
const IPV6: readonly (readonly [string, number, string])[] = [
  ['::', 96, 'unspecified, loopback, IPv4-compatible'],
  ['::ffff:0:0:0', 96, 'IPv4-translated'],
  ['64:ff9b:1::', 48, 'local-use IPv4/IPv6 translation'],
  ['100::', 64, 'discard-only'],
  ['2001::', 23, 'IETF protocol assignments (Teredo included)'],
  ['2001:db8::', 32, 'documentation'],
  ['2002::', 16, '6to4'],
  ['3fff::', 20, 'documentation'],
  ['5f00::', 16, 'segment routing'],
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

const blocked = new BlockList();
for (const [net, prefix] of IPV4) {
  blocked.addSubnet(net, prefix, 'ipv4');
  // The same IPv4 ranges reached through IPv6 forms that carry an IPv4 address.
  blocked.addSubnet(`::ffff:${net}`, 96 + prefix, 'ipv6');
  blocked.addSubnet(`64:ff9b::${net}`, 96 + prefix, 'ipv6');
}
for (const [net, prefix] of IPV6) blocked.addSubnet(net, prefix, 'ipv6');

/** An IP literal without URL brackets or zone id (`[fe80::1%eth0]` → `fe80::1`); null for a name. */
export function ipLiteral(host: string): string | null {
  const bare = host.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  return isIP(bare) ? bare : null;
}

/**
 * Whether an address is public unicast (true) or loopback, private, link-local, unique-local,
 * multicast, unspecified, CGNAT, documentation or otherwise reserved (false).
 * @example isPublicAddress('93.184.216.34') // true
 * @example isPublicAddress('::ffff:169.254.169.254') // false
 */
export function isPublicAddress(address: string): boolean {
  const ip = ipLiteral(address);
  if (!ip) return false;
  return !blocked.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
}

/** Names that always mean this machine (RFC 6761): refused without asking DNS. */
export function isLocalName(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === 'localhost.localdomain';
}

export type TargetProblem = 'invalid_url' | 'private_address';

/**
 * What can be told of a URL before any DNS query: a scheme other than http(s), or a host that is an
 * IP literal (in any spelling the URL parser accepts: `2130706433`, `0x7f.1`, `[::ffff:7f00:1]`) or
 * a name of this machine outside the public ranges. Names are checked again at each call, after
 * resolution (`request.ts`).
 * @example urlTargetProblem('http://0x7f.1/hooks', false) // 'private_address'
 */
export function urlTargetProblem(url: string, allowPrivate: boolean): TargetProblem | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'invalid_url';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'invalid_url';
  if (allowPrivate) return null;
  const ip = ipLiteral(u.hostname);
  if (ip) return isPublicAddress(ip) ? null : 'private_address';
  return isLocalName(u.hostname) ? 'private_address' : null;
}
