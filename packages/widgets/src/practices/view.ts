/**
 * Rendering shared by the practices widgets: a practice's facts (entity, description, amount, due
 * date, status, installments), its status badge, money and dates in the portal's language, the
 * error summary of a form, and the reference the practice events carry.
 */
import {
  formatEuro,
  type FieldError,
  PagatoreError,
  type Practice,
  type PracticeOption,
} from '@pagatore/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import type { PortalController } from '../controllers/portal-controller.js';
import type { Lang } from '../locales/index.js';
import './locales.js';
import type { PracticeRef } from './practice-events.js';
import { renderErrorSummaryBox } from '../fields/error-summary.js';

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

/** The option "Paga" pays by default: the single payment, else the first open installment. */
export function defaultOption(p: Practice): PracticeOption | null {
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

function renderOption(o: PracticeOption, label: string, portal: PortalController): TemplateResult {
  const lang = portal.lang;
  return html`<li class="option">
    <span class="option-name">${label}</span>
    <span>${money(o.amount, lang)}</span>
    <span>${portal.t('practice.dueDate')}: ${formatDate(o.dueDate, lang)}</span>
    ${renderStatus(o.status, portal)}
    ${
      o.paidAt
        ? html`<span>${portal.t('practice.paidAt', { date: formatTimestamp(o.paidAt, lang) })}</span>`
        : nothing
    }
    <span class="mono">${portal.t('practice.nav')}: ${o.nav}</span>
  </li>`;
}

/** The facts of a practice as a description list, with its installments. */
export function renderFacts(
  p: Practice,
  portal: PortalController,
  opts: { debtor?: boolean } = {},
): TemplateResult {
  const lang = portal.lang;
  const options = p.installments;
  return html`<dl class="facts" part="facts">
      <div>
        <dt>${portal.t('practice.entity')}</dt>
        <dd>${p.entity.name}</dd>
      </div>
      ${
        opts.debtor
          ? html`<div>
              <dt>${portal.t('practice.debtor')}</dt>
              <dd>${p.debtor.name} <span class="mono">(${p.debtor.fiscalCode})</span></dd>
            </div>`
          : nothing
      }
      <div>
        <dt>${portal.t('practice.amount')}</dt>
        <dd class="amount">${money(p.amount, lang)}</dd>
      </div>
      <div>
        <dt>${portal.t('practice.dueDate')}</dt>
        <dd>${formatDate(p.dueDate, lang)}</dd>
      </div>
      <div>
        <dt>${portal.t('practice.status')}</dt>
        <dd>${renderStatus(p.status, portal)}</dd>
      </div>
      ${
        p.single
          ? html`<div>
              <dt>${portal.t('practice.nav')}</dt>
              <dd class="mono">${p.single.nav}</dd>
            </div>`
          : nothing
      }
    </dl>
    ${
      options.length > 0
        ? html`<details class="installments" part="installments">
            <summary>${portal.t('practice.installmentsCount', { count: options.length })}</summary>
            <ul>
              ${p.single ? renderOption(p.single, portal.t('practice.single'), portal) : nothing}
              ${options.map((o) => renderOption(o, portal.t('practice.installment', { n: o.installment }), portal))}
            </ul>
          </details>`
        : nothing
    }`;
}

/** Messages per field path, plus one for the whole form. */
export interface Problems {
  fields: Record<string, string>;
  general: string | null;
}

export const NO_PROBLEMS: Problems = { fields: {}, general: null };

/** Field messages from API or schema field errors. */
export function fieldProblems(
  fields: readonly FieldError[],
  portal: PortalController,
  strip = '',
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const path = strip && f.path.startsWith(strip) ? f.path.slice(strip.length) : f.path;
    out[path] ??= portal.error(f.code);
  }
  return out;
}

/** What to show for an error the SDK threw. */
export function problemsFrom(e: unknown, portal: PortalController, strip = ''): Problems {
  if (!(e instanceof PagatoreError)) return { fields: {}, general: portal.error('internal') };
  const fields = fieldProblems(e.fields, portal, strip);
  if (e.code === 'rate_limited' && e.retryAfter) {
    return {
      fields: {},
      general: portal.t('practice.retryAfter', { minutes: Math.max(1, Math.ceil(e.retryAfter / 60)) }),
    };
  }
  if (e.code === 'validation_failed' && Object.keys(fields).length > 0) return { fields, general: null };
  return { fields, general: portal.error(e.code) };
}

/**
 * The error summary: a focusable box listing each problem as a link to its field (labels maps a
 * field path to the input's id and label), and the form-level message.
 */
export function renderErrorSummary(
  problems: Problems,
  labels: Record<string, { id: string; label: string }>,
  portal: PortalController,
  onJump: (id: string) => void,
): TemplateResult | typeof nothing {
  return renderErrorSummaryBox({
    problems,
    labels,
    title: portal.t('practice.errorSummary'),
    item: (label, message) => portal.t('practice.fieldError', { label, message }),
    onJump,
  });
}

export { focusAfterRender } from '../fields/error-summary.js';
