/**
 * Test support: a stand-in for GPD's debt-positions service v1 and payments-receipts service on
 * 127.0.0.1, built from the official gpd.json and gpd_payments.json (copied in ./pagopa/openapi):
 * their paths, their status codes, GPD's state rules (DebtPositionStatus of pagopa-debt-position:
 * what may be updated, published, invalidated, deleted), every call checked to be a path, method
 * and query parameters the files declare, and every create and update body checked against
 * `PaymentPositionModel` (`problems` collects what did not conform). It can go down and come
 * back on the same port (an outage), and fail the next calls on purpose.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkJsonSchema } from './json-schema-check.js';

const GPD = JSON.parse(readFileSync(new URL('./pagopa/openapi/gpd.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;
const PAYMENTS = JSON.parse(
  readFileSync(new URL('./pagopa/openapi/gpd_payments.json', import.meta.url), 'utf8'),
) as { paths: Record<string, unknown> };
/** An OpenAPI path template as a regular expression (`{x}` is one segment). */
function templateRegex(template: string): RegExp {
  return new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
}

type Operation = { parameters?: { name: string; in: string }[] };

/**
 * The problems of a call against an OpenAPI document: a path or method it does not have, a query
 * parameter its operation does not declare.
 */
function callProblems(
  spec: { paths: Record<string, unknown> },
  method: string,
  path: string,
  query: URLSearchParams,
) {
  const template = Object.keys(spec.paths).find((t) => templateRegex(t).test(path));
  if (!template) return [`${method} ${path}: no such path in the OpenAPI`];
  const op = (spec.paths[template] as Record<string, Operation>)[method.toLowerCase()];
  if (!op) return [`${method} ${template}: no such operation in the OpenAPI`];
  const declared = new Set((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
  return [...query.keys()]
    .filter((k) => !declared.has(k))
    .map((k) => `${method} ${template}: query ${k} not declared`);
}
const GPD_SPEC = GPD as { paths: Record<string, unknown> };
const POSITION_SCHEMA = { $ref: '#/components/schemas/PaymentPositionModel' };

export const GPD_BASE = '/gpd/debt-positions-service/v1';
export const RECEIPTS_BASE = '/gpd/payments-receipts-service/v1';

/** One call as the stand-in saw it. */
export interface GpdCallSeen {
  method: string;
  /** The path under the service's base, with `{org}` and `{iupd}` filled in. */
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | null;
  status: number;
  key: string | undefined;
}

interface Held {
  model: Record<string, unknown>;
  status: string;
  paid: Set<string>;
}

interface StoredReceipt {
  org: string;
  iuv: string;
  debtor: string;
  paymentDateTime: string;
  document: string;
}

const NOT_UPDATABLE = ['INVALID', 'PARTIALLY_PAID', 'PAID', 'REPORTED'];
const NOT_INVALIDABLE = ['DRAFT', 'INVALID', 'EXPIRED', 'PARTIALLY_PAID', 'PAID', 'REPORTED'];
const ALREADY_PAID = ['PARTIALLY_PAID', 'PAID', 'REPORTED'];

function problem(res: ServerResponse, status: number, title: string, detail: string) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ title, status, detail }));
  return status;
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
  return status;
}

export interface GpdStandIn {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The entity settings that point at the stand-in. */
  settings: { gpdUrl: string; gpdReceiptsUrl: string; gpdSubscriptionKey: string };
  calls: GpdCallSeen[];
  /** Bodies that did not conform to the OpenAPI schema, with the problems found. */
  problems: string[];
  /** What GPD holds, by organization and iupd. */
  positions: Map<string, Held>;
  /** Answers the next `n` calls with `status` (503 by default) without doing anything. */
  failNext(n: number, status?: number): void;
  /** Stops listening (connections refused) until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** Pays an option on GPD, as its own station would: the position PAID, the receipt kept. */
  pay(org: string, iupd: string, iuv: string, document: string, paymentDateTime: string): void;
  close(): Promise<void>;
}

