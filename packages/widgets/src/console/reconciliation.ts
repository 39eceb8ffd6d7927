/**
 * `<pagatore-console-reconciliation>`: the daily reconciliation report per day and IBAN (collected,
 * settled, awaiting, disputed, without receipt, anomalies) with its CSV and JSON downloads, the
 * reporting flows of the period (each one's rows open under it), and a search of the flows' rows by
 * IUV (the payments page links here with `?iuv=`).
 */
import type { FlowRowView, FlowView, PagatoreConsoleClient, ReconciliationReportRow } from '@pagatore/sdk';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { defineElement } from '../define.js';
import { controls, tokens } from '../styles/tokens.js';
import { type ConsoleLang, date, errorText, t } from './i18n.js';
import { euro, fileNameOf, plusDays, rangeForm, romeToday, saveBlob } from './money-common.js';
import { consoleStyles } from './styles.js';

export class PagatoreConsoleReconciliation extends LitElement {
  static override styles = [tokens, controls, consoleStyles];
  static override properties = {
    client: { attribute: false },
    locale: { attribute: false },
    entity: { attribute: false },
    iuv: { attribute: false },
    range: { state: true },
    report: { state: true },
    flows: { state: true },
    open: { state: true },
    found: { state: true },
    error: { state: true },
    saved: { state: true },
  };

  declare client: PagatoreConsoleClient;
  declare locale: ConsoleLang;
  declare entity: string | null;
  /** An IUV to look up in the flows' rows at once. */
  declare iuv: string;

  declare private range: { from: string; to: string };
  declare private report: ReconciliationReportRow[] | null;
  declare private flows: FlowView[];
  declare private open: Map<
    number,
    {
      flowRef: number;
      flowId: string | null;
      revision: number;
      position: number;
      iuv: string;
      iur: string;
      index: number | null;
      amount: number;
      outcome: number;
      date: string;
      result: 'matched' | 'amount_differs' | 'receipt_missing' | 'revoked' | 'no_rpt' | 'duplicate';
      receiptId: string | null;
      iupd: string | null;
      expectedAmount: number | null;
      iban: string | null;
      current: boolean;
    }[]
  >;
  declare private found: FlowRowView[] | null;
  declare private error: string;
  declare private saved: string;

