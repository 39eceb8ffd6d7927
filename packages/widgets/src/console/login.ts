/**
 * `<pagatore-console-login>`: the console's login in its steps: e-mail and password; then the
 * enrolment of the second factor (QR code and key) at the first login, or the TOTP code (or a
 * recovery code); then, once after enrolment, the recovery codes to keep. Fires
 * `pagatore-console-signed-in` with the session. Errors are announced (`role="alert"`) and each
 * field says its own problem; focus goes to the first heading of each step.
 */
import {
  PagatoreError,
  type PagatoreConsoleClient,
  type StaffLoginStep,
  type StaffOidcList,
  type StaffSession,
} from '@pagatore/sdk';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { defineElement } from '../define.js';
import { controls, tokens } from '../styles/tokens.js';
import { type ConsoleLang, errorText, t } from './i18n.js';
import { consoleStyles } from './styles.js';

type Step = 'password' | 'code' | 'recovery-codes';

export class PagatoreConsoleLogin extends LitElement {
  static override styles = [tokens, controls, consoleStyles];
  static override properties = {
    client: { attribute: false },
    locale: { attribute: false },
    step: { state: true },
    challenge: { state: true },
    useRecovery: { state: true },
    error: { state: true },
    fieldError: { state: true },
    busy: { state: true },
    session: { state: true },
    providers: { state: true },
    oidcRefused: { state: true },
  };

  declare client: PagatoreConsoleClient;
  declare locale: ConsoleLang;

  declare private step: Step;
  declare private challenge: StaffLoginStep | null;
  declare private useRecovery: boolean;
  declare private error: string;
  declare private fieldError: Record<string, string>;
  declare private busy: boolean;
  declare private session: StaffSession | null;
  /** Entities whose staff may log in through their OpenID Connect provider. */
  declare private providers: StaffOidcList['items'];
  declare private oidcRefused: boolean;

  constructor() {
    super();
    this.locale = 'it';
    this.step = 'password';
    this.challenge = null;
    this.useRecovery = false;
    this.error = '';
    this.fieldError = {};
    this.busy = false;
    this.session = null;
    this.providers = [];
    this.oidcRefused = new URLSearchParams(location.search).get('login') === 'refused';
  }

  protected override firstUpdated(): void {
    // Whether any entity offers its provider: asked once, and nothing shows if the answer fails.
    void Promise.resolve()
      .then(() => this.client.oidcProviders())
      .then(
        (list) => (this.providers = list.items),
        () => (this.providers = []),
      );
  }

