/**
 * Rendering shared by the practices widgets: a practice's facts (entity, description, amount, due
 * date, status, installments), its status badge, money and dates in the portal's language, and the
 * reference the practice events carry.
 */
import { formatEuro, formatNav, type Practice, type PracticeOption } from '@pagatore/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import type { PortalController } from '../controllers/portal-controller.js';
import type { Lang } from '../locales/index.js';
import type { PracticeRef } from './practice-events.js';

const DATE_LOCALES: Record<Lang, string> = { it: 'it-IT', en: 'en-GB', de: 'de-DE' };

/** A `YYYY-MM-DD` calendar date (Europe/Rome) as the language writes it; no time-zone shift. */
export function formatDate(iso: string, lang: Lang): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return iso;
  return new Intl.DateTimeFormat(DATE_LOCALES[lang], {
    timeZone: 'UTC',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A timestamp (ISO UTC) as a Rome calendar date in the language. */
export function formatTimestamp(iso: string, lang: Lang): string {
  const dt = new Date(iso);
  if (Number.isNaN(dt.getTime())) return iso;
  return new Intl.DateTimeFormat(DATE_LOCALES[lang], {
    timeZone: 'Europe/Rome',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(dt);
}

export function money(cents: number, lang: Lang): string {
  return formatEuro(cents, lang);
}

/** The status badge: text, not colour alone. */
export function renderStatus(status: string, portal: PortalController): TemplateResult {
  return html`<span class="status status-${status}" part="status"
    >${portal.t(`practice.status.${status}`)}</span
  >`;
}

/** Why "Paga" is not offered, or null when it is. */
export function notPayableReason(p: Practice, portal: PortalController): string | null {
  if (p.payable) return null;
  const known = ['in_payment', 'paid', 'cancelled', 'expired'];
  return portal.t(`practice.notPayable.${known.includes(p.status) ? p.status : 'other'}`);
}

/** "Stampa bollettino" is offered while the notice can still be paid at a counter. */
export function isPrintable(p: Practice): boolean {
  return p.status !== 'paid' && p.status !== 'cancelled' && p.status !== 'expired';
}

/** Every option of a practice: the single payment first, then the installments in order. */
export function optionsOf(p: Practice): PracticeOption[] {
  return [...(p.single ? [p.single] : []), ...p.installments];
}

/** Options "Paga" may pay now. */
export function payableOptions(p: Practice): PracticeOption[] {
  return p.payable ? optionsOf(p).filter((o) => o.status === 'unpaid') : [];
}

/**
 * The option "Paga" pays: the one the citizen chose, else the one its code found (when open),
 * else the single payment, else the first open installment.
 */
export function defaultOption(p: Practice, chosen: string | null = null): PracticeOption | null {
  const open = payableOptions(p);
  const pick = open.find((o) => o.nav === chosen) ?? open.find((o) => o.installment === p.found);
  if (pick) return pick;
  if (p.single && (p.single.status === 'unpaid' || p.installments.length === 0)) return p.single;
  return p.installments.find((o) => o.status === 'unpaid') ?? p.single ?? p.installments[0] ?? null;
}

/** What the practice events carry. */
export function practiceRef(p: Practice, option: PracticeOption | null = defaultOption(p)): PracticeRef {
  return {
    practiceId: p.id,
    entity: p.entity.code,
    nav: option?.nav ?? null,
    amount: option?.amount ?? p.amount,
  };
}

/** An option's name: "Pagamento in unica soluzione" or "Rata 2 di 3". */
export function optionName(p: Practice, o: PracticeOption, portal: PortalController): string {
  return o.installment === 0
    ? portal.t('practice.single')
    : portal.t('practice.installmentOf', { n: o.installment, count: p.installments.length });
}

/** An option's state in words: a single payment closed by an installment is "no longer payable". */
function renderOptionStatus(o: PracticeOption, portal: PortalController): TemplateResult {
  const text =
    o.status === 'cancelled' ? portal.t('practice.optionClosed') : portal.t(`practice.status.${o.status}`);
  return html`<span class="status status-${o.status}" part="status">${text}</span>`;
}

/** How the facts render the options, and the citizen's choice among the open ones. */
export interface OptionChoice {
  /** Unique in the widget: names the radio group and ids. */
  id: string;
  /** Codice Avviso of the chosen option. */
  chosen: string | null;
  onChoose: (nav: string) => void;
}

function renderOption(
  p: Practice,
  o: PracticeOption,
  portal: PortalController,
  choice: OptionChoice | undefined,
  choosable: boolean,
  selected: PracticeOption | null,
): TemplateResult {
  const lang = portal.lang;
  const open = choosable && o.status === 'unpaid';
  const id = `${choice?.id ?? 'p'}-opt-${o.installment}`;
  const found = p.found === o.installment;
  const body = html`<span class="option-name">${optionName(p, o, portal)}</span>
    ${found ? html`<span class="tag">${portal.t('practice.found')}</span>` : nothing}
    <span class="option-amount">${money(o.amount, lang)}</span>
    <span>${portal.t('practice.dueDate')}: ${formatDate(o.dueDate, lang)}</span>
    ${renderOptionStatus(o, portal)}
    ${
      o.paidAt
        ? html`<span>${portal.t('practice.paidAt', { date: formatTimestamp(o.paidAt, lang) })}</span>`
        : nothing
    }
    <span>${portal.t('practice.nav')}: <span class="mono">${formatNav(o.nav)}</span></span>`;
  return html`<li
    class="option ${found ? 'found' : ''} ${selected === o ? 'chosen' : ''}"
    data-installment=${o.installment}
  >
    ${
      open && choice
        ? html`<input
              type="radio"
              id=${id}
              name=${`${choice.id}-option`}
              value=${o.nav}
              .checked=${selected === o}
              @change=${() => choice.onChoose(o.nav)}
            /><label for=${id} class="option-label">${body}</label>`
        : html`${body}${
            selected === o ? html`<span class="tag tag-pay">${portal.t('practice.payThis')}</span>` : nothing
          }`
    }
  </li>`;
}

/**
 * The options of a practice with installments, as they are: the single payment (if any) and each
 * installment with its amount, due date and state, which one is paid, which one the citizen's code
 * found; with two or more open, a radio group chooses what "Paga" pays.
 */
function renderOptions(p: Practice, portal: PortalController, choice?: OptionChoice): TemplateResult {
  const open = payableOptions(p);
  const choosable = Boolean(choice) && open.length > 1;
  const selected = defaultOption(p, choice?.chosen ?? null);
  const items = optionsOf(p).map((o) =>
    renderOption(p, o, portal, choice, choosable, p.payable ? selected : null),
  );
  const paid = p.installments.filter((o) => o.status === 'paid').length;
  const summary = portal.t('practice.installmentsPaid', { paid, count: p.installments.length });
  return choosable
    ? html`<fieldset class="options" part="options">
        <legend>${portal.t('practice.chooseOption')} <span class="muted">(${summary})</span></legend>
        <ul>
          ${items}
        </ul>
      </fieldset>`
    : html`<div class="options" part="options" role="group" aria-label=${portal.t('practice.options')}>
        <p class="options-title">${portal.t('practice.options')} <span class="muted">(${summary})</span></p>
        <ul>
          ${items}
        </ul>
      </div>`;
}

/**
 * The facts of a practice as a description list. With installments, the amount, due date and code
 * of each option are in the options list (not one figure for the whole practice).
 */
export function renderFacts(
  p: Practice,
  portal: PortalController,
  opts: { debtor?: boolean; choice?: OptionChoice } = {},
): TemplateResult {
  const lang = portal.lang;
  const split = p.installments.length > 0;
  const found = optionsOf(p).find((o) => o.installment === p.found);
  return html`<dl class="facts" part="facts">
      <div>
        <dt>${portal.t('practice.entity')}</dt>
        <dd>${p.entity.name}</dd>
      </div>
      ${
        opts.debtor
          ? html`<div>
              <dt>${portal.t('practice.debtor')}</dt>
              <dd>${p.debtor.name} (<span class="mono">${p.debtor.fiscalCode}</span>)</dd>
            </div>`
          : nothing
      }
      ${
        split
          ? nothing
          : html`<div>
                <dt>${portal.t('practice.amount')}</dt>
                <dd class="amount">${money(p.amount, lang)}</dd>
              </div>
              <div>
                <dt>${portal.t('practice.dueDate')}</dt>
                <dd>${formatDate(p.dueDate, lang)}</dd>
              </div>`
      }
      <div>
        <dt>${portal.t('practice.status')}</dt>
        <dd>${renderStatus(p.status, portal)}</dd>
      </div>
      ${
        split && found
          ? html`<div>
              <dt>${portal.t('practice.foundLabel')}</dt>
              <dd>${optionName(p, found, portal)}</dd>
            </div>`
          : nothing
      }
      ${
        !split && p.single
          ? html`<div>
              <dt>${portal.t('practice.nav')}</dt>
              <dd class="mono">${formatNav(p.single.nav)}</dd>
            </div>`
          : nothing
      }
    </dl>
    ${split ? renderOptions(p, portal, opts.choice) : nothing}`;
}
