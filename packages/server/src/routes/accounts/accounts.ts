/**
 * Citizen accounts routes: registration, activation, sessions, recovery, profile,
 * consent. Every unauthenticated route is rate-limited; the domain is in `src/accounts/`.
 */
import { accountsEndpoints as ep } from '@pagatore/sdk';
import { Hono } from 'hono';
import {
  activateAccount,
  changePassword,
  confirmEmail,
  confirmPasswordReset,
  login,
  logout,
  profileOf,
  registerAccount,
  requestPasswordReset,
  requestUsernameReminder,
  resendActivation,
  revokeConsent,
  updateProfile,
} from '../../accounts/accounts.js';
import { ACCOUNT_LIMITS } from '../../accounts/settings.js';
import { prepareProviderLogout } from '../../identity/logout.js';
import type { AppEnv } from '../../http/context.js';
import { route } from '../../http/route.js';
import { enforce } from '../../core/rate-limit.js';
import { accountCtx } from './context.js';

const ACCEPTED = { accepted: true } as const;

export function accountsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, ep.registerAccount, async (c, { params, body }) => {
    const ctx = await accountCtx(c, params.ente);
    await enforce(ctx.deps, `register:ip:${ctx.ip}`, ACCOUNT_LIMITS.register);
    await registerAccount(ctx, body);
    return ACCEPTED;
  });

  route(app, ep.resendActivation, async (c, { params, body }) => {
    await resendActivation(await accountCtx(c, params.ente), body.email, body.lang);
    return ACCEPTED;
  });

  route(app, ep.activateAccount, async (c, { params, body }) =>
    activateAccount(await accountCtx(c, params.ente), body.token),
  );

  route(app, ep.confirmEmail, async (c, { params, body }) =>
    confirmEmail(await accountCtx(c, params.ente), body.token),
  );

  route(app, ep.login, async (c, { params, body }) => {
    const ctx = await accountCtx(c, params.ente);
    const s = await login(ctx, body.username, body.password, { privacyVersion: body.privacyVersion });
    c.header('Cache-Control', 'no-store');
    return {
      token: s.token,
      expiresAt: s.expiresAt.toISOString(),
      idleTimeoutSeconds: ctx.deps.config.sessionIdleSeconds,
      account: await profileOf(ctx.deps, s.account),
    };
  });

  route(app, ep.logout, async (c, { params, query }) => {
    const ctx = await accountCtx(c, params.ente);
    // Read what the session came from before it ends: a SPID/CIE session may end at its provider too.
    const result = await prepareProviderLogout(
      ctx.deps,
      ctx.entity,
      c.get('sessionId'),
      query.returnUrl,
      ctx.lang,
    );
    await logout(ctx, c.get('account'), c.get('sessionId'));
    c.header('Cache-Control', 'no-store');
    return result;
  });

  route(app, ep.requestPasswordReset, async (c, { params, body }) => {
    await requestPasswordReset(await accountCtx(c, params.ente), body.login, body.lang);
    return ACCEPTED;
  });

  route(app, ep.confirmPasswordReset, async (c, { params, body }) => {
    await confirmPasswordReset(await accountCtx(c, params.ente), body.token, body.password);
    return undefined;
  });

  route(app, ep.requestUsernameReminder, async (c, { params, body }) => {
    await requestUsernameReminder(await accountCtx(c, params.ente), body.email, body.lang);
    return ACCEPTED;
  });

  route(app, ep.getMe, async (c) => {
    c.header('Cache-Control', 'no-store');
    return profileOf(c.get('deps'), c.get('account'));
  });

  route(app, ep.updateMe, async (c, { params, body }) => {
    const ctx = await accountCtx(c, params.ente);
    const updated = await updateProfile(ctx, c.get('account'), body);
    c.header('Cache-Control', 'no-store');
    return profileOf(ctx.deps, updated);
  });

  route(app, ep.changePassword, async (c, { params, body }) => {
    await changePassword(
      await accountCtx(c, params.ente),
      c.get('account'),
      c.get('sessionId'),
      body.currentPassword,
      body.newPassword,
    );
    return undefined;
  });

  route(app, ep.revokeConsent, async (c, { params }) => {
    await revokeConsent(await accountCtx(c, params.ente), c.get('account'));
    return undefined;
  });

  return app;
}
