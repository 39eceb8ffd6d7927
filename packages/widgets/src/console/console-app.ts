/**
 * `<pagatore-console>`: the staff console's shell, served by the server at `/console`. It holds the
 * console client and the session, the entity being worked on, the language (IT/EN), and the page
 * (from the URL's hash, so the browser's back button and links work): the positions, one position,
 * the services and one service’s editor, the audit log, privacy, the API keys and webhooks (admins only),
 * pagoPA. Without a session it shows the login. The session's idle timeout is the server's: after
 * that long without requests the console asks the server, and if the session is gone it says so and
 * shows the login again.
 */
import { createConsoleClient, type PagatoreConsoleClient, type StaffSession } from '@pagatore/sdk';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { defineElement } from '../define.js';
import { controls, tokens } from '../styles/tokens.js';
import { type ConsoleLang, t } from './i18n.js';
import { consoleStyles } from './styles.js';
import './login.js';
import './audit.js';
import './positions.js';
import './services.js';
import './keys.js';
import './webhooks.js';
import './pagopa.js';
import './money.js';
import './reconciliation.js';
import './dashboard.js';
import './position-form.js';
import './positions-import.js';
import './privacy.js';

type Route =
  | { page: 'positions' }
  | { page: 'position'; iupd: string }
  | { page: 'positionForm'; iupd: string | null }
  | { page: 'positionsImport' }
  | { page: 'audit' }
  | { page: 'privacy' }
  | { page: 'services' }
  | { page: 'service'; code: string }
  | { page: IntegrationPage }
  | { page: MoneyPage }
  | { page: 'reconciliation'; iuv: string };

/** The integration pages: API keys and webhooks for admins, pagoPA for everyone (admins edit). */
type IntegrationPage = 'keys' | 'webhooks' | 'pagopa';
const INTEGRATION_PAGES: readonly IntegrationPage[] = ['keys', 'webhooks', 'pagopa'];

/** The money pages, in the order of the navigation. */
const MONEY_PAGES = ['payments', 'receipts', 'reconciliation', 'dashboard'] as const;
type MoneyPage = Exclude<(typeof MONEY_PAGES)[number], 'reconciliation'>;

const LANG_KEY = 'pagatore-console-lang';
const ENTITY_KEY = 'pagatore-console-entity';

function routeOf(hash: string): Route {
  if (hash === '#/positions/new') return { page: 'positionForm', iupd: null };
  if (hash === '#/positions/import') return { page: 'positionsImport' };
  const edit = /^#\/positions\/(.+)\/edit$/.exec(hash);
  if (edit?.[1]) return { page: 'positionForm', iupd: decodeURIComponent(edit[1]) };
  const m = /^#\/positions\/(.+)$/.exec(hash);
  if (m?.[1]) return { page: 'position', iupd: decodeURIComponent(m[1]) };
  if (hash === '#/audit') return { page: 'audit' };
  if (hash === '#/privacy') return { page: 'privacy' };
  const integration = INTEGRATION_PAGES.find((p) => hash === `#/${p}`);
  if (integration) return { page: integration };
  const svc = /^#\/services(?:\/(.+))?$/.exec(hash);
  if (svc) return svc[1] ? { page: 'service', code: decodeURIComponent(svc[1]) } : { page: 'services' };
  const money = /^#\/(payments|receipts|dashboard)$/.exec(hash);
  if (money) return { page: money[1] as MoneyPage };
  const recon = /^#\/reconciliation(?:\?iuv=(.*))?$/.exec(hash);
  if (recon) return { page: 'reconciliation', iuv: decodeURIComponent(recon[1] ?? '') };
  return { page: 'positions' };
}

function isIntegration(page: Route['page']): page is IntegrationPage {
  return (INTEGRATION_PAGES as readonly string[]).includes(page);
}

