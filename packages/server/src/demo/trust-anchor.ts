/**
 * A stand-in OpenID Federation on 127.0.0.1 for the demo and the tests: a Trust Anchor, one
 * intermediate below it (more on request), and the leaves (OpenID Providers, Relying Parties) they
 * are told about. Each authority publishes its entity configuration
 * (`<id>/.well-known/openid-federation`), a `federation_fetch_endpoint` issuing subordinate
 * statements (with the metadata policy given for the subordinate) and a `federation_list_endpoint`.
 * It can also host a leaf's own configuration, and misbehave on request: a statement signed with a
 * key nobody vouches for, an expired one, one about another subject.
 *
 * Entity ids are `http://127.0.0.1:<port>/<name>`: the Trust Anchor is `/ta`, the intermediate
 * `/intermediate`.
 */
import { type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { exportJWK, generateKeyPair, type JSONWebKeySet, type JWK, SignJWT } from 'jose';
import { closeServer, listen } from '../server.js';

/** A federation signing key: the private half signs, the public JWK goes in `jwks`. */
export interface FederationKey {
  kid: string;
  alg: 'ES256' | 'RS256';
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function newFederationKey(
  kid: string,
  alg: 'ES256' | 'RS256' = 'ES256',
): Promise<FederationKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicJwk };
}

export const jwksOf = (...keys: FederationKey[]): JSONWebKeySet => ({ keys: keys.map((k) => k.publicJwk) });

/** Signs an entity statement (`typ: entity-statement+jwt`). */
export function signEntityStatement(claims: Record<string, unknown>, key: FederationKey): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'entity-statement+jwt' })
    .sign(key.privateKey);
}

/** The entity configuration of a leaf (an OP or an RP), signed with its own federation key. */
export function leafEntityConfiguration(opts: {
  entityId: string;
  key: FederationKey;
  authorityHints: string[];
  metadata: Record<string, Record<string, unknown>>;
  now?: Date;
  ttlSeconds?: number;
}): Promise<string> {
  const iat = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  return signEntityStatement(
    {
      iss: opts.entityId,
      sub: opts.entityId,
      iat,
      exp: iat + (opts.ttlSeconds ?? 24 * 3600),
      jwks: jwksOf(opts.key),
      authority_hints: opts.authorityHints,
      metadata: opts.metadata,
    },
    opts.key,
  );
}

export const SPID_ACR_VALUES = [
  'https://www.spid.gov.it/SpidL1',
  'https://www.spid.gov.it/SpidL2',
  'https://www.spid.gov.it/SpidL3',
];

/**
 * What the stand-in Trust Anchor imposes on the OpenID Providers below its intermediate, after the
 * SPID/CIE profile: PKCE S256, the SPID levels, `private_key_jwt`, the code flow.
 */
export const DEFAULT_PROVIDER_POLICY = {
  openid_provider: {
    code_challenge_methods_supported: { subset_of: ['S256'], superset_of: ['S256'] },
    acr_values_supported: { subset_of: SPID_ACR_VALUES },
    response_types_supported: { subset_of: ['code'], essential: true },
    token_endpoint_auth_methods_supported: { subset_of: ['private_key_jwt'] },
  },
};

export type StatementFault =
  /** Signed with a key of the same `kid` that nobody vouches for. */
  | 'bad_signature'
  /** Issued two days ago, expired one day ago. */
  | 'expired'
  /** Says it is about another subject. */
  | 'wrong_sub';

interface Subordinate {
  entityId: string;
  jwks: JSONWebKeySet;
  entityTypes: string[];
  metadataPolicy?: unknown;
  metadata?: unknown;
  constraints?: unknown;
}

interface Hosted {
  name: string;
  entityId: string;
  key: FederationKey;
  authorityHints: string[];
  metadata: Record<string, Record<string, unknown>>;
  /** Authorities only: the entities they issue statements about. */
  subordinates: Map<string, Subordinate> | null;
  /** Lifetime of what it issues, when not the federation's. */
  ttlSeconds?: number;
}

