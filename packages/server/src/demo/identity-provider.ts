/**
 * A real OpenID Connect provider on 127.0.0.1 (`oidc-provider`) for the demo and the tests:
 * PKCE required, identities with SPID's claims (`fiscal_number` as `TINIT-<code>`, given and family
 * name, e-mail) given through userinfo, a login page that lists the identities as buttons, and a
 * `tamper` hook that rewrites the next ID token (signed again with the provider's own key) to test
 * what the Relying Party refuses: wrong audience, another nonce.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import Provider from 'oidc-provider';

export interface TestIdentity {
  id: string;
  given_name: string;
  family_name: string;
  email?: string;
  /** As SPID gives it, `TINIT-<code>`; absent to test the refusal. */
  fiscal_number?: string;
}

export interface TestProvider {
  issuer: string;
  /** Rewrites the payload of the next ID token issued (once). */
  tamper(fn: (payload: JWTPayload) => JWTPayload): void;
  close(): Promise<void>;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startTestProvider(opts: {
  clients: { client_id: string; client_secret: string; redirect_uris: string[] }[];
  identities: TestIdentity[];
  port?: number;
}): Promise<TestProvider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-op-1', alg: 'RS256', use: 'sig' };
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const byId = new Map(opts.identities.map((i) => [i.id, i]));

  const provider = new Provider(issuer, {
    clients: opts.clients.map((c) => ({
      ...c,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    jwks: { keys: [jwk] },
    cookies: { keys: ['pagatore-test-op-cookie-key'] },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600 },
    scopes: ['openid', 'profile', 'email'],
    claims: { openid: ['sub'], profile: ['given_name', 'family_name', 'fiscal_number'], email: ['email'] },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, id) {
      const who = byId.get(id);
      if (!who) return undefined;
      return {
        accountId: id,
        async claims() {
          const { id: sub, ...claims } = who;
          return { sub, ...claims };
        },
      };
    },
  });
  const handle = provider.callback();
  let tamper: ((p: JWTPayload) => JWTPayload) | null = null;

  /** Rewrites the ID token of a token response, signed again with the provider's key. */
  function tamperToken(res: ServerResponse, fn: (p: JWTPayload) => JWTPayload): void {
    const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
    (res as unknown as { end: (chunk?: unknown) => Promise<void> }).end = async (chunk?: unknown) => {
      const body = JSON.parse(String(chunk)) as { id_token?: string };
      if (body.id_token) {
        const payload = fn(decodeJwt(body.id_token));
        body.id_token = await new SignJWT(payload)
          .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
          .sign(privateKey);
      }
      const text = JSON.stringify(body);
      res.setHeader('content-length', Buffer.byteLength(text));
      end(text);
    };
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', issuer);
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
      await handle(req, res);
    })().catch((e: unknown) => {
      res.statusCode = 500;
      res.end(String(e));
    });
  });

  return {
    issuer,
    tamper: (fn) => {
      tamper = fn;
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
