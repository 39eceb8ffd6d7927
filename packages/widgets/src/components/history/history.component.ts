import {
  formatEuro,
  formatNav,
  localText,
  PagatoreError,
  type PublicService,
  type ReceiptQuery,
  type ReceiptView,
} from '@pagatore/sdk';
import { html, LitElement, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { PortalController } from '../../controllers/portal-controller.js';
import { parseImporto } from '../../fields/importo/importo.js';
import { saveFile } from '../../state/download.js';
import { controls, tokens } from '../../styles/tokens.js';
import { styles } from './history.styles.js';

interface Filters {
  from: string;
  to: string;
  service: string;
  code: string;
  amount: string;
}

const EMPTY: Filters = { from: '', to: '', service: '', code: '', amount: '' };

function romeDate(iso: string): string {
  return new Intl.DateTimeFormat('it-IT', {
    timeZone: 'Europe/Rome',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

/**
 * The history of paid practices with "Ricerca pratiche" (dates, service, IUV/NAV, amount) and the
 * receipt (quietanza) of each as a PDF.
 *
 * @summary Paid practices, filters and receipts.
 * @csspart form - The search form.
 * @csspart list - The results.
 *
 * @example <pagatore-history></pagatore-history>
 */
export class PagatoreHistory extends LitElement {
  static override styles = [tokens, controls, styles];
  static override properties = {
    pageSize: { type: Number, attribute: 'page-size' },
    filters: { state: true },
    items: { state: true },
    total: { state: true },
    loading: { state: true },
    error: { state: true },
    fieldError: { state: true },
    services: { state: true },
    announced: { state: true },
  };

  /** Results per page. */
  declare pageSize: number;

  declare private filters: Filters;
  declare private items: ReceiptView[];
  declare private total: number;
  declare private loading: boolean;
  declare private error: string | null;
  declare private fieldError: { field: keyof Filters; message: string } | null;
  declare private services: PublicService[];
  declare private announced: string;

  constructor() {
    super();
    this.pageSize = 20;
    this.filters = { ...EMPTY };
    this.items = [];
    this.total = 0;
    this.loading = false;
    this.error = null;
    this.fieldError = null;
    this.services = [];
    this.announced = '';
  }

  private get resultsHeading(): HTMLElement | null {
    return this.renderRoot?.querySelector<HTMLElement>('#history-results') ?? null;
  }

  private readonly portal = new PortalController(this, ['session', 'entity']);
  #loadedFor: string | null = null;

  protected override updated(): void {
    const store = this.portal.store;
    const token = store?.state.session?.token ?? null;
    if (store && token && token !== this.#loadedFor) {
      this.#loadedFor = token;
      queueMicrotask(() => void this.#search(false));
      void store.client.services.list().then(
        (s) => (this.services = s.items),
        () => undefined,
      );
    }
  }

  #query(offset: number): ReceiptQuery | null {
    const f = this.filters;
    this.fieldError = null;
    if (f.from && f.to && f.to < f.from) {
      this.fieldError = { field: 'to', message: this.portal.t('history.badRange') };
      return null;
    }
    let amount: string | undefined;
    if (f.amount.trim()) {
      const cents = parseImporto(f.amount);
      if (cents === null) {
        this.fieldError = { field: 'amount', message: this.portal.t('field.importo.format') };
        return null;
      }
      amount = String(cents);
    }
    const code = f.code.replace(/\s+/g, '');
    if (code && !/^[0-9]{1,35}$/.test(code)) {
      this.fieldError = { field: 'code', message: this.portal.error('invalid_format') };
      return null;
    }
    return {
      from: f.from || undefined,
      to: f.to || undefined,
      service: f.service || undefined,
      code: code || undefined,
      amount,
      limit: String(this.pageSize),
      offset: String(offset),
    };
  }

  async #search(append: boolean, focusResults = false): Promise<void> {
    const store = this.portal.store;
    if (!store?.state.session) return;
    const q = this.#query(append ? this.items.length : 0);
    if (!q) {
      await this.updateComplete;
      (this.renderRoot.querySelector(`#h-${this.fieldError?.field}`) as HTMLElement | null)?.focus();
      return;
    }
    this.loading = true;
    this.error = null;
    try {
      const page = await store.client.receipts.list(q);
      this.items = append ? [...this.items, ...page.items] : page.items;
      this.total = page.total;
      this.announced = this.#resultsText();
      if (focusResults) {
        await this.updateComplete;
        this.resultsHeading?.focus();
      }
    } catch (e) {
      this.error =
        e instanceof PagatoreError && e.fields[0]
          ? this.portal.error(e.fields[0].code, e.fields[0].message)
          : this.portal.failure(e);
    } finally {
      this.loading = false;
    }
  }

  #resultsText(): string {
    return this.total === 0
      ? this.portal.t('history.none')
      : this.total === 1
        ? this.portal.t('history.resultsOne')
        : this.portal.t('history.results', { count: this.total });
  }

  async #download(r: ReceiptView): Promise<void> {
    const store = this.portal.store;
    if (!store) return;
    try {
      saveFile(await store.client.receipts.pdf(r.id), `ricevuta-${r.iuv}.pdf`);
    } catch (e) {
      this.error = this.portal.failure(e);
    }
  }

  /** The beneficiaries of a payment split with other entities (multi-entity), with their shares. */
  #beneficiaries(r: ReceiptView) {
    if (!r.transfers.some((t) => t.fiscalCode !== r.creditor.fiscalCode)) return nothing;
    const list = r.transfers
      .map((t) => {
        const name = t.companyName ?? (t.fiscalCode === r.creditor.fiscalCode ? r.creditor.name : null);
        return `${name ?? t.fiscalCode} ${formatEuro(t.amount, this.portal.lang)}`;
      })
      .join(' · ');
    return html`<br /><span class="beneficiaries">${this.portal.t('history.beneficiaries', { list })}</span>`;
  }

  private field(
    name: keyof Filters,
    label: string,
    type: 'date' | 'text',
    extra: { inputmode?: string; autocomplete?: string } = {},
  ) {
    const error = this.fieldError?.field === name ? this.fieldError.message : null;
    return html`<div class="field">
      <label for="h-${name}">${label}</label>
      <input
        id="h-${name}"
        name=${name}
        type=${type}
        .value=${live(this.filters[name])}
        inputmode=${extra.inputmode ?? nothing}
        autocomplete="off"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `h-${name}-error` : nothing}
        @input=${(e: Event) => (this.filters = { ...this.filters, [name]: (e.target as HTMLInputElement).value })}
      />
      ${error ? html`<span class="error" id="h-${name}-error">${error}</span>` : nothing}
    </div>`;
  }

  protected override render() {
    if (!this.portal.state?.session) return html`<p>${this.portal.t('history.loginFirst')}</p>`;
    const lang = this.portal.lang;
    return html`
      <h2>${this.portal.t('history.title')}</h2>
      <form
        part="form"
        novalidate
        role="search"
        aria-label=${this.portal.t('history.search')}
        @submit=${(e: Event) => {
          e.preventDefault();
          void this.#search(false, true);
        }}
      >
        <fieldset>
          <legend>${this.portal.t('history.search')}</legend>
          ${this.field('from', this.portal.t('history.from'), 'date')}
          ${this.field('to', this.portal.t('history.to'), 'date')}
          <div class="field">
            <label for="h-service">${this.portal.t('history.service')}</label>
            <select
              id="h-service"
              name="service"
              .value=${live(this.filters.service)}
              @change=${(e: Event) => (this.filters = { ...this.filters, service: (e.target as HTMLSelectElement).value })}
            >
              <option value="">${this.portal.t('history.anyService')}</option>
              ${this.services.map((s) => html`<option value=${s.code} ?selected=${this.filters.service === s.code}>${localText(s.name, lang)}</option>`)}
            </select>
          </div>
          ${this.field('code', this.portal.t('history.code'), 'text', { inputmode: 'numeric' })}
          ${this.field('amount', this.portal.t('history.amount'), 'text', { inputmode: 'decimal' })}
          <div class="buttons">
            <button class="btn" type="submit" ?disabled=${this.loading}>
              ${this.portal.t('history.submit')}
            </button>
            <button
              class="btn btn-outline"
              type="button"
              @click=${() => {
                this.filters = { ...EMPTY };
                void this.#search(false, true);
              }}
            >
              ${this.portal.t('history.reset')}
            </button>
          </div>
        </fieldset>
      </form>
      ${this.error ? html`<p class="alert alert-danger" role="alert">${this.error}</p>` : nothing}
      <p id="history-results" tabindex="-1" role="status">
        ${this.loading ? this.portal.t('common.loading') : this.announced}
      </p>
      <ul part="list">
        ${this.items.map(
          (r) =>
            html`<li>
              <span class="desc">${r.description}</span>
              <span class="amount">${formatEuro(r.amount, lang)}</span>
              <span class="meta">
                ${this.portal.t('history.paidOn', { date: romeDate(r.paidAt) })} ·
                ${this.portal.t('history.psp', { psp: r.pspName })}${
                  r.fee ? html` · ${this.portal.t('history.fee', { fee: formatEuro(r.fee, lang) })}` : nothing
                }<br />
                ${this.portal.t('history.nav')} <span class="code">${formatNav(r.nav)}</span> · IUV
                <span class="code">${r.iuv}</span>
                ${r.payer?.name && r.payer.fiscalCode !== r.debtor.fiscalCode ? html`<br />${this.portal.t('history.payer', { payer: r.payer.name })}` : nothing}
                ${r.overpaid ? html`<br /><strong class="overpaid" part="overpaid">${this.portal.t('history.overpaid')}</strong>` : nothing}
                ${this.#beneficiaries(r)}
              </span>
              <span class="row-actions">
                <button
                  class="btn btn-outline"
                  type="button"
                  aria-label=${this.portal.t('history.downloadLabel', { description: r.description })}
                  @click=${() => this.#download(r)}
                >
                  ${this.portal.t('history.download')}
                </button>
              </span>
            </li>`,
        )}
      </ul>
      ${
        this.items.length < this.total
          ? html`<button
              class="btn btn-outline"
              type="button"
              ?disabled=${this.loading}
              @click=${() => this.#search(true)}
            >
              ${this.portal.t('history.more')}
            </button>`
          : nothing
      }
    `;
  }
}
