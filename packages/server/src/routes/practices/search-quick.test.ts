import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { account, addPosition, at, ENTE } from '../../../test/support/practice-fixtures.js';
import { quickHandler } from '../../http/quick.js';
import { closeServer, listen } from '../../server.js';
import { practiceSearchQuick } from './search-quick.js';

// The quick route of the anonymous search must answer exactly what its Hono route answers. One
// database, two servers on 127.0.0.1: one with the quick route before the app, one with the app
// alone. Every case is sent to both (each from its own client address, so that neither's rate
// limit counts the other's requests) and the answers must be the same: status, headers and body,
// the request id aside. A counter on the app says which server's app answered.

const MARIO = 'RSSMRA85T10A562S';
const SITE = 'http://127.0.0.1:8788';
const LIMIT = 1024;

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Sent {
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sent without Content-Length (Transfer-Encoding: chunked). */
  chunked?: boolean;
}

function send(base: string, s: Sent): Promise<Answer> {
  const url = new URL(s.path ?? at('/practices/search'), base);
  const body = s.body ?? '';
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          ...(s.chunked ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
          ...s.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (let i = 0; i < res.rawHeaders.length; i += 2)
            headers[(res.rawHeaders[i] as string).toLowerCase()] = res.rawHeaders[i + 1] as string;
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    req.on('error', reject);
    if (s.chunked) req.write(body);
    req.end(s.chunked ? undefined : body);
  });
}

/** An answer with what differs by nature between two requests (id, date) put aside. */
function comparable(a: Answer): Answer & { requestIdMatches: boolean } {
  const { date: _date, 'keep-alive': _keepAlive, ...headers } = a.headers;
  const id = headers['x-request-id'] ?? '';
  const body = a.body.split(id).join('<request-id>');
  return {
    status: a.status,
    headers: { ...headers, 'x-request-id': '<request-id>' },
    body,
    requestIdMatches: id !== '',
  };
}

