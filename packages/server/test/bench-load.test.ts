// The load generator of `npm run bench` (bench/lib/load.mjs): at a fixed rate it offers the rate
// asked for, no more, across the end of its warm-up, so that the p99 it prints is the server's at
// that load and not a burst of its own making.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: the bench's helpers are plain JavaScript modules without types.
import { fastest, load, steadiest } from '../../../bench/lib/load.mjs';

let server: Server;
let url: string;
let arrivals: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    arrivals.push(performance.now());
    req.resume();
    req.on('end', () => res.end('{}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('bench load generator', () => {
  it('sends no request twice for one slot when the warm-up ends', async () => {
    // Fifty idle connections each wait for a slot of their own, up to 100 ms ahead at 500 req/s:
    // a schedule started again at the end of the warm-up would book those 100 ms twice.
    arrivals = [];
    const rate = 500;
    const began = performance.now();
    const r = await load({ url, paths: ['/'], connections: 50, rate, warmupMs: 400, durationMs: 400 });
    const took = performance.now() - began;
    expect(r.errors).toBe(0);
    // Every request sent was due by the end: at most one per 2 ms of the whole run.
    expect(r.sent).toBeLessThanOrEqual(Math.floor((took * rate) / 1000) + 1);
    expect(arrivals.length).toBe(r.sent);
    // The measured window (however late its timer ended it) holds its share of the schedule, no more.
    const window = (r.requests / r.rps) * 1000;
    expect(r.requests).toBeGreaterThan(0.5 * rate * 0.4);
    expect(r.requests).toBeLessThanOrEqual(Math.floor((window * rate) / 1000) + 1);
  });

  it('keeps the fastest closed loop and the steadiest fixed rate of several turns', () => {
    const runs = [
      { rps: 10, p99: 3 },
      { rps: 30, p99: 9 },
      { rps: 20, p99: 1 },
    ];
    expect(fastest(runs)).toBe(runs[1]);
    expect(steadiest(runs)).toBe(runs[2]);
  });
});
