/**
 * Citizen client methods for accounts: register, activate, login, recovery, profile,
 * consent. `login` keeps the token in the session store; `logout` and `revokeConsent` drop it.
 */
import type { accountsEndpoints as ep } from '../contract/accounts.js';
import { accountsRoutes as routes } from './routes.js';
import type { RequestOf } from '../contract/endpoint.js';
import type { Lang } from '../errors.js';
import type { Profile, SessionCreated } from '../schemas/accounts.js';
import type { LogoutResult } from '../schemas/identity.js';
import type { SessionStore } from './session-store.js';
import type { Transport } from './transport.js';

type Body<E> = RequestOf<E>['body'];

export function accountsApi(t: Transport, ente: { ente: string }, session: SessionStore) {
  const params = ente;
  return {
    accounts: {
      /**
       * Registers; the answer is the same whether or not the data was new (look in the mailbox).
       * @example await client.accounts.register({ fiscalCode: 'RSSMRA85T10A562S', subjectKind: 'person', … })
       */
      register: (body: Body<typeof ep.registerAccount>) => t.call(routes.registerAccount, { params, body }),
      /** Sends the activation link again to an account not yet active. */
      resendActivation: (email: string, lang?: Lang) =>
        t.call(routes.resendActivation, { params, body: { email, lang } }),
      /** Activates with the token of the link; answers the username to log in with. */
      activate: (token: string) => t.call(routes.activateAccount, { params, body: { token } }),
      /** Confirms a new e-mail address with the token of the link sent to it. */
      confirmEmail: (token: string) => t.call(routes.confirmEmail, { params, body: { token } }),
      /**
       * "Accedi": logs in with username (or e-mail) and password and keeps the session token. When the
       * entity published a privacy notice that asks for fresh consent the answer is `409
       * reconsent_required`: show `client.privacy.text('privacy')` and log in again with its version.
       * @example const { account } = await client.accounts.login('mario.rossi', 'una password lunga')
       */
      login: async (username: string, password: string, privacyVersion?: string): Promise<SessionCreated> => {
        const body =
          privacyVersion === undefined ? { username, password } : { username, password, privacyVersion };
        const created = await t.call(routes.login, { params, body });
        session.set({ token: created.token, expiresAt: created.expiresAt });
        return created;
      },
      /**
       * "Esci": ends the session on the server and forgets the token, even if the server is
       * unreachable. For a SPID/CIE session the answer says where to send the browser to end the
       * provider's session too (`providerLogoutUrl`, coming back to `returnUrl`), or that the
       * provider's may still be open; null when there was no session to end.
       * @example const r = await client.accounts.logout({ returnUrl: location.href }); if (r?.providerLogoutUrl) location.assign(r.providerLogoutUrl);
       */
      logout: async (opts: { returnUrl?: string } = {}): Promise<LogoutResult | null> => {
        try {
          if (!session.token) return null;
          const returnUrl = opts.returnUrl?.replace(/#.*$/, '');
          return await t.call(routes.logout, { params, query: returnUrl ? { returnUrl } : {} });
        } finally {
          session.clear();
        }
      },
      /** "Password dimenticata?": a reset link goes to the account's e-mail, if there is an account. */
      requestPasswordReset: (login: string, lang?: Lang) =>
        t.call(routes.requestPasswordReset, { params, body: { login, lang } }),
      /** Sets a new password with the reset link's token; every session of the account ends. */
      confirmPasswordReset: async (token: string, password: string): Promise<void> => {
        await t.call(routes.confirmPasswordReset, { params, body: { token, password } });
        session.clear();
      },
      /** "Username dimenticato?": the username goes to the e-mail, if there is an account. */
      requestUsernameReminder: (email: string, lang?: Lang) =>
        t.call(routes.requestUsernameReminder, { params, body: { email, lang } }),
      /** The logged-in citizen's profile. */
      me: (): Promise<Profile> => t.call(routes.getMe, { params }),
      /** Edits the profile; a new e-mail waits for confirmation (`pendingEmail`). */
      updateProfile: (body: Body<typeof ep.updateMe>): Promise<Profile> =>
        t.call(routes.updateMe, { params, body }),
      /** Changes the password; the other sessions end, this one stays. */
      changePassword: (currentPassword: string, newPassword: string) =>
        t.call(routes.changePassword, { params, body: { currentPassword, newPassword } }),
      /** "Revoca consenso privacy": closes the account and forgets the token. */
      revokeConsent: async (): Promise<void> => {
        await t.call(routes.revokeConsent, { params });
        session.clear();
      },
      /** True when a session token is held (it may still have expired on the server). */
      get loggedIn(): boolean {
        return session.token !== null;
      },
    },
  };
}
