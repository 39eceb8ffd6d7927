/**
 * The sections of the registration form, each a fieldset of its own: who registers (person or
 * legal person), contacts, credentials, privacy. The form (`register.component.ts`) holds the
 * values and problems and reads what is typed from the controls' events.
 */
import { localText, ofEntity, type SubjectKind } from '@pagatore/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { countryOptions } from '../../accounts/forms.js';
import { FormSection } from '../../elements/form-section.js';
import { emit } from '../../events/events.js';

export type TextField =
  'firstName' | 'lastName' | 'companyName' | 'address' | 'city' | 'province' | 'postalCode';
export type Values = Record<
  TextField | 'fiscalCode' | 'country' | 'email' | 'phone' | 'username' | 'password' | 'resendEmail',
  string
>;

/** For an 11-digit code: a legal person (the default) or a person with a provisional code. */
export class RegisterSubjectKind extends FormSection<Values> {
  static override properties = {
    kind: { attribute: false },
  };
  declare kind: SubjectKind;

  constructor() {
    super();
    this.kind = 'person';
  }

  protected override render(): TemplateResult | typeof nothing {
    if (this.values.fiscalCode.length !== 11) return nothing;
    const error = this.problems.fields.subjectKind;
    const option = (kind: SubjectKind) => {
      const id = kind === 'legal' ? 'reg-subjectKind' : 'reg-subjectKind-person';
      return html`<div class="radio-row">
        <input type="radio" id=${id} name="subjectKind" value=${kind} .checked=${this.kind === kind} />
        <label for=${id}>${this.t(`register.subjectKind.${kind}`)}</label>
      </div>`;
    };
    return html`<fieldset aria-describedby=${error ? 'reg-subjectKind-error' : nothing}>
      <legend>${this.t('register.subjectKind')}</legend>
      ${option('legal')} ${option('person')}
      ${error ? html`<span class="error" id="reg-subjectKind-error">${error}</span>` : nothing}
    </fieldset>`;
  }
}

/** Nome and Cognome, or Ragione sociale; the codice fiscale given at the first step, read only. */
export class RegisterPerson extends FormSection<Values> {
  static override properties = {
    kind: { attribute: false },
  };
  declare kind: SubjectKind;

  constructor() {
    super();
    this.kind = 'person';
  }

  protected override render(): TemplateResult {
    return html`<fieldset>
      <legend>${this.t('register.personLegend')}</legend>
      ${
        this.kind === 'person'
          ? html`<div class="row">
              ${this.text('firstName', 'accounts.firstName', { autocomplete: 'given-name' })}
              ${this.text('lastName', 'accounts.lastName', { autocomplete: 'family-name' })}
            </div>`
          : this.text('companyName', 'accounts.companyName', { autocomplete: 'organization' })
      }
      <pagatore-text-field
        .inputId=${'reg-fiscalCode'}
        name="fiscalCode"
        .label=${this.t('accounts.fiscalCode')}
        .value=${this.values.fiscalCode}
        readonly
        mono
      ></pagatore-text-field>
    </fieldset>`;
  }
}

/** Indirizzo, Nazione, Città, Provincia, CAP, Email, Telefono; Italian addresses checked as such. */
export class RegisterContact extends FormSection<Values> {
  protected override render(): TemplateResult {
    const italy = this.values.country === 'IT';
    return html`<fieldset>
      <legend>${this.t('register.contactLegend')}</legend>
      ${this.text('address', 'accounts.address', { autocomplete: 'street-address' })}
      <pagatore-select-field
        .inputId=${'reg-country'}
        name="country"
        .label=${this.t('accounts.country')}
        .value=${this.values.country}
        .options=${countryOptions(this.portal.lang)}
        .error=${this.problems.fields.country ?? null}
        .requiredText=${this.t('common.required')}
        autocomplete="country"
      ></pagatore-select-field>
      <div class="row">
        ${this.text('city', 'accounts.city', { autocomplete: 'address-level2' })}
        ${this.text('province', 'accounts.province', {
          required: italy,
          hint: italy ? this.t('accounts.provinceHint') : undefined,
          maxlength: italy ? 2 : 60,
          autocomplete: 'address-level1',
        })}
        ${this.text('postalCode', 'accounts.postalCode', {
          hint: italy ? this.t('accounts.postalCodeHint') : undefined,
          inputmode: italy ? 'numeric' : 'text',
          maxlength: italy ? 5 : 20,
          autocomplete: 'postal-code',
        })}
      </div>
      ${this.text('email', 'accounts.email', { type: 'email', autocomplete: 'email', inputmode: 'email' })}
      ${this.text('phone', 'accounts.phone', { type: 'tel', autocomplete: 'tel', inputmode: 'tel' })}
    </fieldset>`;
  }
}

