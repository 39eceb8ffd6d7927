import { normalizeNav, type Practice, type PracticeSearch } from '@pagatore/sdk';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { PortalController } from '../../controllers/portal-controller.js';
import { emit } from '../../events/events.js';
import {
  formatCodiceAvviso,
  parseCodiceAvviso,
  validateCodiceAvviso,
} from '../../fields/codice-avviso/codice-avviso.js';
import {
  formatCodiceFiscale,
  parseCodiceFiscale,
  validateCodiceFiscale,
} from '../../fields/codice-fiscale/codice-fiscale.js';
import { renderField } from '../../fields/field.js';
import { notifyPracticesChanged } from '../../practices/changes.js';
import { payLinkToken } from '../../practices/pay-link.js';
import { addToCalendar, hasDueDates } from '../../practices/add-to-calendar.js';
import { saveFile } from '../../practices/notice.js';
import { savePending, resumePending } from '../../practices/pending.js';
import type { PendingReason } from '../../practices/practice-events.js';
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
import { focusAfterRender, renderErrorSummary } from '../../fields/error-summary.js';
import { renderHeading } from '../../elements/heading.js';
import { controls, tokens } from '../../styles/tokens.js';
import { styles } from './practice-search.styles.js';

type CodeKind = 'nav' | 'iuv';

/**
 * The portal's first screen: find a practice without logging in, with the debtor's fiscal code
 * and the Codice Avviso (or the IUV). The practice shows only when both match; any miss gets one
 * message. From a hit: "Stampa bollettino" at once; "Paga" and "Aggiungi pratica al carrello"
 * ask to log in (or register) and come back to the same practice afterwards.
 *
 * A page opened from a "Paga ora" link (`#paga=<token>` in its URL: the fragment never reaches the
 * entity's web server) shows that practice at once, the debtor masked, ready to pay; an unknown,
 * expired, revoked or already paid link says so above the search form.
 *
 * @summary Anonymous practice search ("Ricerca"), with "Registrati" and "Accedi".
 * @event pagatore-practice-found - A practice matched. detail: { practiceId, entity }
 * @event pagatore-practice-pay - "Paga" by a logged-in user (the practice is linked first).
 * @event pagatore-practice-add-to-cart - "Aggiungi pratica al carrello" by a logged-in user.
 * @event pagatore-practice-print - "Stampa bollettino"; detail.search holds the identifiers.
 * @event pagatore-practice-link - The practice is now in the user's list.
 * @event pagatore-login-request - "Accedi" (unless `login-href` is set).
 * @event pagatore-register-request - "Registrati" (unless `register-href` is set).
 * @csspart facts - The practice's facts.
 * @csspart split-button - "Paga" with its menu.
 * @csspart error-summary - The list of problems after a failed search.
 *
 * @example <pagatore-practice-search login-href="/accedi.html"></pagatore-practice-search>
 */
