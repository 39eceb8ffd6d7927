/**
 * A payment left half-way (the citizen pressed "Paga", then came back without an outcome): what
 * the practices and the cart show instead of a dead end. Before pagoPA activated it, "Riprendi il
 * pagamento" (back to the pagoPA page, while the citizen is still on it) and "Annulla e ricomincia";
 * after, the honest state: pagoPA has it, the outcome arrives by itself, and when the practice
 * frees up if it does not.
 */
import type { PaymentView } from '@pagatore/sdk';
import { css, html, nothing, type TemplateResult } from 'lit';
import type { PortalController } from '../controllers/portal-controller.js';
import type { Lang } from '../locales/index.js';

/** The box's look, for the widgets that show it (after `tokens` and `controls`). */
export const openPaymentStyles = css`
  .open-payment {
    border-inline-start: 4px solid var(--_warning);
    background: var(--_surface-alt);
    padding: var(--_space) calc(var(--_space) * 2);
    margin-block: var(--_space);
  }
  .open-payment p {
    margin: 0 0 var(--_space);
  }
  .open-payment .open-title {
    font-weight: 700;
  }
  .open-payment .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
  @media (max-width: 400px) {
    .open-payment .actions > * {
      flex: 1 1 100%;
    }
  }
`;

const LOCALES: Record<Lang, string> = { it: 'it-IT', en: 'en-GB', de: 'de-DE' };

/** When a payment frees its practices, as Rome's clock and calendar say it. */
export function freesAt(iso: string, lang: Lang): { time: string; date: string } {
  const at = new Date(iso);
  const time = new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: 'Europe/Rome',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
  const date = new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: 'Europe/Rome',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(at);
  return { time, date };
}

export interface OpenPaymentActions {
  /** Unique in the widget: names the box for its title. */
  id: string;
  busy: boolean;
  onAbandon: () => void;
}

/** The box of a running payment of the citizen's, with what can be done with it. */
export function renderOpenPayment(
  payment: PaymentView,
  portal: PortalController,
  actions: OpenPaymentActions,
): TemplateResult {
  const t = (k: string, p?: Record<string, string | number>) => portal.t(k, p);
  const titleId = `${actions.id}-open-title`;
  if (!payment.abandonable) {
    return html`<div class="open-payment" part="open-payment" role="group" aria-labelledby=${titleId}>
      <p class="open-title" id=${titleId}>${t('practice.resume.activatedTitle')}</p>
      <p>${t('practice.resume.activated', freesAt(payment.expiresAt, portal.lang))}</p>
    </div>`;
  }
  return html`<div class="open-payment" part="open-payment" role="group" aria-labelledby=${titleId}>
    <p class="open-title" id=${titleId}>${t('practice.resume.title')}</p>
    <p>${payment.resumeUrl ? t('practice.resume.text') : t('practice.resume.returned')}</p>
    ${
      payment.cart && payment.items.length > 1
        ? html`<p>${t('practice.resume.cart', { count: payment.items.length })}</p>`
        : nothing
    }
    <div class="actions">
      ${
        payment.resumeUrl
          ? html`<a class="btn" href=${payment.resumeUrl} aria-describedby=${titleId}
              >${t('practice.resume.resume')}</a
            >`
          : nothing
      }
      <button
        type="button"
        class="btn btn-outline"
        aria-describedby=${titleId}
        aria-disabled=${actions.busy ? 'true' : 'false'}
        @click=${() => {
          if (!actions.busy) actions.onAbandon();
        }}
      >
        ${t('practice.resume.abandon')}
      </button>
    </div>
  </div>`;
}
