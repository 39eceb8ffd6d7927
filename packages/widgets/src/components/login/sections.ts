/**
 * The sections of the login screen: username and password, the recovery field (password or
 * username forgotten), the new password from a reset link, and who is signed in. The screen
 * (`login.component.ts`) holds the values and problems and reads what is typed from the controls'
 * events.
 */
import type { Profile } from '@pagatore/sdk';
import { html, type TemplateResult } from 'lit';
import { FormSection } from '../../elements/form-section.js';

export interface LoginValues {
  username: string;
  password: string;
  recovery: string;
  newPassword: string;
}

/** "Username o email" and the password, with its show/hide. */
export class LoginCredentials extends FormSection<LoginValues> {
  static override properties = {
    showPassword: { attribute: false },
  };
  declare showPassword: boolean;

  constructor() {
    super();
    this.showPassword = false;
  }

  protected override render(): TemplateResult {
    return html`${this.text('username', 'login.username', { autocomplete: 'username' })}
    ${this.password('password', 'accounts.password', { isNew: false, visible: this.showPassword })}`;
  }
}

/** What to send a recovery link or reminder to: the username or e-mail, or the e-mail alone. */
export class LoginRecovery extends FormSection<LoginValues> {
  static override properties = {
    kind: { attribute: false },
  };
  declare kind: 'forgot-password' | 'forgot-username';

  constructor() {
    super();
    this.kind = 'forgot-password';
  }

  protected override render(): TemplateResult {
    const password = this.kind === 'forgot-password';
    const f = this.problems.fields;
    return html`<p>${password ? this.t('login.forgotPasswordText') : this.t('login.forgotUsernameText')}</p>
      <pagatore-text-field
        .inputId=${'login-recovery'}
        .name=${password ? 'login' : 'email'}
        .label=${password ? this.t('login.username') : this.t('accounts.email')}
        .value=${this.values.recovery}
        .error=${f.recovery ?? f.login ?? f.email ?? null}
        required
        .requiredText=${this.t('common.required')}
        .type=${password ? 'text' : 'email'}
        .autocomplete=${password ? 'username' : 'email'}
      ></pagatore-text-field>`;
  }
}

/** The new password a reset link asks for, with the policy and its strength. */
export class LoginNewPassword extends FormSection<LoginValues> {
  static override properties = {
    showPassword: { attribute: false },
  };
  declare showPassword: boolean;

  constructor() {
    super();
    this.showPassword = false;
  }

  protected override render(): TemplateResult {
    return html`${this.password('newPassword', 'login.newPassword', { isNew: true, visible: this.showPassword })}`;
  }
}

/** "Hai effettuato l'accesso come …": the company, else the name, else the username. */
export class LoginWho extends FormSection<LoginValues> {
  static override properties = {
    profile: { attribute: false },
  };
  declare profile: Profile | null;

  constructor() {
    super();
    this.profile = null;
  }

  protected override render(): TemplateResult {
    const p = this.profile;
    const name = p?.companyName ?? ([p?.firstName, p?.lastName].filter(Boolean).join(' ') || p?.username);
    return html`<p>${this.t('login.loggedIn', { name: name ?? '' })}</p>`;
  }
}

export const LOGIN_PARTS = {
  'pagatore-login-credentials': LoginCredentials,
  'pagatore-login-recovery': LoginRecovery,
  'pagatore-login-new-password': LoginNewPassword,
  'pagatore-login-who': LoginWho,
};
