/**
 * Reminders and calendar: the citizen's consent to e-mail reminders, the unsubscribe page and
 * one-click POST of a reminder mail, and the private calendar feed. The domain is `src/reminders/`.
 */
import { type Lang, remindersEndpoints as ep } from '@pagatore/sdk';
import { Hono } from 'hono';
import { ApiError } from '../../core/errors.js';
import { findEntity } from '../../entities/entities.js';
import type { AppContext, AppEnv } from '../../http/context.js';
import { honoPath, route } from '../../http/route.js';
import { escapeHtml } from '../../mail/layout.js';
import {
  calendarFeedIcs,
  calendarFeedOf,
  createCalendarFeed,
  feedAccount,
  revokeCalendarFeed,
} from '../../reminders/calendar-feed.js';
import {
  reminderPreferenceOf,
  setReminderPreference,
  unsubscribeAccount,
} from '../../reminders/preference.js';

async function entityOf(c: AppContext, ente: string) {
  const entity = await findEntity(c.get('deps').db, ente);
  if (!entity) throw new ApiError('entity_not_found');
  return entity;
}

const PAGE = {
  it: {
    title: 'Promemoria di pagamento',
    ask: (e: string) =>
      `Vuoi smettere di ricevere per email i promemoria delle scadenze del portale pagamenti di ${e}?`,
    button: 'Non inviarmi più promemoria',
    done: (e: string) =>
      `Fatto: non riceverai più promemoria per email dal portale pagamenti di ${e}. Puoi riattivarli dal tuo profilo.`,
    invalid:
      'Questo link non è valido o è scaduto. Puoi disattivare i promemoria dal tuo profilo sul portale.',
  },
  en: {
    title: 'Payment reminders',
    ask: (e: string) =>
      `Do you want to stop receiving e-mail reminders of due dates from the payment portal of ${e}?`,
    button: 'Stop sending me reminders',
    done: (e: string) =>
      `Done: you will no longer receive e-mail reminders from the payment portal of ${e}. You can turn them on again in your profile.`,
    invalid:
      'This link is not valid or has expired. You can turn reminders off in your profile on the portal.',
  },
  de: {
    title: 'Zahlungserinnerungen',
    ask: (e: string) =>
      `Möchten Sie keine E-Mail-Erinnerungen an Fälligkeiten vom Zahlungsportal von ${e} mehr erhalten?`,
    button: 'Keine Erinnerungen mehr senden',
    done: (e: string) =>
      `Erledigt: Sie erhalten keine E-Mail-Erinnerungen vom Zahlungsportal von ${e} mehr. Sie können sie in Ihrem Profil wieder einschalten.`,
    invalid:
      'Dieser Link ist ungültig oder abgelaufen. Sie können die Erinnerungen in Ihrem Profil im Portal ausschalten.',
  },
} as const;

/** A small self-contained page (no script, no outside resource). */
function page(c: AppContext, lang: Lang, body: string, status: 200 | 404 = 200): Response {
  const T = PAGE[lang];
  c.header('Cache-Control', 'no-store');
  c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
  c.header('Referrer-Policy', 'no-referrer');
  return c.html(
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(T.title)}</title></head><body style="font-family:'Titillium Web',Geneva,Tahoma,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a"><h1 style="font-size:1.5rem">${escapeHtml(T.title)}</h1>${body}</body></html>`,
    status,
  );
}

export function remindersRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, ep.getReminderPreference, async (c, { params }) => {
    const entity = await entityOf(c, params.ente);
    c.header('Cache-Control', 'no-store');
    return reminderPreferenceOf(entity, c.get('account'));
  });

  route(app, ep.setReminderPreference, async (c, { params, body }) => {
    const { db, now, config } = c.get('deps');
    const entity = await entityOf(c, params.ente);
    const account = c.get('account');
    await setReminderPreference(
      db,
      account,
      { email: body.email, source: 'profile', ip: c.get('clientIp'), config },
      now(),
    );
    return reminderPreferenceOf(entity, { email_reminders: body.email ? 1 : 0 });
  });

  route(app, ep.reminderUnsubscribePage, async (c, { params }) => {
    const { db, now } = c.get('deps');
    const entity = await entityOf(c, params.ente);
    const account = await unsubscribeAccount(db, entity.code, params.token, now());
    const lang = account
      ? account.lang === 'en' || account.lang === 'de'
        ? account.lang
        : 'it'
      : c.get('lang');
    const T = PAGE[lang];
    if (!account) return page(c, lang, `<p>${escapeHtml(T.invalid)}</p>`, 404);
    if (account.email_reminders !== 1)
      return page(c, lang, `<p role="status">${escapeHtml(T.done(entity.name))}</p>`);
    return page(
      c,
      lang,
      `<p>${escapeHtml(T.ask(entity.name))}</p><form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit" style="background:#0066cc;color:#fff;border:0;border-radius:4px;padding:.75rem 1.5rem;font-size:1rem;cursor:pointer">${escapeHtml(T.button)}</button></form>`,
    );
  });

  // The one-click POST carries a form body (`List-Unsubscribe=One-Click`): read before anything
  // else, so an oversized body is refused (413) as on every write route.
  app.post(honoPath(ep.reminderUnsubscribe.path), async (c, next) => {
    await c.req.text();
    await next();
  });
  route(app, ep.reminderUnsubscribe, async (c, { params }) => {
    const deps = c.get('deps');
    const entity = await entityOf(c, params.ente);
    const account = await unsubscribeAccount(deps.db, entity.code, params.token, deps.now());
    const lang = account
      ? account.lang === 'en' || account.lang === 'de'
        ? account.lang
        : 'it'
      : c.get('lang');
    const T = PAGE[lang];
    if (!account) return page(c, lang, `<p>${escapeHtml(T.invalid)}</p>`, 404);
    // A mail client's one-click POST carries `List-Unsubscribe=One-Click` and no Origin; the page's
    // form is the same request from a browser: both stop the reminders.
    const fromPage = (c.req.header('origin') ?? '') !== '' || (c.req.header('referer') ?? '') !== '';
    await setReminderPreference(
      deps.db,
      account,
      {
        email: false,
        source: fromPage ? 'unsubscribe_link' : 'one_click',
        ip: c.get('clientIp'),
        config: deps.config,
      },
      deps.now(),
    );
    deps.logger.info('reminders unsubscribed', { entity: entity.code, account: account.id });
    return page(c, lang, `<p role="status">${escapeHtml(T.done(entity.name))}</p>`);
  });

  route(app, ep.getCalendarFeed, async (c) => {
    c.header('Cache-Control', 'no-store');
    return calendarFeedOf(c.get('deps').db, c.get('account').id);
  });

  route(app, ep.createCalendarFeed, async (c) => {
    const { db, now, config } = c.get('deps');
    c.header('Cache-Control', 'no-store');
    return createCalendarFeed(db, c.get('account'), config.publicUrl, now());
  });

  route(app, ep.revokeCalendarFeed, async (c) => {
    const { db, now } = c.get('deps');
    await revokeCalendarFeed(db, c.get('account').id, now());
  });

  route(app, ep.calendarFeed, async (c, { params }) => {
    const { db } = c.get('deps');
    const entity = await entityOf(c, params.ente);
    const account = await feedAccount(db, entity.code, params.token);
    if (!account) throw new ApiError('not_found');
    const ics = await calendarFeedIcs(db, entity, account);
    c.header('Cache-Control', 'private, no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return c.body(ics, 200, { 'content-type': 'text/calendar; charset=utf-8' });
  });

  return app;
}
