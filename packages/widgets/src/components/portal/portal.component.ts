import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { peekLinkToken, takeProviderLogout } from '../../accounts/link-token.js';
import { PortalController } from '../../controllers/portal-controller.js';
import { loadTag } from '../../lazy-tags.js';
import { peekPending } from '../../practices/pending.js';
import { type Lang, rememberLang } from '../../locales/index.js';
import { controls, tokens } from '../../styles/tokens.js';
import { styles } from './portal.styles.js';
import { payLinkToken } from '../../practices/pay-link.js';

/** The screens of the portal, as they appear in the URL hash (`#/pratiche`). */
export const ROUTES = [
  'ricerca',
  'accedi',
  'registrati',
  'pratiche',
  'spontaneo',
  'carrello',
  'storico',
  'account',
  'pagamento',
] as const;
export type Route = (typeof ROUTES)[number];

/** The tag each screen shows. */
const SCREEN_TAGS: Record<Route, string> = {
  ricerca: 'pagatore-practice-search',
  accedi: 'pagatore-login',
  registrati: 'pagatore-register',
  pratiche: 'pagatore-practices',
  spontaneo: 'pagatore-debt-form',
  carrello: 'pagatore-cart',
  storico: 'pagatore-history',
  account: 'pagatore-account',
  pagamento: 'pagatore-payment-status',
};

/** Screens that need a logged-in citizen. */
const PRIVATE: readonly Route[] = ['pratiche', 'spontaneo', 'carrello', 'storico', 'account', 'pagamento'];

