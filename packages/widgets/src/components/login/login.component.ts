import { check, localText, PagatoreError, Password } from '@pagatore/sdk';
import { html, LitElement, type nothing, type TemplateResult } from 'lit';
import {
  fieldProblems,
  NO_PROBLEMS,
  type Problems,
  problemsFrom,
  withoutField,
} from '../../fields/problems.js';
import { focusAfterRender, renderErrorSummary } from '../../fields/error-summary.js';
import { type LinkKind, takeLinkToken, takeProviderLogout } from '../../accounts/link-token.js';
import { logoutEverywhere } from '../../accounts/logout.js';
import { accountStyles } from '../../accounts/styles.js';
import { IdentityButtons, identityStyles } from '../../accounts/identity.js';
import { PortalController } from '../../controllers/portal-controller.js';
import { emit } from '../../events/events.js';
import { FIELD_PARTS, type VisibilityEvent } from '../../elements/fields.js';
import { defineParts, settled } from '../../elements/light-element.js';
import { controls, tokens } from '../../styles/tokens.js';
import { styles } from './login.styles.js';
import { LOGIN_PARTS, type LoginValues } from './sections.js';
import {
  type IdentityStep,
  identityConsentForm,
  identityLinkForm,
  identityLinkSent,
  linkFailed,
  loggedIn,
  type LoginScreen,
  loginForm,
  type Reconsent,
  reconsentForm,
  reconsentRefused,
  recoveryForm,
  resetForm,
  sentNotice,
  summaryLabels,
} from './views.js';

type View =
  | 'login'
  | 'forgot-password'
  | 'forgot-username'
  | 'sent'
  | 'reset'
  | 'link-failed'
  | 'busy-link'
  | 'identity-consent'
  | 'identity-link'
  | 'identity-link-sent'
  | 'reconsent'
  | 'reconsent-refused';

declare module '../../events/events.js' {
  interface PagatoreEventMap {
    /** The citizen logged in. */
    'pagatore-session-start': CustomEvent<{ username: string }>;
    /** The citizen logged out (or the account closed). */
    'pagatore-session-end': CustomEvent<Record<string, never>>;
    /** The user chose "Registrati" (the page or `<pagatore-portal>` shows `<pagatore-register>`). */
    'pagatore-register-request': CustomEvent<{ reason?: 'pay' | 'cart' | 'link' }>;
  }
}

/**
 * "Accedi" with username (or e-mail) and password, "Password dimenticata?" and "Username
 * dimenticato?" by e-mail, and the new password form opened from the reset link
 * (`#pagatore-reset=`). It also completes activation (`#pagatore-activate=`) and e-mail change
 * (`#pagatore-email=`) links when it is the widget on the portal page. Logged in, it shows who and
 * "Esci".
 *
 * @summary Citizen login and account recovery.
 * @event pagatore-session-start - Logged in; `detail.username`.
 * @event pagatore-session-end - Logged out.
 * @event pagatore-register-request - The user chose "Registrati" (unless `register-href` is set).
 * @csspart base - The widget's section.
 * @csspart field - Each field wrapper.
 * @csspart label - Each label.
 * @csspart input - Each input.
 * @csspart error - Each field's message.
 * @csspart error-summary - The box listing the problems.
 *
 * @example
 * <pagatore-provider api="https://pay.example.it" entity="80012345676">
 *   <pagatore-login></pagatore-login>
 * </pagatore-provider>
 */
export class PagatoreLogin extends LitElement {
  static override styles = [tokens, controls, accountStyles, identityStyles, styles];

  readonly portal = new PortalController(this, ['session', 'profile', 'entity', 'entityStatus']);
  static override properties = {
    registerHref: { attribute: 'register-href' },
    username: {},
    view: { state: true },
    password: { state: true },
    recovery: { state: true },
    newPassword: { state: true },
    showPassword: { state: true },
    problems: { state: true },
    notice: { state: true },
    busy: { state: true },
    status: { state: true },
    identityStep: { state: true },
    linkSent: { state: true },
    identityConsent: { state: true },
    reconsent: { state: true },
  };