  /** Sends the browser to the entity's provider; it comes back to the console with a session. */
  async #oidc(entity: string): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      const { url } = await this.client.startOidc(entity);
      location.assign(url);
    } catch (e) {
      this.error = errorText(this.locale, e);
      this.busy = false;
    }
  }

  #oidcButtons() {
    const lang = this.locale;
    if (this.providers.length === 0) return nothing;
    const several = this.providers.length > 1;
    return html`<section aria-labelledby="oidc-title" data-oidc>
      <h2 id="oidc-title">${t(lang, 'login.oidcTitle')}</h2>
      ${this.oidcRefused ? html`<div class="alert alert-danger" role="alert">${t(lang, 'login.oidcRefused')}</div>` : nothing}
      <div class="actions">
        ${this.providers.map(
          (p) =>
            html`<button
              class="btn btn-outline"
              type="button"
              ?disabled=${this.busy}
              @click=${() => void this.#oidc(p.entity)}
            >
              ${several ? t(lang, 'login.oidcFor', { entity: p.entityName }) : t(lang, 'login.oidc')}
            </button>`,
        )}
      </div>
    </section>`;
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('step') || changed.has('useRecovery'))
      (this.renderRoot.querySelector('h1') as HTMLElement | null)?.focus();
  }

  #value(form: HTMLFormElement, name: string): string {
    return ((form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '').trim();
  }

  async #password(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const email = this.#value(form, 'email');
    const password = (form.elements.namedItem('password') as HTMLInputElement).value;
    const problems: Record<string, string> = {};
    if (!email) problems.email = t(this.locale, 'login.required');
    if (!password) problems.password = t(this.locale, 'login.required');
    this.fieldError = problems;
    this.error = '';
    if (Object.keys(problems).length > 0) return this.#focusInvalid();
    await this.#run(async () => {
      this.challenge = await this.client.login(email, password);
      this.useRecovery = false;
      this.step = 'code';
    });
  }

  async #code(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const value = this.#value(form, this.useRecovery ? 'recovery' : 'code');
    const name = this.useRecovery ? 'recovery' : 'code';
    this.error = '';
    if (!value) this.fieldError = { [name]: t(this.locale, 'login.required') };
    else if (!this.useRecovery && !/^[0-9]{6}$/.test(value))
      this.fieldError = { code: t(this.locale, 'login.codeFormat') };
    else this.fieldError = {};
    if (Object.keys(this.fieldError).length > 0) return this.#focusInvalid();
    const challenge = this.challenge?.challenge ?? '';
    await this.#run(async () => {
      const session = await this.client.verify(
        challenge,
        this.useRecovery ? { recoveryCode: value } : { code: value },
      );
      if (session.recoveryCodes?.length) {
        this.session = session;
        this.step = 'recovery-codes';
      } else this.#done(session);
    });
  }

  #done(session: StaffSession): void {
    this.dispatchEvent(
      new CustomEvent('pagatore-console-signed-in', { detail: session, bubbles: true, composed: true }),
    );
  }

  async #run(fn: () => Promise<void>): Promise<void> {
    this.busy = true;
    try {
      await fn();
    } catch (err) {
      // A used-up or expired challenge: back to the password.
      if (err instanceof PagatoreError && err.code === 'token_invalid') this.#restart();
      this.error = errorText(this.locale, err);
      await this.updateComplete;
      (this.renderRoot.querySelector('[role="alert"]') as HTMLElement | null)?.focus();
    } finally {
      this.busy = false;
    }
  }

  #restart(): void {
    this.step = 'password';
    this.challenge = null;
    this.fieldError = {};
    this.error = '';
  }

  async #focusInvalid(): Promise<void> {
    await this.updateComplete;
    (this.renderRoot.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
  }

  #field(
    name: string,
    label: string,
    opts: { type?: string; autocomplete?: string; hint?: string; inputmode?: string } = {},
  ) {
    const err = this.fieldError[name];
    const describedBy = [opts.hint ? `${name}-hint` : '', err ? `${name}-error` : '']
      .filter(Boolean)
      .join(' ');
    return html`<div class="field">
      <label for=${name}>${label}</label>
      ${opts.hint ? html`<span class="hint" id="${name}-hint">${opts.hint}</span>` : nothing}
      <input
        id=${name}
        name=${name}
        type=${opts.type ?? 'text'}
        autocomplete=${opts.autocomplete ?? 'off'}
        inputmode=${opts.inputmode ?? nothing}
        aria-invalid=${err ? 'true' : 'false'}
        aria-describedby=${describedBy || nothing}
        required
      />
      ${err ? html`<span class="error" id="${name}-error">${err}</span>` : nothing}
    </div>`;
  }

  #alert() {
    return this.error
      ? html`<div class="alert alert-danger" role="alert" tabindex="-1">${this.error}</div>`
      : nothing;
  }

  override render() {
    const lang = this.locale;
    if (this.step === 'recovery-codes' && this.session) {
      const session = this.session;
      return html`<section class="narrow">
        <h1 tabindex="-1">${t(lang, 'login.recoveryTitle')}</h1>
        <p>${t(lang, 'login.recoveryCodesIntro')}</p>
        <ol class="codes">
          ${(session.recoveryCodes ?? []).map((c) => html`<li>${c}</li>`)}
        </ol>
        <button class="btn" type="button" @click=${() => this.#done(session)}>
          ${t(lang, 'login.continue')}
        </button>
      </section>`;
    }
    if (this.step === 'code' && this.challenge) {
      const enrol = this.challenge.enrolment;
      return html`<section class="narrow">
        <h1 tabindex="-1">${t(lang, enrol ? 'login.enrolTitle' : 'login.totpTitle')}</h1>
        ${
          enrol
            ? html`<p>${t(lang, 'login.enrolIntro')}</p>
                <p class="qr">
                  <img src="data:image/svg+xml;base64,${btoa(enrol.qrSvg)}" alt=${t(lang, 'login.qrAlt')} />
                </p>
                <p>${t(lang, 'login.secret')} <code class="mono" data-secret>${enrol.secret}</code></p>`
            : html`<p>${t(lang, 'login.totpIntro')}</p>`
        }
        ${this.#alert()}
        <form novalidate @submit=${this.#code}>
          ${
            this.useRecovery
              ? this.#field('recovery', t(lang, 'login.recovery'), { hint: t(lang, 'login.recoveryHint') })
              : this.#field('code', t(lang, 'login.code'), {
                  autocomplete: 'one-time-code',
                  inputmode: 'numeric',
                  hint: t(lang, 'login.codeHint'),
                })
          }
          <div class="actions">
            <button class="btn" type="submit" ?disabled=${this.busy}>${t(lang, 'login.verify')}</button>
            ${
              enrol
                ? nothing
                : html`<button
                    class="btn btn-outline"
                    type="button"
                    @click=${() => {
                      this.useRecovery = !this.useRecovery;
                      this.fieldError = {};
                    }}
                  >
                    ${t(lang, this.useRecovery ? 'login.useCode' : 'login.useRecovery')}
                  </button>`
            }
            <button class="btn btn-outline" type="button" @click=${() => this.#restart()}>
              ${t(lang, 'login.restart')}
            </button>
          </div>
        </form>
      </section>`;
    }
    return html`<section class="narrow">
      <h1 tabindex="-1">${t(lang, 'login.title')}</h1>
      <p>${t(lang, 'login.intro')}</p>
      ${this.#alert()}
      <form novalidate @submit=${this.#password}>
        ${this.#field('email', t(lang, 'login.email'), { type: 'email', autocomplete: 'username' })}
        ${this.#field('password', t(lang, 'login.password'), { type: 'password', autocomplete: 'current-password' })}
        <button class="btn" type="submit" ?disabled=${this.busy}>${t(lang, 'login.submit')}</button>
      </form>
      ${this.#oidcButtons()}
    </section>`;
  }
}

defineElement('pagatore-console-login', PagatoreConsoleLogin);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-console-login': PagatoreConsoleLogin;
  }
}
