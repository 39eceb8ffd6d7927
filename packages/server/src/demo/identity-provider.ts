/**
 * A real OpenID Connect provider on 127.0.0.1 (`oidc-provider`) for the demo and the tests:
 * PKCE required, identities with SPID's claims (`fiscal_number` as `TINIT-<code>`, also under the
 * guidelines' name `https://attributes.eid.gov.it/fiscal_number`, given and family name, e-mail)
 * given through userinfo, a login page that lists the identities as buttons, and hooks that rewrite
 * the next ID token (signed again with the provider's own key) or the next userinfo, to test what
 * the Relying Party refuses: wrong audience, another nonce, a userinfo signed or encrypted wrong.
 *
 * A client registered with `jwks` (a SPID/CIE federation Relying Party) gets the profile's rules:
 * signed request objects required (`request`, checked with its keys), `private_key_jwt` only, the
 * userinfo signed by the provider and encrypted to the client's key (RSA-OAEP-256, A256CBC-HS512),
 * claims asked through the `claims` parameter.
 *
 * With `federation`, it is also a leaf of the stand-in federation (trust-anchor.ts): its entity
 * configuration at `<issuer>/.well-known/openid-federation`, signed with its federation key, lists
 * its superiors and carries its discovery metadata, with its keys inline, as `openid_provider`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, exportJWK, generateKeyPair, type JSONWebKeySet, type JWTPayload, SignJWT } from 'jose';
import Provider from 'oidc-provider';
import { type FederationKey, leafEntityConfiguration } from './trust-anchor.js';

export interface TestIdentity {
  id: string;
  given_name: string;
  family_name: string;
  email?: string;
  /** Whether the provider vouches for the e-mail (`email_verified`). */
  email_verified?: boolean;
  /** As SPID gives it, `TINIT-<code>`; absent to test the refusal. */
  fiscal_number?: string;
}

/** The guidelines' name of the fiscal number claim. */
export const EID_FISCAL_NUMBER = 'https://attributes.eid.gov.it/fiscal_number';

/** A client of the test provider: with a secret (plain OIDC), or with its public keys (federation profile). */
export interface TestClient {
  client_id: string;
  redirect_uris: string[];
  client_secret?: string;
  /** Where its logout may send the browser back (`post_logout_redirect_uri`). */
  post_logout_redirect_uris?: string[];
  /** The client's public keys: it authenticates with `private_key_jwt`. */
  jwks?: JSONWebKeySet;
  /** With `jwks`: `federation` (the default) adds the profile's rules; `oidc` only `private_key_jwt`. */
  profile?: 'federation' | 'oidc';
}

export interface TestProvider {
  issuer: string;
  /** The provider's public signing keys (what its federation metadata lists as `jwks`). */
  jwks: JSONWebKeySet;
  /** Rewrites the payload of the next ID token issued (once), signed again with its key or `signWith`. */
  tamper(fn: (payload: JWTPayload) => JWTPayload, signWith?: CryptoKey): void;
  /** Replaces the body of the next userinfo answer (once). */
  tamperUserinfo(fn: (body: string) => Promise<string>): void;
  close(): Promise<void>;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startTestProvider(opts: {
  clients: TestClient[];
  identities: TestIdentity[];
  port?: number;
  /** Publishes an entity configuration signed with `key`, naming `authorityHints` as superiors. */
  federation?: { key: FederationKey; authorityHints: string[]; name?: string };
  /** false: no `end_session_endpoint` (a provider whose sessions the Relying Party cannot end). */
  endSession?: boolean;
}): Promise<TestProvider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-op-1', alg: 'RS256', use: 'sig' };
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const byId = new Map(opts.identities.map((i) => [i.id, i]));

