/**
 * The sandbox: an embedded stand-in for pagoPA Checkout, demo mode only. It shows the notices and
 * the amount and lets the payer choose the outcome. "Pagato" produces receipts with the fields of
 * a pagoPA receipt and hands them to `recordReceipt`, the same path the real provider uses. The
 * browser then goes back to the entity's page with only the payment id: no outcome in the URL.
 */
import { formatEuro, formatNav, type Lang } from '@pagatore/sdk';
import { Hono } from 'hono';
import { findEntity } from '../../entities/entities.js';
import type { AppEnv } from '../../http/context.js';
import { escapeHtml as e } from '../../mail/layout.js';
import { endPayment, loadPayment, markActivated } from '../../payments/payments.js';
import { deliverDueSandboxReceipts, SANDBOX_FEE, scheduleSandboxReceipts } from '../../payments/sandbox.js';
import { isOpen, type PaymentState } from '../../payments/states.js';

const TEXT = {
  it: {
    title: 'Pagamento pagoPA (simulato)',
    banner: 'Ambiente dimostrativo: nessun addebito reale. Scegli l’esito del pagamento.',
    notices: 'Avvisi da pagare',
    total: 'Totale',
    fee: 'Commissione',
    outcome: 'Esito del pagamento',
    paid: 'Pagamento riuscito',
    cancelled: 'Annulla il pagamento',
    error: 'Errore del prestatore',
    confirm: 'Conferma',
    invalid: 'Questo pagamento non è più disponibile: torna al sito dell’ente.',
    back: 'Torna al sito dell’ente',
  },
  en: {
    title: 'pagoPA payment (simulated)',
    banner: 'Demo environment: nothing is charged. Choose the outcome of the payment.',
    notices: 'Notices to pay',
    total: 'Total',
    fee: 'Fee',
    outcome: 'Payment outcome',
    paid: 'Payment succeeds',
    cancelled: 'Cancel the payment',
    error: 'Provider error',
    confirm: 'Confirm',
    invalid: 'This payment is no longer available: go back to the entity’s site.',
    back: 'Back to the entity’s site',
  },
  de: {
    title: 'pagoPA-Zahlung (simuliert)',
    banner: 'Demo-Umgebung: Es wird nichts abgebucht. Wählen Sie das Ergebnis der Zahlung.',
    notices: 'Zu zahlende Zahlungshinweise',
    total: 'Gesamt',
    fee: 'Gebühr',
    outcome: 'Ergebnis der Zahlung',
    paid: 'Zahlung erfolgreich',
    cancelled: 'Zahlung abbrechen',
    error: 'Fehler des Zahlungsdienstleisters',
    confirm: 'Bestätigen',
    invalid: 'Diese Zahlung ist nicht mehr verfügbar: Zurück zur Website der Körperschaft.',
    back: 'Zurück zur Website der Körperschaft',
  },
} as const satisfies Record<Lang, Record<string, string>>;

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self' http: https:; frame-ancestors 'none'";

