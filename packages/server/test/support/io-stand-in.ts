/**
 * Test support: a stand-in for IO's Services API on 127.0.0.1, built from the official
 * `openapi/index.yaml` of `pagopa/io-functions-services` (./io/openapi, converted to JSON): the
 * calls the portal makes (`POST /profiles`, `POST /messages`, and the path-parameter variants of the
 * spec), each checked to be a path and method the spec has, to carry the key the spec's
 * `SubscriptionKey` security definition names, and to have a body that conforms to the operation's
 * schema (`FiscalCodePayload`, `NewMessage`: subject 10–120, markdown 80–10000, notice number
 * `^[0123][0-9]{17}$`, amount 1..9999999999, fiscal codes). A bad body answers 400 with a
 * ProblemJson, a missing or unknown key 401, an unknown citizen 404; `failNext` makes the next
 * calls answer 500 or 429 (with `Retry-After`). Accepted messages are recorded.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addFormat, checkJsonSchema } from './json-schema-check.js';

type Schema = Record<string, unknown>;
interface Parameter {
  name?: string;
  in?: string;
  schema?: Schema;
  pattern?: string;
  $ref?: string;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  security?: Record<string, unknown>[];
}

const SPEC = JSON.parse(readFileSync(new URL('./io/openapi/index.json', import.meta.url), 'utf8')) as {
  basePath: string;
  paths: Record<string, Record<string, Operation>>;
  parameters: Record<string, Parameter>;
  securityDefinitions: Record<string, { name: string; in: string }>;
  definitions: Schema;
};

// The formats the spec takes from @pagopa/ts-commons, with the spec's own pattern for fiscal codes.
const FISCAL_CODE = new RegExp(`^${SPEC.parameters.FiscalCode?.pattern ?? ''}$`);
addFormat('FiscalCode', (s) => FISCAL_CODE.test(s));
addFormat('OrganizationFiscalCode', (s) => /^[0-9]{11}$/.test(s));
addFormat('UTCISODateFromString', (s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(s));

const SECURITY = SPEC.securityDefinitions.SubscriptionKey as { name: string };

/** Finds the spec's operation for a call: its template, the operation and the path parameters. */
function operationOf(method: string, path: string) {
  if (!path.startsWith(SPEC.basePath)) return null;
  const rel = path.slice(SPEC.basePath.length);
  for (const [template, ops] of Object.entries(SPEC.paths)) {
    const names: string[] = [];
    const re = new RegExp(
      `^${template.replace(/\{([^}]+)\}/g, (_m, n: string) => {
        names.push(n);
        return '([^/]+)';
      })}$`,
    );
    const m = re.exec(rel);
    if (!m) continue;
    const op = ops[method.toLowerCase()];
    if (!op) return { template, op: null, params: {} };
    const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
    return { template, op, params };
  }
  return null;
}

function parameterOf(p: Parameter): Parameter {
  if (!p.$ref) return p;
  return SPEC.parameters[p.$ref.replace('#/parameters/', '')] ?? p;
}

/** A message the stand-in accepted. */
export interface IoRecordedMessage {
  id: string;
  key: string;
  fiscal_code: string;
  body: Record<string, unknown>;
}

export interface IoStandIn {
  /** Base URL, up to `/api/v1`. */
  url: string;
  /** Accepted messages, in order. */
  messages: IoRecordedMessage[];
  /** Every call: operation id (or `unknown`), status answered. */
  calls: { operationId: string; status: number; fiscalCode: string | null }[];
  /** What did not conform to the spec (bodies refused with 400, unknown paths, answers). */
  problems: string[];
  /** Sets a citizen's profile: `sender_allowed` true/false; absent citizens answer 404. */
  setProfile(fiscalCode: string, senderAllowed: boolean): void;
  /**
   * The next `times` calls (of `operationId` only, when given) answer `status` (with
   * `Retry-After: retryAfter` when given).
   */
  failNext(status: 400 | 429 | 500 | 503, times?: number, retryAfter?: string, operationId?: string): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...headers,
  });
  res.end(text);
}

const problem = (status: number, title: string, detail: string) => ({
  type: 'about:blank',
  title,
  status,
  detail,
});

/**
 * Starts the stand-in; `keys` are the subscription keys it accepts.
 * @example const io = await startIoStandIn({ keys: ['io-key-1'] }); io.setProfile('RSSMRA85T10A562S', true);
 */