export async function startGpdStandIn(key = 'gpd-test-key'): Promise<GpdStandIn> {
  const calls: GpdCallSeen[] = [];
  const problems: string[] = [];
  const positions = new Map<string, Held>();
  const receipts: StoredReceipt[] = [];
  let failing = { n: 0, status: 503 };

  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<number> => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await read(req);
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
    const seen: GpdCallSeen = {
      method: req.method ?? 'GET',
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      body,
      status: 0,
      key: req.headers['ocp-apim-subscription-key'] as string | undefined,
    };
    calls.push(seen);
    const answer = (status: number) => (seen.status = status);
    if (failing.n > 0) {
      failing.n--;
      return answer(problem(res, failing.status, 'Service Unavailable', 'failing on purpose'));
    }
    if (seen.key !== key) return answer(problem(res, 401, 'Unauthorized', 'wrong or missing key'));

    // Every call is one the official files describe.
    if (u.pathname.startsWith(RECEIPTS_BASE))
      problems.push(
        ...callProblems(PAYMENTS, seen.method, u.pathname.slice(RECEIPTS_BASE.length), u.searchParams),
      );
    else if (u.pathname.startsWith(GPD_BASE))
      problems.push(
        ...callProblems(GPD_SPEC, seen.method, u.pathname.slice(GPD_BASE.length), u.searchParams),
      );
    if (u.pathname.startsWith(RECEIPTS_BASE)) {
      const m = /^\/payments\/([^/]+)\/receipts(?:\/([^/]+))?$/.exec(u.pathname.slice(RECEIPTS_BASE.length));
      if (!m || req.method !== 'GET') return answer(problem(res, 404, 'Not Found', 'no such path'));
      const org = decodeURIComponent(m[1]!);
      if (m[2]) {
        const r = receipts.find((x) => x.org === org && x.iuv === decodeURIComponent(m[2]!));
        if (!r) return answer(problem(res, 404, 'Not Found', 'no receipt'));
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(r.document);
        return answer(200);
      }
      const pageNum = Number(u.searchParams.get('pageNum') ?? 0);
      const pageSize = Number(u.searchParams.get('pageSize') ?? 20);
      const from = u.searchParams.get('from') ?? '0000-00-00';
      const to = u.searchParams.get('to') ?? '9999-99-99';
      const all = receipts.filter(
        (r) =>
          r.org === org && r.paymentDateTime.slice(0, 10) >= from && r.paymentDateTime.slice(0, 10) <= to,
      );
      if (all.length === 0) return answer(problem(res, 404, 'Not Found', 'No receipts found'));
      const page = all.slice(pageNum * pageSize, (pageNum + 1) * pageSize);
      return answer(
        json(res, 200, {
          currentPageNumber: pageNum,
          length: page.length,
          totalPages: Math.ceil(all.length / pageSize),
          results: page.map((r) => ({
            organizationFiscalCode: r.org,
            iuv: r.iuv,
            debtor: r.debtor,
            paymentDateTime: r.paymentDateTime,
          })),
        }),
      );
    }

    if (!u.pathname.startsWith(GPD_BASE)) return answer(problem(res, 404, 'Not Found', 'no such service'));
    const path = u.pathname.slice(GPD_BASE.length);
    const m = /^\/organizations\/([^/]+)\/debtpositions(?:\/([^/]+)(\/publish|\/invalidate)?)?$/.exec(path);
    if (!m) return answer(problem(res, 404, 'Not Found', 'no such path'));
    const org = decodeURIComponent(m[1]!);
    const iupd = m[2] ? decodeURIComponent(m[2]) : undefined;
    const action = m[3];
    const id = (i: string) => `${org}/${i}`;
    const toPublish = u.searchParams.get('toPublish') === 'true';
    const publishedStatus = (model: Record<string, unknown>) => (model.validityDate ? 'PUBLISHED' : 'VALID');
    const conformant = () => {
      const found = checkJsonSchema(POSITION_SCHEMA, body, GPD, '$');
      if (found.length) problems.push(`${req.method} ${path}: ${found.join('; ')}`);
      return found;
    };
    const iuvTaken = (model: Record<string, unknown>, except: string | undefined) => {
      const mine = new Set(((model.paymentOption as { iuv: string }[]) ?? []).map((o) => o.iuv));
      for (const [k, held] of positions) {
        if (!k.startsWith(`${org}/`) || k === (except && id(except))) continue;
        for (const o of held.model.paymentOption as { iuv: string }[]) if (mine.has(o.iuv)) return true;
      }
      return false;
    };

    if (!iupd && req.method === 'POST') {
      const found = conformant();
      if (found.length) return answer(problem(res, 400, 'Bad Request', found.join('; ')));
      const model = body as Record<string, unknown>;
      if (positions.has(id(String(model.iupd))) || iuvTaken(model, undefined))
        return answer(problem(res, 409, 'Conflict', 'duplicate debt position found'));
      const held = { model, status: toPublish ? publishedStatus(model) : 'DRAFT', paid: new Set<string>() };
      positions.set(id(String(model.iupd)), held);
      return answer(json(res, 201, { ...model, status: held.status }));
    }
    if (!iupd) return answer(problem(res, 405, 'Method Not Allowed', 'not here'));
    const held = positions.get(id(iupd));
    if (!held) return answer(problem(res, 404, 'Not Found', 'debt position not found'));
    if (req.method === 'GET' && !action)
      return answer(json(res, 200, { ...held.model, status: held.status }));
    if (req.method === 'PUT' && !action) {
      const found = conformant();
      if (found.length) return answer(problem(res, 400, 'Bad Request', found.join('; ')));
      if (NOT_UPDATABLE.includes(held.status))
        return answer(problem(res, 409, 'Conflict', `debt position not updatable (${held.status})`));
      held.model = body as Record<string, unknown>;
      held.status = toPublish ? publishedStatus(held.model) : 'DRAFT';
      return answer(json(res, 200, { ...held.model, status: held.status }));
    }
    if (req.method === 'DELETE' && !action) {
      if (ALREADY_PAID.includes(held.status))
        return answer(problem(res, 409, 'Conflict', 'payment found for the debt position'));
      positions.delete(id(iupd));
      return answer(json(res, 200, 'OK'));
    }
    if (req.method === 'POST' && action === '/publish') {
      if (held.status !== 'DRAFT') return answer(problem(res, 409, 'Conflict', 'not publishable'));
      held.status = publishedStatus(held.model);
      return answer(json(res, 200, { ...held.model, status: held.status }));
    }
    if (req.method === 'POST' && action === '/invalidate') {
      if (NOT_INVALIDABLE.includes(held.status))
        return answer(problem(res, 409, 'Conflict', 'not invalidable'));
      held.status = 'INVALID';
      return answer(json(res, 200, { ...held.model, status: held.status }));
    }
    return answer(problem(res, 405, 'Method Not Allowed', 'not here'));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => problem(res, 500, 'Internal Server Error', String(e)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    settings: {
      gpdUrl: `${url}${GPD_BASE}`,
      gpdReceiptsUrl: `${url}${RECEIPTS_BASE}`,
      gpdSubscriptionKey: key,
    },
    calls,
    problems,
    positions,
    failNext: (n, status = 503) => {
      failing = { n, status };
    },
    down: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    up: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    pay: (org, iupd, iuv, document, paymentDateTime) => {
      const held = positions.get(`${org}/${iupd}`);
      if (!held) throw new Error(`no position ${iupd}`);
      held.paid.add(iuv);
      held.status = 'PAID';
      receipts.push({ org, iuv, debtor: String(held.model.fiscalCode), paymentDateTime, document });
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
