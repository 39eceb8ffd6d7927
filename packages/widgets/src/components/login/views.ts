/**
 * The screens of `<pagatore-login>`: each a form drawn from the widget's state, its fields in the
 * section elements of `sections.ts`. The widget keeps the state and the flow (what each submit
 * does, where it goes next); these say what each screen shows.
 */
import type { IdentityExchangeResult, Profile } from '@pagatore/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import type { Problems } from '../../fields/problems.js';
import type { LoginValues } from './sections.js';

/** A digital-identity login waiting for the citizen: consent to give, or a portal account to link. */
export type IdentityStep = Exclude<IdentityExchangeResult, { outcome: 'session' | 'link_mail_sent' }>;

/** What every screen reads from the widget. */
export interface LoginScreen {
  t: (key: string, params?: Record<string, string | number>) => string;
  /** The error summary of the screen (nothing when there is no problem). */
  summary: TemplateResult | typeof nothing;
  values: LoginValues;
  problems: Problems;
  showPassword: boolean;
  busy: boolean;
}

/** The fields the error summary links to, by the name a problem carries. */
export function summaryLabels(
  t: LoginScreen['t'],
  view: string,
): Record<string, { id: string; label: string }> {
  return {
    username: { id: 'login-username', label: t('login.username') },
    password: { id: 'login-password', label: t('accounts.password') },
    recovery: {
      id: 'login-recovery',
      label: view === 'forgot-username' ? t('accounts.email') : t('login.username'),
    },
    newPassword: { id: 'login-newPassword', label: t('login.newPassword') },
    privacyConsent: { id: 'login-privacyConsent', label: t('register.privacyLegend') },
  };
}

/** "Accedi": SPID/CIE first, then username and password, the recovery links and "Registrati". */
export function loginForm(
  s: LoginScreen,
  o: {
    notice: string;
    identityButtons: TemplateResult | typeof nothing;
    registerHref: string;
    /** false: the entity takes accounts only from SPID and CIE ("Registrati" hides). */
    canRegister: boolean;
    submit: (e: Event) => void;
    forgotPassword: () => void;
    forgotUsername: () => void;
    register: () => void;
  },
): TemplateResult {
  const { t } = s;
  return html`<form novalidate @submit=${o.submit} aria-labelledby="login-title">
    <h2 id="login-title" tabindex="-1">${t('login.title')}</h2>
    ${o.notice ? html`<p class="alert alert-success notice" tabindex="-1">${o.notice}</p>` : nothing}
    ${s.summary} ${o.identityButtons}
    <pagatore-login-credentials
      .values=${s.values}
      .problems=${s.problems}
      .idPrefix=${'login'}
      .showPassword=${s.showPassword}
    ></pagatore-login-credentials>
    <div class="actions">
      <button class="btn" type="submit" aria-disabled=${s.busy ? 'true' : 'false'}>
        ${t('login.submit')}
      </button>
    </div>
    <div class="links">
      <button type="button" class="link" @click=${o.forgotPassword}>${t('login.forgotPassword')}</button>
      <button type="button" class="link" @click=${o.forgotUsername}>${t('login.forgotUsername')}</button>
    </div>
    ${
      o.canRegister
        ? html`<p>
            ${t('login.noAccount')}
            ${
              o.registerHref
                ? html`<a class="link" href=${o.registerHref}>${t('login.register')}</a>`
                : html`<button type="button" class="link" @click=${o.register}>
                    ${t('login.register')}
                  </button>`
            }
          </p>`
        : nothing
    }
  </form>`;
}

