import { logoutEverywhere } from '../../accounts/logout.js';
import { check, PASSWORD_POLICY, type Profile, ProfileUpdate } from '@pagatore/sdk';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { fieldProblems, NO_PROBLEMS, type Problems, problemsFrom } from '../../fields/problems.js';
import { focusAfterRender, renderErrorSummary } from '../../fields/error-summary.js';
import { takeLinkToken } from '../../accounts/link-token.js';
import { accountStyles } from '../../accounts/styles.js';
import { PortalController } from '../../controllers/portal-controller.js';
import { emit } from '../../events/events.js';
import { saveFile } from '../../state/download.js';
import { FIELD_PARTS, type VisibilityEvent } from '../../elements/fields.js';
import { defineParts, settled } from '../../elements/light-element.js';
import { controls, tokens } from '../../styles/tokens.js';
import { styles } from './account.styles.js';
import { ACCOUNT_PARTS, type ProfileField, type ProfileValues } from './sections.js';

type View = 'menu' | 'profile' | 'password' | 'reach' | 'revoke';

declare module '../../events/events.js' {
  interface PagatoreEventMap {
    /** The citizen revoked the privacy consent: the account is closed. */
    'pagatore-account-close': CustomEvent<Record<string, never>>;
    /** The profile was saved. */
    'pagatore-account-update': CustomEvent<{ pendingEmail: string | null }>;
  }
}

/**
 * The account menu, opened from the pagoPA logo at the top right: the profile (address, phone,
 * e-mail with re-verification), "Cambia password", "Revoca consenso privacy" (with confirmation)
 * and "Esci". It shows nothing until the citizen logs in.
 *
 * @summary Citizen account menu: profile, password, consent, logout.
 * @event pagatore-session-end - "Esci", or the account was closed.
 * @event pagatore-account-close - The privacy consent was revoked.
 * @event pagatore-account-update - The profile was saved.
 * @csspart toggle - The pagoPA logo button.
 * @csspart panel - The menu (a panel under the button, or the section in `mode="page"`).
 * @csspart field - Each field wrapper.
 * @csspart input - Each input.
 * @csspart error-summary - The box listing the problems.
 *
 * @example
 * <pagatore-provider api="https://pay.example.it" entity="80012345676">
 *   <pagatore-account></pagatore-account>
 * </pagatore-provider>
 */
export class PagatoreAccount extends LitElement {
  static override styles = [tokens, controls, accountStyles, styles];

  readonly portal = new PortalController(this, ['session', 'profile']);

  constructor() {
    super();
    this.mode = 'menu';
    this.open = false;
    this.view = 'menu';
    this.values = {
      address: '',
      country: 'IT',
      city: '',
      province: '',
      postalCode: '',
      phone: '',
      email: '',
    };
    this.currentPassword = '';
    this.newPassword = '';
    this.showPassword = false;
    this.problems = NO_PROBLEMS;
    this.notice = '';
    this.busy = false;
    defineParts({ ...FIELD_PARTS, ...ACCOUNT_PARTS });
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await settled(this.renderRoot);
    return done;
  }
  static override properties = {
    mode: { reflect: true },
    open: { state: true },
    view: { state: true },
    values: { state: true },
    currentPassword: { state: true },
    newPassword: { state: true },
    showPassword: { state: true },
    problems: { state: true },
    notice: { state: true },
    busy: { state: true },
  };

  /**
   * `menu` (default): the pagoPA logo button opening the menu in a panel. `page`: the menu in place,
   * for a page of its own (the portal's account screen).
   */
  declare mode: 'menu' | 'page';

  declare open: boolean;
  declare view: View;
  declare private values: ProfileValues;
  declare private currentPassword: string;
  declare private newPassword: string;
  declare private showPassword: boolean;
  declare private problems: Problems;
  declare private notice: string;
  declare private busy: boolean;

  #emailLink: string | null = null;
  #profileLoading = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#emailLink ??= takeLinkToken(['email'])?.token ?? null;
    document.addEventListener('keydown', this.#onKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this.#onKey);
  }

  protected override updated(): void {
    const store = this.portal.store;
    // The session ended elsewhere (another widget, an expired token): forget who it was.
    if (store && !store.state.session && store.state.profile)
      queueMicrotask(() => store.set({ profile: null }));
    if (store?.state.session && this.mode === 'page' && !this.#profile && !this.#profileLoading) {
      this.#profileLoading = true;
      queueMicrotask(() => {
        store.client.accounts
          .me()
          .then(
            (p) => store.set({ profile: p }),
            (e: unknown) => {
              this.problems = problemsFrom(e, this.portal);
            },
          )
          .finally(() => {
            this.#profileLoading = false;
          });
      });
    }
    if (store && this.#emailLink) {
      const token = this.#emailLink;
      this.#emailLink = null;
      queueMicrotask(() => {
        store.client.accounts.confirmEmail(token).then(
          async ({ email }) => {
            const profile = this.#profile;
            if (profile) store.set({ profile: { ...profile, email, pendingEmail: null } });
            this.notice = this.portal.t('login.emailConfirmed', { email });
            this.open = true;
          },
          (e: unknown) => {
            this.problems = problemsFrom(e, this.portal);
            this.open = true;
          },
        );
      });
    }
  }