export class PagatorePracticeSearch extends LitElement {
  static override styles = [tokens, controls, practiceStyles, styles];
  static override properties = {
    loginHref: { attribute: 'login-href' },
    registerHref: { attribute: 'register-href' },
    noAccountLinks: { type: Boolean, attribute: 'no-account-links' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    fiscalCode: { state: true },
    kind: { state: true },
    code: { state: true },
    problems: { state: true },
    busy: { state: true },
    practice: { state: true },
    searched: { state: true },
    loginReason: { state: true },
    linked: { state: true },
    menuOpen: { state: true },
    notice: { state: true },
    chosen: { state: true },
    payToken: { state: true },
    payLinkProblem: { state: true },
  };

  /** A page to link "Accedi" to; without it the widget emits `pagatore-login-request`. */
  declare loginHref: string;

  /** A page to link "Registrati" to; without it the widget emits `pagatore-register-request`. */
  declare registerHref: string;

  /** Leave out "Registrati" and "Accedi" above the form (the portal's bar has them). */
  declare noAccountLinks: boolean;

  /** Heading level of the title (2 by default; the portal may nest it). */
  declare headingLevel: number;

  declare private fiscalCode: string;
  declare private kind: CodeKind;
  declare private code: string;
  declare private problems: Problems;
  declare private busy: boolean;
  declare private practice: Practice | null;
  declare private searched: PracticeSearch | null;
  declare private loginReason: PendingReason | null;
  declare private linked: boolean;
  declare private menuOpen: boolean;
  declare private notice: string;
  /** Codice Avviso of the option the citizen chose to pay (a practice with installments). */
  declare private chosen: string | null;
  /** The token of the "Paga ora" link the practice shown came from. */
  declare private payToken: string | null;
  /** Why the page's "Paga ora" link opens nothing (expired, revoked, paid…). */
  declare private payLinkProblem: string;

  constructor() {
    super();
    this.loginHref = '';
    this.registerHref = '';
    this.noAccountLinks = false;
    this.headingLevel = 2;
    this.fiscalCode = '';
    this.kind = 'nav';
    this.code = '';
    this.problems = NO_PROBLEMS;
    this.busy = false;
    this.practice = null;
    this.searched = null;
    this.loginReason = null;
    this.linked = false;
    this.menuOpen = false;
    this.notice = '';
    this.chosen = null;
    this.payToken = null;
    this.payLinkProblem = '';
  }

  readonly #portal = new PortalController(this);
  #resuming = false;
  #payLinkTried = false;

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    void this.#openPayLink();
    void this.#resume();
  }