/** "Password dimenticata?" or "Username dimenticato?": where to send the link or the reminder. */
export function recoveryForm(
  s: LoginScreen,
  kind: 'forgot-password' | 'forgot-username',
  o: { submit: (e: Event) => void; back: () => void },
): TemplateResult {
  const { t } = s;
  const password = kind === 'forgot-password';
  return html`<form novalidate @submit=${o.submit} aria-labelledby="login-title">
    <h2 id="login-title" tabindex="-1">
      ${password ? t('login.forgotPassword') : t('login.forgotUsername')}
    </h2>
    ${s.summary}
    <pagatore-login-recovery
      .kind=${kind}
      .values=${s.values}
      .problems=${s.problems}
      .idPrefix=${'login'}
    ></pagatore-login-recovery>
    <div class="actions">
      <button class="btn btn-outline" type="button" @click=${o.back}>${t('login.backToLogin')}</button>
      <button class="btn" type="submit">${t('accounts.send')}</button>
    </div>
  </form>`;
}

/** The new password, from the reset link. */
export function resetForm(s: LoginScreen, submit: (e: Event) => void): TemplateResult {
  const { t } = s;
  return html`<form novalidate @submit=${submit} aria-labelledby="login-title">
    <h2 id="login-title" tabindex="-1">${t('login.resetTitle')}</h2>
    ${s.summary}
    <pagatore-login-new-password
      .values=${s.values}
      .problems=${s.problems}
      .idPrefix=${'login'}
      .showPassword=${s.showPassword}
    ></pagatore-login-new-password>
    <div class="actions">
      <button class="btn" type="submit">${t('login.resetSubmit')}</button>
    </div>
  </form>`;
}

/** The recovery mail is on its way. */
export function sentNotice(s: LoginScreen, back: () => void): TemplateResult {
  return html`<div class="alert alert-success">
    <h2 tabindex="-1">${s.t('accounts.checkMail')}</h2>
    <p>${s.t('login.sentText')}</p>
    <button type="button" class="link" @click=${back}>${s.t('login.backToLogin')}</button>
  </div>`;
}

/** A link that no longer works (the summary says why): ask a new one, or log in. */
export function linkFailed(s: LoginScreen, o: { requestNew: () => void; back: () => void }): TemplateResult {
  return html`<div>
    <h2 id="login-title" tabindex="-1">${s.t('login.title')}</h2>
    ${s.summary}
    <div class="actions">
      <button type="button" class="btn" @click=${o.requestNew}>${s.t('login.requestNew')}</button>
      <button type="button" class="btn btn-outline" @click=${o.back}>${s.t('login.backToLogin')}</button>
    </div>
  </div>`;
}

/** Logged in: who, and "Esci". */
export function loggedIn(s: LoginScreen, profile: Profile | null, logout: () => void): TemplateResult {
  return html`<div class="logged-in" tabindex="-1">
    <pagatore-login-who .profile=${profile} .values=${s.values}></pagatore-login-who>
    <button class="btn btn-outline" type="button" @click=${logout}>${s.t('login.logout')}</button>
  </div>`;
}

/** Back from SPID/CIE for the first time: the entity's privacy text, consented to once. */
export function identityConsentForm(
  s: LoginScreen,
  step: Extract<IdentityStep, { outcome: 'consent_required' }>,
  o: { privacyText: string; consent: boolean; submit: (e: Event) => void; cancel: () => void },
): TemplateResult {
  const { t } = s;
  const name = [step.identity.firstName, step.identity.lastName].filter(Boolean).join(' ');
  return html`<form novalidate @submit=${o.submit} aria-labelledby="login-title">
    <h2 id="login-title" tabindex="-1">${t('identity.consentTitle')}</h2>
    ${s.summary}
    <p>${t('identity.consentText', { name, fiscalCode: step.identity.fiscalCode })}</p>
    <div class="privacy-text" tabindex="0" role="region" aria-label=${t('register.privacyLegend')}>
      ${o.privacyText}
    </div>
    <pagatore-checkbox-field
      .inputId=${'login-privacyConsent'}
      name="privacyConsent"
      .label=${t('register.privacyConsent')}
      .checked=${o.consent}
      .error=${s.problems.fields.privacyConsent ?? null}
    ></pagatore-checkbox-field>
    <div class="actions">
      <button class="btn btn-outline" type="button" @click=${o.cancel}>${t('identity.cancel')}</button>
      <button class="btn" type="submit" aria-disabled=${s.busy ? 'true' : 'false'}>
        ${t('identity.consentSubmit')}
      </button>
    </div>
  </form>`;
}

