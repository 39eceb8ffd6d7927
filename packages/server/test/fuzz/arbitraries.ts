/**
 * fast-check arbitraries for the fuzz suite: request parts built from an operation of the OpenAPI
 * document (path and query parameters, JSON bodies from their JSON Schema), each value now plausible
 * (so a request gets past the first check and reaches deeper ones) and now hostile (wrong types,
 * missing and extra fields, huge and unicode strings, malformed JSON), and hostile headers.
 */
import fc from 'fast-check';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | JsonSchema;
};

export interface Operation {
  id: string;
  method: string;
  path: string;
  auth: 'none' | 'session' | 'admin';
  pathParams: { name: string; schema: JsonSchema }[];
  query: { name: string; required: boolean; schema: JsonSchema }[];
  body: JsonSchema | null;
}

/** The operations of an OpenAPI document. */
export function operationsOf(doc: {
  paths: Record<string, Record<string, Record<string, unknown>>>;
}): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? []) as {
        name: string;
        in: string;
        required?: boolean;
        schema: JsonSchema;
      }[];
      const security = (op.security ?? []) as Record<string, unknown>[];
      const scheme = Object.keys(security[0] ?? {})[0];
      const body = (op.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined)
        ?.content?.['application/json']?.schema;
      out.push({
        id: String(op.operationId),
        method: method.toUpperCase(),
        path,
        auth: scheme === 'session' ? 'session' : scheme === 'apiKey' ? 'admin' : 'none',
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema })),
        query: params
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: p.required === true, schema: p.schema })),
        body: body ?? null,
      });
    }
  }
  return out;
}

/** Values the contract accepts for fields of these names, so requests get past the first checks. */
export type Plausible = Record<string, readonly unknown[]>;

const HUGE = [
  'x'.repeat(70_000),
  'é'.repeat(20_000),
  '𝕏'.repeat(12_000),
  '\u0000'.repeat(2_000),
  '9'.repeat(5_000),
  '\u202e\u200b\ufeff'.repeat(3_000),
];

const NASTY_STRINGS = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'toString',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '%00',
  '\u0000',
  '\ud800',
  '\udfff\ud800',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e400',
  '9007199254740993',
  '2026-02-30',
  '0000-00-00',
  'Ünïcödé ñ 中文 العربية 🇮🇹',
  'IT60X0542811101000000123456 ',
  'javascript:alert(1)',
  'http://127.0.0.1:1/',
  '{"a":1}',
  'a\r\nX-Injected: 1',
];

/** Any JSON-able value, hostile leaning: wrong types, huge and unicode strings, odd numbers. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.constantFrom(0, -0, -1, 1.5, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, 1e-320),
    ),
  },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  },
  { weight: 1, arbitrary: fc.constant(Array.from({ length: 5_000 }, (_, i) => i)) },
);

function firstType(s: JsonSchema): string | undefined {
  return Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
}

function stringFor(s: JsonSchema): fc.Arbitrary<string> {
  const options: fc.Arbitrary<string>[] = [];
  if (s.pattern) {
    try {
      options.push(fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length <= (s.maxLength ?? 500)));
    } catch {
      // A pattern JavaScript cannot compile: plain strings instead.
    }
  }
  if (s.format === 'email') options.push(fc.emailAddress());
  if (s.format === 'date') options.push(fc.constantFrom('2026-12-31', '2026-01-01', '2099-12-31'));
  // Loopback only: a logo or webhook URL the server might fetch never leaves the machine.
  if (s.format === 'uri')
    options.push(
      fc.constantFrom('https://127.0.0.1:9/logo.png', 'http://localhost:9/hook', 'https://[::1]:9/'),
    );
  options.push(fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 60) }));
  return fc.oneof(...options);
}

/**
 * Values for a JSON Schema: mostly of its shape, with plausible values for known field names, and
 * now and then anything at all; objects lose required keys and gain unknown ones.
 */
export function fromSchema(
  schema: JsonSchema,
  plausible: Plausible,
  name = '',
  depth = 0,
): fc.Arbitrary<unknown> {
  const known = plausible[name];
  const shaped = shapeOf(schema, plausible, depth);
  const parts: { weight: number; arbitrary: fc.Arbitrary<unknown> }[] = [
    { weight: 6, arbitrary: shaped },
    { weight: 1, arbitrary: hostileValue },
  ];
  if (known?.length) parts.push({ weight: 8, arbitrary: fc.constantFrom(...known) });
  return fc.oneof(...parts);
}

