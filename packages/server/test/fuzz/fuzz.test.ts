/**
 * Property-based fuzzing of the whole HTTP surface, as an attacker or a careless client would hit
 * it: a real server on 127.0.0.1 over an SQLite file, every operation of its own OpenAPI document
 * (public, a citizen's with the session of an activated account, an entity's with a real API key)
 * and the node's SOAP endpoint, fed wrong types, missing and extra fields, huge and unicode strings,
 * malformed and oversized JSON and XML, bad path parameters and query strings, and bad headers
 * (Content-Type, Authorization, Accept-Language, Content-Length, X-Forwarded-For, Origin).
 *
 * Properties: never a 5xx (except a documented `503 unavailable`); every API error is the one error
 * body with a code from the SDK's closed set whose status is the answer's; the SOAP endpoint answers
 * SOAP (the operation's KO with a PAA_* fault, or a SOAP Fault); and a refused request writes no row
 * (per-table counts before and after; `rate_limits`, `account_audit` and `pagopa_node_calls` (the
 * node's calls seen, for the health page) record refused attempts by design and are left out, and a
 * payment Checkout could not take stays on record as failed). Pages a person opens (`produces:
 * 'html'`) answer a refusal with a page.
 *
 * `npm test` runs a bounded pass: a fixed seed and a random one, both printed on failure.
 * `npm run fuzz -- --minutes 30` runs new random seeds for as long as asked; `FUZZ_SEED=<n>` replays
 * one seed (docs/operations.md, "Fuzzing").
 */
import { endpoints, ERROR_CODES, type ErrorCode } from '@pagatore/sdk';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENTITY } from '../support/entity.js';
import { testKey, otherEntityKey, position } from '../support/admin-fixtures.js';
import { createHarness, type Harness } from '../support/harness.js';
import { configureStation, nodePosition, STATION } from '../support/pagopa-fixtures.js';
import {
  ACCEPT_LANGUAGES,
  authorizationOf,
  bodyOf,
  CONTENT_TYPES,
  type Credentials,
  type Framing,
  forwardedFor,
  framing,
  METHODS_ODD,
  type Operation,
  operationsOf,
  ORIGINS,
  pathOf,
  type Plausible,
  queryOf,
} from './arbitraries.js';
import { type RawRequest, type RawResponse, rawRequest } from './raw-http.js';
import { type SoapCase, soapCases } from './soap.js';

const ENTE = TEST_ENTITY.code;
const OTHER_ENTE = '12345670488';
const BODY_LIMIT = 64 * 1024;
const SOAP_LIMIT = 64 * 1024;
/** Tables whose rows are the record of a refused attempt itself. */
const ATTEMPT_TABLES = new Set(['rate_limits', 'account_audit', 'pagopa_node_calls']);
/** Pages a person opens from a mail or a link: their own refusals are pages too. */
const HTML_PAGES = new Set<string>(
  Object.values(endpoints)
    .filter((e) => 'produces' in e && e.produces === 'html')
    .map((e) => e.id),
);
const PASSWORD = 'Tramonto-sul-Tevere-42';

const FIXED_SEED = 1_616;
const replaySeed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const minutes = Number(process.env.FUZZ_MINUTES ?? 0);
const apiRuns = Number(process.env.FUZZ_API_RUNS ?? 800);
const soapRuns = Number(process.env.FUZZ_SOAP_RUNS ?? 300);
const randomSeed = (Date.now() ^ (process.pid << 8)) >>> 0;
/** FUZZ_PROFILE=1: time spent per operation, printed at the end. */
const profile: Record<string, [number, number]> | null = process.env.FUZZ_PROFILE ? {} : null;
const seeds = replaySeed !== undefined ? [replaySeed] : [FIXED_SEED, randomSeed];

interface ApiCase {
  op: Operation;
  request: RawRequest;
  framing: Framing;
}

