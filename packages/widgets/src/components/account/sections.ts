/**
 * The sections of the account menu: who is signed in, the profile's fields, the password change's
 * fields. The menu (`account.component.ts`) holds the values and problems and reads what is typed
 * from the controls' events.
 */
import type { Profile } from '@pagatore/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { countryOptions } from '../../accounts/forms.js';
import { FormSection } from '../../elements/form-section.js';
import { LightElement } from '../../elements/light-element.js';
import { PortalController } from '../../controllers/portal-controller.js';
import { AccountReach } from './reach.js';

export type ProfileField = 'address' | 'country' | 'city' | 'province' | 'postalCode' | 'phone' | 'email';
export type ProfileValues = Record<ProfileField, string>;
export interface PasswordValues {
  currentPassword: string;
  newPassword: string;
}

/** Who is signed in: name, username, codice fiscale and whether the account proved it holds it. */
export class AccountWho extends LightElement {
  readonly #portal = new PortalController(this, []);
  static override properties = {
    profile: { attribute: false },
  };
  declare profile: Profile | null;

  constructor() {
    super();
    this.profile = null;
  }

  protected override render(): TemplateResult | typeof nothing {
    const p = this.profile;
    if (!p) return nothing;
    const t = (k: string) => this.#portal.t(k);
    const name = p.companyName ?? [p.firstName, p.lastName].filter(Boolean).join(' ');
    const proven = p.provenFiscalCodes.some((c) => c.code === p.fiscalCode);
    return html`<p class="who">
      <strong>${name}</strong><br />${p.username} · <span class="mono">${p.fiscalCode}</span><br /><span
        class="hint"
        >${proven ? t('account.fiscalCodeProven') : t('account.fiscalCodeNotProven')}</span
      >
    </p>`;
  }
}

/** Indirizzo, Nazione, Città, Provincia, CAP, Telefono, Email (a new one is verified first). */
export class AccountProfileFields extends FormSection<ProfileValues> {
  protected override render(): TemplateResult {
    const italy = this.values.country === 'IT';
    return html`${this.text('address', 'accounts.address', { autocomplete: 'street-address' })}
      <pagatore-select-field
        .inputId=${'acc-country'}
        name="country"
        .label=${this.t('accounts.country')}
        .value=${this.values.country}
        .options=${countryOptions(this.portal.lang)}
        .error=${this.problems.fields.country ?? null}
        .requiredText=${this.t('common.required')}
        autocomplete="country"
      ></pagatore-select-field>
      ${this.text('city', 'accounts.city', { autocomplete: 'address-level2' })}
      ${this.text('province', 'accounts.province', {
        required: italy,
        hint: italy ? this.t('accounts.provinceHint') : undefined,
        autocomplete: 'address-level1',
      })}
      ${this.text('postalCode', 'accounts.postalCode', { autocomplete: 'postal-code' })}
      ${this.text('phone', 'accounts.phone', { type: 'tel', autocomplete: 'tel' })}
      ${this.text('email', 'accounts.email', {
        type: 'email',
        autocomplete: 'email',
        hint: this.t('account.emailHint'),
      })}`;
  }
}

/** The current password and the new one (with its strength); one show/hide for both. */
export class AccountPasswordFields extends FormSection<PasswordValues> {
  static override properties = {
    showPassword: { attribute: false },
  };
  declare showPassword: boolean;

  constructor() {
    super();
    this.showPassword = false;
  }

  protected override render(): TemplateResult {
    return html`${this.password('currentPassword', 'account.currentPassword', { isNew: false, visible: this.showPassword })}
    ${this.password('newPassword', 'login.newPassword', { isNew: true, visible: this.showPassword })}`;
  }
}

export const ACCOUNT_PARTS = {
  'pagatore-account-who': AccountWho,
  'pagatore-account-profile-fields': AccountProfileFields,
  'pagatore-account-password-fields': AccountPasswordFields,
  'pagatore-account-reach': AccountReach,
};