  /** Once, when the page URL carries a "Paga ora" link: its practice, or why it opens nothing. */
  async #openPayLink(): Promise<void> {
    const store = this.#portal.store;
    if (!store || this.#payLinkTried) return;
    this.#payLinkTried = true;
    const token = payLinkToken(globalThis.location?.hash ?? '');
    if (!token) return;
    this.busy = true;
    try {
      const opened = await store.client.practices.openPayLink(token);
      this.practice = opened.practice;
      this.payToken = token;
      this.searched = null;
      this.chosen = optionsOf(opened.practice).find((o) => o.installment === opened.installment)?.nav ?? null;
      emit(this, 'pagatore-practice-found', {
        practiceId: opened.practice.id,
        entity: opened.practice.entity.code,
      });
      await focusAfterRender(this, '#result-title');
    } catch (err) {
      this.payLinkProblem = problemsFrom(err, this.#portal).general ?? this.#portal.error('internal');
      await focusAfterRender(this, '#paylink-problem');
    } finally {
      this.busy = false;
    }
  }

  /**
   * After login, back to the hit the user was on: the practice is linked to the account and shown
   * again, focused, for the citizen to choose how to pay it ("Paga" never leaves for the payment
   * page by itself); an "Aggiungi al carrello" asked before login is carried out.
   */
  async #resume(): Promise<void> {
    const store = this.#portal.store;
    if (!store || !store.state.session || this.#resuming) return;
    this.#resuming = true;
    try {
      const done = await resumePending(store);
      if (!done) return;
      this.practice = done.practice;
      this.searched = done.action.search ?? null;
      this.payToken = done.action.payLink ?? null;
      const installment = done.action.installment;
      this.chosen =
        optionsOf(done.practice).find((o) => installment !== null && o.installment === installment)?.nav ??
        null;
      this.linked = true;
      this.loginReason = null;
      this.#afterLink(done.action.reason, done.practice, true);
      await focusAfterRender(this, '#result-title');
    } catch (e) {
      this.problems = problemsFrom(e, this.#portal);
    } finally {
      this.#resuming = false;
    }
  }

  #afterLink(reason: PendingReason, practice: Practice, resumed = false): void {
    const ref = practiceRef(practice, defaultOption(practice, this.chosen));
    emit(this, 'pagatore-practice-link', { practiceId: practice.id, entity: practice.entity.code, reason });
    // "Paga" pressed before login: the citizen is back here and chooses again (option, pay or cart).
    if (reason === 'pay' && !resumed) emit(this, 'pagatore-practice-pay', ref);
    else if (reason === 'cart') emit(this, 'pagatore-practice-add-to-cart', ref);
    this.notice = this.#portal.t(resumed && reason === 'pay' ? 'search.backToPractice' : 'search.linked');
    if (this.#portal.store) notifyPracticesChanged(this.#portal.store, practice.id);
  }

  #validate(): Problems {
    const t = (k: string) => this.#portal.t(k);
    const fields: Record<string, string> = {};
    const cf = validateCodiceFiscale(this.fiscalCode);
    if (cf) fields.fiscalCode = t(cf);
    if (this.kind === 'nav') {
      const nav = validateCodiceAvviso(this.code);
      if (nav) fields.nav = t(nav);
    } else {
      const iuv = normalizeNav(this.code);
      if (!iuv) fields.iuv = t('search.iuvEmpty');
      else if (!/^[0-9]{15,17}$/.test(iuv)) fields.iuv = t('search.iuvFormat');
    }
    return { fields, general: null };
  }

  async #submit(e: Event): Promise<void> {
    e.preventDefault();
    const store = this.#portal.store;
    if (!store || this.busy) return;
    const problems = this.#validate();
    this.practice = null;
    this.chosen = null;
    this.loginReason = null;
    this.linked = false;
    this.notice = '';
    this.payToken = null;
    this.payLinkProblem = '';
    if (Object.keys(problems.fields).length > 0) {
      this.problems = problems;
      await focusAfterRender(this, '#error-summary');
      return;
    }
    const search: PracticeSearch = {
      fiscalCode: parseCodiceFiscale(this.fiscalCode),
      ...(this.kind === 'nav' ? { nav: parseCodiceAvviso(this.code) } : { iuv: normalizeNav(this.code) }),
    };
    this.busy = true;
    this.problems = NO_PROBLEMS;
    try {
      const { practice } = await store.client.practices.search(search);
      this.practice = practice;
      this.searched = search;
      emit(this, 'pagatore-practice-found', { practiceId: practice.id, entity: practice.entity.code });
      // Logged in, a hit on the user's own code proves it: more practices may now be in the list.
      if (store.state.session) notifyPracticesChanged(store, null);
      await focusAfterRender(this, '#result-title');
    } catch (err) {
      const p = problemsFrom(err, this.#portal);
      // One message for every miss: it must not tell which identifier was wrong.
      this.problems =
        (err as { code?: string }).code === 'practice_not_found'
          ? { fields: {}, general: this.#portal.t('search.notFound') }
          : p;
      await focusAfterRender(this, '#error-summary');
    } finally {
      this.busy = false;
    }
  }

  async #act(reason: PendingReason): Promise<void> {
    const store = this.#portal.store;
    const practice = this.practice;
    const search = this.searched;
    const token = this.payToken;
    if (!store || !practice || (!search && !token)) return;
    if (!store.state.session) {
      // Back from login (or registration), the practice is shown again: found by its search or its link.
      savePending(
        store,
        reason,
        search ?? { payLink: token ?? '' },
        defaultOption(practice, this.chosen)?.installment ?? null,
      );
      this.loginReason = reason;
      await focusAfterRender(this, '#login-box');
      return;
    }
    this.busy = true;
    try {
      const linked = search
        ? await store.client.practices.link(search)
        : await store.client.practices.linkPayLink(token ?? '');
      this.practice = linked;
      this.linked = true;
      this.#afterLink(reason, linked);
    } catch (err) {
      this.problems = problemsFrom(err, this.#portal);
      await focusAfterRender(this, '#error-summary');
    } finally {
      this.busy = false;
    }
  }

  async #print(): Promise<void> {
    const store = this.#portal.store;
    const search = this.searched;
    if (!this.practice || !store || !search) return;
    const ref = practiceRef(this.practice, defaultOption(this.practice, this.chosen));
    if (!emit(this, 'pagatore-practice-print', { ...ref, search })) return;
    try {
      saveFile(await store.client.practices.searchNotice(search), `avviso-${this.practice.id}.pdf`);
    } catch (err) {
      this.problems = problemsFrom(err, this.#portal);
      await focusAfterRender(this, '#error-summary');
    }
  }

  /** "Aggiungi al calendario": the file is asked for with the search's identifiers or the link. */
  async #calendar(): Promise<void> {
    const practice = this.practice;
    const from = this.searched
      ? { search: this.searched }
      : this.payToken
        ? { payLink: this.payToken }
        : null;
    if (!practice || !from) return;
    try {
      await addToCalendar(practice, from, this.#portal);
    } catch (err) {
      this.problems = problemsFrom(err, this.#portal);
      await focusAfterRender(this, '#error-summary');
    }
  }

  #newSearch(): void {
    this.payToken = null;
    this.payLinkProblem = '';
    this.practice = null;
    this.chosen = null;
    this.searched = null;
    this.loginReason = null;
    this.notice = '';
    this.code = '';
    void focusAfterRender(this, '#search-code');
  }

  #authButtons(reason?: PendingReason): TemplateResult {
    const t = (k: string) => this.#portal.t(k);
    const detail = reason ? { reason } : {};
    const login = this.loginHref
      ? html`<a class="btn" href=${this.loginHref}>${t('practice.login')}</a>`
      : html`<button type="button" class="btn" @click=${() => emit(this, 'pagatore-login-request', detail)}>
          ${t('practice.login')}
        </button>`;
    const register = this.registerHref
      ? html`<a class="btn btn-outline" href=${this.registerHref}>${t('practice.register')}</a>`
      : html`<button
          type="button"
          class="btn btn-outline"
          @click=${() => emit(this, 'pagatore-register-request', detail)}
        >
          ${t('practice.register')}
        </button>`;
    // An entity that takes accounts only from SPID and CIE has no "Registrati".
    const canRegister = this.#portal.state?.entity?.ownRegistration !== false;
    return html`${canRegister ? register : nothing}${login}`;
  }

  #renderResult(p: Practice): TemplateResult {
    const t = (k: string, params?: Record<string, string | number>) => this.#portal.t(k, params);
    const reason = notPayableReason(p, this.#portal);
    const loggedIn = Boolean(this.#portal.state?.session);
    // The notice of a link's practice is printed by search: the link shows no debtor's code.
    const printable = isPrintable(p) && this.searched !== null;
    return html`<section class="result card" aria-labelledby="result-title">
      ${renderHeading(
        'result-title',
        `${t(this.payToken ? 'search.payLinkFound' : 'search.found')}: ${p.description}`,
        this.headingLevel + 1,
        true,
      )}
      ${renderFacts(p, this.#portal, {
        debtor: true,
        choice: { id: 'hit', chosen: this.chosen, onChoose: (nav) => (this.chosen = nav) },
      })}
      ${reason ? html`<p class="note">${reason}</p>` : nothing}
      <div class="actions">
        ${
          p.payable
            ? renderSplitButton({
                id: 'pay',
                label: t('practice.pay'),
                toggleLabel: t('practice.moreActions', { name: p.description }),
                open: this.menuOpen,
                disabled: this.busy,
                items: [{ label: t('practice.addToCart'), action: () => void this.#act('cart') }],
                onMain: () => void this.#act('pay'),
                onOpenChange: (open, focus) => {
                  this.menuOpen = open;
                  void focusSplit(this, 'pay', focus);
                },
              })
            : nothing
        }
        ${
          printable
            ? html`<button type="button" class="btn btn-outline" @click=${() => void this.#print()}>
                ${t('practice.print')}
              </button>`
            : nothing
        }
        ${
          hasDueDates(p)
            ? html`<button type="button" class="btn btn-outline" @click=${() => void this.#calendar()}>
                ${t('practice.calendar')}
              </button>`
            : nothing
        }
        ${
          loggedIn && !this.linked
            ? html`<button
                type="button"
                class="btn btn-outline"
                ?disabled=${this.busy}
                @click=${() => void this.#act('link')}
              >
                ${t('search.link')}
              </button>`
            : nothing
        }
        <button type="button" class="btn btn-outline" @click=${this.#newSearch}>
          ${t('search.newSearch')}
        </button>
      </div>
      ${
        this.loginReason
          ? html`<div
              class="alert login-box"
              id="login-box"
              tabindex="-1"
              role="group"
              aria-labelledby="login-title"
            >
              <p id="login-title"><strong>${t('search.loginTitle')}</strong></p>
              <p>${t('search.loginToPay')}</p>
              <div class="row">${this.#authButtons(this.loginReason)}</div>
            </div>`
          : nothing
      }
    </section>`;
  }

  protected override render(): TemplateResult {
    const portal = this.#portal;
    const t = (k: string) => portal.t(k);
    if (!portal.store) return html`<p class="alert">${t('provider.noProvider')}</p>`;
    const loggedIn = Boolean(portal.state?.session);
    const f = this.problems.fields;
    const codeField =
      this.kind === 'nav'
        ? renderField({
            id: 'search-code',
            name: 'nav',
            label: t('field.codiceAvviso.label'),
            hint: t('field.codiceAvviso.hint'),
            value: this.code,
            error: f.nav ?? null,
            required: true,
            requiredText: t('common.required'),
            inputmode: 'numeric',
            autocomplete: 'off',
            mono: true,
            maxlength: 30,
            onInput: (value) => (this.code = value),
            onBlur: (value) => (this.code = formatCodiceAvviso(value)),
          })
        : renderField({
            id: 'search-code',
            name: 'iuv',
            label: t('search.iuvLabel'),
            hint: t('search.iuvHint'),
            value: this.code,
            error: f.iuv ?? null,
            required: true,
            requiredText: t('common.required'),
            inputmode: 'numeric',
            autocomplete: 'off',
            mono: true,
            maxlength: 30,
            onInput: (value) => (this.code = value),
          });
    return html`<section aria-labelledby="search-title">
      <div class="head">
        ${renderHeading('search-title', t('search.title'), this.headingLevel)}
        ${
          loggedIn || this.noAccountLinks
            ? nothing
            : html`<div class="auth" role="group" aria-label=${t('search.account')}>
                ${this.#authButtons()}
              </div>`
        }
      </div>
      ${
        this.payLinkProblem
          ? html`<div class="alert" id="paylink-problem" tabindex="-1" role="alert">
              <p><strong>${t('search.payLinkTitle')}</strong></p>
              <p>${this.payLinkProblem}</p>
              <p>${t('search.payLinkWayOn')}</p>
            </div>`
          : nothing
      }
      <p>${t('search.intro')}</p>
      <form novalidate aria-label=${t('search.form')} @submit=${this.#submit}>
        ${renderErrorSummary(
          this.problems,
          {
            fiscalCode: { id: 'search-cf', label: t('field.codiceFiscale.label') },
            nav: { id: 'search-code', label: t('field.codiceAvviso.label') },
            iuv: { id: 'search-code', label: t('search.iuvLabel') },
          },
          portal,
          (id) => this.shadowRoot?.getElementById(id)?.focus(),
        )}
        ${renderField({
          id: 'search-cf',
          name: 'fiscalCode',
          label: t('field.codiceFiscale.label'),
          hint: t('field.codiceFiscale.hint'),
          value: this.fiscalCode,
          error: f.fiscalCode ?? null,
          required: true,
          requiredText: t('common.required'),
          autocomplete: 'off',
          mono: true,
          maxlength: 20,
          onInput: (value) => (this.fiscalCode = value),
          onBlur: (value) => (this.fiscalCode = formatCodiceFiscale(value)),
        })}
        <fieldset>
          <legend>${t('search.by')}</legend>
          ${(['nav', 'iuv'] as const).map(
            (k) =>
              html`<label class="choice"
                ><input
                  type="radio"
                  name="kind"
                  value=${k}
                  .checked=${this.kind === k}
                  @change=${() => {
                    this.kind = k;
                    this.code = '';
                    this.problems = NO_PROBLEMS;
                  }}
                />${t(k === 'nav' ? 'search.byNav' : 'search.byIuv')}</label
              >`,
          )}
        </fieldset>
        ${codeField}
        <button type="submit" class="btn" ?disabled=${this.busy} aria-describedby="search-status">
          ${t('search.submit')}
        </button>
      </form>
      <p class="visually-hidden" id="search-status" role="status">
        ${this.busy ? t('search.searching') : this.notice}
      </p>
      ${this.notice && !this.busy ? html`<p class="alert alert-success" aria-hidden="true">${this.notice}</p>` : nothing}
      ${this.practice ? this.#renderResult(this.practice) : nothing}
    </section>`;
  }
}
