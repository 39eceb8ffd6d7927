/**
 * `<pagatore-console-dashboard>`: the money of a period at a glance. Five figures from the admin
 * stats endpoint: collected per day, per service, payments by channel (payment method), the share
 * paid by the due date, and the amount still open by due month. Each is a bar chart (Chartist: SVG
 * drawn into this element's shadow root, hidden from screen readers) with a sentence that sums it
 * up and, below it, a table with the same numbers, which is what a screen reader reads.
 */
import type { PagatoreConsoleClient, Stats } from '@pagatore/sdk';
import { BarChart } from 'chartist';
import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { defineElement } from '../define.js';
import { controls, tokens } from '../styles/tokens.js';
import { type ConsoleKey, type ConsoleLang, date, errorText, t } from './i18n.js';
import { euro, plusDays, rangeForm, romeToday } from './money-common.js';
import { consoleStyles } from './styles.js';

/** One figure: its bars (label, value) and the table's rows. */
interface Figure {
  id: string;
  title: string;
  summary: string;
  labels: string[];
  values: number[];
  /** Bars in euro cents (axis in euro) or counts. */
  money: boolean;
  head: string[];
  rows: (string | number)[][];
}

/** The chart's look, inside the shadow root (Chartist's own stylesheet would stay outside it). */
const chartStyles = css`
  .figures {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 30rem), 1fr));
    gap: calc(var(--_space) * 3);
  }
  figure {
    margin: 0;
    border: 1px solid var(--_border-light);
    padding: calc(var(--_space) * 2);
  }
  figure h2 {
    margin-block-start: 0;
  }
  .chart {
    height: 220px;
  }
  .chart svg {
    display: block;
  }
  .ct-label {
    color: #1a1a1a;
    fill: #1a1a1a;
    font-size: 0.75rem;
    line-height: 1;
    display: flex;
  }
  .ct-label.ct-vertical.ct-start {
    justify-content: flex-end;
    align-items: flex-end;
    text-align: end;
  }
  .ct-label.ct-horizontal.ct-end {
    justify-content: center;
    align-items: flex-start;
    text-align: center;
  }
  .ct-grid {
    stroke: rgba(0, 0, 0, 0.2);
    stroke-width: 1px;
    stroke-dasharray: 2px;
  }
  .ct-bar {
    fill: none;
    stroke: var(--_accent, #0066cc);
    stroke-width: 18px;
  }
`;

/** Payment methods with a name of their own; any other shows its code. */
const METHODS = ['CP', 'PO', 'BBT', 'BP', 'AD', 'MYBK', 'PPAL', 'OBEP', 'JIF'];

function methodName(lang: ConsoleLang, m: string): string {
  return METHODS.includes(m) ? t(lang, `dashboard.method.${m}` as ConsoleKey) : m;
}

/** The five figures of a period's stats, in the page's language. */
export function figuresOf(lang: ConsoleLang, s: Stats): Figure[] {
  const e = (c: number) => euro(lang, c);
  const best = s.collectedByDay.reduce((a, b) => (b.amount > a.amount ? b : a), s.collectedByDay[0]!);
  const service = (name: string, code: string | null) =>
    code === null ? t(lang, 'money.noService') : name || code;
  const methods = s.byMethod.map((m) => ({ ...m, label: `${methodName(lang, m.method)} (${m.method})` }));
  const topMethod = methods.reduce<(typeof methods)[number] | null>(
    (a, b) => (a === null || b.count > a.count ? b : a),
    null,
  );
  const done = s.onTime.onTime + s.onTime.late;
  const share = done === 0 ? 0 : Math.round((s.onTime.onTime * 100) / done);
  const open = s.openByDueMonth.reduce(
    (a, m) => ({ count: a.count + m.count, amount: a.amount + m.amount }),
    {
      count: 0,
      amount: 0,
    },
  );
  const topService = s.collectedByService[0];
  return [
    {
      id: 'by-day',
      title: t(lang, 'dashboard.byDay'),
      summary: t(lang, 'dashboard.byDaySummary', {
        amount: e(s.total.amount),
        count: s.total.count,
        from: date(lang, s.from),
        to: date(lang, s.to),
        best: best ? date(lang, best.date) : '—',
        bestAmount: best ? e(best.amount) : '—',
      }),
      labels: s.collectedByDay.map((d) => d.date.slice(8, 10)),
      values: s.collectedByDay.map((d) => d.amount),
      money: true,
      head: [t(lang, 'money.date'), t(lang, 'money.count'), t(lang, 'money.amount')],
      rows: s.collectedByDay.map((d) => [date(lang, d.date), d.count, e(d.amount)]),
    },
    {
      id: 'by-service',
      title: t(lang, 'dashboard.byService'),
      summary: topService
        ? t(lang, 'dashboard.byServiceSummary', {
            services: s.collectedByService.length,
            top: service(topService.name, topService.service),
            amount: e(topService.amount),
          })
        : t(lang, 'dashboard.empty'),
      labels: s.collectedByService.map((x) => service(x.name, x.service)),
      values: s.collectedByService.map((x) => x.amount),
      money: true,
      head: [t(lang, 'money.service'), t(lang, 'money.count'), t(lang, 'money.amount')],
      rows: s.collectedByService.map((x) => [service(x.name, x.service), x.count, e(x.amount)]),
    },
    {
      id: 'by-method',
      title: t(lang, 'dashboard.byMethod'),
      summary: topMethod
        ? t(lang, 'dashboard.byMethodSummary', {
            top: topMethod.label,
            count: topMethod.count,
            total: s.total.count,
          })
        : t(lang, 'dashboard.empty'),
      labels: methods.map((m) => m.method),
      values: methods.map((m) => m.count),
      money: false,
      head: [t(lang, 'dashboard.method'), t(lang, 'money.count'), t(lang, 'money.amount')],
      rows: methods.map((m) => [m.label, m.count, e(m.amount)]),
    },
    {
      id: 'on-time',
      title: t(lang, 'dashboard.onTime'),
      summary: done
        ? t(lang, 'dashboard.onTimeSummary', { share, onTime: s.onTime.onTime, late: s.onTime.late })
        : t(lang, 'dashboard.empty'),
      labels: [t(lang, 'dashboard.onTimeLabel'), t(lang, 'dashboard.lateLabel')],
      values: [s.onTime.onTime, s.onTime.late],
      money: false,
      head: [t(lang, 'dashboard.onTime'), t(lang, 'money.count')],
      rows: [
        [t(lang, 'dashboard.onTimeLabel'), s.onTime.onTime],
        [t(lang, 'dashboard.lateLabel'), s.onTime.late],
      ],
    },
    {
      id: 'open',
      title: t(lang, 'dashboard.open'),
      summary: open.count
        ? t(lang, 'dashboard.openSummary', { amount: e(open.amount), count: open.count })
        : t(lang, 'dashboard.empty'),
      labels: s.openByDueMonth.map((m) => m.month),
      values: s.openByDueMonth.map((m) => m.amount),
      money: true,
      head: [t(lang, 'dashboard.month'), t(lang, 'money.count'), t(lang, 'money.amount')],
      rows: s.openByDueMonth.map((m) => [m.month, m.count, e(m.amount)]),
    },
  ];
}

