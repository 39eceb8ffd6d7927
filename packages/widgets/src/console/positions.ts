/**
 * The positions pages: `<pagatore-console-positions>` searches the entity's positions (debtor's
 * fiscal code, name/description/IUPD, Codice Avviso or IUV, status, due dates, amounts) in a table
 * sorted by a column header's button and paged by the server's keyset cursor;
 * `<pagatore-console-position>` shows one position with its options, its notice PDF, its payment
 * attempts, receipts and events, and, for an operator or admin, "cancel" behind a confirmation. Every check on input is the server's (the same
 * validation as the admin API); its field problems show by each field.
 */
import {
  formatEuro,
  PagatoreError,
  POSITION_STATUSES,
  type PagatoreConsoleClient,
  type Position,
  type PositionActivity,
  type PositionList,
  type PositionQuery,
  type PositionSort,
  parseAmount,
  type StaffRole,
} from '@pagatore/sdk';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { defineElement } from '../define.js';
import { saveFile } from '../state/download.js';
import { controls, tokens } from '../styles/tokens.js';
import { type ConsoleLang, date, dateTime, errorText, fieldText, t } from './i18n.js';
import { consoleStyles } from './styles.js';

const PAGE = 20;

/** The amount a position asks: its single payment's, or the sum of its installments. */
function amountOf(p: Position): number {
  return p.single?.amount ?? p.installments.reduce((s, o) => s + o.amount, 0);
}

/** The first due date among its options. */
function dueOf(p: Position): string {
  return [p.single, ...p.installments].flatMap((o) => (o ? [o.dueDate] : [])).sort()[0] ?? '';
}

const FILTERS = ['debtor', 'q', 'code', 'status', 'dueFrom', 'dueTo', 'amountFrom', 'amountTo'] as const;
type Filter = (typeof FILTERS)[number];
type Filters = Partial<Record<Filter, string>>;

/** The columns a clerk can sort by. */
type SortKey = 'due' | 'amount' | 'name' | 'created';

export class PagatoreConsolePositions extends LitElement {
  static override styles = [tokens, controls, consoleStyles];
  static override properties = {
    client: { attribute: false },
    locale: { attribute: false },
    entity: { attribute: false },
    staffRole: { attribute: false },
    filters: { state: true },
    sort: { state: true },
    cursors: { state: true },
    list: { state: true },
    loading: { state: true },
    error: { state: true },
    fieldErrors: { state: true },
  };

  declare client: PagatoreConsoleClient;
  declare locale: ConsoleLang;
  declare entity: string | null;
  declare staffRole: StaffRole;

  declare private filters: Filters;
  declare private sort: PositionSort;
  /** The cursor of each page shown so far (the first page has none): "previous" goes back one. */
  declare private cursors: (string | undefined)[];
  declare private list: PositionList | null;
  declare private loading: boolean;
  declare private error: string;
  declare private fieldErrors: Record<string, string>;

