import type { MyPractice, PaymentView, PracticeSort } from '@pagatore/sdk';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { PortalController } from '../../controllers/portal-controller.js';
import { emit } from '../../events/events.js';
import { addToCalendar, hasDueDates } from '../../practices/add-to-calendar.js';
import { lastPracticesChange } from '../../practices/changes.js';
import { saveFile } from '../../practices/notice.js';
import { openPaymentStyles, renderOpenPayment } from '../../practices/open-payment.js';
import { resumePending } from '../../practices/pending.js';
import '../../practices/practice-events.js';
import { focusSplit, renderSplitButton } from '../../practices/split-button.js';
import { practiceStyles } from '../../practices/styles.js';
import {
  defaultOption,
  isPrintable,
  notPayableReason,
  optionsOf,
  practiceRef,
  renderFacts,
} from '../../practices/view.js';
import { NO_PROBLEMS, type Problems, problemsFrom } from '../../fields/problems.js';
import { focusAfterRender } from '../../fields/error-summary.js';
import { renderHeading } from '../../elements/heading.js';
import { abandonPayment, openPayments } from '../../state/payment-actions.js';
import { controls, tokens } from '../../styles/tokens.js';
import { styles } from './practices.styles.js';

/** Practice states whose due dates still matter: not paid, cancelled or expired. */
const DATED: ReadonlySet<MyPractice['status']> = new Set(['unpaid', 'partially_paid', 'in_payment']);

const SORTS: PracticeSort[] = ['dueDate', '-dueDate', 'amount', '-amount', '-createdAt'];

/**
 * "Le mie pratiche": after login, the practices assigned to the user's proven fiscal code, those
 * it found by search and the spontaneous ones it created, sorted and paged. Each has "Paga" (a
 * split button whose menu holds "Aggiungi pratica al carrello") and "Stampa bollettino", or says
 * why it cannot be paid (paid, expired, cancelled, payment in progress); while it has a due date
 * left to pay, "Aggiungi al calendario" downloads an `.ics` of them. A payment of the citizen's
 * left half-way offers "Riprendi il pagamento" and "Annulla e ricomincia" until pagoPA activates
 * it, then says so and when the practice frees up.
 *
 * @summary The logged-in user's practices.
 * @event pagatore-practice-pay - "Paga". detail: { practiceId, entity, nav, amount }
 * @event pagatore-practice-add-to-cart - "Aggiungi pratica al carrello".
 * @event pagatore-practice-print - "Stampa bollettino" (detail.search is null: use practiceId).
 * @event pagatore-debt-form-request - "Inserimento spontaneo".
 * @event pagatore-login-request - "Accedi" when there is no session.
 * @csspart facts - Each practice's facts.
 * @csspart split-button - "Paga" with its menu.
 * @csspart open-payment - A payment left half-way: "Riprendi il pagamento", "Annulla e ricomincia", or pagoPA's state.
 *
 * @example <pagatore-practices page-size="10"></pagatore-practices>
 */
export class PagatorePractices extends LitElement {
  static override styles = [tokens, controls, practiceStyles, openPaymentStyles, styles];
  static override properties = {
    pageSize: { type: Number, attribute: 'page-size' },
    highlight: {},
    headingLevel: { type: Number, attribute: 'heading-level' },
    items: { state: true },
    total: { state: true },
    offset: { state: true },
    sort: { state: true },
    loading: { state: true },
    loaded: { state: true },
    problems: { state: true },
    openMenu: { state: true },
    message: { state: true },
    chosen: { state: true },
    payments: { state: true },
    abandoning: { state: true },
  };

  /** Practices per page. */
  declare pageSize: number;

  /** A practice to highlight and focus once loaded (e.g. the one just created). */
  declare highlight: string;

  /** Heading level of the title (2 by default). */
  declare headingLevel: number;

