/**
 * Citizen client methods for logging in with SPID or CIE. The browser leaves the page for the
 * provider and comes back with a one-time code in the fragment (`#pagatore-identity=<code>`); the
 * code is worth nothing without the verifier this client made before leaving (kept in this tab's
 * sessionStorage), and is exchanged for the usual bearer session. No token ever travels in a URL.
 *
 * @example
 * // "Entra con SPID"
 * location.assign(await client.identity.loginUrl('spid-poste', location.href));
 * // back on the page:
 * const r = await client.identity.complete();
 * if (r?.outcome === 'consent_required') await client.identity.complete({ privacyVersion: r.privacyVersion });
 */
import type { SessionCreated } from '../schemas/accounts.js';
import type { IdentityExchangeResult } from '../schemas/identity.js';
import type { SessionStore } from './session-store.js';
import type { Transport } from './transport.js';
import { identityRoutes as routes } from './routes.js';

const FRAGMENT = /(?:^#|&)pagatore-identity=([a-z0-9]+)/;

function storage(): Storage | undefined {
  return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

export function identityApi(t: Transport, ente: { ente: string }, session: SessionStore) {
  const params = ente;
  const key = `pagatore-identity|${t.baseUrl}|${ente.ente}`;
  const read = (): { verifier?: string; code?: string } => {
    try {
      return JSON.parse(storage()?.getItem(key) ?? '{}') as { verifier?: string; code?: string };
    } catch {
      return {};
    }
  };
  const write = (v: { verifier?: string; code?: string } | null) => {
    if (v) storage()?.setItem(key, JSON.stringify(v));
    else storage()?.removeItem(key);
  };
  return {
    identity: {
      /** The SPID and CIE providers the entity configured (empty: show no digital-identity button). */
      providers: () => t.call(routes.listIdentityProviders, { params }),
      /**
       * The URL that starts a login at a provider and comes back to `returnUrl` (a page on one of
       * the entity's allowed origins). Makes and keeps the verifier the code will need.
       */
      loginUrl: async (provider: string, returnUrl: string): Promise<string> => {
        const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
        write({ verifier });
        const url = new URL(
          `${t.baseUrl}/api/v1/entities/${encodeURIComponent(ente.ente)}/identity-providers/${encodeURIComponent(provider)}/login`,
        );
        url.searchParams.set('returnUrl', returnUrl.replace(/#.*$/, ''));
        url.searchParams.set('challenge', await challengeOf(verifier));
        return url.href;
      },
      /** True when this page came back from a provider (or an exchange waits for consent or link). */
      pending: (hash = typeof location === 'undefined' ? '' : location.hash): boolean =>
        FRAGMENT.test(hash) || read().code !== undefined,
      /**
       * Exchanges the code this page came back with; takes it out of the address bar. Answers null
       * when there is nothing to exchange. With `consent_required` or `link_required`, call again
       * with the consent or the portal account's credentials; with `session`, the client is logged in.
       */
      complete: async (
        more: {
          privacyVersion?: string;
          link?: { username: string; password: string };
          linkByEmail?: true;
        } = {},
      ): Promise<IdentityExchangeResult | null> => {
        const saved = read();
        if (typeof location !== 'undefined') {
          const m = FRAGMENT.exec(location.hash);
          if (m?.[1]) {
            saved.code = m[1];
            write(saved);
            history.replaceState(history.state, '', location.pathname + location.search);
          }
        }
        if (!saved.code || !saved.verifier) return null;
        try {
          const r = await t.call(routes.exchangeIdentity, {
            params,
            body: { code: saved.code, verifier: saved.verifier, ...more },
          });
          // Done here, or handed to the mailed link: the code has nothing more to do.
          if (r.outcome === 'session' || r.outcome === 'link_mail_sent') write(null);
          if (r.outcome === 'session') {
            session.set({ token: r.session.token, expiresAt: r.session.expiresAt });
          }
          return r;
        } catch (e) {
          // A spent or expired code will never work: forget it (a wrong password keeps it).
          if ((e as { code?: string }).code === 'token_invalid') write(null);
          throw e;
        }
      },
      /** Forgets a login under way (the citizen gave up on consent or linking). */
      cancel: () => write(null),
      /**
       * Follows the mailed link that links a SPID/CIE identity to the portal account of its fiscal
       * code (`#pagatore-identity-link=<token>`): links, and logs in (the session is kept).
       */
      confirmLink: async (token: string): Promise<SessionCreated> => {
        const created = await t.call(routes.confirmIdentityLink, { params, body: { token } });
        session.set({ token: created.token, expiresAt: created.expiresAt });
        return created;
      },
    },
  };
}