function page(lang: Lang, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>
body{margin:0;font-family:'Titillium Web',Geneva,Tahoma,sans-serif;color:#17324d;background:#f2f7fc}
header{background:#0066cc;color:#fff;padding:16px 24px;display:flex;align-items:center;gap:16px}
header img{height:28px;background:#fff;border-radius:4px;padding:4px}
main{max-width:640px;margin:24px auto;padding:0 16px}
.card{background:#fff;border-radius:8px;padding:24px;box-shadow:0 2px 12px rgba(0,0,0,.08);margin-bottom:16px}
.banner{background:#fff4e5;border-left:4px solid #8a5300;padding:12px 16px;margin-bottom:16px}
ul{list-style:none;padding:0;margin:0} li{display:flex;justify-content:space-between;gap:16px;padding:8px 0;border-bottom:1px solid #e6e9f2}
.code{font-family:'Roboto Mono',monospace;font-size:.9em;color:#5c6f82}
.total{font-weight:700;font-size:1.25em}
fieldset{border:0;padding:0;margin:0} legend{font-weight:700;margin-bottom:8px}
label{display:flex;gap:8px;align-items:center;padding:8px 0;min-height:44px}
input[type=radio]{width:20px;height:20px}
button,a.button{display:inline-block;background:#0066cc;color:#fff;border:0;border-radius:4px;padding:12px 32px;font:inherit;font-weight:700;min-height:44px;cursor:pointer;text-decoration:none}
:focus-visible{outline:3px solid #ff9900;outline-offset:2px}
</style></head>
<body><header><img src="/assets/logo-pagopa.svg" alt="pagoPA"><strong>${e(title)}</strong></header><main>${body}</main></body></html>`;
}

export function sandboxRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/sandbox/checkout/:id', async (c) => {
    const deps = c.get('deps');
    const lang = c.get('lang');
    const T = TEXT[lang];
    c.header('Content-Security-Policy', CSP);
    c.header('Cache-Control', 'no-store');
    const loaded = await loadPayment(deps.db, c.req.param('id'));
    const token = c.req.query('t') ?? '';
    if (
      !loaded ||
      loaded.payment.provider !== 'sandbox' ||
      loaded.payment.provider_ref !== token ||
      !isOpen(loaded.payment.state as PaymentState)
    ) {
      const back = loaded?.payment.return_url
        ? `<p><a class="button" href="${e(loaded.payment.return_url)}">${e(T.back)}</a></p>`
        : '';
      return c.html(
        page(lang, T.title, `<div class="card"><p role="alert">${e(T.invalid)}</p>${back}</div>`),
        404,
      );
    }
    const entity = await findEntity(deps.db, loaded.payment.entity_code);
    const items = loaded.items
      .map(
        (i) =>
          `<li><span>${e(i.description)}<br><span class="code">${e(formatNav(i.nav))} · ${e(entity?.name ?? '')}</span></span><span>${e(formatEuro(i.amount, lang))}</span></li>`,
      )
      .join('');
    const body = `<div class="banner" role="note">${e(T.banner)}</div>
<div class="card"><h1 style="font-size:1.25em;margin-top:0">${e(T.notices)}</h1><ul>${items}
<li><span>${e(T.fee)}</span><span>${e(formatEuro(SANDBOX_FEE, lang))}</span></li>
<li class="total"><span>${e(T.total)}</span><span>${e(formatEuro(loaded.payment.amount + SANDBOX_FEE, lang))}</span></li></ul></div>
<form class="card" method="post" action="/sandbox/checkout/${e(loaded.payment.id)}?lang=${lang}">
<input type="hidden" name="t" value="${e(token)}">
<fieldset><legend>${e(T.outcome)}</legend>
<label><input type="radio" name="outcome" value="paid" checked> ${e(T.paid)}</label>
<label><input type="radio" name="outcome" value="cancelled"> ${e(T.cancelled)}</label>
<label><input type="radio" name="outcome" value="error"> ${e(T.error)}</label>
</fieldset><p><button type="submit">${e(T.confirm)}</button></p></form>`;
    return c.html(page(lang, T.title, body));
  });

  app.post('/sandbox/checkout/:id', async (c) => {
    const deps = c.get('deps');
    const lang = c.get('lang');
    const T = TEXT[lang];
    c.header('Content-Security-Policy', CSP);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const token = typeof form.t === 'string' ? form.t : '';
    const outcome = form.outcome;
    const loaded = await loadPayment(deps.db, c.req.param('id'));
    // A replayed or forged outcome changes nothing: the token must match and the payment be open.
    if (
      !loaded ||
      loaded.payment.provider !== 'sandbox' ||
      loaded.payment.provider_ref !== token ||
      !isOpen(loaded.payment.state as PaymentState) ||
      (outcome !== 'paid' && outcome !== 'cancelled' && outcome !== 'error')
    ) {
      return c.html(page(lang, T.title, `<div class="card"><p role="alert">${e(T.invalid)}</p></div>`), 409);
    }
    const { payment } = loaded;
    const now = deps.now();
    // "Paid" is where pagoPA would activate the payment: from then on the payer cannot abandon it
    // in the portal, and one abandoned meanwhile is not paid (one of the two wins).
    if (outcome === 'paid' && !(await markActivated(deps.db, payment.id, now)))
      return c.html(page(lang, T.title, `<div class="card"><p role="alert">${e(T.invalid)}</p></div>`), 409);
    // The page is used once: a replayed or second outcome is refused above.
    await deps.db
      .updateTable('payments')
      .set({ provider_ref: `${token}:used` })
      .where('id', '=', payment.id)
      .execute();
    if (outcome === 'paid') {
      await scheduleSandboxReceipts(
        deps.db,
        payment.id,
        new Date(now.getTime() + deps.config.sandboxReceiptDelayMs),
      );
      if (deps.config.sandboxReceiptDelayMs === 0) await deliverDueSandboxReceipts(deps.db, now);
    } else {
      await endPayment(deps.db, payment.id, outcome === 'cancelled' ? 'cancel' : 'fail', now);
    }
    const target = payment.return_url
      ? `${payment.return_url}#pagatore-payment=${payment.id}`
      : `/sandbox/checkout/${payment.id}/done`;
    return c.redirect(target, 303);
  });

  app.get('/sandbox/checkout/:id/done', (c) => {
    const T = TEXT[c.get('lang')];
    c.header('Content-Security-Policy', CSP);
    return c.html(page(c.get('lang'), T.title, `<div class="card"><p>${e(T.back)}</p></div>`));
  });

  return app;
}
