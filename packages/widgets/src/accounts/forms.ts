/**
 * Form pieces shared by the account widgets: a password field with show/hide and strength,
 * selects, checkboxes. Everything renders into the host's
 * shadow root so labels, `aria-describedby` and the summary's links resolve.
 */
import { COUNTRY_CODES, hasCommonPasswords, passwordStrength } from '@pagatore/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { PortalController } from '../controllers/portal-controller.js';
import type { Lang } from '../locales/index.js';
import { loadCommonPasswords } from './common-passwords.js';

export interface PasswordFieldOptions {
  id: string;
  name: string;
  label: string;
  value: string;
  error?: string | null;
  hint?: string;
  autocomplete: 'new-password' | 'current-password';
  visible: boolean;
  portal: PortalController;
  showStrength?: boolean;
  requiredText?: string;
  onInput: (value: string) => void;
  onToggle: () => void;
}

/** A password field with a show/hide button and, for new passwords, a strength hint. */
export function renderPasswordField(o: PasswordFieldOptions): TemplateResult {
  const hintId = o.hint ? `${o.id}-hint` : undefined;
  const errorId = o.error ? `${o.id}-error` : undefined;
  const strengthId = o.showStrength ? `${o.id}-strength` : undefined;
  const describedBy = [errorId, hintId, strengthId].filter(Boolean).join(' ') || undefined;
  const level = passwordStrength(o.value);
  return html`<div class="field" part="field">
    <label for=${o.id} part="label"
      >${o.label}${o.requiredText ? html` <span class="hint">(${o.requiredText})</span>` : nothing}</label
    >
    ${o.hint ? html`<span class="hint" id=${hintId as string}>${o.hint}</span>` : nothing}
    <div class="password-row">
      <input
        id=${o.id}
        name=${o.name}
        part="input"
        type=${o.visible ? 'text' : 'password'}
        .value=${live(o.value)}
        required
        aria-required="true"
        aria-invalid=${o.error ? 'true' : 'false'}
        aria-describedby=${ifDefined(describedBy)}
        autocomplete=${o.autocomplete}
        spellcheck="false"
        autocapitalize="off"
        @input=${(e: Event) => {
          if (o.autocomplete === 'new-password' && !hasCommonPasswords())
            void loadCommonPasswords().then(() => o.portal.refresh());
          o.onInput((e.target as HTMLInputElement).value);
        }}
      />
      <button
        type="button"
        class="btn btn-outline toggle"
        aria-controls=${o.id}
        aria-pressed=${o.visible ? 'true' : 'false'}
        @click=${o.onToggle}
      >
        ${o.visible ? o.portal.t('accounts.hidePassword') : o.portal.t('accounts.showPassword')}
      </button>
    </div>
    ${
      o.showStrength && o.value
        ? html`<span class="strength strength-${level}" id=${strengthId as string}
            >${o.portal.t('accounts.strength', { level: o.portal.t(`accounts.strength.${level}`) })}</span
          >`
        : nothing
    }
    ${o.error ? html`<span class="error" id=${errorId as string} part="error">${o.error}</span>` : nothing}
  </div>`;
}

/** Country options in the user's language, Italy first. */
export function countryOptions(lang: Lang): { value: string; label: string }[] {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([lang], { type: 'region' });
  } catch {
    names = null;
  }
  const all = COUNTRY_CODES.map((code) => ({ value: code, label: names?.of(code) ?? code }));
  const italy = all.filter((c) => c.value === 'IT');
  const rest = all.filter((c) => c.value !== 'IT').sort((a, b) => a.label.localeCompare(b.label, lang));
  return [...italy, ...rest];
}

/** A labelled select. */
export function renderSelectField(o: {
  id: string;
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  error?: string | null;
  requiredText?: string;
  autocomplete?: string;
  onChange: (value: string) => void;
}): TemplateResult {
  const errorId = o.error ? `${o.id}-error` : undefined;
  return html`<div class="field" part="field">
    <label for=${o.id} part="label"
      >${o.label}${o.requiredText ? html` <span class="hint">(${o.requiredText})</span>` : nothing}</label
    >
    <select
      id=${o.id}
      name=${o.name}
      part="input"
      required
      aria-invalid=${o.error ? 'true' : 'false'}
      aria-describedby=${ifDefined(errorId)}
      autocomplete=${ifDefined(o.autocomplete)}
      @change=${(e: Event) => o.onChange((e.target as HTMLSelectElement).value)}
    >
      ${o.options.map((opt) => html`<option value=${opt.value} ?selected=${opt.value === o.value}>${opt.label}</option>`)}
    </select>
    ${o.error ? html`<span class="error" id=${errorId as string} part="error">${o.error}</span>` : nothing}
  </div>`;
}

/** A checkbox with its label and error. */
export function renderCheckbox(o: {
  id: string;
  name: string;
  label: string;
  checked: boolean;
  error?: string | null;
  onChange: (checked: boolean) => void;
}): TemplateResult {
  const errorId = o.error ? `${o.id}-error` : undefined;
  return html`<div class="field check" part="field">
    <div class="check-row">
      <input
        type="checkbox"
        id=${o.id}
        name=${o.name}
        .checked=${live(o.checked)}
        required
        aria-required="true"
        aria-invalid=${o.error ? 'true' : 'false'}
        aria-describedby=${ifDefined(errorId)}
        @change=${(e: Event) => o.onChange((e.target as HTMLInputElement).checked)}
      />
      <label for=${o.id}>${o.label}</label>
    </div>
    ${o.error ? html`<span class="error" id=${errorId as string} part="error">${o.error}</span>` : nothing}
  </div>`;
}