const PAYMENT_FRAGMENT = /(?:^#|&)pagatore-payment=([a-z2-7]{16,64})/;
/** Back from a SPID/CIE login: the login screen completes it (consent, linking). */
const IDENTITY_FRAGMENT = /(?:^#|&)pagatore-identity=[a-z0-9]+/;
const RETURN_KEY = 'pagatore:portal:after-login';

/** Parses `#/pratiche` or `#/pagamento/<id>`. */
export function parseRoute(hash: string): { route: Route; arg: string | null } | null {
  const m = /^#\/([a-z]+)(?:\/([A-Za-z0-9]+))?$/.exec(hash);
  if (!m || !(ROUTES as readonly string[]).includes(m[1] ?? '')) return null;
  return { route: m[1] as Route, arg: m[2] ?? null };
}

/**
 * The whole journey in one tag: practice search with "Registrati" and "Accedi" first; after login
 * my practices, "Inserimento spontaneo", the cart, the history and the account under the pagoPA
 * logo. Navigation lives in the URL hash (`#/pratiche`), so it survives reload and the back button
 * without touching the host site's routing, and the payer comes back to the right place after the
 * payment page.
 *
 * @summary The complete payer portal.
 * @csspart bar - The navigation bar.
 * @csspart main - The current screen (the portal is a region of the page, which owns `<main>`).
 *
 * @example
 * <pagatore-provider api="https://pay.example.it" entity="80012345676">
 *   <pagatore-portal></pagatore-portal>
 * </pagatore-provider>
 */
export class PagatorePortal extends LitElement {
  static override styles = [tokens, controls, styles];
  static override properties = {
    noCart: { type: Boolean, attribute: 'no-cart' },
    route: { state: true },
    arg: { state: true },
    returned: { state: true },
    flash: { state: true },
  };

  /** Show the cart badge in the portal's bar (turn off when the site puts one in its header). */
  declare noCart: boolean;

  declare private route: Route;
  declare private arg: string | null;
  declare private returned: boolean;
  /** What the citizen just did that left no screen to show it: logged out, or closed the account. */
  declare private flash: 'loggedOut' | 'closed' | 'providerLoggedOut' | 'providerStillOpen' | null;

  constructor() {
    super();
    this.noCart = false;
    this.route = 'ricerca';
    this.arg = null;
    this.returned = false;
    this.flash = null;
  }

  private readonly portal = new PortalController(this, [
    'session',
    'sessionPending',
    'entity',
    'entityStatus',
    'sessionEnd',
    'profile',
    'pendingPractice',
    'cartCount',
  ]);
  #hadSession = false;
  /** Logged in with a practice waiting (a search hit's "Paga"): the search screen shows it again. */
  #backToPractice = false;
  /** The screen was not asked for: it follows the login state (search, or my practices). */
  #defaulted = false;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHash);
    this.addEventListener('pagatore-login-request', this.#toLogin);
    this.addEventListener('pagatore-register-request', this.#toRegister);
    this.addEventListener('pagatore-account-register', this.#noop);
    this.addEventListener('pagatore-session-start', this.#afterLogin);
    this.addEventListener('pagatore-session-end', this.#toSearch);
    this.addEventListener('pagatore-account-close', this.#toSearch);
    this.addEventListener('pagatore-debt-form-request', this.#toSpontaneous);
    this.addEventListener('pagatore-debt-form-cancel', this.#toPractices);
    this.addEventListener('pagatore-practice-create', this.#toPractices);
    this.addEventListener('pagatore-practice-link', this.#afterLink);
    this.#readLocation(false);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#onHash);
  }

  #noop = (): void => undefined;
  #onHash = (): void => this.#readLocation(true);
  #toLogin = (): void => this.go('accedi');
  #toRegister = (): void => this.go('registrati');
  #toSearch = (): void => this.go('ricerca');
  #toSpontaneous = (): void => this.go('spontaneo');
  #toPractices = (): void => this.go('pratiche');
  /** "Aggiungi alle mie pratiche" shows the list; a link made to pay or fill the cart stays put. */
  #afterLink = (e: Event): void => {
    if ((e as CustomEvent<{ reason?: string }>).detail?.reason === 'link') this.go('pratiche');
  };
  /** Logged in on the login (or registration) screen: where the citizen was going, or its list. */
  #afterLogin = (): void => {
    if (this.route !== 'accedi' && this.route !== 'registrati') return;
    const store = this.portal.store;
    if ((store && peekPending(store)) || this.#backToPractice) {
      this.#backToPractice = false;
      // "Paga" or "Aggiungi al carrello" on a search hit asked for the login: back to that practice.
      this.go('ricerca');
      return;
    }
    let target: string | null;
    try {
      target = sessionStorage.getItem(RETURN_KEY);
      sessionStorage.removeItem(RETURN_KEY);
    } catch {
      target = null;
    }
    const parsed = target ? parseRoute(target) : null;
    this.go(parsed?.route ?? 'pratiche', parsed?.arg ?? null);
  };

  /** Reads where to be from the URL: a payment return, an e-mail link, or `#/<screen>`. */
  #readLocation(focus: boolean): void {
    const hash = window.location.hash;
    const payment = PAYMENT_FRAGMENT.exec(hash);
    if (payment) {
      // Back from the payment page: show the outcome (asked to the server, never read from the URL).
      this.returned = true;
      this.#replace(`#/pagamento/${payment[1]}`);
      this.#set('pagamento', payment[1] ?? null, focus);
      return;
    }
    if (IDENTITY_FRAGMENT.test(hash)) {
      // Back from SPID/CIE: the login screen completes it (consent, linking).
      this.#set('accedi', null, focus);
      return;
    }
    if (takeProviderLogout()) {
      // Back from the identity provider's logout: both sessions are over.
      this.flash = 'providerLoggedOut';
      this.#set('ricerca', null, focus);
      return;
    }
    const link = peekLinkToken();
    if (link) {
      // An e-mail link (activation, reset, e-mail change): the login screen takes the token.
      this.#set(link.kind === 'email' ? 'account' : 'accedi', null, focus);
      return;
    }
    if (payLinkToken(hash)) {
      // A "Paga ora" link: the search screen opens its practice, logged in or not.
      this.#set('ricerca', null, focus);
      return;
    }
    const parsed = parseRoute(hash);
    this.#defaulted = !parsed;
    if (parsed) this.#set(parsed.route, parsed.arg, focus);
    else this.#set(this.portal.state?.session ? 'pratiche' : 'ricerca', null, focus);
  }

  #replace(hash: string): void {
    history.replaceState(history.state, '', `${window.location.pathname}${window.location.search}${hash}`);
  }

  #set(route: Route, arg: string | null, focus: boolean): void {
    this.route = route;
    this.arg = arg;
    if (focus) void this.updateComplete.then(() => this.#focusScreen());
  }

  /** Moves focus to the new screen's title, so screen readers and keyboards start there. */
  #focusScreen(): void {
    const title = this.renderRoot.querySelector<HTMLElement>('.screen-title');
    title?.focus();
  }

  /** Navigates to a screen (a new history entry: the back button returns). */
  go(route: Route, arg: string | null = null): void {
    const hash = `#/${route}${arg ? `/${arg}` : ''}`;
    if (window.location.hash !== hash)
      history.pushState(history.state, '', `${window.location.pathname}${window.location.search}${hash}`);
    if (route !== 'pagamento') this.returned = false;
    this.#defaulted = false;
    this.flash = null;
    this.#set(route, arg, true);
  }

  protected override willUpdate(): void {
    const session = Boolean(this.portal.state?.session);
    // Logged out while on a private screen (expiry, logout elsewhere): back to the first screen.
    if (this.#hadSession && !session && PRIVATE.includes(this.route)) this.route = 'ricerca';
    // "Esci" or "Revoca consenso privacy" ended it (the account screen is gone by now): say so here.
    const ended = this.portal.state?.sessionEnd;
    if (!session && (ended === 'logout' || ended === 'logout-identity' || ended === 'closed')) {
      this.flash = ended === 'closed' ? 'closed' : ended === 'logout' ? 'loggedOut' : 'providerStillOpen';
      if (PRIVATE.includes(this.route)) this.route = 'ricerca';
      const store = this.portal.store;
      queueMicrotask(() => store?.set({ sessionEnd: null }));
    }
    if (this.#defaulted) this.route = session ? 'pratiche' : 'ricerca';
    // The session arrived (this tab's login, or another tab's): leave the login screen. The login
    // widget's own event may come too late, once it left the page.
    if (!this.#hadSession && session && !peekLinkToken()) this.#afterLogin();
    this.#hadSession = session;
  }

  protected override updated(): void {
    const store = this.portal.store;
    // The account entry names who is signed in: the profile, once per session.
    if (store?.state.session && !store.state.profile && !this.#profileLoading) {
      this.#profileLoading = true;
      void store.client.accounts
        .me()
        .then(
          (p) => {
            if (store.state.session) store.set({ profile: p });
          },
          () => undefined,
        )
        .finally(() => {
          this.#profileLoading = false;
        });
    }
    // On a phone the tabs scroll sideways: keep the current one in sight.
    const list = this.renderRoot.querySelector<HTMLElement>('nav ul');
    const current = list?.querySelector<HTMLElement>('[aria-current=page]');
    if (list && current && list.scrollWidth > list.clientWidth) {
      const start = current.offsetLeft - list.offsetLeft;
      if (start < list.scrollLeft || start + current.offsetWidth > list.scrollLeft + list.clientWidth)
        list.scrollLeft = start - 8;
    }
  }

  #profileLoading = false;

  /** The language switch: the choice applies to every widget of the portal and is remembered. */
  #chooseLang = (e: Event): void => {
    const lang = (e.target as HTMLSelectElement).value as Lang;
    rememberLang(lang);
    void this.portal.store?.useLang(lang);
  };

  private renderLang(): TemplateResult {
    const lang = this.portal.lang;
    const names: Record<Lang, string> = { it: 'Italiano', en: 'English', de: 'Deutsch' };
    return html`<div class="lang">
      <label for="portal-lang" class="visually-hidden">${this.portal.t('portal.language')}</label>
      <select id="portal-lang" @change=${this.#chooseLang}>
        ${(['it', 'en', 'de'] as const).map(
          (l) => html`<option value=${l} lang=${l} ?selected=${l === lang}>${names[l]}</option>`,
        )}
      </select>
    </div>`;
  }

  /** The account entry: the pagoPA logo, as the manual has it, and who is signed in. */
  private renderAccountEntry(): TemplateResult {
    const t = (k: string) => this.portal.t(k);
    const api = this.portal.store?.client.baseUrl ?? '';
    const p = this.portal.state?.profile;
    const who = p ? (p.companyName ?? (p.firstName || p.username)) : '';
    return html`<a
      class="pagopa"
      href="#/account"
      aria-current=${this.route === 'account' ? 'page' : nothing}
      @click=${(e: Event) => {
        e.preventDefault();
        this.go('account');
      }}
      ><img src="${api}/assets/logo-pagopa.svg" alt="" width="68" height="22" /><span class="visually-hidden"
        >${t('portal.account')}${who ? ':' : ''}</span
      >${who ? html`<span class="who">${who}</span>` : nothing}</a
    >`;
  }

  private link(route: Route, label: string): TemplateResult {
    return html`<li>
      <a
        href="#/${route}"
        aria-current=${this.route === route ? 'page' : nothing}
        @click=${(e: Event) => {
          e.preventDefault();
          this.go(route);
        }}
        >${label}</a
      >
    </li>`;
  }

  private renderBar(loggedIn: boolean): TemplateResult {
    const t = (k: string) => this.portal.t(k);
    return html`<div class="bar" part="bar">
      <nav aria-label=${t('portal.nav')}>
        <ul>
          ${
            loggedIn
              ? html`${this.link('pratiche', t('portal.practices'))}
                ${this.portal.state?.entity?.spontaneousPayments ? this.link('spontaneo', t('portal.spontaneous')) : nothing}
                ${this.link('storico', t('portal.history'))} ${this.link('ricerca', t('portal.search'))}`
              : this.link('ricerca', t('portal.search'))
          }
        </ul>
      </nav>
      <div class="end">
        ${this.renderLang()}
        ${
          loggedIn
            ? html`${this.noCart ? nothing : html`<pagatore-cart></pagatore-cart>`}
              ${this.renderAccountEntry()}`
            : html`${
                  this.portal.state?.entity?.ownRegistration === false
                    ? nothing
                    : html`<a
                        class="btn btn-outline"
                        href="#/registrati"
                        @click=${(e: Event) => {
                          e.preventDefault();
                          this.go('registrati');
                        }}
                        >${t('portal.register')}</a
                      >`
                }
                <a
                  class="btn"
                  href="#/accedi"
                  @click=${(e: Event) => {
                    e.preventDefault();
                    this.go('accedi');
                  }}
                  >${t('portal.login')}</a
                >`
        }
      </div>
    </div>`;
  }

  private renderScreen(route: Route): TemplateResult {
    // In the all-in-one bundle most screens are files of their own: fetch this one's on first use.
    void loadTag(SCREEN_TAGS[route]);
    switch (route) {
      case 'ricerca':
        // The bar has "Registrati" and "Accedi": the search does not repeat them.
        return html`<pagatore-practice-search no-account-links></pagatore-practice-search>`;
      case 'accedi':
        return html`<pagatore-login></pagatore-login>`;
      case 'registrati':
        return html`<pagatore-register></pagatore-register>`;
      case 'pratiche':
        return html`<pagatore-practices></pagatore-practices>`;
      case 'spontaneo':
        return html`<pagatore-debt-form></pagatore-debt-form>`;
      case 'carrello':
        return html`<pagatore-cart mode="page"></pagatore-cart>`;
      case 'storico':
        return html`<pagatore-history></pagatore-history>`;
      case 'account':
        return html`<pagatore-account mode="page"></pagatore-account>`;
      case 'pagamento':
        return html`<pagatore-payment-status
            payment=${this.arg ?? ''}
            ?returned=${this.returned}
          ></pagatore-payment-status>
          <pagatore-practices></pagatore-practices>`;
    }
  }

  protected override render() {
    const state = this.portal.state;
    if (state?.entityStatus === 'error')
      return html`<p class="alert alert-danger" role="alert">${this.portal.t('portal.unavailable')}</p>`;
    const loggedIn = Boolean(state?.session);
    let route = this.route;
    if (!loggedIn && state?.sessionPending && PRIVATE.includes(route)) {
      // A new tab asks the portal's open tabs for their session: a moment, not the login screen.
      return html`<section
        class="portal"
        lang=${this.portal.lang}
        aria-label=${this.portal.t('portal.region')}
      >
        ${this.renderBar(false)}
        <div class="screen" part="main" aria-busy="true"></div>
      </section>`;
    }
    if (!loggedIn && PRIVATE.includes(route)) {
      // Remember where the citizen wanted to go; log in first, then come back.
      try {
        sessionStorage.setItem(RETURN_KEY, `#/${route}${this.arg ? `/${this.arg}` : ''}`);
      } catch {
        // Without storage the citizen lands on its practices after login.
      }
      route = 'accedi';
    }
    if (loggedIn && (route === 'accedi' || route === 'registrati') && !peekLinkToken()) {
      // Logged in from the login box of a search hit: the search takes the practice back.
      const store = this.portal.store;
      this.#backToPractice ||= Boolean(store && peekPending(store));
      route = this.#backToPractice ? 'ricerca' : 'pratiche';
    }
    // A widget is a region of the host page, which owns `<main>`; each screen names its own sections.
    return html`<section class="portal" lang=${this.portal.lang} aria-label=${this.portal.t('portal.region')}>
      ${this.renderBar(loggedIn)}
      <div class="screen" part="main">
        <h2 class="screen-title visually-hidden" id="screen-title" tabindex="-1">
          ${this.portal.t(`portal.title.${route}`)}
        </h2>
        <div class="flash" role="status">
          ${
            this.flash && route === 'ricerca'
              ? html`<p class="alert alert-success">${this.portal.t(`portal.${this.flash}`)}</p>`
              : nothing
          }
        </div>
        ${this.renderScreen(route)}
      </div>
    </section>`;
  }
}