  declare private items: MyPractice[];
  declare private total: number;
  declare private offset: number;
  declare private sort: PracticeSort;
  declare private loading: boolean;
  declare private loaded: boolean;
  declare private problems: Problems;
  declare private openMenu: string | null;
  declare private message: string;
  /** Per practice id: Codice Avviso of the option the citizen chose to pay. */
  declare private chosen: Record<string, string>;
  /** The citizen's running payments: a practice held by one offers to resume or abandon it. */
  declare private payments: PaymentView[];
  declare private abandoning: boolean;

  constructor() {
    super();
    this.pageSize = 10;
    this.highlight = '';
    this.headingLevel = 2;
    this.items = [];
    this.total = 0;
    this.offset = 0;
    this.sort = 'dueDate';
    this.loading = false;
    this.loaded = false;
    this.problems = NO_PROBLEMS;
    this.openMenu = null;
    this.message = '';
    this.chosen = {};
    this.payments = [];
    this.abandoning = false;
  }

  readonly #portal = new PortalController(this, ['session', 'practicesChanged', 'pendingPractice', 'entity']);
  #loadedFor: string | null = null;
  #changeSeq = 0;
  #request = 0;
  #announce: string | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('pageshow', this.#onPageShow);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pageshow', this.#onPageShow);
  }

  /** Back from the payment page (the browser's Back restores this page): read the states again. */
  #onPageShow = (e: PageTransitionEvent): void => {
    if (e.persisted && this.loaded) void this.load();
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const store = this.#portal.store;
    const token = store?.state.session?.token ?? null;
    if (!store || !token) {
      if (this.#loadedFor !== null) {
        this.#loadedFor = null;
        this.items = [];
        this.loaded = false;
      }
      return;
    }
    const change = lastPracticesChange(store);
    if (change && change.seq !== this.#changeSeq) {
      this.#changeSeq = change.seq;
      if (change.highlight) this.highlight = change.highlight;
      if (this.#loadedFor === token) void this.load();
    }
    if (this.#loadedFor !== token) {
      this.#loadedFor = token;
      void this.#start();
    }
  }

  async #start(): Promise<void> {
    const store = this.#portal.store;
    if (!store) return;
    // A "Paga" or "Aggiungi al carrello" asked on a search hit before logging in: the practice is
    // linked, highlighted and focused; "Paga" waits for the citizen to choose again.
    try {
      const done = await resumePending(store);
      if (done) {
        this.highlight = done.practice.id;
        emit(this, 'pagatore-practice-link', {
          practiceId: done.practice.id,
          entity: done.practice.entity.code,
          reason: done.action.reason,
        });
        const nav = optionsOf(done.practice).find((o) => o.installment === done.action.installment)?.nav;
        if (nav) this.chosen = { ...this.chosen, [done.practice.id]: nav };
        if (done.action.reason === 'cart')
          emit(
            this,
            'pagatore-practice-add-to-cart',
            practiceRef(done.practice, defaultOption(done.practice, nav ?? null)),
          );
      }
    } catch (e) {
      this.problems = problemsFrom(e, this.#portal);
    }
    await this.load();
  }

  /** Loads the current page again (after a payment, a new practice). */
  async load(): Promise<void> {
    const store = this.#portal.store;
    if (!store?.state.session) return;
    const request = ++this.#request;
    this.loading = true;
    try {
      const page = await store.client.practices.list({
        sort: this.sort,
        limit: this.pageSize,
        offset: this.offset,
      });
      const held = page.items.some((p) => optionsOf(p).some((o) => o.status === 'in_payment'));
      // Without them a held practice still says why it cannot be paid: never an error for the list.
      const payments = held ? await openPayments(store).catch(() => []) : [];
      if (request !== this.#request) return;
      this.payments = payments;
      this.items = page.items;
      this.total = page.total;
      this.problems = NO_PROBLEMS;
      this.message = this.#announce ?? this.#portal.t('practices.count', { count: page.total });
      this.#announce = null;
      if (this.highlight && page.items.some((p) => p.id === this.highlight)) {
        await focusAfterRender(this, `#title-${this.highlight}`);
      }
    } catch (e) {
      if (request !== this.#request) return;
      this.problems = problemsFrom(e, this.#portal);
    } finally {
      if (request === this.#request) {
        this.loading = false;
        this.loaded = true;
      }
    }
  }

  async #page(delta: number): Promise<void> {
    this.offset = Math.max(0, this.offset + delta * this.pageSize);
    this.highlight = '';
    await this.load();
    await focusAfterRender(this, '#list-title');
  }

  #sortChange(e: Event): void {
    this.sort = (e.target as HTMLSelectElement).value as PracticeSort;
    this.offset = 0;
    void this.load();
  }

  async #print(p: MyPractice): Promise<void> {
    const store = this.#portal.store;
    const ref = practiceRef(p, defaultOption(p, this.chosen[p.id] ?? null));
    if (!store || !emit(this, 'pagatore-practice-print', { ...ref, search: null })) return;
    try {
      saveFile(await store.client.practices.notice(p.id), `avviso-${p.id}.pdf`);
    } catch (e) {
      this.problems = problemsFrom(e, this.#portal);
    }
  }

  async #calendar(p: MyPractice): Promise<void> {
    try {
      await addToCalendar(p, { mine: true }, this.#portal);
    } catch (e) {
      this.problems = problemsFrom(e, this.#portal);
    }
  }

  /** "Annulla e ricomincia": the list reloads with the practice payable and focused. */
  async #abandon(payment: PaymentView): Promise<void> {
    const store = this.#portal.store;
    if (!store || this.abandoning) return;
    this.abandoning = true;
    // Said by the reload the abandon triggers, instead of the count.
    this.#announce = this.#portal.t('practice.resume.abandoned');
    try {
      await abandonPayment(store, payment.id);
    } catch (e) {
      this.#announce = null;
      this.problems = problemsFrom(e, this.#portal);
      await this.load();
    } finally {
      this.abandoning = false;
    }
  }

  #renderPractice(p: MyPractice): TemplateResult {
    const t = (k: string, params?: Record<string, string | number>) => this.#portal.t(k, params);
    const reason = notPayableReason(p, this.#portal);
    const printable = isPrintable(p);
    const id = `pay-${p.id}`;
    const ref = practiceRef(p, defaultOption(p, this.chosen[p.id] ?? null));
    const payment = this.payments.find((x) => x.items.some((i) => i.practiceId === p.id));
    return html`<li>
      <article class="card ${p.id === this.highlight ? 'highlight' : ''}" aria-labelledby=${`title-${p.id}`}>
        ${renderHeading(`title-${p.id}`, p.description, this.headingLevel + 1, true)}
        <p class="origin">${t(`practices.origin.${p.origin}`)}</p>
        ${renderFacts(p, this.#portal, {
          debtor: p.origin !== 'assigned',
          choice: {
            id: `p${p.id}`,
            chosen: this.chosen[p.id] ?? null,
            onChoose: (nav) => (this.chosen = { ...this.chosen, [p.id]: nav }),
          },
        })}
        ${
          payment
            ? renderOpenPayment(payment, this.#portal, {
                id: `p${p.id}`,
                busy: this.abandoning,
                onAbandon: () => void this.#abandon(payment),
              })
            : reason
              ? html`<p class="note">${reason}</p>`
              : nothing
        }
        <div class="actions">
          ${
            p.payable
              ? renderSplitButton({
                  id,
                  label: t('practice.pay'),
                  toggleLabel: t('practice.moreActions', { name: p.description }),
                  open: this.openMenu === p.id,
                  items: [
                    {
                      label: t('practice.addToCart'),
                      action: () => emit(this, 'pagatore-practice-add-to-cart', ref),
                    },
                  ],
                  onMain: () => emit(this, 'pagatore-practice-pay', ref),
                  onOpenChange: (open, focus) => {
                    this.openMenu = open ? p.id : null;
                    void focusSplit(this, id, focus);
                  },
                })
              : nothing
          }
          ${
            printable
              ? html`<button
                  type="button"
                  class="btn btn-outline"
                  aria-describedby=${`title-${p.id}`}
                  @click=${() => void this.#print(p)}
                >
                  ${t('practice.print')}
                </button>`
              : nothing
          }
          ${
            hasDueDates(p) && DATED.has(p.status)
              ? html`<button
                  type="button"
                  class="btn btn-outline"
                  aria-describedby=${`title-${p.id}`}
                  @click=${() => void this.#calendar(p)}
                >
                  ${t('practice.calendar')}
                </button>`
              : nothing
          }
        </div>
      </article>
    </li>`;
  }

  protected override render(): TemplateResult {
    const portal = this.#portal;
    const t = (k: string, params?: Record<string, string | number>) => portal.t(k, params);
    if (!portal.store) return html`<p class="alert">${t('provider.noProvider')}</p>`;
    const title = renderHeading('list-title', t('practices.title'), this.headingLevel, true);
    if (!portal.state?.session) {
      return html`<section aria-labelledby="list-title">
        ${title}
        <p>${t('practices.loginNeeded')}</p>
        <button type="button" class="btn" @click=${() => emit(this, 'pagatore-login-request', {})}>
          ${t('practice.login')}
        </button>
      </section>`;
    }
    const pages = Math.max(1, Math.ceil(this.total / this.pageSize));
    const page = Math.floor(this.offset / this.pageSize) + 1;
    const spontaneous = portal.state.entity?.spontaneousPayments;
    return html`<section aria-labelledby="list-title" aria-busy=${this.loading ? 'true' : 'false'}>
      ${title}
      <div class="toolbar">
        <div class="field">
          <label for="sort">${t('practices.sort')}</label>
          <select id="sort" .value=${this.sort} @change=${this.#sortChange}>
            ${SORTS.map(
              (s) =>
                html`<option value=${s} ?selected=${s === this.sort}>${t(`practices.sort.${s}`)}</option>`,
            )}
          </select>
        </div>
        ${
          spontaneous
            ? html`<button
                type="button"
                class="btn btn-outline"
                @click=${() => emit(this, 'pagatore-debt-form-request', { entity: portal.store?.client.entityCode ?? '' })}
              >
                ${t('practice.spontaneous')}
              </button>`
            : nothing
        }
      </div>
      <p class="visually-hidden" role="status">${this.loading ? t('practices.loading') : this.message}</p>
      ${
        this.problems.general
          ? html`<div class="alert alert-danger" role="alert">
              <p>${this.problems.general}</p>
              <button type="button" class="btn btn-outline" @click=${() => void this.load()}>
                ${t('common.retry')}
              </button>
            </div>`
          : nothing
      }
      ${
        this.loaded && this.items.length === 0 && !this.problems.general
          ? html`<p>${t('practices.empty')}</p>`
          : nothing
      }
      ${
        this.items.length
          ? html`<ul class="list">
              ${this.items.map((p) => this.#renderPractice(p))}
            </ul>`
          : nothing
      }
      ${
        pages > 1
          ? html`<nav class="pager" aria-label=${t('practices.pagination')}>
              <button
                type="button"
                class="btn btn-outline"
                ?disabled=${page <= 1 || this.loading}
                @click=${() => void this.#page(-1)}
              >
                ${t('practices.previous')}
              </button>
              <span>${t('practices.page', { page, pages })}</span>
              <button
                type="button"
                class="btn btn-outline"
                ?disabled=${page >= pages || this.loading}
                @click=${() => void this.#page(1)}
              >
                ${t('practices.next')}
              </button>
            </nav>`
          : nothing
      }
    </section>`;
  }
}