  const provider = new Provider(issuer, {
    clients: opts.clients.map(({ profile, ...c }) => ({
      ...c,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      ...(c.jwks ? { token_endpoint_auth_method: 'private_key_jwt' } : {}),
      ...(c.jwks && profile !== 'oidc'
        ? {
            require_signed_request_object: true,
            request_object_signing_alg: 'RS256',
            id_token_signed_response_alg: 'RS256',
            userinfo_signed_response_alg: 'RS256',
            userinfo_encrypted_response_alg: 'RSA-OAEP-256',
            userinfo_encrypted_response_enc: 'A256CBC-HS512',
          }
        : {}),
    })),
    jwks: { keys: [jwk] },
    cookies: { keys: ['pagatore-test-op-cookie-key'] },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600 },
    scopes: ['openid', 'profile', 'email'],
    claims: {
      openid: ['sub'],
      profile: ['given_name', 'family_name', 'fiscal_number', EID_FISCAL_NUMBER],
      email: ['email', 'email_verified'],
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: opts.endSession !== false,
        // The provider asks before ending its session, as real ones do; the page loads nothing remote.
        async logoutSource(ctx, form) {
          ctx.type = 'html';
          ctx.body =
            `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Identity provider di prova - uscita</title></head>` +
            `<body><h1>Vuoi uscire dall'identity provider di prova?</h1>${form}` +
            `<button type="submit" form="op.logoutForm" name="logout" value="yes">Esci</button>` +
            `<button type="submit" form="op.logoutForm">Resta collegato</button></body></html>`;
        },
        async postLogoutSuccessSource(ctx) {
          ctx.type = 'html';
          ctx.body = `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Uscito</title></head><body><h1>Sei uscito dall'identity provider di prova.</h1></body></html>`;
        },
      },
      requestObjects: { enabled: true },
      claimsParameter: { enabled: true },
      jwtUserinfo: { enabled: true },
      encryption: { enabled: true },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, id) {
      const who = byId.get(id);
      if (!who) return undefined;
      return {
        accountId: id,
        async claims() {
          const { id: sub, ...claims } = who;
          return { sub, ...claims, [EID_FISCAL_NUMBER]: who.fiscal_number };
        },
      };
    },
  });
  const handle = provider.callback();
  let tamper: { fn: (p: JWTPayload) => JWTPayload; key: CryptoKey } | null = null;
  let tamperUserinfo: ((body: string) => Promise<string>) | null = null;

  /** Replaces the body of a userinfo answer. */
  function replaceBody(res: ServerResponse, fn: (body: string) => Promise<string>): void {
    const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
    (res as unknown as { end: (chunk?: unknown) => Promise<void> }).end = async (chunk?: unknown) => {
      const text = await fn(String(chunk));
      res.setHeader('content-length', Buffer.byteLength(text));
      end(text);
    };
  }

  /** Rewrites the ID token of a token response, signed again with `key`. */
  function tamperToken(res: ServerResponse, { fn, key }: NonNullable<typeof tamper>): void {
    const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
    (res as unknown as { end: (chunk?: unknown) => Promise<void> }).end = async (chunk?: unknown) => {
      const body = JSON.parse(String(chunk)) as { id_token?: string };
      if (body.id_token) {
        const payload = fn(decodeJwt(body.id_token));
        body.id_token = await new SignJWT(payload)
          .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
          .sign(key);
      }
      const text = JSON.stringify(body);
      res.setHeader('content-length', Buffer.byteLength(text));
      end(text);
    };
  }

  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;

  /** The entity configuration: the discovery metadata, with the keys inline, as `openid_provider`. */
  async function entityConfiguration(fed: NonNullable<typeof opts.federation>): Promise<string> {
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    return leafEntityConfiguration({
      entityId: issuer,
      key: fed.key,
      authorityHints: fed.authorityHints,
      metadata: {
        openid_provider: { ...discovery, jwks: { keys: [publicJwk] } },
        federation_entity: { organization_name: fed.name ?? 'Identity provider di prova' },
      },
    });
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', issuer);
      if (opts.federation && req.method === 'GET' && url.pathname === '/.well-known/openid-federation') {
        const body = await entityConfiguration(opts.federation);
        res.setHeader('content-type', 'application/entity-statement+jwt');
        res.end(body);
        return;
      }
      const m = /^\/interaction\/([^/]+)(\/login)?$/.exec(url.pathname);
      if (m && req.method === 'GET') {
        const buttons = opts.identities
          .map(
            (i) =>
              `<li><button name="identity" value="${esc(i.id)}">${esc(i.given_name)} ${esc(i.family_name)}</button></li>`,
          )
          .join('');
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(
          `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Identity provider di prova</title></head>` +
            `<body><h1>Identity provider di prova</h1><form method="post" action="/interaction/${esc(m[1] ?? '')}/login"><ul>${buttons}</ul></form></body></html>`,
        );
        return;
      }
      if (m?.[2] && req.method === 'POST') {
        const id = (await formBody(req)).get('identity') ?? '';
        const details = await provider.interactionDetails(req, res);
        const grant = new provider.Grant({ accountId: id, clientId: String(details.params.client_id) });
        grant.addOIDCScope(String(details.params.scope));
        // Claims asked by the `claims` parameter (the federation profile's way) are granted too.
        const asked = details.params.claims;
        const claims = (typeof asked === 'string' ? JSON.parse(asked) : asked) as
          { userinfo?: Record<string, unknown>; id_token?: Record<string, unknown> } | undefined;
        if (claims)
          grant.addOIDCClaims([...Object.keys(claims.userinfo ?? {}), ...Object.keys(claims.id_token ?? {})]);
        const grantId = await grant.save();
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: id }, consent: { grantId } },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      if (tamper && req.method === 'POST' && url.pathname === '/token') {
        tamperToken(res, tamper);
        tamper = null;
      }
      if (tamperUserinfo && url.pathname === '/me') {
        replaceBody(res, tamperUserinfo);
        tamperUserinfo = null;
      }
      await handle(req, res);
    })().catch((e: unknown) => {
      res.statusCode = 500;
      res.end(String(e));
    });
  });

  return {
    issuer,
    jwks: { keys: [publicJwk] },
    tamper: (fn, signWith) => {
      tamper = { fn, key: signWith ?? privateKey };
    },
    tamperUserinfo: (fn) => {
      tamperUserinfo = fn;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The demo's identities: Anna Rossi has no account yet (assigned practices), Mario Rossi has one. */
export const DEMO_IDENTITIES: TestIdentity[] = [
  {
    id: 'anna.rossi',
    given_name: 'Anna',
    family_name: 'Rossi',
    email: 'anna.rossi@example.it',
    fiscal_number: 'TINIT-RSSNNA10A41H501S',
  },
  {
    id: 'mario.rossi',
    given_name: 'Mario',
    family_name: 'Rossi',
    fiscal_number: 'TINIT-RSSMRA85T10A562S',
  },
];
