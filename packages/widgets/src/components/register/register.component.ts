import { check, defaultSubjectKind, PagatoreError, Registration, type SubjectKind } from '@pagatore/sdk';
import type { nothing } from 'lit';
import { html, LitElement, type TemplateResult } from 'lit';
import { type LinkKind, takeLinkToken } from '../../accounts/link-token.js';
import { accountStyles } from '../../accounts/styles.js';
import { IdentityButtons, identityStyles } from '../../accounts/identity.js';
import { PortalController } from '../../controllers/portal-controller.js';
import { FIELD_PARTS, type VisibilityEvent } from '../../elements/fields.js';
import { defineParts, settled } from '../../elements/light-element.js';
import { emit } from '../../events/events.js';
import { formatCodiceFiscale, validateCodiceFiscale } from '../../fields/codice-fiscale/codice-fiscale.js';
import { focusAfterRender, renderErrorSummary } from '../../fields/error-summary.js';
import {
  fieldProblems,
  NO_PROBLEMS,
  type Problems,
  problemsFrom,
  withoutField,
} from '../../fields/problems.js';
import { controls, tokens } from '../../styles/tokens.js';
import { requestTag } from '../../tag-request.js';
import { styles } from './register.styles.js';
import { REGISTER_PARTS, type Values } from './sections.js';

/** A page back from SPID/CIE, or opened from the mailed link that links an identity. */
const IDENTITY_RETURN = /^#pagatore-identity(-link)?=[A-Za-z0-9]+$/;

type Step = 'code' | 'details' | 'sent' | 'activating' | 'activated' | 'activation-failed' | 'resent';

/** Fields checked with the server's schema when the citizen leaves them filled. */
const CHECKED_ON_LEAVE = new Set<string>([
  'firstName',
  'lastName',
  'companyName',
  'address',
  'city',
  'province',
  'postalCode',
  'email',
  'phone',
  'username',
  'resendEmail',
]);

const EMPTY: Values = {
  fiscalCode: '',
  firstName: '',
  lastName: '',
  companyName: '',
  address: '',
  country: 'IT',
  city: '',
  province: '',
  postalCode: '',
  email: '',
  phone: '',
  username: '',
  password: '',
  resendEmail: '',
};

declare module '../../events/events.js' {
  interface PagatoreEventMap {
    /** A registration was sent; the activation e-mail is on its way. */
    'pagatore-account-register': CustomEvent<{ entity: string }>;
    /** The account was activated from the e-mail's link. */
    'pagatore-account-activate': CustomEvent<{ username: string }>;
    /** The user asked for "Accedi" (the page or `<pagatore-portal>` shows `<pagatore-login>`). */
    'pagatore-login-request': CustomEvent<{ username?: string; reason?: 'pay' | 'cart' | 'link' }>;
  }
}

/**
 * "Registrati": the codice fiscale first, then the personal data (Nome and Cognome, or Ragione
 * sociale for a legal person), contacts, username, password and privacy consent; then it asks to
 * check the e-mail. Opened from the activation link (`#pagatore-activate=`), it activates the
 * account and says so, or offers a new link when the old one expired or was used.
 *
 * @summary Citizen registration and account activation.
 * @event pagatore-account-register - The registration was sent.
 * @event pagatore-account-activate - The account was activated; `detail.username`.
 * @event pagatore-login-request - The user chose "Accedi" (unless `login-href` is set).
 * @csspart base - The widget's section.
 * @csspart field - Each field wrapper.
 * @csspart label - Each label.
 * @csspart input - Each input.
 * @csspart error - Each field's message.
 * @csspart error-summary - The box listing the problems.
 *
 * @example
 * <pagatore-provider api="https://pay.example.it" entity="80012345676">
 *   <pagatore-register></pagatore-register>
 * </pagatore-provider>
 */
export class PagatoreRegister extends LitElement {
  static override styles = [tokens, controls, accountStyles, identityStyles, styles];

  readonly portal = new PortalController(this);