  get #profile(): Profile | null {
    return this.portal.state?.profile ?? null;
  }

  #onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && this.open && this.mode === 'menu') void this.#close();
  };

  async #close(): Promise<void> {
    this.open = false;
    this.view = 'menu';
    this.problems = NO_PROBLEMS;
    await focusAfterRender(this, '.toggle');
  }

  async #toggle(): Promise<void> {
    if (this.open) return this.#close();
    this.open = true;
    this.notice = '';
    const store = this.portal.store;
    if (store && !this.#profile) {
      try {
        store.set({ profile: await store.client.accounts.me() });
      } catch (e) {
        this.problems = problemsFrom(e, this.portal);
      }
    }
    await focusAfterRender(this, '#account-title');
  }

  async #show(view: View): Promise<void> {
    this.problems = NO_PROBLEMS;
    this.notice = '';
    if (view === 'profile') {
      const p = this.#profile;
      if (p)
        this.values = {
          address: p.address,
          country: p.country || 'IT',
          city: p.city,
          province: p.province ?? '',
          postalCode: p.postalCode,
          phone: p.phone,
          email: p.email,
        };
    }
    if (view === 'password') {
      this.currentPassword = '';
      this.newPassword = '';
    }
    this.view = view;
    await focusAfterRender(this, view === 'menu' ? '#account-title' : 'h3');
  }

  async #run(action: () => Promise<void>): Promise<void> {
    if (this.busy || !this.portal.store) return;
    this.busy = true;
    try {
      await action();
    } catch (e) {
      this.problems = problemsFrom(e, this.portal);
      await focusAfterRender(this, '#error-summary');
    } finally {
      this.busy = false;
    }
  }

  async #saveProfile(e: Event): Promise<void> {
    e.preventDefault();
    const v = this.values;
    const body = {
      address: v.address,
      country: v.country,
      city: v.city,
      province: v.province.trim() === '' ? undefined : v.province,
      postalCode: v.postalCode,
      phone: v.phone,
      email: v.email,
      lang: this.portal.lang,
    };
    const local = check(ProfileUpdate, body);
    if (!local.ok) {
      this.problems = { fields: fieldProblems(local.fields, this.portal), general: null };
      await focusAfterRender(this, '#error-summary');
      return;
    }
    await this.#run(async () => {
      const store = this.portal.store!;
      const profile = await store.client.accounts.updateProfile(body);
      store.set({ profile });
      this.notice = profile.pendingEmail
        ? `${this.portal.t('account.saved')} ${this.portal.t('account.emailPending', { email: profile.pendingEmail })}`
        : this.portal.t('account.saved');
      this.view = 'menu';
      emit(this, 'pagatore-account-update', { pendingEmail: profile.pendingEmail });
      await focusAfterRender(this, '.notice');
    });
  }

  async #changePassword(e: Event): Promise<void> {
    e.preventDefault();
    const fields: Record<string, string> = {};
    if (!this.currentPassword) fields.currentPassword = this.portal.error('required');
    if (this.newPassword.length < PASSWORD_POLICY.minLength)
      fields.newPassword = this.portal.error('too_short');
    if (Object.keys(fields).length) {
      this.problems = { fields, general: null };
      await focusAfterRender(this, '#error-summary');
      return;
    }
    await this.#run(async () => {
      await this.portal.store!.client.accounts.changePassword(this.currentPassword, this.newPassword);
      this.currentPassword = '';
      this.newPassword = '';
      this.notice = this.portal.t('account.passwordChanged');
      this.view = 'menu';
      await focusAfterRender(this, '.notice');
    });
  }

  async #revoke(): Promise<void> {
    await this.#run(async () => {
      const store = this.portal.store!;
      // Whoever shows the next screen (the portal) says why the session ended.
      store.set({ sessionEnd: 'closed' });
      try {
        await store.client.accounts.revokeConsent();
      } catch (e) {
        store.set({ sessionEnd: null });
        throw e;
      }
      store.set({ profile: null });
      this.view = 'menu';
      this.open = false;
      this.notice = this.portal.t('account.closed');
      emit(this, 'pagatore-account-close', {});
      emit(this, 'pagatore-session-end', {});
      await focusAfterRender(this, '.notice');
    });
  }

  /** "Scarica i tuoi dati": everything held about the account, as JSON or as a PDF summary. */
  async #download(format: 'json' | 'pdf'): Promise<void> {
    await this.#run(async () => {
      const client = this.portal.store!.client;
      if (format === 'pdf') saveFile(await client.privacy.exportPdf(), 'dati-personali.pdf');
      else {
        const data = await client.privacy.exportData();
        const blob = new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' });
        saveFile(
          { blob, filename: 'dati-personali.json', contentType: 'application/json' },
          'dati-personali.json',
        );
      }
      this.notice = this.portal.t('account.downloaded');
    });
  }

  async #logout(): Promise<void> {
    await this.#run(async () => {
      const store = this.portal.store!;
      store.set({ sessionEnd: 'logout' });
      let out;
      try {
        out = await logoutEverywhere(store);
      } finally {
        store.set({ profile: null });
        this.open = false;
        this.view = 'menu';
      }
      // On the way to the provider's logout, which brings the browser back to this page.
      if (out.leaving) return;
      if (out.identity) store.set({ sessionEnd: 'logout-identity' });
      this.notice = out.identity
        ? this.portal.t('identity.providerStillOpen', { name: out.identity.name })
        : this.portal.t('account.loggedOut');
      emit(this, 'pagatore-session-end', {});
      await focusAfterRender(this, '.notice');
    });
  }

  #jump = (id: string) => this.shadowRoot?.getElementById(id)?.focus();

  #labels(): Record<string, { id: string; label: string }> {
    const t = (k: string) => this.portal.t(k);
    const l = (path: string, key: string) => [path, { id: `acc-${path}`, label: t(key) }] as const;
    return Object.fromEntries([
      l('address', 'accounts.address'),
      l('country', 'accounts.country'),
      l('city', 'accounts.city'),
      l('province', 'accounts.province'),
      l('postalCode', 'accounts.postalCode'),
      l('phone', 'accounts.phone'),
      l('email', 'accounts.email'),
      l('currentPassword', 'account.currentPassword'),
      l('newPassword', 'login.newPassword'),
    ]);
  }

  #summary(): TemplateResult | typeof nothing {
    return renderErrorSummary(this.problems, this.#labels(), this.portal, this.#jump);
  }

  /** What the citizen types, from the controls' own events (by their `name`). */
  #onInput = (e: Event): void => {
    const { name, value } = e.target as HTMLInputElement | HTMLSelectElement;
    if (name === 'currentPassword') this.currentPassword = value;
    else if (name === 'newPassword') this.newPassword = value;
    else if (name in this.values) this.values = { ...this.values, [name as ProfileField]: value };
  };

  #onVisibility = (e: VisibilityEvent): void => {
    this.showPassword = e.detail;
  };

  #renderMenu(p: Profile | null): TemplateResult {
    const t = (k: string) => this.portal.t(k);
    return html`${this.notice ? html`<p class="alert alert-success notice" tabindex="-1">${this.notice}</p>` : nothing}
      ${this.#summary()}
      <pagatore-account-who .profile=${p}></pagatore-account-who>
      <ul class="menu">
        <li>
          <button type="button" class="btn btn-outline" @click=${() => this.#show('profile')}>
            ${t('account.profile')}
          </button>
        </li>
        <li>
          <button type="button" class="btn btn-outline" @click=${() => this.#show('password')}>
            ${t('account.changePassword')}
          </button>
        </li>
        <li>
          <button type="button" class="btn btn-outline" @click=${() => this.#show('reach')}>
            ${t('reach.title')}
          </button>
        </li>
        <li>
          <button type="button" class="btn btn-outline" @click=${() => this.#show('revoke')}>
            ${t('account.revoke')}
          </button>
        </li>
        <li><button type="button" class="btn" @click=${this.#logout}>${t('account.logout')}</button></li>
      </ul>
      <div class="privacy">${this.#renderPrivacy(p)}</div>`;
  }

  /** The privacy version accepted, a link to its text, and the download of everything held. */
  #renderPrivacy(p: Profile | null): TemplateResult {
    const t = (k: string, params?: Record<string, string>) => this.portal.t(k, params);
    const client = this.portal.store?.client;
    const version = p?.privacy.version ?? '';
    return html`${
        version && client
          ? html`<p>
              ${t('account.privacyAccepted', { version })}
              <a
                href=${client.privacy.pageUrl('privacy', version, this.portal.lang)}
                target="_blank"
                rel="noopener"
                >${t('privacy.readFull', { version })}</a
              >
            </p>`
          : nothing
      }
      <div role="group" aria-labelledby="acc-download-title">
        <p id="acc-download-title"><strong>${t('account.download')}</strong></p>
        <p>${t('account.downloadText')}</p>
        <button type="button" class="btn btn-outline" @click=${() => this.#download('json')}>
          ${t('account.downloadJson')}
        </button>
        <button type="button" class="btn btn-outline" @click=${() => this.#download('pdf')}>
          ${t('account.downloadPdf')}
        </button>
      </div>`;
  }

  #renderProfile(): TemplateResult {
    const t = (k: string) => this.portal.t(k);
    return html`<form novalidate @submit=${this.#saveProfile} aria-labelledby="acc-profile-title">
      <h3 id="acc-profile-title" tabindex="-1">${t('account.profile')}</h3>
      ${this.#summary()}
      <pagatore-account-profile-fields
        .values=${this.values}
        .problems=${this.problems}
        .idPrefix=${'acc'}
      ></pagatore-account-profile-fields>
      <div class="actions">
        <button type="button" class="btn btn-outline" @click=${() => this.#show('menu')}>
          ${t('accounts.back')}
        </button>
        <button type="submit" class="btn">${t('account.save')}</button>
      </div>
    </form>`;
  }

  #renderPassword(): TemplateResult {
    const t = (k: string, p?: Record<string, string | number>) => this.portal.t(k, p);
    return html`<form novalidate @submit=${this.#changePassword} aria-labelledby="acc-password-title">
      <h3 id="acc-password-title" tabindex="-1">${t('account.changePassword')}</h3>
      ${this.#summary()}
      <pagatore-account-password-fields
        .values=${{ currentPassword: this.currentPassword, newPassword: this.newPassword }}
        .problems=${this.problems}
        .idPrefix=${'acc'}
        .showPassword=${this.showPassword}
      ></pagatore-account-password-fields>
      <div class="actions">
        <button type="button" class="btn btn-outline" @click=${() => this.#show('menu')}>
          ${t('accounts.back')}
        </button>
        <button type="submit" class="btn">${t('account.save')}</button>
      </div>
    </form>`;
  }

  #renderReach(): TemplateResult {
    const t = (k: string) => this.portal.t(k);
    return html`<div role="group" aria-labelledby="acc-reach-title">
      <h3 id="acc-reach-title" tabindex="-1">${t('reach.title')}</h3>
      <pagatore-account-reach></pagatore-account-reach>
      <div class="actions">
        <button type="button" class="btn btn-outline" @click=${() => this.#show('menu')}>
          ${t('accounts.back')}
        </button>
      </div>
    </div>`;
  }

  #renderRevoke(): TemplateResult {
    const t = (k: string) => this.portal.t(k);
    return html`<div role="group" aria-labelledby="acc-revoke-title">
      <h3 id="acc-revoke-title" tabindex="-1">${t('account.revoke')}</h3>
      ${this.#summary()}
      <p>${t('account.revokeText')}</p>
      <div class="actions">
        <button type="button" class="btn btn-outline" @click=${() => this.#show('menu')}>
          ${t('account.cancel')}
        </button>
        <button type="button" class="btn btn-danger" @click=${this.#revoke}>
          ${t('account.revokeConfirm')}
        </button>
      </div>
    </div>`;
  }

  protected override render() {
    const store = this.portal.store;
    if (!store) return nothing;
    if (!store.state.session) {
      return this.notice
        ? html`<p class="alert alert-success notice" tabindex="-1" role="status">${this.notice}</p>`
        : nothing;
    }
    const t = (k: string) => this.portal.t(k);
    const profile = this.#profile;
    const screen =
      this.view === 'profile'
        ? this.#renderProfile()
        : this.view === 'password'
          ? this.#renderPassword()
          : this.view === 'reach'
            ? this.#renderReach()
            : this.view === 'revoke'
              ? this.#renderRevoke()
              : this.#renderMenu(profile);
    if (this.mode === 'page') {
      return html`<section
        class="page"
        part="panel"
        aria-labelledby="account-title"
        @input=${this.#onInput}
        @password-visibility=${this.#onVisibility}
      >
        <h2 id="account-title" tabindex="-1">${t('account.title')}</h2>
        ${screen}
      </section>`;
    }
    const logo = `${store.client.baseUrl}/assets/logo-pagopa.svg`;
    return html`<div class="wrap" @input=${this.#onInput} @password-visibility=${this.#onVisibility}>
      <button
        type="button"
        class="toggle"
        part="toggle"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="account-panel"
        @click=${this.#toggle}
      >
        <img src=${logo} alt="" width="36" height="24" />
        <span class="visually-hidden">${t('account.open')}</span>
      </button>
      <div id="account-panel" class="panel" part="panel" ?hidden=${!this.open}>
        ${
          this.open
            ? html`<div class="panel-head">
                  <h2 id="account-title" tabindex="-1">${t('account.title')}</h2>
                  <button type="button" class="btn btn-outline close" @click=${this.#close}>
                    <span aria-hidden="true">×</span
                    ><span class="visually-hidden">${t('account.close')}</span>
                  </button>
                </div>
                ${screen}`
            : nothing
        }
      </div>
    </div>`;
  }
}
