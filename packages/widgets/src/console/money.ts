/**
 * The console's money pages. `<pagatore-console-payments>`: the payments stuck (past their expiry
 * with no receipt), in progress and expired, a page at a time (keyset-paged by the server), each
 * with what can be done about it: close a stuck one (operators), look its IUV up in the reporting
 * flows, open its position. `<pagatore-console-receipts>`: receipts by day with totals per day and
 * per service, the receipts export and the reconciliation report to download, and the overpayments
 * to refund.
 */
import type {
  AdminPaymentView,
  OverpaymentList,
  PagatoreConsoleClient,
  PaymentListView,
  Stats,
  StaffRole,
} from '@pagatore/sdk';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { defineElement } from '../define.js';
import { controls, tokens } from '../styles/tokens.js';
import { type ConsoleLang, dateTime, errorText, t, date } from './i18n.js';
import { euro, fileNameOf, plusDays, rangeForm, romeToday, saveBlob } from './money-common.js';
import { consoleStyles } from './styles.js';

const VIEWS: readonly PaymentListView[] = ['stuck', 'in_progress', 'expired'];
const PAGE = 50;

export class PagatoreConsolePayments extends LitElement {
  static override styles = [tokens, controls, consoleStyles];
  static override properties = {
    client: { attribute: false },
    locale: { attribute: false },
    entity: { attribute: false },
    staffRole: { attribute: false },
    view: { state: true },
    items: { state: true },
    next: { state: true },
    loading: { state: true },
    error: { state: true },
    done: { state: true },
  };

  declare client: PagatoreConsoleClient;
  declare locale: ConsoleLang;
  declare entity: string | null;
  declare staffRole: StaffRole;

  declare private view: PaymentListView;
  declare private items: AdminPaymentView[];
  declare private next: string | null;
  declare private loading: boolean;
  declare private error: string;
  declare private done: string;