  constructor() {
    super();
    this.loginHref = '';
    this.step = 'code';
    this.values = { ...EMPTY };
    this.subjectKind = 'person';
    this.consent = false;
    this.showPassword = false;
    this.problems = NO_PROBLEMS;
    this.busy = false;
    this.status = '';
    this.activatedUsername = '';
    this.completesIdentity = false;
    defineParts({ ...FIELD_PARTS, ...REGISTER_PARTS, 'pagatore-identity-buttons': IdentityButtons });
  }
  static override properties = {
    loginHref: { attribute: 'login-href' },
    step: { state: true },
    values: { state: true },
    subjectKind: { state: true },
    consent: { state: true },
    showPassword: { state: true },
    problems: { state: true },
    busy: { state: true },
    status: { state: true },
    activatedUsername: { state: true },
    completesIdentity: { state: true },
  };

  /** A page to link "Accedi" to; without it the widget emits `pagatore-login-request`. */
  declare loginHref: string;

  declare step: Step;
  declare private values: Values;
  declare private subjectKind: SubjectKind;
  declare private consent: boolean;
  declare private showPassword: boolean;
  declare private problems: Problems;
  declare private busy: boolean;
  declare private status: string;
  declare private activatedUsername: string;

  #link: { kind: LinkKind; token: string } | null = null;
  #linkStarted = false;

  /**
   * Back from SPID/CIE (or from the mailed link that links an identity) on a page with no login
   * widget: this widget shows one, which completes it (consent, linking) and says who is signed in.
   */
  declare private completesIdentity: boolean;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#link ??= takeLinkToken(['activate']);
    if (this.#link) this.step = 'activating';
    else if (IDENTITY_RETURN.test(location.hash) && !document.querySelector('pagatore-login')) {
      this.completesIdentity = true;
      void requestTag('pagatore-login');
    }
  }

  protected override updated(): void {
    if (this.#link && !this.#linkStarted && this.portal.store) {
      this.#linkStarted = true;
      const token = this.#link.token;
      // Not within this update: the activation changes state.
      queueMicrotask(() => void this.#activate(token));
    }
  }

  async #activate(token: string): Promise<void> {
    this.status = this.portal.t('register.activating');
    try {
      const { username } = await this.portal.store!.client.accounts.activate(token);
      this.activatedUsername = username;
      this.step = 'activated';
      emit(this, 'pagatore-account-activate', { username });
    } catch (e) {
      this.problems =
        e instanceof PagatoreError && e.code === 'token_invalid' ? NO_PROBLEMS : problemsFrom(e, this.portal);
      this.step = 'activation-failed';
    }
    this.status = '';
    await focusAfterRender(this, 'h2');
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await settled(this.renderRoot);
    return done;
  }