function shapeOf(schema: JsonSchema, plausible: Plausible, depth: number): fc.Arbitrary<unknown> {
  if (depth > 5) return hostileValue;
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => shapeOf(a, plausible, depth + 1)));
  if (schema.allOf?.length) return shapeOf(schema.allOf[0] as JsonSchema, plausible, depth + 1);
  switch (firstType(schema)) {
    case 'object': {
      const props = schema.properties ?? {};
      const entries = Object.fromEntries(
        Object.entries(props).map(([k, s]) => [k, fromSchema(s, plausible, k, depth + 1)]),
      );
      const required = (schema.required ?? []).filter((k) => entries[k]);
      const extra = fc.dictionary(
        fc.constantFrom('extra', '__proto__', 'constructor', 'admin', 'id', 'x'.repeat(300)),
        hostileValue,
        { minKeys: 1, maxKeys: 2 },
      );
      return fc
        .tuple(
          fc.record(entries, { requiredKeys: required }),
          fc.nat(20),
          fc.constantFrom(...(required.length ? required : [''])),
          extra,
        )
        .map(([rec, roll, drop, more]) => {
          const out: Record<string, unknown> = { ...rec };
          // Now and then a required key is missing, or unknown keys come along.
          if (roll < 3) delete out[drop];
          if (roll >= 19)
            for (const [k, v] of Object.entries(more))
              Object.defineProperty(out, k, {
                value: v,
                enumerable: true,
                writable: true,
                configurable: true,
              });
          return out;
        });
    }
    case 'array':
      return fc.array(schema.items ? fromSchema(schema.items, plausible, '', depth + 1) : hostileValue, {
        minLength: Math.min(schema.minItems ?? 0, 3),
        maxLength: Math.min(schema.maxItems ?? 4, 6),
      });
    case 'string':
      return stringFor(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -10, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.double({ noNaN: true }));
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return hostileValue;
  }
}

/** Request bodies for an operation: JSON of the body's shape, any JSON, or broken bytes. */
export function bodyOf(op: Operation, plausible: Plausible, limit: number): fc.Arbitrary<Buffer | undefined> {
  const json = (a: fc.Arbitrary<unknown>) =>
    a.map((value) => {
      try {
        return Buffer.from(JSON.stringify(value) ?? 'null');
      } catch {
        return Buffer.from('{}');
      }
    });
  const shaped = op.body ? json(fromSchema(op.body, plausible)) : json(fc.jsonValue({ maxDepth: 3 }));
  const broken = fc.oneof(
    shaped.chain((b) => fc.nat(Math.max(0, b.length - 1)).map((n) => b.subarray(0, n))),
    shaped.map((b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b])),
    shaped.map((b) => Buffer.concat([b, Buffer.from(',}')])),
    shaped.map((b) => Buffer.from(b.toString('utf8'), 'utf16le')),
    fc
      .constantFrom(
        '',
        ' ',
        '{',
        '}',
        '[',
        'null',
        'true',
        '"text"',
        '1e999999',
        '-',
        'NaN',
        '{"a":1,"a":2}',
        '{"__proto__":{"polluted":true}}',
        '{"constructor":{"prototype":{"polluted":true}}}',
        '{/* c */}',
        "{'a':1}",
        '{"a":"\\ud800"}',
        '{"a":"\\u0000"}',
        '\u0000',
        '['.repeat(20_000) + ']'.repeat(20_000),
        '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000),
      )
      .map((s) => Buffer.from(s)),
    fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
    fc.constant(Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xff, 0xfe])),
    // Over the body limit, as JSON that would otherwise parse.
    fc.constant(Buffer.from(JSON.stringify({ pad: 'x'.repeat(limit + 16) }))),
  );
  return fc.oneof(
    { weight: 7, arbitrary: shaped },
    { weight: 1, arbitrary: json(fc.jsonValue({ maxDepth: 4 })) },
    { weight: 3, arbitrary: broken },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** Percent-encodes the UTF-8 bytes of a value (lone surrogates become U+FFFD, as on the wire). */
const encode = (v: unknown) => {
  const text = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
  let out = '';
  for (const b of Buffer.from(text, 'utf8'))
    out += /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
      ? String.fromCharCode(b)
      : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
};

/** Raw pieces of a request target that are not valid percent-encoding or not ASCII. */
const RAW_SEGMENTS = [
  '%',
  '%zz',
  '%E0%A4%A',
  '%2F',
  '%2e%2e',
  '..',
  '.',
  '%00',
  '%C0%AF',
  'a%20b',
  '~',
  "!$&'()*+,;=:@",
];

/** A request path for an operation: parameters plausible or hostile. */
export function pathOf(op: Operation, plausible: Plausible): fc.Arbitrary<string> {
  const values = op.pathParams.map((p) =>
    fc.oneof(
      { weight: 6, arbitrary: fromSchema(p.schema, plausible, p.name).map(encode) },
      { weight: 3, arbitrary: hostileValue.map((v) => encode(v).slice(0, 3_000)) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
    ),
  );
  return fc.tuple(...values).map((vals) => {
    let i = 0;
    // `{id}.pdf`: the extension stays, the parameter changes.
    return op.path.replace(/\{[a-zA-Z]+\}/g, () => vals[i++] as string);
  });
}

/** A query string for an operation: its parameters plausible or hostile, extra and repeated keys. */
export function queryOf(op: Operation, plausible: Plausible): fc.Arbitrary<string> {
  const pairs = op.query.map((q) =>
    fc.option(
      fc.oneof(
        {
          weight: 5,
          arbitrary: fromSchema(q.schema, plausible, q.name).map(
            (v) => `${q.name}=${encode(v).slice(0, 3_000)}`,
          ),
        },
        { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS).map((s) => `${q.name}=${s}`) },
        { weight: 1, arbitrary: fc.constant(`${q.name}&${q.name}=1&${q.name}=2`) },
      ),
      { freq: 3 },
    ),
  );
  const extra = fc.option(
    fc.constantFrom(
      'extra=1',
      '=',
      '&&',
      '%=%',
      'a[b]=1',
      '__proto__[x]=1',
      'lang=xx',
      'lang=de',
      `pad=${'x'.repeat(5_000)}`,
    ),
    { freq: 4 },
  );
  return fc.tuple(fc.tuple(...pairs), extra).map(([ps, e]) => {
    const all = [...ps.filter((p): p is string => p !== null), ...(e ? [e] : [])];
    return all.length ? `?${all.join('&')}` : '';
  });
}

export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/vnd.api+json',
  'APPLICATION/JSON',
  'text/plain',
  'text/csv',
  'application/x-ndjson',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/json;;;',
  '*/*',
  'json',
  'é/é',
] as const;