function storedLang(): ConsoleLang {
  const saved = globalThis.localStorage?.getItem(LANG_KEY);
  if (saved === 'it' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('en') ? 'en' : 'it';
}

export class PagatoreConsole extends LitElement {
  static override styles = [tokens, controls, consoleStyles];
  static override properties = {
    locale: { state: true },
    session: { state: true },
    checking: { state: true },
    notice: { state: true },
    entity: { state: true },
    route: { state: true },
  };

  declare private locale: ConsoleLang;
  declare private session: StaffSession | null;
  declare private checking: boolean;
  declare private notice: 'expired' | 'signedOut' | null;
  declare private entity: string | null;
  declare private route: Route;

  constructor() {
    super();
    this.locale = storedLang();
    this.session = null;
    this.checking = true;
    this.notice = null;
    this.entity = null;
    this.route = routeOf(location.hash);
    this.client = createConsoleClient({
      baseUrl: location.origin,
      lang: this.locale,
      onSessionEnd: () => this.#ended('expired'),
    });
  }

  readonly client: PagatoreConsoleClient;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #focusHeading = false;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHash);
    // Every request the page makes keeps the session alive on the server: restart the watch.
    for (const type of ['pagatore-console-activity', 'click', 'keydown'])
      this.addEventListener(type, this.#watchIdle);
    void this.#resume();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.#onHash);
    clearTimeout(this.#idleTimer);
    super.disconnectedCallback();
  }

  async #resume(): Promise<void> {
    try {
      this.#start(await this.client.session());
    } catch {
      this.session = null;
    } finally {
      this.checking = false;
    }
  }

  #start(session: StaffSession): void {
    this.session = session;
    this.notice = null;
    const saved = globalThis.sessionStorage?.getItem(ENTITY_KEY);
    const granted = session.grants.map((g) => g.entity);
    this.#useEntity(saved && granted.includes(saved) ? saved : (granted[0] ?? null));
    this.#watchIdle();
  }

  #useEntity(code: string | null): void {
    this.entity = code;
    this.client.useEntity(code);
    if (code) globalThis.sessionStorage?.setItem(ENTITY_KEY, code);
  }

  #ended(why: 'expired' | 'signedOut'): void {
    if (!this.session) return;
    clearTimeout(this.#idleTimer);
    this.session = null;
    this.notice = why;
    this.#useEntity(null);
  }

  /** After the idle timeout without activity, asks the server whether the session still lives. */
  #watchIdle = (): void => {
    clearTimeout(this.#idleTimer);
    if (!this.session) return;
    const ms = (this.session.idleSeconds + 2) * 1000;
    this.#idleTimer = setTimeout(() => {
      this.client.session().then(
        (s) => {
          if (this.session) this.session = { ...this.session, grants: s.grants };
          this.#watchIdle();
        },
        () => this.#ended('expired'),
      );
    }, ms);
  };

  #onHash = (): void => {
    this.route = routeOf(location.hash);
    this.#focusHeading = true;
  };

  #setLang(lang: ConsoleLang): void {
    this.locale = lang;
    this.client.setLang(lang);
    globalThis.localStorage?.setItem(LANG_KEY, lang);
  }

  async #signOut(): Promise<void> {
    try {
      await this.client.logout();
    } finally {
      this.#ended('signedOut');
    }
  }

  protected override updated(changed: PropertyValues): void {
    document.documentElement.lang = this.locale;
    const page = this.session ? this.#pageTitle() : t(this.locale, 'login.title');
    document.title = `${page} · ${t(this.locale, 'app.title')}`;
    if (this.#focusHeading && changed.has('route')) {
      this.#focusHeading = false;
      // The new page's heading, once its element rendered it.
      requestAnimationFrame(() => {
        const view = this.renderRoot.querySelector('main > *');
        const h1 = (view?.shadowRoot ?? view)?.querySelector('h1') as HTMLElement | null | undefined;
        h1?.focus();
      });
    }
  }

  #pageTitle(): string {
    const page = this.route.page;
    if (page === 'payments' || page === 'receipts') return t(this.locale, `money.${page}.title`);
    if (page === 'reconciliation') return t(this.locale, 'recon.title');
    if (page === 'dashboard') return t(this.locale, 'dashboard.title');
    if (this.route.page === 'audit') return t(this.locale, 'audit.title');
    if (this.route.page === 'privacy') return t(this.locale, 'privacy.title');
    if (isIntegration(this.route.page)) return t(this.locale, `${this.route.page}.title`);
    if (this.route.page === 'position') return t(this.locale, 'position.title', { iupd: this.route.iupd });
    if (this.route.page === 'services' || this.route.page === 'service')
      return t(this.locale, 'services.title');
    if (this.route.page === 'positionForm')
      return this.route.iupd
        ? t(this.locale, 'position.editTitle', { iupd: this.route.iupd })
        : t(this.locale, 'position.newTitle');
    if (this.route.page === 'positionsImport') return t(this.locale, 'positions.importTitle');
    return t(this.locale, 'positions.title');
  }

  #langPicker() {
    return html`<span>
      <label for="lang">${t(this.locale, 'app.lang')}</label>
      <select
        id="lang"
        @change=${(e: Event) => this.#setLang((e.target as HTMLSelectElement).value as ConsoleLang)}
      >
        <option value="it" ?selected=${this.locale === 'it'} lang="it">Italiano</option>
        <option value="en" ?selected=${this.locale === 'en'} lang="en">English</option>
      </select>
    </span>`;
  }

  override render() {
    const lang = this.locale;
    if (this.checking) return html`<main><p role="status">${t(lang, 'app.loading')}</p></main>`;
    if (!this.session) {
      return html`<header class="top">
          ${this.#skipButton()}
          <div class="bar">
            <p class="brand">${t(lang, 'app.title')}</p>
            ${this.#langPicker()}
          </div>
        </header>
        <main id="main" tabindex="-1">
          ${
            this.notice
              ? html`<div
                  class="alert ${this.notice === 'expired' ? 'alert-danger' : 'alert-success'}"
                  role="alert"
                >
                  ${t(lang, this.notice === 'expired' ? 'app.expired' : 'app.signedOut')}
                </div>`
              : nothing
          }
          <pagatore-console-login
            .client=${this.client}
            .locale=${lang}
            @pagatore-console-signed-in=${(e: CustomEvent<StaffSession>) => this.#start(e.detail)}
          ></pagatore-console-login>
        </main>`;
    }
    const s = this.session;
    const grant = s.grants.find((g) => g.entity === this.entity);
    const current =
      isIntegration(this.route.page) || (MONEY_PAGES as readonly string[]).includes(this.route.page)
        ? this.route.page
        : this.route.page === 'audit' || this.route.page === 'privacy'
          ? this.route.page
          : this.route.page === 'services' || this.route.page === 'service'
            ? 'services'
            : 'positions';
    return html`<header class="top">
        ${this.#skipButton()}
        <div class="bar">
          <p class="brand">${t(lang, 'app.title')}</p>
          ${
            s.grants.length > 0
              ? html`<span>
                  <label for="entity">${t(lang, 'app.entity')}</label>
                  <select
                    id="entity"
                    @change=${(e: Event) => this.#useEntity((e.target as HTMLSelectElement).value)}
                  >
                    ${s.grants.map(
                      (g) =>
                        html`<option value=${g.entity} ?selected=${g.entity === this.entity}>
                          ${g.entityName} (${g.entity})
                        </option>`,
                    )}
                  </select>
                </span>`
              : nothing
          }
          ${this.#langPicker()}
          <span class="who">
            ${t(lang, 'app.signedInAs', { name: s.staff.name })}<br />
            ${grant ? t(lang, 'app.role', { role: t(lang, `role.${grant.role}`) }) : nothing}
          </span>
          <button class="btn btn-light" type="button" @click=${() => void this.#signOut()}>
            ${t(lang, 'app.signOut')}
          </button>
        </div>
      </header>
      <nav class="sections" aria-label=${t(lang, 'app.nav')}>
        <ul>
          <li>
            <a href="#/positions" aria-current=${current === 'positions' ? 'page' : 'false'}
              >${t(lang, 'nav.positions')}</a
            >
          </li>
          <li>
            <a href="#/services" aria-current=${current === 'services' ? 'page' : 'false'}
              >${t(lang, 'nav.services')}</a
            >
          </li>
          ${MONEY_PAGES.map(
            (p) =>
              html`<li>
                <a href="#/${p}" aria-current=${current === p ? 'page' : 'false'}>${t(lang, `nav.${p}`)}</a>
              </li>`,
          )}
          <li>
            <a href="#/audit" aria-current=${current === 'audit' ? 'page' : 'false'}
              >${t(lang, 'nav.audit')}</a
            >
          </li>
          <li>
            <a href="#/privacy" aria-current=${current === 'privacy' ? 'page' : 'false'}
              >${t(lang, 'nav.privacy')}</a
            >
          </li>
          ${INTEGRATION_PAGES.filter((p) => p === 'pagopa' || grant?.role === 'admin').map(
            (p) =>
              html`<li>
                <a href="#/${p}" aria-current=${current === p ? 'page' : 'false'}>${t(lang, `nav.${p}`)}</a>
              </li>`,
          )}
        </ul>
      </nav>
      <main id="main" tabindex="-1">
        ${grant ? this.#page(grant.role, grant.entityName) : html`<p class="alert">${t(lang, 'app.noEntities')}</p>`}
      </main>`;
  }

  #page(role: StaffSession['grants'][number]['role'], entityName: string) {
    const common = { client: this.client, locale: this.locale, entity: this.entity };
    const money = this.#moneyPage(role);
    if (money) return money;
    if (this.route.page === 'audit')
      return html`<pagatore-console-audit
        .client=${common.client}
        .locale=${common.locale}
        .entity=${common.entity}
        .entityName=${entityName}
      ></pagatore-console-audit>`;
    if (this.route.page === 'privacy')
      return html`<pagatore-console-privacy
        .client=${common.client}
        .locale=${common.locale}
        .entity=${common.entity}
        .staffRole=${role}
      ></pagatore-console-privacy>`;
    if (this.route.page === 'pagopa')
      return html`<pagatore-console-pagopa
        .client=${common.client}
        .locale=${common.locale}
        .entity=${common.entity}
        .staffRole=${role}
      ></pagatore-console-pagopa>`;
    if (this.route.page === 'keys' || this.route.page === 'webhooks')
      return role !== 'admin'
        ? html`<h1 tabindex="-1">${t(this.locale, `${this.route.page}.title`)}</h1>
            <p class="alert" data-admin-only>${t(this.locale, 'keys.adminOnly')}</p>`
        : this.route.page === 'keys'
          ? html`<pagatore-console-keys
              .client=${common.client}
              .locale=${common.locale}
              .entity=${common.entity}
            ></pagatore-console-keys>`
          : html`<pagatore-console-webhooks
              .client=${common.client}
              .locale=${common.locale}
              .entity=${common.entity}
            ></pagatore-console-webhooks>`;
    if (this.route.page === 'services' || this.route.page === 'service')
      return this.route.page === 'service'
        ? html`<pagatore-console-service
            .client=${common.client}
            .locale=${common.locale}
            .entity=${common.entity}
            .staffRole=${role}
            .code=${this.route.code}
          ></pagatore-console-service>`
        : html`<pagatore-console-services
            .client=${common.client}
            .locale=${common.locale}
            .entity=${common.entity}
            .staffRole=${role}
          ></pagatore-console-services>`;
    if (this.route.page === 'position')
      return html`<pagatore-console-position
        .client=${common.client}
        .locale=${common.locale}
        .entity=${common.entity}
        .staffRole=${role}
        .iupd=${this.route.iupd}
      ></pagatore-console-position>`;
    if (this.route.page === 'positionForm')
      return html`<pagatore-console-position-form
        .client=${common.client}
        .locale=${common.locale}
        .entity=${common.entity}
        .staffRole=${role}
        .iupd=${this.route.iupd}
      ></pagatore-console-position-form>`;
    if (this.route.page === 'positionsImport')
      return html`<pagatore-console-positions-import
        .client=${common.client}
        .locale=${common.locale}
        .entity=${common.entity}
        .staffRole=${role}
      ></pagatore-console-positions-import>`;
    return html`<pagatore-console-positions
      .client=${common.client}
      .locale=${common.locale}
      .entity=${common.entity}
      .staffRole=${role}
    ></pagatore-console-positions>`;
  }

  /** The money pages: payments, money in, reconciliation, dashboard. */
  #moneyPage(role: StaffSession['grants'][number]['role']) {
    const r = this.route;
    if (r.page === 'payments')
      return html`<pagatore-console-payments
        .client=${this.client}
        .locale=${this.locale}
        .entity=${this.entity}
        .staffRole=${role}
      ></pagatore-console-payments>`;
    if (r.page === 'receipts')
      return html`<pagatore-console-receipts
        .client=${this.client}
        .locale=${this.locale}
        .entity=${this.entity}
      ></pagatore-console-receipts>`;
    if (r.page === 'reconciliation')
      return html`<pagatore-console-reconciliation
        .client=${this.client}
        .locale=${this.locale}
        .entity=${this.entity}
        .iuv=${r.iuv}
      ></pagatore-console-reconciliation>`;
    if (r.page === 'dashboard')
      return html`<pagatore-console-dashboard
        .client=${this.client}
        .locale=${this.locale}
        .entity=${this.entity}
      ></pagatore-console-dashboard>`;
    return null;
  }

  /**
   * "Skip to content" as a button: the page's hash is its route, so a `#main` link would navigate,
   * and a link's target inside a shadow root is out of reach of the page's own fragment handling.
   */
  #skipButton() {
    return html`<button class="skip btn btn-light" type="button" @click=${this.#skip}>
      ${t(this.locale, 'app.skip')}
    </button>`;
  }

  #skip = (): void => {
    (this.renderRoot.querySelector('#main') as HTMLElement | null)?.focus();
  };
}

defineElement('pagatore-console', PagatoreConsole);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-console': PagatoreConsole;
  }
}
