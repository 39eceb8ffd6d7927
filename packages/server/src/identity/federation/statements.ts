/**
 * Entity statements (OpenID Federation 1.0 section 3): fetching an entity configuration
 * (`<entity id>/.well-known/openid-federation`) and a subordinate statement (the superior's
 * `federation_fetch_endpoint?sub=`), reading them, checking their claims and verifying their
 * signature with a given JWK Set (jose).
 */
import {
  compactVerify,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  type JSONWebKeySet,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';
import { TrustChainError } from './errors.js';

export const ENTITY_STATEMENT_TYPE = 'entity-statement+jwt';
export const ENTITY_STATEMENT_MEDIA_TYPE = `application/${ENTITY_STATEMENT_TYPE}`;
/** The signing algorithms accepted on statements (never `none`, never HMAC). */
export const STATEMENT_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
];
/** Clock skew tolerated on `iat` and `exp`. */
const LEEWAY_SECONDS = 30;
/** A statement larger than this is refused unread. */
const MAX_STATEMENT_BYTES = 256 * 1024;

/** A statement as read: the compact JWT, its header and payload. Not yet verified. */
export interface EntityStatement {
  jwt: string;
  header: ProtectedHeaderParameters;
  payload: EntityStatementClaims;
}

export interface EntityStatementClaims extends JWTPayload {
  iss: string;
  sub: string;
  iat: number;
  exp: number;
  jwks: JSONWebKeySet;
  authority_hints?: string[];
  metadata?: Record<string, Record<string, unknown>>;
  metadata_policy?: unknown;
  metadata_policy_crit?: string[];
  constraints?: { max_path_length?: number };
  crit?: string[];
}

export interface FetchOptions {
  /** Milliseconds before a request is abandoned. */
  timeoutMs: number;
}

/** Plain http is accepted only on this machine (tests, the demo). */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** The entity id as a URL, or an `invalid_statement` refusal: https (http only on loopback). */
export function entityUrl(id: string): URL {
  let url: URL;
  try {
    url = new URL(id);
  } catch {
    throw new TrustChainError('invalid_statement', `"${id}" is not an entity identifier`);
  }
  if (!(url.protocol === 'https:' || isLoopbackHttp(url)) || url.search || url.hash)
    throw new TrustChainError('invalid_statement', `"${id}" is not an https entity identifier`);
  return url;
}

/** Where an entity publishes its configuration. */
export function wellKnownUrl(entityId: string): URL {
  const base = entityUrl(entityId).href;
  return new URL(`${base.endsWith('/') ? base : `${base}/`}.well-known/openid-federation`);
}

async function fetchStatement(url: URL, what: string, opts: FetchOptions): Promise<string> {
  if (!(url.protocol === 'https:' || isLoopbackHttp(url)))
    throw new TrustChainError('unreachable', `${what}: ${url.href} is not https`);
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { accept: ENTITY_STATEMENT_MEDIA_TYPE },
      redirect: 'error',
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (e) {
    throw new TrustChainError('unreachable', `${what}: ${url.href}: ${String(e)}`);
  }
  if (res.status !== 200) {
    await res.body?.cancel();
    throw new TrustChainError('unreachable', `${what}: ${url.href} answered ${res.status}`);
  }
  const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== ENTITY_STATEMENT_MEDIA_TYPE) {
    await res.body?.cancel();
    throw new TrustChainError('unreachable', `${what}: ${url.href} answered ${type || 'no content type'}`);
  }
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > MAX_STATEMENT_BYTES) {
    await res.body?.cancel();
    throw new TrustChainError('unreachable', `${what}: ${url.href} is too large`);
  }
  const text = (await res.text()).trim();
  if (text.length > MAX_STATEMENT_BYTES)
    throw new TrustChainError('unreachable', `${what}: ${url.href} is too large`);
  return text;
}

const isStringArray = (x: unknown): x is string[] =>
  Array.isArray(x) && x.every((s) => typeof s === 'string');