  constructor() {
    super();
    this.locale = 'it';
    this.entity = null;
    this.iuv = '';
    this.range = { from: plusDays(romeToday(), -6), to: romeToday() };
    this.report = null;
    this.flows = [];
    this.open = new Map<number, FlowRowView[]>();
    this.found = null;
    this.error = '';
    this.saved = '';
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('entity')) void this.#load();
    if ((changed.has('iuv') || changed.has('entity')) && this.iuv) void this.#search(this.iuv);
  }

  async #load(): Promise<void> {
    if (!this.entity) return;
    this.error = '';
    try {
      const [report, flows] = await Promise.all([
        this.client.reconciliation.reportRows(this.range),
        this.client.flows.list({ ...this.range, limit: 200 }),
      ]);
      this.report = report;
      this.flows = flows.items;
      this.open = new Map();
    } catch (e) {
      this.error = errorText(this.locale, e);
    }
  }

  async #search(iuv: string): Promise<void> {
    this.error = '';
    try {
      this.found = (await this.client.flowRows.search({ iuv })).items;
    } catch (e) {
      this.error = errorText(this.locale, e);
    }
  }

  async #toggle(f: FlowView): Promise<void> {
    const open = new Map(this.open);
    if (open.has(f.id)) open.delete(f.id);
    else open.set(f.id, (await this.client.flows.rows(f.id, { limit: 200 })).items);
    this.open = open;
  }

  async #download(format: 'csv' | 'json'): Promise<void> {
    this.error = '';
    try {
      const res = await this.client.reconciliation.report({ ...this.range, format });
      const name = fileNameOf(res, `riconciliazione-${this.range.from}-${this.range.to}.${format}`);
      saveBlob(await res.blob(), name);
      this.saved = t(this.locale, 'money.receipts.downloaded', { name });
    } catch (e) {
      this.error = errorText(this.locale, e);
    }
  }

  #rows(rows: FlowRowView[], caption: string, id: string) {
    const lang = this.locale;
    return html`<div class="table-wrap" role="region" aria-labelledby=${id} tabindex="0">
      <table class="flow-rows">
        <caption id=${id}>
          ${caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">${t(lang, 'recon.iuv')}</th>
            <th scope="col">${t(lang, 'recon.iur')}</th>
            <th scope="col">${t(lang, 'money.date')}</th>
            <th scope="col">${t(lang, 'recon.result')}</th>
            <th scope="col" class="num">${t(lang, 'money.amount')}</th>
            <th scope="col" class="num">${t(lang, 'recon.expected')}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr data-result=${r.result}>
                <td>${r.position}</td>
                <td class="mono">${r.iuv}</td>
                <td class="mono">${r.iur}</td>
                <td>${date(lang, r.date.slice(0, 10))}</td>
                <td>
                  ${t(lang, `recon.result.${r.result}`)}
                  ${r.iupd ? html`<br /><a href="#/positions/${encodeURIComponent(r.iupd)}">${r.iupd}</a>` : nothing}
                </td>
                <td class="num">${euro(lang, r.amount)}</td>
                <td class="num">${r.expectedAmount === null ? '—' : euro(lang, r.expectedAmount)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  #searchForm() {
    const lang = this.locale;
    const submit = (e: Event) => {
      e.preventDefault();
      const iuv = String(new FormData(e.target as HTMLFormElement).get('iuv') ?? '').trim();
      if (iuv) {
        this.iuv = iuv;
        void this.#search(iuv);
      }
    };
    return html`<form class="row" role="search" aria-label=${t(lang, 'recon.search')} @submit=${submit}>
      <div class="field">
        <label for="iuv">${t(lang, 'recon.search')}</label>
        <input id="iuv" name="iuv" .value=${this.iuv} maxlength="35" />
      </div>
      <div><button class="btn" type="submit">${t(lang, 'recon.searchButton')}</button></div>
    </form>`;
  }

  override render() {
    const lang = this.locale;
    const r = this.report;
    const money = (count: number, amount: number) =>
      html`<td class="num">${euro(lang, amount)} <small>(${count})</small></td>`;
    return html`<h1 tabindex="-1">${t(lang, 'recon.title')}</h1>
      <p>${t(lang, 'recon.intro')}</p>
      ${rangeForm(lang, this.range, (x) => {
        this.range = x;
        void this.#load();
      })}
      ${this.error ? html`<div class="alert alert-danger" role="alert">${this.error}</div>` : nothing}
      <h2>${t(lang, 'recon.report')}</h2>
      <div class="actions">
        <button class="btn btn-outline" type="button" @click=${() => void this.#download('csv')}>
          ${t(lang, 'recon.csv')}
        </button>
        <button class="btn btn-outline" type="button" @click=${() => void this.#download('json')}>
          ${t(lang, 'recon.json')}
        </button>
      </div>
      <p role="status">${this.saved}</p>
      ${
        r === null
          ? nothing
          : r.length === 0
            ? html`<p>${t(lang, 'money.none')}</p>`
            : html`<div class="table-wrap" role="region" aria-labelledby="report-caption" tabindex="0">
                <table class="report">
                  <caption id="report-caption">
                    ${t(lang, 'recon.reportCaption')}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">${t(lang, 'money.date')}</th>
                      <th scope="col">${t(lang, 'recon.iban')}</th>
                      <th scope="col" class="num">${t(lang, 'recon.collected')}</th>
                      <th scope="col" class="num">${t(lang, 'recon.settled')}</th>
                      <th scope="col" class="num">${t(lang, 'recon.awaiting')}</th>
                      <th scope="col" class="num">${t(lang, 'recon.overdue')}</th>
                      <th scope="col" class="num">${t(lang, 'recon.disputed')}</th>
                      <th scope="col" class="num">${t(lang, 'recon.unmatched')}</th>
                      <th scope="col" class="num">${t(lang, 'recon.anomalies')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${r.map(
                      (x) =>
                        html`<tr data-date=${x.date}>
                          <td>${date(lang, x.date)}</td>
                          <td class="mono">${x.iban || '—'}</td>
                          ${money(x.collected_count, x.collected_amount)}
                          ${money(x.settled_count, x.settled_amount)}
                          ${money(x.awaiting_count, x.awaiting_amount)}
                          ${money(x.overdue_count, x.overdue_amount)}
                          ${money(x.disputed_count, x.disputed_amount)}
                          ${money(x.unmatched_count, x.unmatched_amount)}
                          <td class="num">${x.anomalies}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
      }
      <h2>${t(lang, 'recon.flows')}</h2>
      ${this.#searchForm()}
      ${
        this.found === null
          ? nothing
          : this.found.length === 0
            ? html`<p role="status">${t(lang, 'recon.searchEmpty', { iuv: this.iuv })}</p>`
            : this.#rows(this.found, t(lang, 'recon.searchCaption', { iuv: this.iuv }), 'found-caption')
      }
      ${
        this.flows.length === 0
          ? html`<p>${t(lang, 'recon.flowsEmpty')}</p>`
          : html`<div class="table-wrap" role="region" aria-labelledby="flows-caption" tabindex="0">
              <table class="flows">
                <caption id="flows-caption">
                  ${t(lang, 'recon.flowsCaption')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t(lang, 'recon.flowId')}</th>
                    <th scope="col">${t(lang, 'recon.settlementDate')}</th>
                    <th scope="col">${t(lang, 'recon.psp')}</th>
                    <th scope="col" class="num">${t(lang, 'recon.rows')}</th>
                    <th scope="col" class="num">${t(lang, 'money.amount')}</th>
                    <th scope="col" class="num">${t(lang, 'recon.anomalies')}</th>
                    <th scope="col">${t(lang, 'recon.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.flows.map((f) => {
                    const name = f.flowId ?? String(f.id);
                    const rows = this.open.get(f.id);
                    return html`<tr data-flow=${name}>
                        <td>
                          <button
                            class="linklike mono"
                            type="button"
                            aria-expanded=${rows ? 'true' : 'false'}
                            aria-label=${t(lang, rows ? 'recon.hideRows' : 'recon.showRows', { flow: name })}
                            @click=${() => void this.#toggle(f)}
                          >
                            ${name}
                          </button>
                        </td>
                        <td>${f.settlementDate ? date(lang, f.settlementDate.slice(0, 10)) : '—'}</td>
                        <td>${f.pspName ?? f.pspId ?? '—'}</td>
                        <td class="num">${f.rowCount}</td>
                        <td class="num">${euro(lang, f.rowAmount)}</td>
                        <td class="num">${f.anomalies}</td>
                        <td>
                          ${
                            f.status === 'invalid'
                              ? t(lang, 'recon.invalid', { reason: f.invalidReason ?? '' })
                              : f.totalsMismatch
                                ? t(lang, 'recon.mismatch')
                                : t(lang, 'recon.ok')
                          }
                        </td>
                      </tr>
                      ${
                        rows
                          ? html`<tr>
                              <td colspan="7">
                                ${this.#rows(rows, t(lang, 'recon.rowsCaption', { flow: name }), `rows-${f.id}`)}
                              </td>
                            </tr>`
                          : nothing
                      }`;
                  })}
                </tbody>
              </table>
            </div>`
      }`;
  }
}

defineElement('pagatore-console-reconciliation', PagatoreConsoleReconciliation);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-console-reconciliation': PagatoreConsoleReconciliation;
  }
}