/**
 * Back from SPID/CIE with the fiscal code of a portal account: its password links the two, or a
 * link mailed to the account's address (`byEmail`, when the account has one).
 */
export function identityLinkForm(
  s: LoginScreen,
  step: IdentityStep,
  o: { submit: (e: Event) => void; cancel: () => void; byEmail: (() => void) | null },
): TemplateResult {
  const { t } = s;
  return html`<form novalidate @submit=${o.submit} aria-labelledby="login-title">
    <h2 id="login-title" tabindex="-1">${t('identity.linkTitle')}</h2>
    ${s.summary}
    <p>${t('identity.linkText', { fiscalCode: step.identity.fiscalCode })}</p>
    <pagatore-login-credentials
      .values=${s.values}
      .problems=${s.problems}
      .idPrefix=${'login'}
      .showPassword=${s.showPassword}
    ></pagatore-login-credentials>
    <div class="actions">
      <button class="btn btn-outline" type="button" @click=${o.cancel}>${t('identity.cancel')}</button>
      <button class="btn" type="submit" aria-disabled=${s.busy ? 'true' : 'false'}>
        ${t('identity.linkSubmit')}
      </button>
    </div>
    ${
      o.byEmail
        ? html`<p>${t('identity.linkByEmailText')}</p>
            <button type="button" class="link link-by-email" @click=${o.byEmail}>
              ${t('identity.linkByEmail')}
            </button>`
        : nothing
    }
  </form>`;
}

/** The link that links the identity is on its way to the account's address. */
export function identityLinkSent(
  s: LoginScreen,
  sent: { email: string; minutes: number },
  back: () => void,
): TemplateResult {
  return html`<div class="alert alert-success link-sent">
    <h2 id="login-title" tabindex="-1">${s.t('identity.linkSentTitle')}</h2>
    <p>${s.t('identity.linkSentText', { email: sent.email, minutes: sent.minutes })}</p>
    <button type="button" class="link" @click=${back}>${s.t('login.backToLogin')}</button>
  </div>`;
}

/** A privacy notice that asks for fresh consent, shown after the right password. */
export interface Reconsent {
  version: string;
  text: string;
  url: string;
}

/** "L'informativa privacy è cambiata": the new text, accept to go on or refuse. */
export function reconsentForm(
  s: LoginScreen,
  r: Reconsent,
  o: { accept: (e: Event) => void; refuse: () => void },
): TemplateResult {
  const { t } = s;
  return html`<form novalidate @submit=${o.accept} aria-labelledby="login-title" class="reconsent">
    <h2 id="login-title" tabindex="-1">${t('reconsent.title')}</h2>
    ${s.summary}
    <p>${t('reconsent.text', { version: r.version })}</p>
    <div class="privacy-text" tabindex="0" role="region" aria-label=${t('register.privacyLegend')}>
      ${r.text}
    </div>
    <p>
      <a href=${r.url} target="_blank" rel="noopener">${t('privacy.readFull', { version: r.version })}</a>
    </p>
    <div class="actions">
      <button class="btn btn-outline" type="button" @click=${o.refuse}>${t('reconsent.refuse')}</button>
      <button class="btn" type="submit" aria-disabled=${s.busy ? 'true' : 'false'}>
        ${t('reconsent.accept')}
      </button>
    </div>
  </form>`;
}

/** Refused: what it means and the ways on. */
export function reconsentRefused(s: LoginScreen, back: () => void): TemplateResult {
  const { t } = s;
  return html`<div role="group" aria-labelledby="login-title" class="reconsent-refused">
    <h2 id="login-title" tabindex="-1">${t('reconsent.refusedTitle')}</h2>
    <p>${t('reconsent.refusedText')}</p>
    <div class="actions">
      <button class="btn btn-outline" type="button" @click=${back}>${t('reconsent.back')}</button>
    </div>
  </div>`;
}