export class PagatoreConsoleDashboard extends LitElement {
  static override styles = [tokens, controls, consoleStyles, chartStyles];
  static override properties = {
    client: { attribute: false },
    locale: { attribute: false },
    entity: { attribute: false },
    range: { state: true },
    stats: { state: true },
    error: { state: true },
  };

  declare client: PagatoreConsoleClient;
  declare locale: ConsoleLang;
  declare entity: string | null;

  declare private range: { from: string; to: string };
  declare private stats: Stats | null;
  declare private error: string;

  constructor() {
    super();
    this.locale = 'it';
    this.entity = null;
    this.range = { from: plusDays(romeToday(), -29), to: romeToday() };
    this.stats = null;
    this.error = '';
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('entity')) void this.#load();
  }

  async #load(): Promise<void> {
    if (!this.entity) return;
    this.error = '';
    try {
      this.stats = await this.client.stats(this.range);
    } catch (e) {
      this.error = errorText(this.locale, e);
    }
  }

  protected override updated(): void {
    if (!this.stats) return;
    for (const f of figuresOf(this.locale, this.stats)) {
      const el = this.renderRoot.querySelector(`#chart-${f.id}`);
      if (!el) continue;
      el.replaceChildren();
      if (f.values.length === 0) continue;
      const lang = this.locale;
      new BarChart(
        el,
        { labels: f.labels, series: [f.values] },
        {
          height: '220px',
          axisY: {
            onlyInteger: true,
            offset: f.money ? 70 : 40,
            labelInterpolationFnc: (v: number) => (f.money ? euro(lang, Math.round(Number(v))) : String(v)),
          },
          axisX: { showGrid: false },
          chartPadding: { top: 10, right: 10, bottom: 0, left: 0 },
        },
      );
    }
  }

  #figure(f: Figure): TemplateResult {
    return html`<figure data-figure=${f.id} aria-labelledby="title-${f.id}">
      <h2 id="title-${f.id}">${f.title}</h2>
      <p class="summary">${f.summary}</p>
      <div class="chart" id="chart-${f.id}" aria-hidden="true"></div>
      <div class="table-wrap" role="region" aria-labelledby="cap-${f.id}" tabindex="0">
        <table>
          <caption id="cap-${f.id}">
            ${f.title}
          </caption>
          <thead>
            <tr>
              ${f.head.map((h, i) => html`<th scope="col" class=${i > 0 ? 'num' : ''}>${h}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${f.rows.map(
              (r) =>
                html`<tr>
                  ${r.map((c, i) =>
                    i === 0 ? html`<th scope="row">${c}</th>` : html`<td class="num">${c}</td>`,
                  )}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </figure>`;
  }

  override render() {
    const lang = this.locale;
    return html`<h1 tabindex="-1">${t(lang, 'dashboard.title')}</h1>
      <p>${t(lang, 'dashboard.intro')}</p>
      ${rangeForm(lang, this.range, (r) => {
        this.range = r;
        void this.#load();
      })}
      ${this.error ? html`<div class="alert alert-danger" role="alert">${this.error}</div>` : nothing}
      ${
        this.stats
          ? html`<div class="figures">${figuresOf(lang, this.stats).map((f) => this.#figure(f))}</div>`
          : nothing
      }`;
  }
}

defineElement('pagatore-console-dashboard', PagatoreConsoleDashboard);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-console-dashboard': PagatoreConsoleDashboard;
  }
}