  #set(name: keyof Values, value: string): void {
    this.values = { ...this.values, [name]: value };
    this.problems = withoutField(this.problems, name);
  }

  /** What the citizen types or picks, from the controls' own events (by their `name`). */
  #onInput = (e: Event): void => {
    const control = e.target as HTMLInputElement | HTMLSelectElement;
    if (control.name === 'privacyConsent' && control instanceof HTMLInputElement) {
      this.consent = control.checked;
      if (control.checked) this.problems = withoutField(this.problems, 'privacyConsent');
    } else if (control.name === 'subjectKind') this.subjectKind = control.value as SubjectKind;
    else if (control.name in EMPTY && !(control instanceof HTMLInputElement && control.readOnly))
      this.#set(control.name as keyof Values, control.value);
  };

  #onLeave = (e: FocusEvent): void => {
    const control = e.target as HTMLInputElement;
    if (this.step === 'code' && control.name === 'fiscalCode')
      this.values = { ...this.values, fiscalCode: formatCodiceFiscale(control.value) };
    else if (CHECKED_ON_LEAVE.has(control.name)) this.#checkField(control.name as keyof Values);
  };

  #onVisibility = (e: VisibilityEvent): void => {
    this.showPassword = e.detail;
  };

  #jump = (id: string) => this.shadowRoot?.getElementById(id)?.focus();

  async #continue(e: Event): Promise<void> {
    e.preventDefault();
    const code = formatCodiceFiscale(this.values.fiscalCode);
    const key = validateCodiceFiscale(code);
    this.values = { ...this.values, fiscalCode: code };
    if (key) {
      this.problems = { fields: { fiscalCode: this.portal.t(key) }, general: null };
      await focusAfterRender(this, '#reg-fiscalCode');
      return;
    }
    this.problems = NO_PROBLEMS;
    this.subjectKind = defaultSubjectKind(code);
    this.step = 'details';
    await focusAfterRender(this, 'h2');
  }

  #body(): Record<string, unknown> {
    const v = this.values;
    const person = this.subjectKind === 'person';
    return {
      fiscalCode: v.fiscalCode,
      subjectKind: this.subjectKind,
      ...(person ? { firstName: v.firstName, lastName: v.lastName } : { companyName: v.companyName }),
      address: v.address,
      country: v.country,
      city: v.city,
      province: v.province.trim() === '' ? undefined : v.province,
      postalCode: v.postalCode,
      email: v.email,
      phone: v.phone,
      username: v.username,
      password: v.password,
      privacyConsent: this.consent ? true : undefined,
      privacyVersion: this.portal.state?.entity?.privacy.version ?? '',
      lang: this.portal.lang,
    };
  }

  async #submit(e: Event): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const store = this.portal.store;
    if (!store) return;
    if (!store.state.entity) await store.loadEntity();
    const body = this.#body();
    const local = check(Registration, body);
    if (!local.ok) {
      this.problems = { fields: fieldProblems(local.fields, this.portal), general: null };
      await focusAfterRender(this, '#error-summary');
      return;
    }
    this.busy = true;
    this.status = this.portal.t('accounts.sending');
    try {
      await store.client.accounts.register(body as Parameters<typeof store.client.accounts.register>[0]);
      this.problems = NO_PROBLEMS;
      this.step = 'sent';
      emit(this, 'pagatore-account-register', { entity: store.client.entityCode });
      await focusAfterRender(this, 'h2');
    } catch (err) {
      const p = problemsFrom(err, this.portal);
      const outdated = p.fields.privacyVersion;
      if (outdated) {
        // The entity changed its privacy text since the page loaded: show the new one, ask again.
        const { privacyVersion: _v, ...rest } = p.fields;
        p.fields = { ...rest, privacyConsent: outdated };
        this.consent = false;
        await store.loadEntity(true);
      }
      this.problems = p;
      await focusAfterRender(this, '#error-summary');
    } finally {
      this.busy = false;
      this.status = '';
    }
  }

  async #resend(e: Event): Promise<void> {
    e.preventDefault();
    const store = this.portal.store;
    if (!store || this.busy) return;
    this.busy = true;
    try {
      await store.client.accounts.resendActivation(this.values.resendEmail, this.portal.lang);
      this.problems = NO_PROBLEMS;
      this.step = 'resent';
      await focusAfterRender(this, 'h2');
    } catch (err) {
      const p = problemsFrom(err, this.portal);
      // The server names the field `email`; here it is the resend form's.
      this.problems = p.fields.email ? { general: p.general, fields: { resendEmail: p.fields.email } } : p;
      await focusAfterRender(this, '#error-summary');
    } finally {
      this.busy = false;
    }
  }

  #loginRequest(username?: string): void {
    emit(this, 'pagatore-login-request', username ? { username } : {});
  }

  /**
   * Checks one filled field on leaving it, with the same schema the server uses; empty fields wait
   * for the submit, so tabbing through the form does not fill it with errors.
   */
  #checkField(name: keyof Values): void {
    if (this.step !== 'details' || this.values[name].trim() === '') return;
    const r = check(Registration, this.#body());
    const problem = r.ok ? undefined : r.fields.find((f) => f.path === name);
    const fields = { ...this.problems.fields };
    if (problem) fields[name] = this.portal.error(problem.code);
    else delete fields[name];
    this.problems = { ...this.problems, fields };
  }

  #labels(): Record<string, { id: string; label: string }> {
    const t = (k: string) => this.portal.t(k);
    const l = (path: string, key: string) => [path, { id: `reg-${path}`, label: t(key) }] as const;
    return Object.fromEntries([
      l('fiscalCode', 'accounts.fiscalCode'),
      l('subjectKind', 'register.subjectKind'),
      l('firstName', 'accounts.firstName'),
      l('lastName', 'accounts.lastName'),
      l('companyName', 'accounts.companyName'),
      l('address', 'accounts.address'),
      l('country', 'accounts.country'),
      l('city', 'accounts.city'),
      l('province', 'accounts.province'),
      l('postalCode', 'accounts.postalCode'),
      l('email', 'accounts.email'),
      l('phone', 'accounts.phone'),
      l('username', 'accounts.username'),
      l('password', 'accounts.password'),
      l('privacyConsent', 'register.privacyLegend'),
      l('resendEmail', 'accounts.email'),
    ]);
  }

  #summary(): TemplateResult | typeof nothing {
    const labels = this.#labels();
    return renderErrorSummary(this.problems, labels, this.portal, this.#jump);
  }

  /**
   * A digital identity needs no registration: the login widget completes it where the citizen comes
   * back (the login page when `login-href` is set, else this page).
   */
  async #chooseProvider(code: string): Promise<void> {
    const back = this.loginHref ? new URL(this.loginHref, location.href).href : location.href;
    location.assign(await this.portal.store!.client.identity.loginUrl(code, back));
  }

  /** The entity takes accounts only from SPID and CIE: the buttons, and what the first login does. */
  #renderClosed(): TemplateResult {
    return html`<div aria-labelledby="reg-title">
      <h2 id="reg-title" tabindex="-1">${this.portal.t('register.closedTitle')}</h2>
      <p>${this.portal.t('register.closedText')}</p>
      <pagatore-identity-buttons
        .idPrefix=${'reg'}
        @pagatore-identity-choose=${(e: CustomEvent<{ provider: string }>) => void this.#chooseProvider(e.detail.provider)}
      ></pagatore-identity-buttons>
      <p>
        ${this.portal.t('register.haveAccount')}
        ${
          this.loginHref
            ? html`<a class="link" href=${this.loginHref}>${this.portal.t('login.submit')}</a>`
            : html`<button type="button" class="link" @click=${() => this.#loginRequest()}>
                ${this.portal.t('login.submit')}
              </button>`
        }
      </p>
    </div>`;
  }

  #renderCode(): TemplateResult {
    return html`<form novalidate @submit=${this.#continue} aria-labelledby="reg-title">
      <h2 id="reg-title" tabindex="-1">${this.portal.t('register.title')}</h2>
      <pagatore-identity-buttons
        .idPrefix=${'reg'}
        @pagatore-identity-choose=${(e: CustomEvent<{ provider: string }>) => void this.#chooseProvider(e.detail.provider)}
      ></pagatore-identity-buttons>
      <p>${this.portal.t('register.codeIntro')}</p>
      <pagatore-text-field
        .inputId=${'reg-fiscalCode'}
        name="fiscalCode"
        .label=${this.portal.t('field.codiceFiscale.label')}
        .hint=${this.portal.t('field.codiceFiscale.hint')}
        .value=${this.values.fiscalCode}
        .error=${this.problems.fields.fiscalCode ?? null}
        required
        .requiredText=${this.portal.t('common.required')}
        mono
        .maxlength=${20}
        autocomplete="off"
      ></pagatore-text-field>
      <div class="actions">
        <button class="btn" type="submit">${this.portal.t('accounts.continue')}</button>
      </div>
      <p>
        ${this.portal.t('register.haveAccount')}
        ${
          this.loginHref
            ? html`<a class="link" href=${this.loginHref}>${this.portal.t('login.submit')}</a>`
            : html`<button type="button" class="link" @click=${() => this.#loginRequest()}>
                ${this.portal.t('login.submit')}
              </button>`
        }
      </p>
    </form>`;
  }

  #renderDetails(): TemplateResult {
    const t = (k: string) => this.portal.t(k);
    return html`<form novalidate @submit=${this.#submit} aria-labelledby="reg-title">
      <h2 id="reg-title" tabindex="-1">${t('register.title')}</h2>
      ${this.#summary()}
      <pagatore-register-subject-kind
        .kind=${this.subjectKind}
        .values=${this.values}
        .problems=${this.problems}
        .idPrefix=${'reg'}
      ></pagatore-register-subject-kind>
      <pagatore-register-person
        .kind=${this.subjectKind}
        .values=${this.values}
        .problems=${this.problems}
        .idPrefix=${'reg'}
      ></pagatore-register-person>
      <pagatore-register-contact
        .values=${this.values}
        .problems=${this.problems}
        .idPrefix=${'reg'}
      ></pagatore-register-contact>
      <pagatore-register-credentials
        .showPassword=${this.showPassword}
        .values=${this.values}
        .problems=${this.problems}
        .idPrefix=${'reg'}
      ></pagatore-register-credentials>
      <pagatore-register-privacy
        .consent=${this.consent}
        .values=${this.values}
        .problems=${this.problems}
        .idPrefix=${'reg'}
      ></pagatore-register-privacy>
      <div class="actions">
        <button
          class="btn btn-outline"
          type="button"
          @click=${async () => {
            this.problems = NO_PROBLEMS;
            this.step = 'code';
            await focusAfterRender(this, '#reg-fiscalCode');
          }}
        >
          ${t('accounts.back')}
        </button>
        <button class="btn" type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>
          ${t('register.submit')}
        </button>
      </div>
    </form>`;
  }

  #renderOutcome(): TemplateResult {
    const t = (k: string, p?: Record<string, string | number>) => this.portal.t(k, p);
    switch (this.step) {
      case 'sent':
      case 'activating':
      case 'activated':
      case 'resent':
        return html`<pagatore-register-outcome
          .step=${this.step}
          .values=${this.values}
          .username=${this.activatedUsername}
          .loginHref=${this.loginHref}
        ></pagatore-register-outcome>`;
      default:
        return html`<form novalidate @submit=${this.#resend} aria-labelledby="reg-title">
          <h2 id="reg-title" tabindex="-1">${t('register.activationFailedTitle')}</h2>
          ${this.#summary()}
          <p>${t('accounts.linkFailed')} ${t('register.resendText')}</p>
          <pagatore-text-field
            .inputId=${'reg-resendEmail'}
            name="resendEmail"
            .label=${t('accounts.email')}
            .value=${this.values.resendEmail}
            .error=${this.problems.fields.resendEmail ?? null}
            required
            .requiredText=${t('common.required')}
            type="email"
            autocomplete="email"
            inputmode="email"
          ></pagatore-text-field>
          <div class="actions">
            <button class="btn" type="submit">${t('register.resend')}</button>
          </div>
        </form>`;
    }
  }

  protected override render() {
    if (!this.portal.store) return html`<p class="alert">${this.portal.t('provider.noProvider')}</p>`;
    if (this.completesIdentity) return html`<section part="base"><pagatore-login></pagatore-login></section>`;
    const closed = this.portal.state?.entity?.ownRegistration === false;
    const body =
      this.step === 'code' && closed
        ? this.#renderClosed()
        : this.step === 'code'
          ? this.#renderCode()
          : this.step === 'details'
            ? this.#renderDetails()
            : this.#renderOutcome();
    return html`<section
      part="base"
      @input=${this.#onInput}
      @focusout=${this.#onLeave}
      @password-visibility=${this.#onVisibility}
    >
      ${body}
      <p class="visually-hidden" role="status" aria-live="polite">${this.status}</p>
    </section>`;
  }
}
