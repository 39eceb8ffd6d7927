/**
 * GET /api/v1/openapi.json: the OpenAPI 3.1 document, generated from the SDK's contract, so the
 * document, the server's validation and the SDK's types cannot drift apart.
 */
import { type Endpoint, endpoints, ERROR_CODES, type ErrorCode, type Produces } from '@pagatore/sdk';
import { messageOf } from '../../core/messages.js';
import { toJsonSchema } from '@valibot/to-json-schema';
import { Hono } from 'hono';
import type { GenericSchema } from 'valibot';
import type { AppEnv } from '../../http/context.js';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: GenericSchema, typeMode: 'input' | 'output'): JsonSchema {
  const js = toJsonSchema(schema, { target: 'draft-2020-12', errorMode: 'ignore', typeMode }) as JsonSchema;
  delete js.$schema;
  return js;
}

const CONTENT: Record<Produces, string | null> = {
  json: 'application/json',
  pdf: 'application/pdf',
  csv: 'text/csv',
  ndjson: 'application/x-ndjson',
  zip: 'application/zip',
  html: 'text/html',
  xml: 'text/xml',
  ics: 'text/calendar',
  empty: null,
};

const GENERIC_ERRORS: ErrorCode[] = ['bad_request', 'validation_failed', 'rate_limited', 'internal'];

function errorResponses(ep: Endpoint): Record<string, unknown> {
  const codes = new Set<ErrorCode>([...GENERIC_ERRORS, ...ep.errors]);
  if (ep.body) {
    codes.add('invalid_json');
    codes.add('unsupported_media_type');
    codes.add('payload_too_large');
  }
  if (ep.auth === 'session') codes.add('unauthorized');
  if (ep.auth === 'admin') codes.add('invalid_api_key');
  if (ep.auth === 'staff') codes.add('unauthorized');
  if (ep.auth === 'staff' && ep.method !== 'GET') codes.add('csrf_failed');
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_CODES[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const out: Record<string, unknown> = {};
  for (const [status, list] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    out[String(status)] = {
      description: list.map((code) => `\`${code}\`: ${messageOf(code, 'en')}`).join(' · '),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
    };
  }
  return out;
}

function parameters(ep: Endpoint): unknown[] {
  const out: unknown[] = [];
  for (const [where, schema] of [
    ['path', ep.params],
    ['query', ep.query],
  ] as const) {
    if (!schema) continue;
    const js = schemaOf(schema, 'input');
    const props = (js.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((js.required as string[] | undefined) ?? []);
    for (const [name, prop] of Object.entries(props)) {
      out.push({
        name,
        in: where,
        required: where === 'path' || required.has(name),
        schema: prop,
        description: prop.description,
      });
    }
  }
  return out;
}

/** Builds the OpenAPI document for a public base URL. */
export function buildOpenApi(publicUrl: string, version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const ep of Object.values(endpoints) as Endpoint[]) {
    const op: Record<string, unknown> = {
      operationId: ep.id,
      summary: ep.summary,
      tags: [ep.tag],
      parameters: parameters(ep),
      responses: {
        [String(ep.status)]: {
          description: 'Success',
          ...(CONTENT[ep.produces]
            ? {
                content: {
                  [CONTENT[ep.produces] as string]: ep.response
                    ? { schema: schemaOf(ep.response, 'output') }
                    : { schema: {} },
                },
              }
            : {}),
        },
        ...errorResponses(ep),
      },
    };
    if (ep.body)
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: schemaOf(ep.body, 'input') } },
      };
    if (ep.auth === 'session') op.security = [{ session: [] }];
    if (ep.auth === 'admin') op.security = [{ apiKey: [] }];
    if (ep.auth === 'staff') op.security = [{ consoleSession: [] }];
    (paths[ep.path] ??= {})[ep.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pagatore API',
      version,
      description:
        'Citizen and entity API of Pagatore, the embeddable pagoPA payer portal. Money is integer euro cents. ' +
        'Every error has the body `{ error: { code, message, requestId, fields? } }` with a code from a closed set.',
      license: { name: 'EUPL-1.2' },
    },
    servers: [{ url: publicUrl }],
    paths,
    components: {
      securitySchemes: {
        session: {
          type: 'http',
          scheme: 'bearer',
          description: "A citizen's session token (POST /sessions)",
        },
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An entity API key (pagatore apikey create). The staff console reaches the same endpoints with its session cookie, the entity in `x-pagatore-entity` and, on changes, `x-csrf-token` (docs/console.md)',
        },
        consoleSession: {
          type: 'apiKey',
          in: 'cookie',
          name: 'pagatore-console',
          description:
            'The staff console session (POST /api/v1/console/sessions, then /verification); `__Host-pagatore-console` on https',
        },
      },
      schemas: {
        ErrorBody: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'requestId'],
              properties: {
                code: { type: 'string', enum: Object.keys(ERROR_CODES) },
                message: { type: 'string' },
                requestId: { type: 'string' },
                fields: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['path', 'code', 'message'],
                    properties: {
                      path: { type: 'string' },
                      code: { type: 'string' },
                      message: { type: 'string' },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}

export function openApiRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  let cached: Record<string, unknown> | undefined;
  app.get('/api/v1/openapi.json', (c) => {
    const deps = c.get('deps');
    cached ??= buildOpenApi(deps.config.publicUrl, deps.version);
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(cached);
  });
  return app;
}