  /** A page to link "Registrati" to; without it the widget emits `pagatore-register-request`. */
  declare registerHref: string;

  /** Prefills the username (e.g. after activation). */
  declare username: string;

  declare view: View;
  declare private password: string;
  declare private recovery: string;
  declare private newPassword: string;
  declare private showPassword: boolean;
  declare private problems: Problems;
  declare private notice: string;
  declare private busy: boolean;
  declare private status: string;
  declare private identityStep: IdentityStep | null;
  declare private linkSent: { email: string; minutes: number } | null;
  declare private identityConsent: boolean;
  /** The privacy notice asking fresh consent after the right password, while it is shown. */
  declare private reconsent: Reconsent | null;

  constructor() {
    super();
    this.registerHref = '';
    this.username = '';
    this.view = 'login';
    this.password = '';
    this.recovery = '';
    this.newPassword = '';
    this.showPassword = false;
    this.problems = NO_PROBLEMS;
    this.notice = '';
    this.busy = false;
    this.status = '';
    this.identityStep = null;
    this.linkSent = null;
    this.identityConsent = false;
    this.reconsent = null;
    defineParts({ ...FIELD_PARTS, ...LOGIN_PARTS, 'pagatore-identity-buttons': IdentityButtons });
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await settled(this.renderRoot);
    return done;
  }

  #link: { kind: LinkKind; token: string } | null = null;
  #linkStarted = false;
  #resetToken = '';
  #profileLoading = false;
  #identityStarted = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#link ??= takeLinkToken(['activate', 'reset', 'email', 'identity-link']);
    // Back from the identity provider's logout: say that both sessions are over.
    if (takeProviderLogout()) this.notice = this.portal.t('identity.providerLoggedOut');
    if (this.#link?.kind === 'reset') {
      this.#resetToken = this.#link.token;
      this.#link = null;
      this.view = 'reset';
    } else if (this.#link) this.view = 'busy-link';
  }

  protected override updated(): void {
    const store = this.portal.store;
    // The session ended elsewhere (another widget, an expired token): forget who it was.
    if (store && !store.state.session && store.state.profile)
      queueMicrotask(() => store.set({ profile: null }));
    if (!store) return;
    if (!this.#identityStarted) {
      this.#identityStarted = true;
      queueMicrotask(() => void this.#startIdentity());
    }
    if (this.#link && !this.#linkStarted) {
      this.#linkStarted = true;
      const link = this.#link;
      queueMicrotask(() => void this.#useLink(link));
    }
    // A session from an earlier page load: fetch who it is, once.
    if (store.state.session && !store.state.profile && !this.#profileLoading) {
      this.#profileLoading = true;
      queueMicrotask(() => {
        store.client.accounts
          .me()
          .then(
            (p) => store.set({ profile: p }),
            () => undefined,
          )
          .finally(() => {
            this.#profileLoading = false;
          });
      });
    }
  }

  async #useLink(link: { kind: LinkKind; token: string }): Promise<void> {
    const accounts = this.portal.store!.client.accounts;
    try {
      if (link.kind === 'identity-link') {
        const store = this.portal.store!;
        const s = await store.client.identity.confirmLink(link.token);
        store.set({ profile: s.account });
        this.problems = NO_PROBLEMS;
        this.view = 'login';
        this.notice = this.portal.t('identity.linkDone');
        emit(this, 'pagatore-session-start', { username: s.account.username });
        await focusAfterRender(this, '.logged-in');
        return;
      }
      if (link.kind === 'activate') {
        const { username } = await accounts.activate(link.token);
        this.username = username;
        this.notice = this.portal.t('login.activated', { username });
        emit(this, 'pagatore-account-activate', { username });
      } else {
        const { email } = await accounts.confirmEmail(link.token);
        this.notice = this.portal.t('login.emailConfirmed', { email });
      }
      this.problems = NO_PROBLEMS;
      this.view = 'login';
      await focusAfterRender(this, '.notice');
    } catch (e) {
      this.problems =
        e instanceof PagatoreError && e.code === 'token_invalid'
          ? {
              fields: {},
              general: this.portal.t(
                link.kind === 'identity-link' ? 'identity.linkFailed' : 'accounts.linkFailed',
              ),
            }
          : problemsFrom(e, this.portal);
      this.view = 'login';
      await focusAfterRender(this, '#error-summary');
    }
  }

  /** Completes a SPID/CIE login this page came back from. */
  async #startIdentity(): Promise<void> {
    if (!this.portal.store!.client.identity.pending()) return;
    this.view = 'busy-link';
    await this.#completeIdentity({});
  }