/** Username and password (with show/hide and strength). */
export class RegisterCredentials extends FormSection<Values> {
  static override properties = {
    showPassword: { attribute: false },
  };
  declare showPassword: boolean;

  constructor() {
    super();
    this.showPassword = false;
  }

  protected override render(): TemplateResult {
    return html`<fieldset>
      <legend>${this.t('register.credentialsLegend')}</legend>
      ${this.text('username', 'accounts.username', {
        hint: this.t('accounts.usernameHint'),
        autocomplete: 'username',
      })}
      ${this.password('password', 'accounts.password', { isNew: true, visible: this.showPassword })}
    </fieldset>`;
  }
}

/** The entity's privacy text (in the citizen's language) and the consent. */
export class RegisterPrivacy extends FormSection<Values> {
  static override properties = {
    consent: { attribute: false },
  };
  declare consent: boolean;

  constructor() {
    super();
    this.consent = false;
  }

  protected override render(): TemplateResult {
    const entity = this.portal.state?.entity;
    return html`<fieldset>
      <legend>${this.t('register.privacyLegend')}</legend>
      <details>
        <summary>
          ${this.t('register.privacyShow', {
            entity: entity?.name ?? '',
            ofEntity: entity ? ofEntity(entity.name, entity.article) : '',
          })}
        </summary>
        <div class="privacy-text" tabindex="0" role="region" aria-label=${this.t('register.privacyLegend')}>
          ${entity ? localText(entity.privacy.text, this.portal.lang) : ''}
        </div>
      </details>
      ${
        entity && this.portal.store
          ? html`<p class="privacy-version">
              ${this.t('register.privacyVersion', { version: entity.privacy.version })} ·
              <a
                href=${this.portal.store.client.privacy.pageUrl('privacy', entity.privacy.version, this.portal.lang)}
                target="_blank"
                rel="noopener"
                >${this.t('privacy.readFull', { version: entity.privacy.version })}</a
              >
            </p>`
          : nothing
      }
      <pagatore-checkbox-field
        .inputId=${'reg-privacyConsent'}
        name="privacyConsent"
        .label=${this.t('register.privacyConsent')}
        .checked=${this.consent}
        .error=${this.problems.fields.privacyConsent ?? null}
      ></pagatore-checkbox-field>
    </fieldset>`;
  }
}

/** What the registration says once sent, while activating, once activated, once a link is resent. */
export class RegisterOutcome extends FormSection<Values> {
  static override properties = {
    step: { attribute: false },
    username: { attribute: false },
    loginHref: { attribute: false },
  };
  declare step: 'sent' | 'activating' | 'activated' | 'resent';
  declare username: string;
  /** A page to link "Accedi" to; without it "Accedi" emits `pagatore-login-request`. */
  declare loginHref: string;

  constructor() {
    super();
    this.step = 'sent';
    this.username = '';
    this.loginHref = '';
  }

  protected override render(): TemplateResult {
    switch (this.step) {
      case 'sent':
        return html`<div class="alert alert-success">
          <h2 tabindex="-1">${this.t('accounts.checkMail')}</h2>
          <p>${this.t('register.sentText', { email: this.values.email })}</p>
        </div>`;
      case 'activating':
        return html`<p>${this.t('register.activating')}</p>`;
      case 'activated':
        return html`<div class="alert alert-success">
          <h2 tabindex="-1">${this.t('register.activatedTitle')}</h2>
          <p>${this.t('register.activatedText', { username: this.username })}</p>
          ${
            this.loginHref
              ? html`<a class="btn" href=${this.loginHref}>${this.t('login.submit')}</a>`
              : html`<button
                  class="btn"
                  type="button"
                  @click=${() => emit(this, 'pagatore-login-request', { username: this.username })}
                >
                  ${this.t('login.submit')}
                </button>`
          }
        </div>`;
      case 'resent':
        return html`<div class="alert alert-success">
          <h2 tabindex="-1">${this.t('accounts.checkMail')}</h2>
          <p>${this.t('register.resentText')}</p>
        </div>`;
    }
  }
}

export const REGISTER_PARTS = {
  'pagatore-register-outcome': RegisterOutcome,
  'pagatore-register-subject-kind': RegisterSubjectKind,
  'pagatore-register-person': RegisterPerson,
  'pagatore-register-contact': RegisterContact,
  'pagatore-register-credentials': RegisterCredentials,
  'pagatore-register-privacy': RegisterPrivacy,
};
