/**
 * Outbound calls reach public addresses only: the ranges (IPv4, IPv6, IPv4-mapped and NAT64
 * forms), the URL spellings the parser turns into IP literals, and the check made where the
 * connection is made (after resolution, on the address connected to, so DNS rebinding cannot swap
 * it), against real sockets on loopback.
 */
import { createServer, type Server } from 'node:http';
import type { LookupAddress } from 'node:dns';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress, urlTargetProblem } from './addresses.js';
import { BlockedAddressError, checkedLookup, outboundRequest } from './request.js';

const BLOCKED = [
  '0.0.0.0',
  '0.1.2.3',
  '10.0.0.1',
  '10.255.255.255',
  '100.64.0.1',
  '100.127.255.254',
  '127.0.0.1',
  '127.53.0.1',
  '169.254.169.254',
  '172.16.0.1',
  '172.31.255.255',
  '192.0.0.8',
  '192.0.2.1',
  '192.168.1.10',
  '198.18.0.1',
  '203.0.113.5',
  '224.0.0.1',
  '239.255.255.250',
  '240.0.0.1',
  '255.255.255.255',
  '::',
  '::1',
  '::127.0.0.1',
  '::ffff:127.0.0.1',
  '::ffff:7f00:1',
  '::ffff:169.254.169.254',
  '::ffff:10.0.0.1',
  '::ffff:192.168.0.1',
  '64:ff9b::7f00:1',
  '64:ff9b::a9fe:a9fe',
  '64:ff9b:1::1',
  'fc00::1',
  'fd12:3456:789a::1',
  'fe80::1',
  'fe80::1%eth0',
  '[fe80::1]',
  'fec0::1',
  'ff02::1',
  'ff05::1:3',
  '2001:db8::1',
  '2001::1',
  '2002:7f00:1::1',
  '100::1',
  'not-an-address',
];

const PUBLIC = [
  '8.8.8.8',
  '93.184.216.34',
  '172.32.0.1',
  '100.128.0.1',
  '192.169.0.1',
  '2a00:1450:4001:80b::200e',
  '2606:4700:4700::1111',
  '::ffff:8.8.8.8',
  '64:ff9b::808:808',
];

describe('addresses an outbound call may reach', () => {
  it('refuses loopback, private, link-local, unique-local, multicast, unspecified, CGNAT and reserved', () => {
    for (const a of BLOCKED) expect(isPublicAddress(a), a).toBe(false);
  });
  it('accepts public unicast, also in IPv4-mapped and NAT64 forms', () => {
    for (const a of PUBLIC) expect(isPublicAddress(a), a).toBe(true);
  });
  it('sees through the URL spellings of an internal address', () => {
    for (const url of [
      'http://127.0.0.1:8080/hooks',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://0x7f000001/',
      'http://017700000001/',
      'http://127.1/',
      'http://0/',
      'http://0.0.0.0:8787/',
      'http://[::1]/',
      'http://[::]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:a9fe:a9fe]/',
      'http://[fe80::1]/',
      'https://169.254.169.254/latest/meta-data/',
      'https://10.0.0.5/hooks',
      'https://192.168.1.1/',
      'http://localhost:8080/',
      'http://LOCALHOST./',
      'http://api.localhost/',
    ]) {
      expect(urlTargetProblem(url, false), url).toBe('private_address');
      expect(urlTargetProblem(url, true), url).toBe(null);
    }
    expect(urlTargetProblem('https://tributi.comune.example.it/hooks', false)).toBe(null);
    expect(urlTargetProblem('https://8.8.8.8/', false)).toBe(null);
    expect(urlTargetProblem('ftp://example.it/', true)).toBe('invalid_url');
    expect(urlTargetProblem('not a url', true)).toBe('invalid_url');
  });
});

/** A receiver on one loopback address; counts what reaches it. */
async function receiverOn(
  host: string,
  port = 0,
): Promise<{ server: Server; port: number; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  await new Promise<void>((r) => server.listen(port, host, r));
  return { server, port: (server.address() as AddressInfo).port, hits: () => hits };
}