  async #chooseProvider(code: string): Promise<void> {
    await this.#run(async () => {
      const url = await this.portal.store!.client.identity.loginUrl(code, location.href);
      location.assign(url);
    });
  }

  async #completeIdentity(more: {
    privacyVersion?: string;
    link?: { username: string; password: string };
    linkByEmail?: true;
  }): Promise<void> {
    const store = this.portal.store!;
    try {
      const r = await store.client.identity.complete(more);
      if (!r) {
        this.view = 'login';
        return;
      }
      if (r.outcome === 'session') {
        store.set({ profile: r.session.account });
        this.identityStep = null;
        this.password = '';
        this.problems = NO_PROBLEMS;
        this.view = 'login';
        emit(this, 'pagatore-session-start', { username: r.session.account.username });
        await focusAfterRender(this, '.logged-in');
        return;
      }
      if (r.outcome === 'link_mail_sent') {
        this.identityStep = null;
        this.linkSent = { email: r.email, minutes: r.expiresInMinutes };
        await this.#go('identity-link-sent');
        return;
      }
      this.identityStep = r;
      await this.#go(r.outcome === 'consent_required' ? 'identity-consent' : 'identity-link');
    } catch (e) {
      const expired = e instanceof PagatoreError && e.code === 'token_invalid';
      if (expired) this.identityStep = null;
      this.problems = expired
        ? { fields: {}, general: this.portal.t('identity.expired') }
        : problemsFrom(e, this.portal);
      if (expired) this.view = 'login';
      await focusAfterRender(this, '#error-summary');
    }
  }

  #acceptReconsent = (e: Event): void => {
    e.preventDefault();
    if (this.reconsent) void this.#signIn(this.reconsent.version);
  };

  #refuseReconsent = (): void => {
    this.reconsent = null;
    this.password = '';
    void this.#go('reconsent-refused');
  };

  #cancelIdentity = (): void => {
    this.portal.store?.client.identity.cancel();
    this.identityStep = null;
    void this.#go('login');
  };

  async #giveConsent(e: Event): Promise<void> {
    e.preventDefault();
    const step = this.identityStep;
    if (step?.outcome !== 'consent_required') return;
    if (!this.identityConsent) {
      this.problems = { fields: { privacyConsent: this.portal.error('required') }, general: null };
      await focusAfterRender(this, '#error-summary');
      return;
    }
    await this.#run(() => this.#completeIdentity({ privacyVersion: step.privacyVersion }));
  }

  async #linkAccount(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.#required({ username: this.username, password: this.password })) return;
    await this.#run(() =>
      this.#completeIdentity({ link: { username: this.username.trim(), password: this.password } }),
    );
  }

  #linkByEmail = (): void => {
    void this.#run(() => this.#completeIdentity({ linkByEmail: true }));
  };

  #jump = (id: string) => this.shadowRoot?.getElementById(id)?.focus();

  async #go(view: View, focus = 'h2'): Promise<void> {
    this.problems = NO_PROBLEMS;
    this.view = view;
    await focusAfterRender(this, focus);
  }

  async #run(action: () => Promise<void>): Promise<void> {
    if (this.busy || !this.portal.store) return;
    this.busy = true;
    this.status = this.portal.t('accounts.sending');
    try {
      await action();
    } catch (e) {
      this.problems = problemsFrom(e, this.portal);
      await focusAfterRender(this, '#error-summary');
    } finally {
      this.busy = false;
      this.status = '';
    }
  }

  #required(fields: Record<string, string>): boolean {
    const missing: Record<string, string> = {};
    for (const [path, value] of Object.entries(fields))
      if (value.trim() === '') missing[path] = this.portal.error('required');
    if (Object.keys(missing).length === 0) return true;
    this.problems = { fields: missing, general: null };
    void focusAfterRender(this, '#error-summary');
    return false;
  }

  async #login(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.#required({ username: this.username, password: this.password })) return;
    await this.#signIn();
  }

  /** "Accedi", with the version of a new privacy notice once the citizen accepted it. */
  async #signIn(privacyVersion?: string): Promise<void> {
    await this.#run(async () => {
      const store = this.portal.store!;
      let s;
      try {
        s = await store.client.accounts.login(this.username.trim(), this.password, privacyVersion);
      } catch (err) {
        if (!(err instanceof PagatoreError && err.code === 'reconsent_required')) throw err;
        // The right password, and a privacy notice the entity asks to accept again: show it.
        const notice = await store.client.privacy.text('privacy');
        this.reconsent = {
          version: notice.version,
          text: localText(notice.text, this.portal.lang),
          url: store.client.privacy.pageUrl('privacy', notice.version, this.portal.lang),
        };
        await this.#go('reconsent');
        return;
      }
      this.reconsent = null;
      this.view = 'login';
      store.set({ profile: s.account });
      this.password = '';
      this.notice = '';
      this.problems = NO_PROBLEMS;
      emit(this, 'pagatore-session-start', { username: s.account.username });
      await focusAfterRender(this, '.logged-in');
    });
  }

  async #logout(): Promise<void> {
    await this.#run(async () => {
      const store = this.portal.store!;
      let out;
      try {
        out = await logoutEverywhere(store);
      } finally {
        store.set({ profile: null });
      }
      if (out.leaving) {
        // On the way to the provider's logout, which brings the browser back here.
        this.status = this.portal.t('identity.leaving');
        return;
      }
      this.notice = out.identity
        ? this.portal.t('identity.providerStillOpen', { name: out.identity.name })
        : this.portal.t('login.loggedOut');
      this.view = 'login';
      emit(this, 'pagatore-session-end', {});
      await focusAfterRender(this, '.notice');
    });
  }

  async #forgotPassword(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.#required({ recovery: this.recovery })) return;
    await this.#run(async () => {
      await this.portal.store!.client.accounts.requestPasswordReset(this.recovery.trim(), this.portal.lang);
      await this.#go('sent');
    });
  }

  async #forgotUsername(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.#required({ recovery: this.recovery })) return;
    await this.#run(async () => {
      await this.portal.store!.client.accounts.requestUsernameReminder(
        this.recovery.trim(),
        this.portal.lang,
      );
      await this.#go('sent');
    });
  }

  async #reset(e: Event): Promise<void> {
    e.preventDefault();
    const local = check(Password, this.newPassword);
    const fields: Record<string, string> = {};
    if (!local.ok) fields.newPassword = this.portal.error(local.fields[0]?.code ?? 'invalid_format');
    if (Object.keys(fields).length) {
      this.problems = { fields, general: null };
      await focusAfterRender(this, '#error-summary');
      return;
    }
    await this.#run(async () => {
      try {
        await this.portal.store!.client.accounts.confirmPasswordReset(this.#resetToken, this.newPassword);
      } catch (err) {
        if (err instanceof PagatoreError && err.code === 'token_invalid') {
          this.problems = { fields: {}, general: this.portal.t('accounts.linkFailed') };
          this.view = 'link-failed';
          await focusAfterRender(this, '#error-summary');
          return;
        }
        if (err instanceof PagatoreError && err.fields.length) {
          // The server names the field `password`.
          const f = fieldProblems(err.fields, this.portal);
          this.problems = { fields: { newPassword: f.password ?? Object.values(f)[0] ?? '' }, general: null };
          await focusAfterRender(this, '#error-summary');
          return;
        }
        throw err;
      }
      this.newPassword = '';
      this.notice = this.portal.t('login.resetDone');
      await this.#go('login', '.notice');
    });
  }

  #summary(): TemplateResult | typeof nothing {
    return renderErrorSummary(
      this.problems,
      summaryLabels(this.portal.t.bind(this.portal), this.view),
      this.portal,
      this.#jump,
    );
  }

  /** What the citizen types, from the controls' own events: each form has one text and a password. */
  #onInput = (e: Event): void => {
    const { name, value, type, checked } = e.target as HTMLInputElement;
    if (name === 'privacyConsent') {
      this.identityConsent = checked;
      if (checked) this.problems = withoutField(this.problems, 'privacyConsent');
      return;
    }
    if (type === 'checkbox' || type === 'radio') return;
    if (name === 'username') this.username = value;
    else if (name === 'password') this.password = value;
    else if (name === 'newPassword') this.newPassword = value;
    else if (name === 'login' || name === 'email') this.recovery = value;
    else return;
    this.problems = withoutField(this.problems, name === 'login' || name === 'email' ? 'recovery' : name);
  };

  #values(): LoginValues {
    const { username, password, recovery, newPassword } = this;
    return { username, password, recovery, newPassword };
  }

  #onVisibility = (e: VisibilityEvent): void => {
    this.showPassword = e.detail;
  };

  /** What every screen reads from the widget's state. */
  #screen(): LoginScreen {
    return {
      t: (k, p) => this.portal.t(k, p),
      summary: this.#summary(),
      values: this.#values(),
      problems: this.problems,
      showPassword: this.showPassword,
      busy: this.busy,
    };
  }

  #body(): TemplateResult {
    const store = this.portal.store!;
    const s = this.#screen();
    const back = () => void this.#go('login');
    if (store.state.session && this.view !== 'reset') return loggedIn(s, store.state.profile, this.#logout);
    const step = this.identityStep;
    switch (this.view) {
      case 'forgot-password':
      case 'forgot-username':
        return recoveryForm(s, this.view, {
          submit: this.view === 'forgot-password' ? this.#forgotPassword : this.#forgotUsername,
          back,
        });
      case 'sent':
        return sentNotice(s, back);
      case 'reset':
        return resetForm(s, this.#reset);
      case 'link-failed':
        return linkFailed(s, { requestNew: () => void this.#go('forgot-password'), back });
      case 'busy-link':
        return html`<p>${this.portal.t('common.loading')}</p>`;
      case 'identity-consent':
      case 'identity-link':
        if (step?.outcome === 'consent_required') {
          const entity = store.state.entity;
          return identityConsentForm(s, step, {
            privacyText: entity ? localText(entity.privacy.text, this.portal.lang) : '',
            consent: this.identityConsent,
            submit: this.#giveConsent,
            cancel: this.#cancelIdentity,
          });
        }
        if (step?.outcome === 'link_required')
          return identityLinkForm(s, step, {
            submit: this.#linkAccount,
            cancel: this.#cancelIdentity,
            byEmail: step.canLinkByEmail ? this.#linkByEmail : null,
          });
        break;
      case 'identity-link-sent':
        if (this.linkSent) return identityLinkSent(s, this.linkSent, back);
        break;
      case 'reconsent':
        if (this.reconsent)
          return reconsentForm(s, this.reconsent, {
            accept: this.#acceptReconsent,
            refuse: this.#refuseReconsent,
          });
        break;
      case 'reconsent-refused':
        return reconsentRefused(s, back);
    }
    return loginForm(s, {
      notice: this.notice,
      identityButtons: html`<pagatore-identity-buttons
        .idPrefix=${'login'}
        @pagatore-identity-choose=${(e: CustomEvent<{ provider: string }>) => void this.#chooseProvider(e.detail.provider)}
      ></pagatore-identity-buttons>`,
      registerHref: this.registerHref,
      canRegister: store.state.entity?.ownRegistration !== false,
      submit: this.#login,
      forgotPassword: () => void this.#go('forgot-password'),
      forgotUsername: () => void this.#go('forgot-username'),
      register: () => emit(this, 'pagatore-register-request', {}),
    });
  }

  protected override render() {
    if (!this.portal.store) return html`<p class="alert">${this.portal.t('provider.noProvider')}</p>`;
    return html`<section part="base" @input=${this.#onInput} @password-visibility=${this.#onVisibility}>
      ${this.#body()}
      <p class="visually-hidden" role="status" aria-live="polite">${this.status}</p>
    </section>`;
  }
}