export async function startIoStandIn(opts: { keys: string[] }): Promise<IoStandIn> {
  const profiles = new Map<string, boolean>();
  const failures: { status: number; retryAfter: string | undefined; operationId: string | undefined }[] = [];
  const state: Omit<IoStandIn, 'url' | 'close' | 'setProfile' | 'failNext'> = {
    messages: [],
    calls: [],
    problems: [],
  };
  let seq = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const found = operationOf(req.method ?? 'GET', url.pathname);
    const answer = (operationId: string, status: number, fc: string | null, body?: unknown, h = {}) => {
      state.calls.push({ operationId, status, fiscalCode: fc });
      send(res, status, body, h);
    };
    if (!found || !found.op) {
      state.problems.push(`${req.method} ${url.pathname}: no such operation in the spec`);
      return answer('unknown', 404, null, problem(404, 'Not Found', 'no such operation'));
    }
    const { op, params } = found;
    // The key the spec's security definition names, in the header it says.
    const key = req.headers[SECURITY.name.toLowerCase()];
    if (
      op.security?.some((s) => 'SubscriptionKey' in s) &&
      (typeof key !== 'string' || !opts.keys.includes(key))
    )
      return answer(op.operationId, 401, null, {
        statusCode: 401,
        message: 'Access denied due to invalid subscription key.',
      });
    const fi = failures.findIndex((f) => f.operationId === undefined || f.operationId === op.operationId);
    const failure = fi >= 0 ? failures.splice(fi, 1)[0] : undefined;
    if (failure)
      return answer(
        op.operationId,
        failure.status,
        null,
        failure.status === 429
          ? undefined
          : problem(failure.status, 'Failing on purpose', 'failing on purpose'),
        failure.retryAfter !== undefined ? { 'retry-after': failure.retryAfter } : {},
      );
    // Path parameters and the body, against the spec's declarations.
    const bad: string[] = [];
    let body: unknown = undefined;
    for (const p of (op.parameters ?? []).map(parameterOf)) {
      if (p.in === 'path' && p.name && p.pattern && !new RegExp(`^${p.pattern}$`).test(params[p.name] ?? ''))
        bad.push(`${p.name}: does not match the pattern`);
      if (p.in === 'body' && p.schema) {
        try {
          body = JSON.parse(raw);
        } catch {
          bad.push('body: not JSON');
          continue;
        }
        bad.push(...checkJsonSchema(p.schema, body, SPEC as unknown as Schema));
      }
    }
    const b = (body ?? {}) as Record<string, unknown>;
    const fiscalCode = (params.fiscal_code ?? (typeof b.fiscal_code === 'string' ? b.fiscal_code : null)) as
      string | null;
    // With the fiscal code in the body, the message must name it (the operation's description).
    if (op.operationId === 'submitMessageforUserWithFiscalCodeInBody' && !b.fiscal_code)
      bad.push('$.fiscal_code: required');
    if (bad.length) {
      state.problems.push(...bad.map((x) => `${op.operationId} ${x}`));
      return answer(op.operationId, 400, fiscalCode, problem(400, 'Invalid payload', bad.join('; ')));
    }
    if (op.operationId === 'getProfile' || op.operationId === 'getProfileByPOST') {
      const allowed = fiscalCode === null ? undefined : profiles.get(fiscalCode);
      if (allowed === undefined)
        return answer(op.operationId, 404, fiscalCode, problem(404, 'Profile not found', 'no user found'));
      const profile = { sender_allowed: allowed, preferred_languages: ['it_IT'] };
      const out = checkJsonSchema(
        { $ref: '#/definitions/LimitedProfile' },
        profile,
        SPEC as unknown as Schema,
      );
      state.problems.push(...out);
      return answer(op.operationId, 200, fiscalCode, profile);
    }
    if (
      op.operationId === 'submitMessageforUser' ||
      op.operationId === 'submitMessageforUserWithFiscalCodeInBody'
    ) {
      const id = `01IOSTANDIN${String(++seq).padStart(15, '0')}`;
      state.messages.push({ id, key: key as string, fiscal_code: fiscalCode ?? '', body: b });
      return answer(
        op.operationId,
        201,
        fiscalCode,
        { id },
        { location: `${SPEC.basePath}/messages/${fiscalCode}/${id}` },
      );
    }
    return answer(op.operationId, 501, fiscalCode, problem(501, 'Not implemented', 'not in the stand-in'));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, problem(500, 'Stand-in error', String(e))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${SPEC.basePath}`,
    messages: state.messages,
    calls: state.calls,
    problems: state.problems,
    setProfile: (fc, allowed) => profiles.set(fc, allowed),
    failNext: (status, times = 1, retryAfter, operationId) => {
      for (let i = 0; i < times; i++) failures.push({ status, retryAfter, operationId });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