describe('the anonymous search answered before Hono', () => {
  let h: Harness;
  let quick: { url: string; close(): Promise<void> };
  let plain: { url: string; close(): Promise<void> };
  let appCalls = { quick: 0, plain: 0 };
  let nav: string;
  let installmentsNav: string;
  let session: string;
  let seq = 0;

  beforeAll(async () => {
    h = await createHarness({ config: { trustProxy: true, bodyLimitBytes: LIMIT } });
    nav = (await addPosition(h, 'TARI-Q1', MARIO, { amount: 18650 })).navs[0] as string;
    installmentsNav = (await addPosition(h, 'RATE-Q1', MARIO, { installments: 3 })).navs[1] as string;
    session = (await account(h, { fiscalCode: MARIO, username: 'mario.quick' })).auth.authorization as string;
    const serve = async (name: 'quick' | 'plain') => {
      const fetch = (req: Request) => {
        appCalls[name]++;
        return h.app.fetch(req);
      };
      const handler = name === 'quick' ? quickHandler(h.deps, [practiceSearchQuick(h.deps)]) : undefined;
      const { server, port } = await listen(fetch, '127.0.0.1', 0, undefined, handler);
      return { url: `http://127.0.0.1:${port}`, close: () => closeServer(server) };
    };
    quick = await serve('quick');
    plain = await serve('plain');
  });
  afterAll(async () => {
    await quick?.close();
    await plain?.close();
    await h?.close();
  });

  /** Sends a case to both servers (each from its own address); answers both, compared. */
  async function both(s: Sent, ip = `10.9.${Math.floor(++seq / 200)}.${seq % 200}`) {
    appCalls = { quick: 0, plain: 0 };
    const headers = { 'content-type': 'application/json', ...s.headers };
    const q = await send(quick.url, { ...s, headers: { 'x-forwarded-for': `${ip}1`, ...headers } });
    const p = await send(plain.url, { ...s, headers: { 'x-forwarded-for': `${ip}2`, ...headers } });
    expect(comparable(q)).toEqual(comparable(p));
    return { quick: q, plain: p, appCalls: { ...appCalls } };
  }

  const json = (o: unknown) => JSON.stringify(o);

  // Built when run (the positions' codes exist once beforeAll ran).
  const takenCases: [string, () => Sent, number][] = [
    ['a practice found', () => ({ body: json({ fiscalCode: MARIO, nav }) }), 200],
    [
      'one of its installments',
      () => ({ body: json({ fiscalCode: MARIO.toLowerCase(), nav: installmentsNav }) }),
      200,
    ],
    ['a practice found by IUV', () => ({ body: json({ fiscalCode: MARIO, iuv: nav.slice(1) }) }), 200],
    ['a practice not found', () => ({ body: json({ fiscalCode: 'BSCMTT83A12L719R', nav }) }), 404],
    [
      'an entity unknown',
      () => ({ path: at('/practices/search', '00000000000'), body: json({ fiscalCode: MARIO, nav }) }),
      404,
    ],
    ['a body the schema refuses', () => ({ body: json({ fiscalCode: 'XX', nav: '12' }) }), 422],
    ['a body with an unknown field', () => ({ body: json({ fiscalCode: MARIO, nav, extra: 1 }) }), 422],
    ['neither code', () => ({ body: json({ fiscalCode: MARIO }) }), 422],
    [
      'the refusal worded in English',
      () => ({ body: json({ fiscalCode: 'XX' }), headers: { 'accept-language': 'en-GB,en;q=0.9' } }),
      422,
    ],
    [
      'the refusal worded in German',
      () => ({ body: json({ fiscalCode: MARIO, nav: '1' }), headers: { 'accept-language': 'de' } }),
      422,
    ],
    ['malformed JSON', () => ({ body: '{"fiscalCode":' }), 400],
    ['an empty body', () => ({ body: '' }), 400],
    ['a JSON array', () => ({ body: '[]' }), 422],
    ['JSON after a byte order mark', () => ({ body: `\uFEFF${json({ fiscalCode: MARIO, nav })}` }), 200],
    [
      'another JSON media type',
      () => ({
        body: json({ fiscalCode: MARIO, nav }),
        headers: { 'content-type': 'application/vnd.api+json' },
      }),
      200,
    ],
    [
      'a body that is not JSON',
      () => ({ body: 'fiscalCode=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      415,
    ],
    [
      'no content type',
      () => ({ body: json({ fiscalCode: MARIO, nav }), headers: { 'content-type': '' } }),
      415,
    ],
    [
      'a body over the limit',
      () => ({ body: json({ fiscalCode: MARIO, nav, pad: 'x'.repeat(LIMIT) }) }),
      413,
    ],
    [
      'a registered origin',
      () => ({ body: json({ fiscalCode: MARIO, nav }), headers: { origin: SITE } }),
      200,
    ],
    [
      'a registered origin, refused search',
      () => ({ body: json({ fiscalCode: 'XX' }), headers: { origin: SITE } }),
      422,
    ],
    [
      'a foreign origin',
      () => ({ body: json({ fiscalCode: MARIO, nav }), headers: { origin: 'https://evil.example' } }),
      403,
    ],
    [
      'a foreign origin and a body over the limit',
      () => ({ body: 'x'.repeat(LIMIT + 1), headers: { origin: 'https://evil.example' } }),
      413,
    ],
    [
      "the client's request id",
      () => ({ body: json({ fiscalCode: MARIO, nav }), headers: { 'x-request-id': 'proxy-id-12345678' } }),
      200,
    ],
    [
      'a malformed request id',
      () => ({ body: json({ fiscalCode: MARIO, nav }), headers: { 'x-request-id': 'no spaces allowed' } }),
      200,
    ],
  ];

  for (const [name, s, status] of takenCases) {
    it(`answers the same, before the app: ${name}`, async () => {
      const r = await both(s());
      expect(r.quick.status).toBe(status);
      expect(r.appCalls).toEqual({ quick: 0, plain: 1 });
    });
  }

  it('keeps the client request id it was given and puts it in error bodies', async () => {
    const r = await both({
      body: json({ fiscalCode: 'XX' }),
      headers: { 'x-request-id': 'proxy-id-12345678' },
    });
    expect(r.quick.headers['x-request-id']).toBe('proxy-id-12345678');
    expect(JSON.parse(r.quick.body)).toMatchObject({
      error: { code: 'validation_failed', requestId: 'proxy-id-12345678' },
    });
  });

  it('answers a registered origin with CORS headers and a foreign one with none', async () => {
    const ok = await both({ body: json({ fiscalCode: MARIO, nav }), headers: { origin: SITE } });
    expect(ok.quick.headers['access-control-allow-origin']).toBe(SITE);
    expect(ok.quick.headers.vary).toBe('Origin');
    const refused = await both({
      body: json({ fiscalCode: MARIO, nav }),
      headers: { origin: 'https://evil.example' },
    });
    expect(refused.quick.headers['access-control-allow-origin']).toBeUndefined();
    expect(JSON.parse(refused.quick.body)).toMatchObject({ error: { code: 'origin_not_allowed' } });
  });

  it('refuses the client past its limit the same way, with Retry-After', async () => {
    const ip = '10.8.0.';
    let last: Awaited<ReturnType<typeof both>> | undefined;
    for (let i = 0; i < 31; i++) last = await both({ body: json({ fiscalCode: MARIO, nav }) }, ip);
    expect(last?.quick.status).toBe(429);
    expect(Number(last?.quick.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('logs each answer as the app does', async () => {
    h.logger.lines.length = 0;
    await both({ body: json({ fiscalCode: MARIO, nav }), headers: { 'x-request-id': 'log-check-1234' } });
    const lines = h.logger.lines.filter((l) => l.msg === 'request' && l.requestId === 'log-check-1234');
    expect(lines).toHaveLength(2);
    const [q, p] = lines.map(({ ms: _ms, ip, time: _time, ...rest }) => ({
      ...rest,
      ip: String(ip).slice(0, -1),
    }));
    expect(q).toEqual(p);
    expect(q).toMatchObject({ method: 'POST', path: at('/practices/search'), status: 200 });
  });

  const appCases: [string, () => Sent][] = [
    ['a session', () => ({ body: json({ fiscalCode: MARIO, nav }), headers: { authorization: session } })],
    [
      'a session that is not valid',
      () => ({ body: json({ fiscalCode: MARIO, nav }), headers: { authorization: 'Bearer nope' } }),
    ],
    ['a chunked body', () => ({ body: json({ fiscalCode: MARIO, nav }), chunked: true })],
    ['a chunked body over the limit', () => ({ body: 'x'.repeat(LIMIT + 10), chunked: true })],
    [
      'a language asked in the query',
      () => ({ path: `${at('/practices/search')}?lang=en`, body: json({ fiscalCode: 'XX' }) }),
    ],
    [
      'an escaped entity code',
      () => ({
        path: at('/practices/search', `%38${ENTE.slice(1)}`),
        body: json({ fiscalCode: MARIO, nav }),
      }),
    ],
    [
      'a malformed entity code',
      () => ({ path: at('/practices/search', 'abc'), body: json({ fiscalCode: MARIO, nav }) }),
    ],
  ];

  for (const [name, s] of appCases) {
    it(`leaves to the app, which answers the same: ${name}`, async () => {
      const r = await both(s());
      expect(r.appCalls).toEqual({ quick: 1, plain: 1 });
    });
  }

  it('leaves other methods and paths to the app', async () => {
    appCalls = { quick: 0, plain: 0 };
    const res = await fetch(`${quick.url}${at('/practices/search')}`, { method: 'GET' });
    expect(res.status).toBe(405);
    const notice = await send(quick.url, {
      path: at('/practices/search/notice.pdf'),
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.7.0.1' },
      body: json({ fiscalCode: MARIO, nav }),
    });
    expect(notice.status).toBe(200);
    expect(appCalls.quick).toBe(2);
  });
});

describe('the quick route in the server', () => {
  it('answers a search through a started server', async () => {
    const { startServer } = await import('../../server.js');
    const h = await createHarness({ config: { trustProxy: true } });
    const { navs } = await addPosition(h, 'TARI-Q2', MARIO);
    const server = await startServer({ ...h.deps.config, host: '127.0.0.1', port: 0 }, { now: h.deps.now });
    try {
      const ok = await send(server.url, {
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.6.0.1' },
        body: JSON.stringify({ fiscalCode: MARIO, nav: navs[0] }),
      });
      expect(ok.status).toBe(200);
      expect(ok.headers['cache-control']).toBe('no-store');
      expect(ok.headers['x-content-type-options']).toBe('nosniff');
      expect(JSON.parse(ok.body)).toMatchObject({ practice: { entity: { code: ENTE } } });
    } finally {
      await server.close();
      await h.close();
    }
  });
});