export const ACCEPT_LANGUAGES = [
  'it',
  'en',
  'de-CH,de;q=0.9',
  'en-GB;q=abc',
  '*',
  'xx',
  'ii,;;,,q=,',
  'de'.repeat(500),
  'Ünïcödé',
] as const;

const BAD_TOKENS = [
  'Bearer',
  'Bearer ',
  'Bearer  ',
  'Bearer garbage',
  'Bearer pgk_',
  'Bearer pgk_' + 'A'.repeat(64),
  'Bearer ' + 'a'.repeat(8_000),
  'Basic dXNlcjpwYXNz',
  'Digest username="x"',
  'bearer',
  'Bearer é€',
  'Bearer \u0000',
  'Token x',
  '',
] as const;

export interface Credentials {
  session: string;
  apiKey: string;
  otherApiKey: string;
}

/** Authorization: the right credential most of the time, otherwise a wrong one or none. */
export function authorizationOf(op: Operation, cred: Credentials): fc.Arbitrary<string | undefined> {
  const right =
    op.auth === 'session'
      ? `Bearer ${cred.session}`
      : op.auth === 'admin'
        ? `Bearer ${cred.apiKey}`
        : undefined;
  const wrong = fc.constantFrom<string | undefined>(
    undefined,
    ...BAD_TOKENS,
    `Bearer ${cred.session}`,
    `Bearer ${cred.apiKey}`,
    `Bearer ${cred.otherApiKey}`,
    `bearer ${cred.apiKey}`,
    `Bearer ${cred.session}x`,
    `Bearer ${cred.apiKey.slice(0, -1)}`,
    `Basic ${cred.apiKey}`,
  );
  return right === undefined
    ? fc.oneof(fc.constant(undefined), wrong)
    : fc.oneof({ weight: 4, arbitrary: fc.constant(right) }, { weight: 1, arbitrary: wrong });
}

/** How the request frames its body: honest, or a Content-Length that lies or is malformed. */
export type Framing =
  | { kind: 'honest' }
  | { kind: 'none' }
  | { kind: 'short' }
  | { kind: 'long' }
  | { kind: 'invalid'; value: string }
  | { kind: 'chunked' };

export const framing: fc.Arbitrary<Framing> = fc.oneof(
  { weight: 30, arbitrary: fc.constant({ kind: 'honest' } as const) },
  { weight: 2, arbitrary: fc.constant({ kind: 'chunked' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'none' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'short' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'long' } as const) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('abc', '-1', '1e3', '0x10', '1, 2', '99999999999999999999', '+5', '5 5')
      .map((value) => ({ kind: 'invalid', value }) as const),
  },
);

/** A client address, so the per-address rate limits do not end every run at the first minutes. */
export const forwardedFor = fc.oneof(
  { weight: 20, arbitrary: fc.ipV4() },
  { weight: 1, arbitrary: fc.constantFrom('', 'garbage', '::1', '1.2.3.4, 5.6.7.8', '999.1.1.1', 'é') },
);

export const ORIGINS = [undefined, 'https://evil.example', 'null', 'http://127.0.0.1:8788'] as const;

export const METHODS_ODD = [
  'PUT',
  'PATCH',
  'DELETE',
  'POST',
  'GET',
  'OPTIONS',
  'TRACE',
  'HEAD',
  'FOO',
] as const;