  constructor() {
    super();
    this.locale = 'it';
    this.entity = null;
    this.staffRole = 'viewer';
    this.filters = {};
    this.sort = '-created';
    this.cursors = [undefined];
    this.list = null;
    this.loading = false;
    this.error = '';
    this.fieldErrors = {};
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('entity')) {
      this.cursors = [undefined];
      void this.#load();
    }
  }

  #query(): PositionQuery | null {
    const f = this.filters;
    const code = f.code?.replace(/\s+/g, '');
    const problems: Record<string, string> = {};
    const cents = (name: 'amountFrom' | 'amountTo'): number | undefined => {
      const raw = f[name];
      if (!raw) return undefined;
      const r = parseAmount(raw);
      if (r.ok) return r.cents;
      problems[name] = fieldText(this.locale, 'invalid_amount');
      return undefined;
    };
    const amountFrom = cents('amountFrom');
    const amountTo = cents('amountTo');
    if (Object.keys(problems).length > 0) {
      this.fieldErrors = problems;
      return null;
    }
    const cursor = this.cursors[this.cursors.length - 1];
    return {
      ...(f.debtor ? { debtor: f.debtor.toUpperCase() } : {}),
      ...(f.q ? { q: f.q } : {}),
      ...(code ? (/^[0-9]{18}$/.test(code) ? { nav: code } : { iuv: code }) : {}),
      ...(f.status ? { status: f.status as PositionQuery['status'] } : {}),
      ...(f.dueFrom ? { dueFrom: f.dueFrom } : {}),
      ...(f.dueTo ? { dueTo: f.dueTo } : {}),
      ...(amountFrom !== undefined ? { amountFrom } : {}),
      ...(amountTo !== undefined ? { amountTo } : {}),
      sort: this.sort,
      ...(cursor ? { cursor } : {}),
      limit: PAGE,
    };
  }

  /** The latest search: an answer to an earlier one, arriving late, is dropped. */
  #seq = 0;

  async #load(): Promise<void> {
    if (!this.entity) return;
    const seq = ++this.#seq;
    const query = this.#query();
    if (!query) {
      this.list = null;
      await this.#focusFirstError();
      return;
    }
    this.loading = true;
    this.error = '';
    try {
      const list = await this.client.positions.list(query);
      if (seq !== this.#seq) return;
      this.list = list;
      this.fieldErrors = {};
    } catch (e) {
      if (seq !== this.#seq) return;
      this.list = null;
      this.error = errorText(this.locale, e);
      const fields: Record<string, string> = {};
      if (e instanceof PagatoreError)
        for (const f of e.fields) {
          const name = f.path.replace(/^query\./, '');
          fields[name === 'nav' || name === 'iuv' ? 'code' : name] = fieldText(this.locale, f.code);
        }
      this.fieldErrors = fields;
      await this.#focusFirstError();
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  async #focusFirstError(): Promise<void> {
    await this.updateComplete;
    (this.renderRoot.querySelector('form [aria-invalid="true"]') as HTMLElement | null)?.focus();
  }

  #search(e: SubmitEvent): void {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const next: Filters = {};
    for (const name of FILTERS) {
      const value = ((form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '').trim();
      if (value) next[name] = value;
    }
    this.filters = next;
    this.cursors = [undefined];
    void this.#load();
  }

  #clear(): void {
    (this.renderRoot.querySelector('form') as HTMLFormElement | null)?.reset();
    this.filters = {};
    this.cursors = [undefined];
    this.fieldErrors = {};
    void this.#load();
  }

  #page(delta: 1 | -1): void {
    if (delta === 1 && this.list?.next) this.cursors = [...this.cursors, this.list.next];
    if (delta === -1 && this.cursors.length > 1) this.cursors = this.cursors.slice(0, -1);
    void this.#load();
  }

  /** Sorts by a column: ascending first, the same column again flips the direction. */
  #sortBy(key: SortKey): void {
    this.sort = this.sort === key ? (`-${key}` as PositionSort) : (key as PositionSort);
    this.cursors = [undefined];
    void this.#load();
  }

  #input(name: Filter, label: string, opts: { type?: string; hint?: string; mode?: string } = {}) {
    const err = this.fieldErrors[name];
    const described = [opts.hint ? `f-${name}-hint` : '', err ? `f-${name}-error` : '']
      .filter(Boolean)
      .join(' ');
    return html`<div class="field">
      <label for="f-${name}">${label}</label>
      ${opts.hint ? html`<span class="hint" id="f-${name}-hint">${opts.hint}</span>` : nothing}
      <input
        id="f-${name}"
        name=${name}
        type=${opts.type ?? 'text'}
        inputmode=${opts.mode ?? nothing}
        .value=${this.filters[name] ?? ''}
        aria-invalid=${err ? 'true' : 'false'}
        aria-describedby=${described || nothing}
      />
      ${err ? html`<span class="error" id="f-${name}-error">${err}</span>` : nothing}
    </div>`;
  }

  /** A column header: a button that sorts, the header saying the current order (aria-sort). */
  #sortHeader(key: SortKey, label: string, cls = '') {
    const dir = this.sort === key ? 'ascending' : this.sort === `-${key}` ? 'descending' : 'none';
    const lang = this.locale;
    return html`<th scope="col" class=${cls || nothing} aria-sort=${dir}>
      <button class="sort" type="button" data-sort=${key} @click=${() => this.#sortBy(key)}>
        ${label}<span aria-hidden="true" class="arrow"
          >${dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : ' ↕'}</span
        ><span class="visually-hidden"
          >${
            dir === 'none'
              ? t(lang, 'positions.sortBy', { column: label })
              : t(lang, dir === 'ascending' ? 'positions.sortedAsc' : 'positions.sortedDesc')
          }</span
        >
      </button>
    </th>`;
  }

  override render() {
    const lang = this.locale;
    const list = this.list;
    const canChange = this.staffRole === 'operator' || this.staffRole === 'admin';
    const from = (this.cursors.length - 1) * PAGE + 1;
    return html`<h1 tabindex="-1">${t(lang, 'positions.title')}</h1>
      ${
        canChange
          ? html`<p class="actions">
              <a class="btn" href="#/positions/new" data-action="new">${t(lang, 'positions.new')}</a>
              <a class="btn btn-outline" href="#/positions/import" data-action="import"
                >${t(lang, 'positions.import')}</a
              >
            </p>`
          : nothing
      }
      <form role="search" aria-label=${t(lang, 'positions.search')} novalidate @submit=${this.#search}>
        <div class="row">
          ${this.#input('debtor', t(lang, 'positions.debtor'))} ${this.#input('q', t(lang, 'positions.text'))}
          ${this.#input('code', t(lang, 'positions.code'))}
        </div>
        <div class="row">
          <div class="field">
            <label for="f-status">${t(lang, 'positions.status')}</label>
            <select id="f-status" name="status">
              <option value="">${t(lang, 'positions.anyStatus')}</option>
              ${POSITION_STATUSES.map(
                (s) =>
                  html`<option value=${s} ?selected=${this.filters.status === s}>
                    ${t(lang, `status.${s}`)}
                  </option>`,
              )}
            </select>
          </div>
          ${this.#input('dueFrom', t(lang, 'positions.dueFrom'), { type: 'date' })}
          ${this.#input('dueTo', t(lang, 'positions.dueTo'), { type: 'date' })}
        </div>
        <div class="row">
          ${this.#input('amountFrom', t(lang, 'positions.amountFrom'), {
            hint: t(lang, 'positions.amountHint'),
            mode: 'decimal',
          })}
          ${this.#input('amountTo', t(lang, 'positions.amountTo'), {
            hint: t(lang, 'positions.amountHint'),
            mode: 'decimal',
          })}
        </div>
        <div class="actions">
          <button class="btn" type="submit">${t(lang, 'positions.submit')}</button>
          <button class="btn btn-outline" type="button" @click=${() => this.#clear()}>
            ${t(lang, 'positions.clear')}
          </button>
        </div>
      </form>
      ${this.error ? html`<div class="alert alert-danger" role="alert">${this.error}</div>` : nothing}
      <p role="status">
        ${
          this.loading
            ? t(lang, 'app.loading')
            : list
              ? list.total === 0
                ? t(lang, 'positions.empty')
                : t(lang, 'positions.page', { from, to: from + list.items.length - 1, total: list.total })
              : ''
        }
      </p>
      ${
        list && list.items.length > 0
          ? html`<div class="table-wrap" role="region" aria-labelledby="pos-caption" tabindex="0">
                <table>
                  <caption id="pos-caption">
                    ${t(lang, 'positions.caption', { total: list.total })}
                  </caption>
                  <thead>
                    <tr>
                      ${this.#sortHeader('created', t(lang, 'positions.iupd'))}
                      ${this.#sortHeader('name', t(lang, 'positions.debtorName'))}
                      <th scope="col">${t(lang, 'positions.description')}</th>
                      ${this.#sortHeader('amount', t(lang, 'positions.amount'), 'num')}
                      ${this.#sortHeader('due', t(lang, 'positions.due'))}
                      <th scope="col">${t(lang, 'positions.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${list.items.map(
                      (p) =>
                        html`<tr>
                          <th scope="row">
                            <a
                              href="#/positions/${encodeURIComponent(p.iupd)}"
                              aria-label=${t(lang, 'positions.open', { iupd: p.iupd })}
                              >${p.iupd}</a
                            >
                          </th>
                          <td>${p.debtor.name}<br /><span class="mono">${p.debtor.fiscalCode}</span></td>
                          <td>${p.description}</td>
                          <td class="num">${formatEuro(amountOf(p), lang)}</td>
                          <td>${date(lang, dueOf(p))}</td>
                          <td><span class="badge ${p.status}">${t(lang, `status.${p.status}`)}</span></td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>
              <nav class="actions" aria-label=${t(lang, 'positions.pages')}>
                <button
                  class="btn btn-outline"
                  type="button"
                  data-page="prev"
                  ?disabled=${this.cursors.length <= 1}
                  @click=${() => this.#page(-1)}
                >
                  ${t(lang, 'positions.prev')}
                </button>
                <button
                  class="btn btn-outline"
                  type="button"
                  data-page="next"
                  ?disabled=${!list.next}
                  @click=${() => this.#page(1)}
                >
                  ${t(lang, 'positions.next')}
                </button>
              </nav>`
          : nothing
      }`;
  }
}

export class PagatoreConsolePosition extends LitElement {
  static override styles = [tokens, controls, consoleStyles];
  static override properties = {
    client: { attribute: false },
    locale: { attribute: false },
    entity: { attribute: false },
    staffRole: { attribute: false },
    iupd: { attribute: false },
    position: { state: true },
    activity: { state: true },
    activityError: { state: true },
    error: { state: true },
    confirming: { state: true },
    done: { state: true },
    busy: { state: true },
  };

  declare client: PagatoreConsoleClient;
  declare locale: ConsoleLang;
  declare entity: string | null;
  declare staffRole: StaffRole;
  declare iupd: string;

  declare private position: Position | null;
  declare private activity: PositionActivity | null;
  declare private activityError: string;
  declare private error: string;
  declare private confirming: boolean;
  declare private done: string;
  declare private busy: boolean;

  constructor() {
    super();
    this.locale = 'it';
    this.entity = null;
    this.staffRole = 'viewer';
    this.iupd = '';
    this.position = null;
    this.activity = null;
    this.activityError = '';
    this.error = '';
    this.confirming = false;
    this.done = '';
    this.busy = false;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('entity') || changed.has('iupd')) void this.#load();
  }

  async #load(): Promise<void> {
    if (!this.entity || !this.iupd) return;
    this.error = '';
    this.done = '';
    try {
      this.position = await this.client.positions.get(this.iupd);
    } catch (e) {
      this.position = null;
      this.error = errorText(this.locale, e);
      return;
    }
    await this.#loadActivity();
  }

  /** The payments, receipts and events: a failure here leaves the rest of the page usable. */
  async #loadActivity(): Promise<void> {
    this.activityError = '';
    try {
      this.activity = await this.client.positionActivity(this.iupd);
    } catch (e) {
      this.activity = null;
      this.activityError = errorText(this.locale, e);
    }
  }

  /** A table with its caption, or a sentence saying there is nothing to show. */
  #table(id: string, caption: string, empty: string, head: unknown[], rows: unknown[]) {
    return html`<section data-section=${id}>
      <h2 id="${id}-title">${caption}</h2>
      ${
        rows.length === 0
          ? html`<p data-empty>${empty}</p>`
          : html`<div class="table-wrap" role="region" aria-labelledby="${id}-caption" tabindex="0">
              <table>
                <caption id="${id}-caption">
                  ${caption}
                </caption>
                <thead>
                  <tr>
                    ${head.map((h) => html`<th scope="col">${h}</th>`)}
                  </tr>
                </thead>
                <tbody>
                  ${rows}
                </tbody>
              </table>
            </div>`
      }
    </section>`;
  }

  #activitySections() {
    const lang = this.locale;
    if (this.activityError)
      return html`<div class="alert alert-danger" role="alert" data-activity-error>
        ${this.activityError}
      </div>`;
    const a = this.activity;
    if (!a) return nothing;
    const when = (iso: string) => html`<time datetime=${iso}>${dateTime(lang, iso)}</time>`;
    return html`${this.#table(
      'payments',
      t(lang, 'position.payments'),
      t(lang, 'position.payments.none'),
      [
        t(lang, 'money.payments.started'),
        t(lang, 'money.payments.expires'),
        t(lang, 'money.payments.state'),
        t(lang, 'position.payments.provider'),
        t(lang, 'positions.amount'),
        t(lang, 'position.payments.id'),
      ],
      a.payments.map(
        (p) =>
          html`<tr data-payment=${p.id}>
            <td>${when(p.createdAt)}</td>
            <td>${when(p.expiresAt)}</td>
            <td>${t(lang, `money.state.${p.state}`)}</td>
            <td>${p.provider}</td>
            <td class="num">${formatEuro(p.amount, lang)}</td>
            <td class="mono">${p.id}</td>
          </tr>`,
      ),
    )}
    ${this.#table(
      'receipts',
      t(lang, 'position.receipts'),
      t(lang, 'position.receipts.none'),
      [
        t(lang, 'position.receipts.id'),
        t(lang, 'position.iuv'),
        t(lang, 'positions.amount'),
        t(lang, 'position.receipts.paidAt'),
        t(lang, 'position.receipts.payer'),
        t(lang, 'position.receipts.psp'),
        t(lang, 'position.receipts.method'),
      ],
      a.receipts.map(
        (r) =>
          html`<tr data-receipt=${r.receiptId}>
            <td class="mono">${r.receiptId}</td>
            <td class="mono">${r.iuv}</td>
            <td class="num">${formatEuro(r.amount, lang)}</td>
            <td>${when(r.paidAt)}</td>
            <td>
              ${
                r.payer
                  ? [r.payer.name, r.payer.fiscalCode].filter(Boolean).join(' · ')
                  : t(lang, 'position.receipts.noPayer')
              }
            </td>
            <td>${r.psp.name}</td>
            <td>${r.method}</td>
          </tr>`,
      ),
    )}
    ${this.#table(
      'events',
      t(lang, 'position.events'),
      t(lang, 'position.events.none'),
      [
        t(lang, 'position.events.at'),
        t(lang, 'position.events.type'),
        t(lang, 'position.nav'),
        t(lang, 'positions.amount'),
        t(lang, 'position.events.deliveries'),
      ],
      a.events.map(
        (e) =>
          html`<tr data-event=${e.id}>
            <td>${when(e.createdAt)}</td>
            <td class="mono">${e.type}</td>
            <td class="mono">${e.nav ?? ''}</td>
            <td class="num">${e.amount === null ? '' : formatEuro(e.amount, lang)}</td>
            <td>${t(lang, 'position.events.tally', e.deliveries)}</td>
          </tr>`,
      ),
    )}`;
  }

  async #cancel(): Promise<void> {
    this.busy = true;
    try {
      this.position = await this.client.positions.cancel(this.iupd);
      this.confirming = false;
      this.done = t(this.locale, 'position.cancelled', { iupd: this.iupd });
      this.error = '';
      await this.#loadActivity();
    } catch (e) {
      this.confirming = false;
      this.error = errorText(this.locale, e);
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    (this.renderRoot.querySelector('[role="alert"], [role="status"].alert') as HTMLElement | null)?.focus();
  }

  async #notice(): Promise<void> {
    try {
      saveFile(await this.client.notices.position(this.iupd), `avviso-${this.iupd}.pdf`);
    } catch (e) {
      this.error = errorText(this.locale, e);
    }
  }

  async #confirm(on: boolean): Promise<void> {
    this.confirming = on;
    await this.updateComplete;
    (this.renderRoot.querySelector(on ? '#confirm-no' : '#cancel') as HTMLElement | null)?.focus();
  }

  override render() {
    const lang = this.locale;
    const p = this.position;
    const canChange = this.staffRole === 'operator' || this.staffRole === 'admin';
    const cancellable = p && (p.status === 'unpaid' || p.status === 'expired');
    return html`<p><a href="#/positions">${t(lang, 'position.back')}</a></p>
      <h1 tabindex="-1">${t(lang, 'position.title', { iupd: this.iupd })}</h1>
      ${this.error ? html`<div class="alert alert-danger" role="alert" tabindex="-1">${this.error}</div>` : nothing}
      ${this.done ? html`<div class="alert alert-success" role="status" tabindex="-1">${this.done}</div>` : nothing}
      ${
        p
          ? html`<dl class="facts">
                <dt>${t(lang, 'positions.status')}</dt>
                <dd>
                  <span class="badge ${p.status}" data-status=${p.status}
                    >${t(lang, `status.${p.status}`)}</span
                  >
                </dd>
                <dt>${t(lang, 'position.debtor')}</dt>
                <dd>${p.debtor.name}</dd>
                <dt>${t(lang, 'position.fiscalCode')}</dt>
                <dd class="mono">${p.debtor.fiscalCode}</dd>
                <dt>${t(lang, 'positions.description')}</dt>
                <dd>${p.description}</dd>
              </dl>
              <div class="table-wrap" role="region" aria-labelledby="opt-caption" tabindex="0">
                <table>
                  <caption id="opt-caption">
                    ${t(lang, 'position.options')}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">${t(lang, 'position.options')}</th>
                      <th scope="col">${t(lang, 'position.nav')}</th>
                      <th scope="col">${t(lang, 'position.iuv')}</th>
                      <th scope="col" class="num">${t(lang, 'positions.amount')}</th>
                      <th scope="col">${t(lang, 'positions.due')}</th>
                      <th scope="col">${t(lang, 'positions.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${[p.single, ...p.installments].flatMap((o) =>
                      o
                        ? [
                            html`<tr>
                              <th scope="row">
                                ${o.installment === 0 ? t(lang, 'position.single') : t(lang, 'position.installment', { n: o.installment })}
                              </th>
                              <td class="mono">${o.nav}</td>
                              <td class="mono">${o.iuv}</td>
                              <td class="num">${formatEuro(o.amount, lang)}</td>
                              <td>${date(lang, o.dueDate)}</td>
                              <td>${t(lang, `status.${o.status}`)}</td>
                            </tr>`,
                          ]
                        : [],
                    )}
                  </tbody>
                </table>
              </div>
              <div class="actions">
                <button class="btn btn-outline" type="button" @click=${() => void this.#notice()}>
                  ${t(lang, 'position.notice')}
                </button>
                ${
                  canChange && cancellable
                    ? html`<a class="btn btn-outline" href="#/positions/${encodeURIComponent(p.iupd)}/edit"
                        >${t(lang, 'position.edit')}</a
                      >`
                    : nothing
                }
                ${
                  canChange && cancellable && !this.confirming
                    ? html`<button
                        id="cancel"
                        class="btn btn-danger"
                        type="button"
                        @click=${() => void this.#confirm(true)}
                      >
                        ${t(lang, 'position.cancel')}
                      </button>`
                    : nothing
                }
              </div>
              ${!canChange ? html`<p class="alert" data-read-only>${t(lang, 'position.noRole', { role: t(lang, `role.${this.staffRole}`) })}</p>` : nothing}
              ${
                this.confirming
                  ? html`<section
                      class="alert alert-danger"
                      role="alertdialog"
                      aria-labelledby="confirm-text"
                      aria-modal="false"
                    >
                      <p id="confirm-text">${t(lang, 'position.cancelConfirm', { iupd: this.iupd })}</p>
                      <div class="actions">
                        <button
                          class="btn btn-danger"
                          type="button"
                          ?disabled=${this.busy}
                          @click=${() => void this.#cancel()}
                        >
                          ${t(lang, 'position.cancelYes')}
                        </button>
                        <button
                          id="confirm-no"
                          class="btn btn-outline"
                          type="button"
                          @click=${() => void this.#confirm(false)}
                        >
                          ${t(lang, 'position.cancelNo')}
                        </button>
                      </div>
                    </section>`
                  : nothing
              }
              ${this.#activitySections()}`
          : nothing
      }`;
  }
}

defineElement('pagatore-console-positions', PagatoreConsolePositions);
defineElement('pagatore-console-position', PagatoreConsolePosition);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-console-positions': PagatoreConsolePositions;
    'pagatore-console-position': PagatoreConsolePosition;
  }
}