export interface TestFederation {
  /** The Trust Anchor as the settings pin it. */
  trustAnchor: { entityId: string; jwks: JSONWebKeySet };
  intermediateId: string;
  /** Paths requested so far (what a cache saved). */
  requests: string[];
  /** Adds an intermediate below `superior` (default the Trust Anchor). */
  addIntermediate(
    name: string,
    opts?: { superior?: string; metadataPolicy?: unknown; constraints?: unknown },
  ): Promise<string>;
  /** Tells an authority (default the intermediate) about a subordinate: it issues a statement about it. */
  register(sub: {
    entityId: string;
    jwks: JSONWebKeySet;
    superior?: string;
    entityTypes?: string[];
    metadataPolicy?: unknown;
    metadata?: unknown;
    constraints?: unknown;
  }): void;
  /**
   * Hosts a leaf's own entity configuration here (`/<name>`), registered with `superior` (default
   * the intermediate; null: not registered).
   */
  hostLeaf(
    name: string,
    opts: {
      metadata: Record<string, Record<string, unknown>>;
      superior?: string | null;
      authorityHints?: string[];
      /** The policy its superior's statement about it carries. */
      metadataPolicy?: unknown;
      /** Metadata its superior's statement about it overrides. */
      superiorMetadata?: unknown;
      /** Lifetime of its own configuration. */
      ttlSeconds?: number;
    },
  ): Promise<{ entityId: string; key: FederationKey }>;
  /** Replaces a hosted entity's `authority_hints`. */
  setAuthorityHints(entityId: string, hints: string[]): void;
  /**
   * Makes the statements `issuer` issues (about `subject`; its own configuration when `subject` is
   * the issuer; all when omitted) misbehave until `clearFaults`.
   */
  fault(f: { issuer: string; subject?: string; kind: StatementFault }): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export async function startTestFederation(
  opts: { port?: number; now?: () => Date; ttlSeconds?: number; providerPolicy?: unknown } = {},
): Promise<TestFederation> {
  const now = opts.now ?? (() => new Date());
  const ttl = opts.ttlSeconds ?? 24 * 3600;
  const hosted = new Map<string, Hosted>();
  const byId = new Map<string, Hosted>();
  const requests: string[] = [];
  let faults: { issuer: string; subject?: string; kind: StatementFault }[] = [];
  const rogue = new Map<string, FederationKey>();
  let base = '';

  async function sign(issuer: Hosted, subject: string, claims: Record<string, unknown>): Promise<string> {
    const f = faults.find(
      (x) => x.issuer === issuer.entityId && (x.subject === undefined || x.subject === subject),
    );
    const iat = Math.floor(now().getTime() / 1000);
    let body: Record<string, unknown> = {
      iss: issuer.entityId,
      sub: subject,
      iat,
      exp: iat + (issuer.ttlSeconds ?? ttl),
      ...claims,
    };
    let key = issuer.key;
    if (f?.kind === 'expired') body = { ...body, iat: iat - 2 * 86400, exp: iat - 86400 };
    if (f?.kind === 'wrong_sub') body = { ...body, sub: `${subject}-other` };
    if (f?.kind === 'bad_signature') {
      let k = rogue.get(issuer.entityId);
      if (!k) {
        k = await newFederationKey(issuer.key.kid, issuer.key.alg);
        rogue.set(issuer.entityId, k);
      }
      key = k;
    }
    return signEntityStatement(body, key);
  }

  const jwt = (text: string) =>
    new Response(text, { headers: { 'content-type': 'application/entity-statement+jwt' } });
  const notFound = (description: string) =>
    Response.json({ error: 'not_found', error_description: description }, { status: 404 });

  const app = new Hono();
  app.use(async (c, next) => {
    requests.push(`${new URL(c.req.url).pathname}${new URL(c.req.url).search}`);
    await next();
  });
  app.get('/:name/.well-known/openid-federation', async (c) => {
    const e = hosted.get(c.req.param('name'));
    if (!e) return notFound('unknown entity');
    const claims: Record<string, unknown> = { jwks: jwksOf(e.key), metadata: e.metadata };
    if (e.authorityHints.length) claims.authority_hints = e.authorityHints;
    return jwt(await sign(e, e.entityId, claims));
  });
  app.get('/:name/fetch', async (c) => {
    const e = hosted.get(c.req.param('name'));
    const sub = c.req.query('sub') ?? '';
    const s = e?.subordinates?.get(sub);
    if (!e || !s) return notFound('unknown subject');
    const claims: Record<string, unknown> = { jwks: s.jwks, source_endpoint: `${e.entityId}/fetch` };
    if (s.metadataPolicy !== undefined) claims.metadata_policy = s.metadataPolicy;
    if (s.metadata !== undefined) claims.metadata = s.metadata;
    if (s.constraints !== undefined) claims.constraints = s.constraints;
    return jwt(await sign(e, sub, claims));
  });
  app.get('/:name/list', (c) => {
    const e = hosted.get(c.req.param('name'));
    if (!e?.subordinates) return notFound('not an authority');
    const type = c.req.query('entity_type');
    return c.json(
      [...e.subordinates.values()]
        .filter((s) => !type || s.entityTypes.includes(type))
        .map((s) => s.entityId),
    );
  });

  const { server, port }: { server: ServerType; port: number } = await listen(
    app.fetch,
    '127.0.0.1',
    opts.port ?? 0,
  );
  base = `http://127.0.0.1:${port}`;

  async function host(
    name: string,
    authorityHints: string[],
    metadata: Record<string, Record<string, unknown>>,
    authority: boolean,
  ): Promise<Hosted> {
    if (hosted.has(name)) throw new Error(`${name} is already hosted`);
    const entityId = `${base}/${name}`;
    const key = await newFederationKey(`${name}-fed-1`);
    const fullMetadata = authority
      ? {
          ...metadata,
          federation_entity: {
            organization_name: name,
            federation_fetch_endpoint: `${entityId}/fetch`,
            federation_list_endpoint: `${entityId}/list`,
            ...(metadata.federation_entity ?? {}),
          },
        }
      : metadata;
    const e: Hosted = {
      name,
      entityId,
      key,
      authorityHints,
      metadata: fullMetadata,
      subordinates: authority ? new Map() : null,
    };
    hosted.set(name, e);
    byId.set(entityId, e);
    return e;
  }

  const authorityOf = (id: string): Hosted => {
    const e = byId.get(id);
    if (!e?.subordinates) throw new Error(`${id} is not an authority of this federation`);
    return e;
  };

  const ta = await host(
    'ta',
    [],
    { federation_entity: { organization_name: 'Trust Anchor di prova' } },
    true,
  );

  const fed: TestFederation = {
    trustAnchor: { entityId: ta.entityId, jwks: jwksOf(ta.key) },
    intermediateId: '',
    requests,
    async addIntermediate(name, o = {}) {
      const superior = authorityOf(o.superior ?? ta.entityId);
      const e = await host(name, [superior.entityId], {}, true);
      superior.subordinates?.set(e.entityId, {
        entityId: e.entityId,
        jwks: jwksOf(e.key),
        entityTypes: ['federation_entity'],
        metadataPolicy: o.metadataPolicy,
        constraints: o.constraints,
      });
      return e.entityId;
    },
    register(s) {
      authorityOf(s.superior ?? fed.intermediateId).subordinates?.set(s.entityId, {
        entityId: s.entityId,
        jwks: s.jwks,
        entityTypes: s.entityTypes ?? ['openid_provider'],
        metadataPolicy: s.metadataPolicy,
        metadata: s.metadata,
        constraints: s.constraints,
      });
    },
    async hostLeaf(name, o) {
      const superior = o.superior === undefined ? fed.intermediateId : o.superior;
      const e = await host(name, o.authorityHints ?? (superior ? [superior] : []), o.metadata, false);
      if (o.ttlSeconds !== undefined) e.ttlSeconds = o.ttlSeconds;
      if (superior)
        fed.register({
          entityId: e.entityId,
          jwks: jwksOf(e.key),
          superior,
          entityTypes: Object.keys(o.metadata),
          metadataPolicy: o.metadataPolicy,
          metadata: o.superiorMetadata,
        });
      return { entityId: e.entityId, key: e.key };
    },
    setAuthorityHints(entityId, hints) {
      const e = byId.get(entityId);
      if (!e) throw new Error(`${entityId} is not hosted here`);
      e.authorityHints = hints;
    },
    fault(f) {
      faults.push(f);
    },
    clearFaults() {
      faults = [];
    },
    close: () => closeServer(server, 200),
  };
  fed.intermediateId = await fed.addIntermediate('intermediate', {
    metadataPolicy: opts.providerPolicy ?? DEFAULT_PROVIDER_POLICY,
  });
  return fed;
}