describe('the check where the connection is made', () => {
  let r: Awaited<ReturnType<typeof receiverOn>>;
  beforeAll(async () => {
    r = await receiverOn('127.0.0.1');
  });
  afterAll(() => new Promise<void>((done) => r.server.close(() => done())));

  const resolver = (answers: string[][]) => {
    let calls = 0;
    const resolve = (_host: string, cb: (e: NodeJS.ErrnoException | null, a: LookupAddress[]) => void) => {
      const next = answers[Math.min(calls++, answers.length - 1)]!;
      cb(
        null,
        next.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );
    };
    return { resolve, calls: () => calls };
  };

  it('an IP literal outside the public ranges is refused before connecting', async () => {
    for (const host of ['127.0.0.1', '2130706433', '0x7f.1', '[::ffff:127.0.0.1]']) {
      await expect(
        outboundRequest(`http://${host}:${r.port}/`, { timeoutMs: 5000, allowPrivate: false }),
      ).rejects.toBeInstanceOf(BlockedAddressError);
    }
    expect(r.hits()).toBe(0);
    // The entity's own network, when it allows it: the same receiver is reached.
    const ok = await outboundRequest(`http://127.0.0.1:${r.port}/`, { timeoutMs: 5000, allowPrivate: true });
    expect(ok.status).toBe(200);
    expect(r.hits()).toBe(1);
  });

  it('a name is checked after resolution: localhost, and a name made to resolve to 127.0.0.1', async () => {
    const before = r.hits();
    await expect(
      outboundRequest(`http://localhost:${r.port}/`, { timeoutMs: 5000, allowPrivate: false }),
    ).rejects.toThrow(/localhost resolves to (127\.0\.0\.1|::1), not a public address/);
    const dns = resolver([['127.0.0.1']]);
    await expect(
      outboundRequest(`http://hooks.comune.test:${r.port}/`, {
        timeoutMs: 5000,
        allowPrivate: false,
        resolve: dns.resolve,
      }),
    ).rejects.toThrow('hooks.comune.test resolves to 127.0.0.1, not a public address');
    expect(dns.calls()).toBe(1);
    // One private address among public ones (a client falling back to the second) is refused too.
    const mixed = resolver([['93.184.216.34', '127.0.0.1']]);
    await expect(
      outboundRequest(`http://hooks.comune.test:${r.port}/`, {
        timeoutMs: 5000,
        allowPrivate: false,
        resolve: mixed.resolve,
      }),
    ).rejects.toBeInstanceOf(BlockedAddressError);
    expect(r.hits()).toBe(before);
  });

  it('DNS rebinding: each connection goes to the address its own check passed, never to a later answer', async () => {
    // 127.0.0.1 stands for the public address here, 127.0.0.2 for the internal one it rebinds to.
    const inside = await receiverOn('127.0.0.2', r.port).catch(() => null);
    if (!inside) return expect.fail('127.0.0.2 cannot be bound on this machine');
    try {
      const dns = resolver([['127.0.0.1'], ['127.0.0.2'], ['127.0.0.2']]);
      const lookup = checkedLookup(dns.resolve, (a) => a === '127.0.0.1');
      const get = () =>
        new Promise<number>((resolve, reject) => {
          const req = request(
            { host: 'rebind.comune.test', port: r.port, path: '/', agent: new Agent({ lookup }) },
            (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode ?? 0));
            },
          );
          req.on('error', reject);
          req.end();
        });
      const before = r.hits();
      expect(await get()).toBe(200);
      expect(r.hits()).toBe(before + 1);
      await expect(get()).rejects.toThrow('rebind.comune.test resolves to 127.0.0.2');
      await expect(get()).rejects.toBeInstanceOf(BlockedAddressError);
      expect(inside.hits()).toBe(0);
      expect(dns.calls()).toBe(3);
    } finally {
      await new Promise<void>((done) => inside.server.close(() => done()));
    }
  });
});