function frame(
  method: string,
  target: string,
  headers: [string, string][],
  body: Buffer | undefined,
  f: Framing,
): RawRequest {
  if (body === undefined) return { method, target, headers };
  switch (f.kind) {
    case 'honest':
      return { method, target, headers: [...headers, ['Content-Length', String(body.length)]], body };
    case 'none':
      return { method, target, headers, body };
    case 'short':
      return {
        method,
        target,
        headers: [...headers, ['Content-Length', String(body.length >> 1)]],
        body,
      };
    case 'long':
      return {
        method,
        target,
        headers: [...headers, ['Content-Length', String(body.length + 10)]],
        body,
        halfClose: true,
      };
    case 'invalid':
      // Half-closed too: should a parser ever take the value for a length, the request still ends.
      return { method, target, headers: [...headers, ['Content-Length', f.value]], body, halfClose: true };
    case 'chunked': {
      const chunked = Buffer.concat([
        Buffer.from(`${body.length.toString(16)}\r\n`),
        body,
        Buffer.from(body.length ? '\r\n0\r\n\r\n' : '\r\n'),
      ]);
      return { method, target, headers: [...headers, ['Transfer-Encoding', 'chunked']], body: chunked };
    }
  }
}

describe('fuzzing every operation of the OpenAPI document and the node endpoint', () => {
  let h: Harness;
  let server: { url: string; close(): Promise<void> };
  let port: number;
  let ops: Operation[];
  let tables: string[];
  let errorCodes: Set<string>;
  const cred: Credentials = { session: '', apiKey: '', otherApiKey: '' };
  const plausible: Record<string, unknown[]> = {};
  let citizens = 0;
  let lastUsername = '';

  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return fetch(`${server.url}${path}`, {
      method,
      headers: {
        'x-forwarded-for': `10.${citizens}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** A new activated account and its session: the first, and again after the fuzz logs it out. */
  async function newCitizen(): Promise<void> {
    citizens++;
    const username = `fuzz.citizen${citizens}`;
    const email = `fuzz${citizens}@example.it`;
    const base = `/api/v1/entities/${ENTE}`;
    const reg = await call('POST', `${base}/accounts`, {
      fiscalCode: 'RSSMRA80A01H501U',
      subjectKind: 'person',
      firstName: 'Mario',
      lastName: 'Rossi',
      address: 'Via Roma 1',
      country: 'IT',
      city: 'Roma',
      province: 'RM',
      postalCode: '00100',
      email,
      phone: '+39 06 1234567',
      username,
      password: PASSWORD,
      privacyConsent: true,
      privacyVersion: '2026-01',
    });
    expect(reg.status, await reg.clone().text()).toBe(202);
    const box = (await (await call('GET', '/dev/mailbox.json')).json()) as { to: string; text: string }[];
    const mail = box.filter((m) => m.to.includes(email)).at(-1);
    const token = /#pagatore-activate=([a-z2-7]+)/.exec(mail?.text ?? '')?.[1];
    expect(token, `activation mail to ${email}`).toBeTruthy();
    expect((await call('POST', `${base}/accounts/activation`, { token })).status).toBeLessThan(300);
    lastUsername = username;
    await login();
  }

  /** A new session of the current account. */
  async function login(): Promise<void> {
    const res = await call('POST', `/api/v1/entities/${ENTE}/sessions`, {
      username: lastUsername,
      password: PASSWORD,
    });
    expect(res.status, await res.clone().text()).toBe(201);
    cred.session = ((await res.json()) as { token: string }).token;
  }

  async function counts(): Promise<Record<string, number>> {
    const select = tables.map((t) => `(SELECT count(*) FROM "${t}") AS "${t}"`).join(', ');
    const r = await sql.raw<Record<string, number>>(`SELECT ${select}`).execute(h.deps.db);
    return r.rows[0] as Record<string, number>;
  }

  function writes(before: Record<string, number>, after: Record<string, number>): string[] {
    return tables
      .filter((t) => !ATTEMPT_TABLES.has(t) && before[t] !== after[t])
      .map((t) => `${t} ${before[t]}→${after[t]}`);
  }

  beforeAll(async () => {
    h = await createHarness({
      config: {
        paymentProvider: 'pagopa',
        // Every case comes from its own address (X-Forwarded-For), so per-address limits do not
        // turn the whole run into 429s; per-code and per-account limits still apply.
        trustProxy: true,
        bodyLimitBytes: BODY_LIMIT,
        pagopaSoapLimitBytes: SOAP_LIMIT,
        // Checkout is never reached outside this machine.
        pagopaCheckoutUrl: 'http://127.0.0.1:9/checkout/ec/v2/carts',
      },
    });
    await configureStation(h);
    server = await h.listen();
    port = Number(new URL(server.url).port);
    cred.apiKey = await testKey(h);
    cred.otherApiKey = await otherEntityKey(h);

    const doc = (await (await call('GET', '/api/v1/openapi.json')).json()) as Parameters<
      typeof operationsOf
    >[0] & {
      components: {
        schemas: { ErrorBody: { properties: { error: { properties: { code: { enum: string[] } } } } } };
      };
    };
    ops = operationsOf(doc);
    errorCodes = new Set(doc.components.schemas.ErrorBody.properties.error.properties.code.enum);

    const created = await call('POST', '/api/v1/admin/positions', position('FUZZ-1'), {
      authorization: `Bearer ${cred.apiKey}`,
    });
    expect(created.status).toBe(201);
    const fixture = (await created.json()) as { single: { nav: string; iuv: string } };
    const nodeA = await nodePosition(h, { amount: 12_345 });
    const nodeB = await nodePosition(h, { amount: 98_76, transfers: 2 });
    await newCitizen();
    const link = await call(
      'POST',
      `/api/v1/entities/${ENTE}/me/practices`,
      { fiscalCode: 'RSSMRA80A01H501U', nav: nodeA.nav },
      { authorization: `Bearer ${cred.session}` },
    );
    const practiceId = link.ok ? ((await link.json()) as { practice?: { id?: string }; id?: string }) : {};
    const navs = [fixture.single.nav, nodeA.nav, nodeB.nav];
    Object.assign(plausible, {
      ente: [ENTE, ENTE, OTHER_ENTE],
      iupd: ['FUZZ-1', 'FUZZ-2'],
      id: [
        '1',
        '2',
        'aaaaaaaaaaaaaaaa',
        'wh_aaaaaaaaaaaaaaaa',
        practiceId.practice?.id ?? practiceId.id ?? '1',
      ],
      code: ['mensa', 'tari', 'servizio-1'],
      nav: navs,
      options: [navs.slice(0, 1), navs.slice(1, 3), [navs[0], navs[0]]],
      iuv: [fixture.single.iuv, nodeA.iuv],
      fiscalCode: ['RSSMRA80A01H501U', 'RSSMRA85T10A562S', '12345670488'],
      iban: [TEST_ENTITY.iban],
      email: ['fuzz1@example.it', 'nuovo@example.it'],
      username: ['fuzz.citizen1', 'mario.rossi'],
      login: ['fuzz.citizen1', 'fuzz1@example.it'],
      password: [PASSWORD, 'Mario-sul-Tevere-42', 'corta'],
      currentPassword: [PASSWORD],
      newPassword: ['Altro-Tramonto-sul-Po-43'],
      privacyVersion: ['2026-01'],
      privacyConsent: [true],
      subjectKind: ['person', 'legal'],
      country: ['IT', 'DE'],
      province: ['RM'],
      postalCode: ['00100'],
      phone: ['+39 06 1234567'],
      lang: ['it', 'en', 'de'],
      token: ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
      url: ['https://127.0.0.1:9/hook', 'http://localhost:9/hook'],
      returnUrl: ['http://127.0.0.1:8788/pagamenti.html'],
      logoUrl: ['https://127.0.0.1:9/logo.png'],
      amount: [100, 15_000, 12_345],
      dueDate: ['2026-12-31', '2099-12-31'],
      from: ['2026-01-01'],
      to: ['2026-12-31'],
      taxonomy: ['9/0101002IM/'],
      description: ['TARI 2026'],
      name: ['Mario Rossi'],
      remittance: ['TARI 2026'],
      cart: [true],
    } satisfies Plausible);
    // The app's tables on either engine (Kysely's introspection leaves out its migration tables).
    tables = (await h.deps.db.introspection.getTables()).map((t) => t.name);
  }, 120_000);

  afterAll(async () => {
    if (profile)
      console.log(
        Object.entries(profile)
          .sort((a, b) => b[1][1] - a[1][1])
          .map(([id, [n, ms]]) => `${id.padEnd(32)} ${String(n).padStart(5)} cases ${Math.round(ms)} ms`)
          .join('\n'),
      );
    await server?.close();
    await h?.close();
  });

  let built: fc.Arbitrary<ApiCase> | null = null;

  /** Every operation equally likely; each operation's arbitrary is built once. */
  function apiCases(): fc.Arbitrary<ApiCase> {
    built ??= fc.oneof(...ops.map((op) => caseOf(op)));
    return built;
  }

  function caseOf(op: Operation): fc.Arbitrary<ApiCase> {
    {
      const sendsBody = op.method !== 'GET' && op.method !== 'DELETE';
      return fc
        .record({
          path: pathOf(op, plausible),
          query: queryOf(op, plausible),
          body: sendsBody
            ? bodyOf(op, plausible, BODY_LIMIT)
            : fc.option(bodyOf(op, plausible, BODY_LIMIT), { freq: 10, nil: undefined }),
          contentType: fc.oneof(
            { weight: 8, arbitrary: fc.constant<string | undefined>('application/json') },
            { weight: 3, arbitrary: fc.constantFrom<string | undefined>(undefined, ...CONTENT_TYPES) },
          ),
          auth: authorizationOf(op, cred),
          lang: fc.option(fc.constantFrom(...ACCEPT_LANGUAGES), { freq: 3, nil: undefined }),
          framing,
          xff: forwardedFor,
          origin: fc.oneof(
            { weight: 12, arbitrary: fc.constant(undefined) },
            { weight: 1, arbitrary: fc.constantFrom(...ORIGINS) },
          ),
          method: fc.oneof(
            { weight: 25, arbitrary: fc.constant(op.method) },
            { weight: 1, arbitrary: fc.constantFrom(...METHODS_ODD) },
          ),
        })
        .map((p): ApiCase => {
          const headers: [string, string][] = [
            ['Host', `127.0.0.1:${port}`],
            ['Connection', 'close'],
            ['X-Forwarded-For', p.xff],
          ];
          if (p.body !== undefined && p.contentType !== undefined)
            headers.push(['Content-Type', p.contentType]);
          if (p.auth !== undefined) headers.push(['Authorization', p.auth]);
          if (p.lang !== undefined) headers.push(['Accept-Language', p.lang]);
          if (p.origin !== undefined) headers.push(['Origin', p.origin]);
          const method = p.method === 'HEAD' ? 'GET' : p.method;
          return {
            op,
            framing: p.framing,
            request: frame(method, `${p.path}${p.query}`, headers, p.body, p.framing),
          };
        });
    }
  }

  function describeCase(c: ApiCase): string {
    const r = c.request;
    const body = r.body ? r.body.subarray(0, 300).toString('utf8') : '';
    return `${c.op.id}: ${r.method} ${r.target.slice(0, 300)} [${c.framing.kind}] ${JSON.stringify(r.headers.filter(([k]) => k !== 'Host' && k !== 'Connection').map(([k, v]) => `${k}: ${v.slice(0, 80)}`))} ${body}`;
  }

  function checkApiAnswer(c: ApiCase, res: RawResponse | null): { refused: boolean } {
    const what = describeCase(c);
    if (res === null) {
      // Only a client that announced more body than it sent may be left without an answer.
      expect(['long', 'invalid'], `no answer to ${what}`).toContain(c.framing.kind);
      return { refused: true };
    }
    expect(res.status, `${res.status} to ${what}: ${res.body.subarray(0, 500).toString()}`).toBeLessThan(
      res.status === 503 ? 504 : 500,
    );
    if (res.status < 400) return { refused: false };
    // A page refuses what it can read with a page; what the layers before it refuse is JSON.
    if (
      HTML_PAGES.has(c.op.id) &&
      /^text\/html/.test(res.headers['content-type'] ?? '') &&
      res.body.length > 0
    )
      return { refused: true };
    let parsed: { error?: { code?: string; message?: string; requestId?: string } };
    try {
      parsed = JSON.parse(res.body.toString('utf8')) as typeof parsed;
    } catch {
      throw new Error(
        `${res.status} without the JSON error body to ${what}: ${res.body.subarray(0, 300).toString()}`,
      );
    }
    const code = parsed.error?.code ?? '';
    expect(errorCodes.has(code), `code ${code} not in the OpenAPI document's ErrorBody enum: ${what}`).toBe(
      true,
    );
    expect(ERROR_CODES[code as ErrorCode], `status ${res.status} of ${code}: ${what}`).toBe(res.status);
    if (res.status === 503) expect(code).toBe('unavailable');
    expect(typeof parsed.error?.message, what).toBe('string');
    expect(typeof parsed.error?.requestId, what).toBe('string');
    return { refused: true };
  }

  /**
   * The bounded pass: each seed once. With FUZZ_MINUTES: new seeds, one after the other, for this
   * property's share of the time (each is printed, so a failure can be replayed).
   */
  async function runSeeds(
    name: string,
    share: number,
    perRound: number,
    property: (seed: number) => Promise<void>,
  ) {
    if (minutes <= 0) {
      for (const seed of seeds) await property(seed);
      return;
    }
    const until = Date.now() + minutes * share * 60_000;
    let seed = randomSeed;
    let rounds = 0;
    while (Date.now() < until) {
      await property(seed);
      rounds++;
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    }
    console.log(`fuzz ${name}: ${rounds * perRound} cases, ${rounds} seeds from ${randomSeed}, no failure`);
  }

  /** Runs a property with a seed; on failure, the seeds, how to replay, and the case in short. */
  async function assertWithSeed<T>(
    name: string,
    arb: fc.Arbitrary<T>,
    seed: number,
    runs: number,
    show: (t: T) => string,
    check: (t: T) => Promise<void>,
  ) {
    const details = await fc.check(fc.asyncProperty(arb, check), { seed, numRuns: runs, endOnFailure: true });
    if (!details.failed) return;
    const example = details.counterexample?.[0];
    const error =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(
      `fuzz ${name} failed after ${details.numRuns} cases with seed ${seed} (fixed seed ${FIXED_SEED}, random seed ` +
        `${randomSeed}). Replay: FUZZ_SEED=${seed} npx vitest run packages/server/test/fuzz/fuzz.test.ts\n` +
        `case: ${example === undefined ? '?' : show(example).slice(0, 1_500)}\n${error.slice(0, 3_000)}`,
    );
  }

  const timeout = minutes > 0 ? minutes * 60_000 + 600_000 : 600_000;

  it(
    'every API operation: a 4xx with a stable code (or a documented 503), never a 5xx, and a refusal writes nothing',
    async () => {
      const loggedOut = new Set(['logout', 'revokeConsent', 'changePassword']);
      await runSeeds('api', 0.75, 500, (seed) =>
        assertWithSeed('api', apiCases(), seed, minutes > 0 ? 500 : apiRuns, describeCase, async (c) => {
          const before = await counts();
          const started = performance.now();
          const res = await rawRequest(port, c.request);
          if (profile) {
            const t = (profile[c.op.id] ??= [0, 0]);
            t[0] += 1;
            t[1] += performance.now() - started;
          }
          const { refused } = checkApiAnswer(c, res);
          if (refused) {
            const written = writes(before, await counts());
            if (res?.status === 503 && c.op.id === 'startPayment' && written.length > 0) {
              // Checkout unreachable (it is, in this run): the attempt stays on record as a failed
              // payment with its items and events, and nothing holds the practices any more.
              expect(
                written.filter((w) => !/^(payments|payment_items|events) /.test(w)),
                describeCase(c),
              ).toEqual([]);
              const held = await h.deps.db
                .selectFrom('payments')
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .where('state', '!=', 'failed')
                .executeTakeFirstOrThrow();
              expect(Number(held.n), `a payment not failed after ${describeCase(c)}`).toBe(0);
            } else expect(written, `rows written by a refused ${describeCase(c)}`).toEqual([]);
          }
          if (!refused && c.op.id === 'logout') await login();
          else if (!refused && loggedOut.has(c.op.id)) await newCitizen();
        }),
      );
    },
    timeout,
  );

  it(
    'the node endpoint: SOAP answers (KO with a PAA_* fault, or a SOAP Fault), never a 5xx, and a refusal writes nothing',
    async () => {
      // The API fuzz may have changed the station's settings: the node's calls need them.
      await configureStation(h);
      const ctx = {
        ...STATION,
        navs: await Promise.all(
          [12_345, 98_76, 1].map(async (amount) => {
            const p = await nodePosition(h, { amount });
            return { nav: p.nav, iuv: p.iuv, amount: (amount / 100).toFixed(2) };
          }),
        ),
        iban: TEST_ENTITY.iban,
        limit: SOAP_LIMIT,
      };
      const showSoap = ([s, ip, f]: [SoapCase, string, Framing]) =>
        `SOAPAction ${s.action} ${s.contentType} [${f.kind}] from ${ip}: ${s.body.subarray(0, 600).toString()}`;
      const cases = fc.tuple(
        soapCases(ctx),
        fc.oneof({ weight: 15, arbitrary: fc.constant('127.0.0.1') }, { weight: 1, arbitrary: fc.ipV4() }),
        framing,
      );
      await runSeeds('soap', 0.25, 300, (seed) =>
        assertWithSeed('soap', cases, seed, minutes > 0 ? 300 : soapRuns, showSoap, async ([s, ip, f]) => {
          const headers: [string, string][] = [
            ['Host', `127.0.0.1:${port}`],
            ['Connection', 'close'],
            ['X-Forwarded-For', ip],
          ];
          if (s.contentType !== undefined) headers.push(['Content-Type', s.contentType]);
          if (s.action !== undefined) headers.push(['SOAPAction', s.action]);
          const request = frame('POST', '/pagopa/node', headers, s.body, f);
          const what = showSoap([s, ip, f]);
          const before = await counts();
          const res = await rawRequest(port, request);
          if (res === null) {
            expect(['long', 'invalid'], `no answer to ${what}`).toContain(f.kind);
            return;
          }
          expect(
            res.status,
            `${res.status} to ${what}: ${res.body.subarray(0, 400).toString()}`,
          ).toBeLessThan(500);
          const text = res.body.toString('utf8');
          if (res.headers['content-type']?.includes('xml')) {
            expect(text, what).toMatch(/<(\w+:)?Envelope[\s>]/);
            const ok = /<outcome>OK<\/outcome>/.test(text);
            const ko = /<outcome>KO<\/outcome>[\s\S]*<faultCode>PAA_[A-Z_]+<\/faultCode>/.test(text);
            const fault = /<(\w+:)?Fault>[\s\S]*<faultcode>[\s\S]*<\/faultcode>/.test(text);
            expect(ok || ko || fault, `neither OK nor a fault to ${what}: ${text.slice(0, 400)}`).toBe(true);
            if (!ok) expect(writes(before, await counts()), `rows written by a refused ${what}`).toEqual([]);
          } else {
            // Only what Node itself refuses before the route (a request it cannot parse) is not SOAP.
            expect(res.status, `${res.status} ${res.headers['content-type']} to ${what}`).toBe(400);
            expect(writes(before, await counts()), `rows written by a refused ${what}`).toEqual([]);
          }
        }),
      );
    },
    timeout,
  );
});