const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** Reads a compact JWT as an entity statement, checking its shape (not its signature). */
export function readStatement(jwt: string, what: string): EntityStatement {
  let header: ProtectedHeaderParameters;
  let payload: JWTPayload;
  try {
    header = decodeProtectedHeader(jwt);
    payload = decodeJwt(jwt);
  } catch {
    throw new TrustChainError('invalid_statement', `${what} is not a JWT`);
  }
  const bad = (why: string): never => {
    throw new TrustChainError('invalid_statement', `${what}: ${why}`);
  };
  if (header.typ !== ENTITY_STATEMENT_TYPE) bad(`typ is ${String(header.typ)}`);
  if (typeof header.alg !== 'string' || !STATEMENT_ALGORITHMS.includes(header.alg))
    bad(`alg ${String(header.alg)} not accepted`);
  if (typeof header.kid !== 'string' || header.kid === '') bad('no kid');
  if (typeof payload.iss !== 'string' || typeof payload.sub !== 'string') bad('no iss or sub');
  if (typeof payload.iat !== 'number' || typeof payload.exp !== 'number') bad('no iat or exp');
  const jwks = payload.jwks as unknown;
  if (!isObject(jwks) || !Array.isArray(jwks.keys)) bad('no jwks');
  if (payload.authority_hints !== undefined && !isStringArray(payload.authority_hints))
    bad('authority_hints is not an array of strings');
  if (payload.metadata !== undefined && !isObject(payload.metadata)) bad('metadata is not an object');
  if (payload.metadata_policy_crit !== undefined && !isStringArray(payload.metadata_policy_crit))
    bad('metadata_policy_crit is not an array of strings');
  if (payload.constraints !== undefined && !isObject(payload.constraints))
    bad('constraints is not an object');
  // No extension claim is implemented: any claim marked critical is refused.
  if (payload.crit !== undefined && !(isStringArray(payload.crit) && payload.crit.length === 0))
    bad(`critical claims ${JSON.stringify(payload.crit)} not supported`);
  return { jwt, header, payload: payload as EntityStatementClaims };
}

/** Checks `iss`, `sub` and the validity period of a statement at `now`. */
export function checkStatement(
  s: EntityStatement,
  expected: { iss: string; sub: string },
  now: Date,
  what: string,
): void {
  if (s.payload.sub !== expected.sub)
    throw new TrustChainError(
      'subject_mismatch',
      `${what}: sub is ${s.payload.sub}, expected ${expected.sub}`,
    );
  if (s.payload.iss !== expected.iss)
    throw new TrustChainError(
      'subject_mismatch',
      `${what}: iss is ${s.payload.iss}, expected ${expected.iss}`,
    );
  const t = Math.floor(now.getTime() / 1000);
  if (s.payload.exp <= t - LEEWAY_SECONDS)
    throw new TrustChainError(
      'expired',
      `${what} expired at ${new Date(s.payload.exp * 1000).toISOString()}`,
    );
  if (s.payload.iat > t + LEEWAY_SECONDS)
    throw new TrustChainError('expired', `${what} is issued in the future`);
}

/** Verifies the signature of a statement with a key of `jwks` (the one its `kid` names). */
export async function verifyStatement(s: EntityStatement, jwks: JSONWebKeySet, what: string): Promise<void> {
  const kid = s.header.kid;
  if (!jwks.keys.some((k) => k.kid === kid))
    throw new TrustChainError(
      'bad_signature',
      `${what}: key ${String(kid)} is not among the keys that vouch for it`,
    );
  try {
    await compactVerify(s.jwt, createLocalJWKSet(jwks), { algorithms: STATEMENT_ALGORITHMS });
  } catch (e) {
    throw new TrustChainError(
      'bad_signature',
      `${what}: signature does not verify (${(e as Error).message})`,
    );
  }
}

/** Fetches and reads an entity's configuration (not yet checked nor verified). */
export async function fetchEntityConfiguration(
  entityId: string,
  opts: FetchOptions,
): Promise<EntityStatement> {
  const what = `entity configuration of ${entityId}`;
  return readStatement(await fetchStatement(wellKnownUrl(entityId), what, opts), what);
}

/** Fetches and reads the statement a superior issues about a subordinate. */
export async function fetchSubordinateStatement(
  fetchEndpoint: string,
  issuer: string,
  subject: string,
  opts: FetchOptions,
): Promise<EntityStatement> {
  const what = `statement of ${issuer} about ${subject}`;
  let url: URL;
  try {
    url = new URL(fetchEndpoint);
  } catch {
    throw new TrustChainError('invalid_statement', `${issuer}: federation_fetch_endpoint is not a URL`);
  }
  url.searchParams.set('sub', subject);
  return readStatement(await fetchStatement(url, what, opts), what);
}

/** The `federation_fetch_endpoint` an authority's configuration gives. */
export function fetchEndpointOf(config: EntityStatement): string {
  const fe = config.payload.metadata?.federation_entity;
  const endpoint = isObject(fe) ? fe.federation_fetch_endpoint : undefined;
  if (typeof endpoint !== 'string')
    throw new TrustChainError(
      'invalid_statement',
      `entity configuration of ${config.payload.sub} has no federation_fetch_endpoint`,
    );
  return endpoint;
}