  constructor() {
    super();
    this.locale = 'it';
    this.entity = null;
    this.staffRole = 'viewer';
    this.view = 'stuck';
    this.items = [];
    this.next = null;
    this.loading = false;
    this.error = '';
    this.done = '';
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('entity')) void this.#load();
  }

  async #load(after?: string): Promise<void> {
    if (!this.entity) return;
    this.loading = true;
    this.error = '';
    try {
      const page = await this.client.payments.list({
        view: this.view,
        limit: String(PAGE),
        ...(after ? { after } : {}),
      });
      this.items = after ? [...this.items, ...page.items] : page.items;
      this.next = page.next;
    } catch (e) {
      this.error = errorText(this.locale, e);
    } finally {
      this.loading = false;
    }
  }

  #show(view: PaymentListView): void {
    this.view = view;
    this.done = '';
    this.items = [];
    void this.#load();
  }

  async #expire(p: AdminPaymentView): Promise<void> {
    this.error = '';
    this.done = '';
    try {
      await this.client.payments.expire(p.id);
      this.done = t(this.locale, 'money.action.expired', { id: p.id.slice(0, 8) });
      await this.#load();
    } catch (e) {
      this.error = errorText(this.locale, e);
    }
  }

  #todo(p: AdminPaymentView) {
    const lang = this.locale;
    const iuvs = p.items.map((i) => i.iuv);
    return html`<ul class="todo">
      ${p.actions.map((a) => {
        if (a === 'wait') return html`<li>${t(lang, 'money.action.wait')}</li>`;
        if (a === 'expire')
          return html`<li>
            <p>${t(lang, 'money.action.expireHelp')}</p>
            ${
              this.staffRole === 'viewer'
                ? nothing
                : html`<button class="btn btn-outline" type="button" @click=${() => void this.#expire(p)}>
                    ${t(lang, 'money.action.expire')}
                  </button>`
            }
          </li>`;
        if (a === 'search_flows')
          return html`<li>
            <p>${t(lang, 'money.action.searchFlowsHelp')}</p>
            ${iuvs.map(
              (iuv) =>
                html`<a href="#/reconciliation?iuv=${encodeURIComponent(iuv)}"
                  >${t(lang, 'money.action.search_flows')} ${iuv}</a
                >`,
            )}
          </li>`;
        return html`<li>
          ${p.items.map(
            (i) =>
              html`<a href="#/positions/${encodeURIComponent(i.iupd)}"
                >${t(lang, 'money.action.open_position', { iupd: i.iupd })}</a
              > `,
          )}
        </li>`;
      })}
    </ul>`;
  }

  override render() {
    const lang = this.locale;
    return html`<h1 tabindex="-1">${t(lang, 'money.payments.title')}</h1>
      <p>${t(lang, 'money.payments.intro')}</p>
      <div class="actions" role="group" aria-label=${t(lang, 'money.payments.views')}>
        ${VIEWS.map(
          (v) =>
            html`<button
              type="button"
              class="btn ${v === this.view ? '' : 'btn-outline'}"
              aria-pressed=${v === this.view ? 'true' : 'false'}
              @click=${() => this.#show(v)}
            >
              ${t(lang, `money.view.${v}`)}
            </button>`,
        )}
      </div>
      ${this.error ? html`<div class="alert alert-danger" role="alert">${this.error}</div>` : nothing}
      ${this.done ? html`<div class="alert alert-success" role="status">${this.done}</div>` : nothing}
      <p role="status" class="visually-hidden">${this.loading ? t(lang, 'app.loading') : ''}</p>
      ${
        this.items.length === 0 && !this.loading
          ? html`<p>${t(lang, 'money.payments.empty')}</p>`
          : html`<div class="table-wrap" role="region" aria-labelledby="pay-caption" tabindex="0">
              <table>
                <caption id="pay-caption">
                  ${t(lang, 'money.payments.caption', { view: t(lang, `money.view.${this.view}`) })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t(lang, 'money.payments.started')}</th>
                    <th scope="col">${t(lang, 'money.payments.expires')}</th>
                    <th scope="col">${t(lang, 'money.payments.state')}</th>
                    <th scope="col" class="num">${t(lang, 'money.amount')}</th>
                    <th scope="col">${t(lang, 'money.payments.notices')}</th>
                    <th scope="col">${t(lang, 'money.payments.todo')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.items.map(
                    (p) =>
                      html`<tr data-payment=${p.id}>
                        <td><time datetime=${p.createdAt}>${dateTime(lang, p.createdAt)}</time></td>
                        <td><time datetime=${p.expiresAt}>${dateTime(lang, p.expiresAt)}</time></td>
                        <td>
                          ${t(lang, `money.state.${p.state}`)}
                          ${
                            p.activatedAt
                              ? html`<br /><small
                                    >${t(lang, 'money.payments.activated', {
                                      at: dateTime(lang, p.activatedAt),
                                    })}</small
                                  >`
                              : nothing
                          }
                        </td>
                        <td class="num">${euro(lang, p.amount)}</td>
                        <td>
                          ${p.items.map(
                            (i) =>
                              html`<div>
                                <span class="mono">${i.nav}</span><br />${i.debtorName} · ${i.description}
                              </div>`,
                          )}
                        </td>
                        <td>${this.#todo(p)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
      ${
        this.next
          ? html`<div class="actions">
              <button
                class="btn btn-outline"
                type="button"
                ?disabled=${this.loading}
                @click=${() => void this.#load(this.next ?? undefined)}
              >
                ${t(lang, 'money.more')}
              </button>
            </div>`
          : nothing
      }`;
  }
}

export class PagatoreConsoleReceipts extends LitElement {
  static override styles = [tokens, controls, consoleStyles];
  static override properties = {
    client: { attribute: false },
    locale: { attribute: false },
    entity: { attribute: false },
    range: { state: true },
    stats: { state: true },
    over: { state: true },
    loadingMore: { state: true },
    error: { state: true },
    saved: { state: true },
  };

  declare client: PagatoreConsoleClient;
  declare locale: ConsoleLang;
  declare entity: string | null;

  declare private range: { from: string; to: string };
  declare private stats: Stats | null;
  declare private over: OverpaymentList | null;
  declare private loadingMore: boolean;
  declare private error: string;
  declare private saved: string;

  constructor() {
    super();
    this.locale = 'it';
    this.entity = null;
    this.range = { from: plusDays(romeToday(), -6), to: romeToday() };
    this.stats = null;
    this.over = null;
    this.loadingMore = false;
    this.error = '';
    this.saved = '';
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('entity')) void this.#load();
  }

  async #load(): Promise<void> {
    if (!this.entity) return;
    this.error = '';
    try {
      const [stats, over] = await Promise.all([
        this.client.stats(this.range),
        this.client.overpayments.list({}),
      ]);
      this.stats = stats;
      this.over = over;
    } catch (e) {
      this.error = errorText(this.locale, e);
    }
  }

  /** "Mostra altri": the next page of the overpayments (keyset), added under the ones shown. */
  async #moreOverpayments(): Promise<void> {
    const shown = this.over;
    if (!shown?.next || this.loadingMore) return;
    this.loadingMore = true;
    try {
      const page = await this.client.overpayments.list({ after: shown.next });
      this.over = { ...page, items: [...shown.items, ...page.items] };
    } catch (e) {
      this.error = errorText(this.locale, e);
    } finally {
      this.loadingMore = false;
    }
  }

  async #download(kind: 'receipts' | 'reconciliation'): Promise<void> {
    this.error = '';
    this.saved = '';
    try {
      const q = { ...this.range, format: 'csv' as const };
      const res =
        kind === 'receipts'
          ? await this.client.receipts.export(q)
          : await this.client.reconciliation.report(q);
      const name = fileNameOf(res, `${kind}-${this.range.from}-${this.range.to}.csv`);
      saveBlob(await res.blob(), name);
      this.saved = t(this.locale, 'money.receipts.downloaded', { name });
    } catch (e) {
      this.error = errorText(this.locale, e);
    }
  }

  #service(name: string, code: string | null): string {
    return code === null ? t(this.locale, 'money.noService') : name || code;
  }

  override render() {
    const lang = this.locale;
    const s = this.stats;
    const o = this.over;
    return html`<h1 tabindex="-1">${t(lang, 'money.receipts.title')}</h1>
      <p>${t(lang, 'money.receipts.intro')}</p>
      ${rangeForm(lang, this.range, (r) => {
        this.range = r;
        void this.#load();
      })}
      ${this.error ? html`<div class="alert alert-danger" role="alert">${this.error}</div>` : nothing}
      <h2>${t(lang, 'money.receipts.downloads')}</h2>
      <div class="actions">
        <button class="btn btn-outline" type="button" @click=${() => void this.#download('receipts')}>
          ${t(lang, 'money.receipts.csv')}
        </button>
        <button class="btn btn-outline" type="button" @click=${() => void this.#download('reconciliation')}>
          ${t(lang, 'money.receipts.reconCsv')}
        </button>
      </div>
      <p role="status">${this.saved}</p>
      ${
        s
          ? html`<h2>${t(lang, 'money.receipts.byDay')}</h2>
              <div class="table-wrap" role="region" aria-labelledby="day-caption" tabindex="0">
                <table class="by-day">
                  <caption id="day-caption">
                    ${t(lang, 'money.receipts.byDay')}: ${date(lang, s.from)} – ${date(lang, s.to)}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">${t(lang, 'money.date')}</th>
                      <th scope="col" class="num">${t(lang, 'money.count')}</th>
                      <th scope="col" class="num">${t(lang, 'money.amount')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${s.collectedByDay.map(
                      (d) =>
                        html`<tr data-date=${d.date}>
                          <th scope="row">${date(lang, d.date)}</th>
                          <td class="num">${d.count}</td>
                          <td class="num">${euro(lang, d.amount)}</td>
                        </tr>`,
                    )}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">${t(lang, 'money.total')}</th>
                      <td class="num">${s.total.count}</td>
                      <td class="num">${euro(lang, s.total.amount)}</td>
                    </tr>
                  </tfoot>
                </table>
              </div>
              <h2>${t(lang, 'money.receipts.byDayService')}</h2>
              ${
                s.collectedByDayService.length === 0
                  ? html`<p>${t(lang, 'money.none')}</p>`
                  : html`<div class="table-wrap" role="region" aria-labelledby="svc-caption" tabindex="0">
                      <table class="by-service">
                        <caption id="svc-caption">
                          ${t(lang, 'money.receipts.byDayService')}
                        </caption>
                        <thead>
                          <tr>
                            <th scope="col">${t(lang, 'money.date')}</th>
                            <th scope="col">${t(lang, 'money.service')}</th>
                            <th scope="col" class="num">${t(lang, 'money.count')}</th>
                            <th scope="col" class="num">${t(lang, 'money.amount')}</th>
                          </tr>
                        </thead>
                        <tbody>
                          ${s.collectedByDayService.map(
                            (d) =>
                              html`<tr>
                                <td>${date(lang, d.date)}</td>
                                <td>${this.#service(d.name, d.service)}</td>
                                <td class="num">${d.count}</td>
                                <td class="num">${euro(lang, d.amount)}</td>
                              </tr>`,
                          )}
                        </tbody>
                        <tfoot>
                          ${s.collectedByService.map(
                            (d) =>
                              html`<tr>
                                <th scope="row" colspan="2">
                                  ${t(lang, 'money.total')}: ${this.#service(d.name, d.service)}
                                </th>
                                <td class="num">${d.count}</td>
                                <td class="num">${euro(lang, d.amount)}</td>
                              </tr>`,
                          )}
                        </tfoot>
                      </table>
                    </div>`
              }`
          : nothing
      }
      <h2 id="overpayments">${t(lang, 'money.overpay.title')}</h2>
      <p>${t(lang, 'money.overpay.intro')}</p>
      ${
        o === null
          ? nothing
          : o.items.length === 0
            ? html`<p>${t(lang, 'money.overpay.empty')}</p>`
            : html`<p class="overpay-total">
                  ${t(lang, 'money.overpay.total', { count: o.total, amount: euro(lang, o.totalAmount) })}
                </p>
                <div class="table-wrap" role="region" aria-labelledby="over-caption" tabindex="0">
                  <table class="overpayments">
                    <caption id="over-caption">
                      ${t(lang, 'money.overpay.caption')}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">${t(lang, 'money.overpay.paidAt')}</th>
                        <th scope="col">${t(lang, 'money.payments.notices')}</th>
                        <th scope="col">${t(lang, 'money.overpay.receipt')}</th>
                        <th scope="col">${t(lang, 'money.overpay.psp')}</th>
                        <th scope="col">${t(lang, 'money.overpay.refundTo')}</th>
                        <th scope="col" class="num">${t(lang, 'money.amount')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${o.items.map(
                        (x) =>
                          html`<tr>
                            <td><time datetime=${x.paidAt}>${dateTime(lang, x.paidAt)}</time></td>
                            <td>
                              <a href="#/positions/${encodeURIComponent(x.iupd)}">${x.iupd}</a><br /><span
                                class="mono"
                                >${x.nav}</span
                              >
                            </td>
                            <td class="mono">${x.receiptId}</td>
                            <td>${x.psp.name} (${x.method})</td>
                            <td>
                              ${x.refundTo.name} <span class="mono">${x.refundTo.fiscalCode}</span>
                              (${t(lang, `money.role.${x.refundTo.role}`)})
                            </td>
                            <td class="num">${euro(lang, x.amount)}</td>
                          </tr>`,
                      )}
                    </tbody>
                  </table>
                </div>
                ${
                  o.next
                    ? html`<div class="actions">
                        <button
                          class="btn btn-outline"
                          type="button"
                          id="over-more"
                          ?disabled=${this.loadingMore}
                          @click=${() => void this.#moreOverpayments()}
                        >
                          ${t(lang, 'money.more')}
                        </button>
                      </div>`
                    : nothing
                }`
      }`;
  }
}

defineElement('pagatore-console-payments', PagatoreConsolePayments);
defineElement('pagatore-console-receipts', PagatoreConsoleReceipts);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-console-payments': PagatoreConsolePayments;
    'pagatore-console-receipts': PagatoreConsoleReceipts;
  }
}
