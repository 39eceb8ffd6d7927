/**
 * An endpoint of the HTTP API as data: method, path, who may call it, and the schemas of its
 * parameters, query, body and response. The server validates with these schemas and publishes its
 * OpenAPI document from them; the SDK's clients are typed by them. Adding a route starts here.
 */
import type * as v from 'valibot';
import type { ErrorCode } from '../errors.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * none: anonymous; session: a citizen's bearer token; admin: an entity's API key or a staff console
 * session with a role on the entity (`staffRoleOf`); staff: a staff console session alone.
 */
export type Auth = 'none' | 'session' | 'admin' | 'staff';

/** What a successful response carries. */
/** `ics`: an iCalendar file (RFC 5545). */
export type Produces = 'json' | 'pdf' | 'csv' | 'ndjson' | 'zip' | 'html' | 'xml' | 'ics' | 'empty';

type AnySchema = v.GenericSchema;

export interface Endpoint<
  P extends AnySchema | undefined = AnySchema | undefined,
  Q extends AnySchema | undefined = AnySchema | undefined,
  B extends AnySchema | undefined = AnySchema | undefined,
  R extends AnySchema | undefined = AnySchema | undefined,
> {
  /** operationId in the OpenAPI document. */
  id: string;
  method: Method;
  /** OpenAPI-style path: `/api/v1/entities/{ente}`. */
  path: string;
  auth: Auth;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  response?: R;
  /** Success status. */
  status: number;
  produces: Produces;
  /** Error codes this endpoint documents besides the generic ones. */
  errors: readonly ErrorCode[];
}

/** Declares an endpoint, keeping its literal types. */
export function endpoint<
  P extends AnySchema | undefined = undefined,
  Q extends AnySchema | undefined = undefined,
  B extends AnySchema | undefined = undefined,
  R extends AnySchema | undefined = undefined,
>(e: Endpoint<P, Q, B, R>): Endpoint<P, Q, B, R> {
  return e;
}

type In<S> = S extends AnySchema ? v.InferInput<S> : undefined;
type Out<S> = S extends AnySchema ? v.InferOutput<S> : undefined;

/** What a caller passes: parameters, query and body as their schemas accept them. */
export type RequestOf<E> =
  E extends Endpoint<infer P, infer Q, infer B, AnySchema | undefined>
    ? { params: In<P>; query: In<Q>; body: In<B> }
    : never;

/** What a handler receives after validation. */
export type ParsedRequestOf<E> =
  E extends Endpoint<infer P, infer Q, infer B, AnySchema | undefined>
    ? { params: Out<P>; query: Out<Q>; body: Out<B> }
    : never;

/** What a successful response holds. */
export type ResponseOf<E> =
  E extends Endpoint<AnySchema | undefined, AnySchema | undefined, AnySchema | undefined, infer R>
    ? Out<R>
    : never;

/** What a handler may return (the response schema's input). */
export type HandlerResultOf<E> =
  E extends Endpoint<AnySchema | undefined, AnySchema | undefined, AnySchema | undefined, infer R>
    ? In<R>
    : never;

/** Fills `{name}` placeholders of a path. */
export function fillPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/\{([a-zA-Z]+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new TypeError(`missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}
