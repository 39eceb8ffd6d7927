/**
 * Field elements the forms are made of: a text input, a password with show/hide and strength, a
 * select, a checkbox. Each renders its label, hint, control and message into the form's shadow
 * root (see `light-element.ts`), with the ids `<input-id>`, `<input-id>-hint`, `<input-id>-error`.
 * Properties in; the control's own `input`, `change` and `focusout` events bubble to the form, which
 * reads the control's `name` and value: no callback to wire per field.
 */
import { passwordStrength } from '@pagatore/sdk';
import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { PortalController } from '../controllers/portal-controller.js';
import { type FieldOptions, renderField } from '../fields/field.js';
import { LightElement } from './light-element.js';

/**
 * A password field's show/hide button was pressed: `detail` is the visibility it asks for. It
 * bubbles to the form and stays inside the widget (not composed): a part's event, not the widget's.
 */
export const VISIBILITY_EVENT = 'password-visibility';
export type VisibilityEvent = CustomEvent<boolean>;

/** The label with "(obbligatorio)" when the field is required. */
function label(text: string, requiredText: string | undefined) {
  return html`${text}${requiredText ? html` <span class="hint">(${requiredText})</span>` : nothing}`;
}

function error(id: string, message: string | null | undefined) {
  return message ? html`<span class="error" id=${`${id}-error`} part="error">${message}</span>` : nothing;
}

/** One labelled input with hint and message (`fields/field.ts` draws it). */
export class PagatoreTextField extends LightElement {
  static override properties = {
    inputId: { attribute: false },
    name: {},
    label: {},
    value: {},
    hint: {},
    error: {},
    required: { type: Boolean },
    readonly: { type: Boolean },
    type: {},
    autocomplete: {},
    inputmode: {},
    maxlength: { type: Number },
    mono: { type: Boolean },
    requiredText: {},
  };
  declare inputId: string;
  declare name: string;
  declare label: string;
  declare value: string;
  declare hint: string;
  declare error: string | null;
  declare required: boolean;
  declare readonly: boolean;
  declare type: FieldOptions['type'];
  declare autocomplete: string;
  declare inputmode: FieldOptions['inputmode'];
  declare maxlength: number;
  declare mono: boolean;
  declare requiredText: string;

  constructor() {
    super();
    this.inputId = '';
    this.name = '';
    this.label = '';
    this.value = '';
    this.required = false;
    this.readonly = false;
    this.mono = false;
  }

  protected override render() {
    return renderField({
      id: this.inputId,
      name: this.name,
      label: this.label,
      value: this.value,
      hint: this.hint,
      error: this.error,
      required: this.required,
      readonly: this.readonly,
      type: this.type,
      autocomplete: this.autocomplete,
      inputmode: this.inputmode,
      maxlength: this.maxlength,
      mono: this.mono,
      requiredText: this.requiredText,
    });
  }
}

/**
 * A password with a show/hide button and, for a new password, its strength. The button asks the
 * form (`password-visibility`), which may show every password of the form at once. The strength
 * hint and the form's own check apply the rules that need no data (length, one repeated character,
 * variety); the common-password list stays on the server, whose `password_common` answer the form
 * shows at this field.
 */
export class PagatorePasswordField extends LightElement {
  readonly #portal = new PortalController(this, []);
  static override properties = {
    inputId: { attribute: false },
    name: {},
    label: {},
    value: {},
    hint: {},
    error: {},
    autocomplete: {},
    visible: { type: Boolean },
    showStrength: { type: Boolean },
    requiredText: {},
  };
  declare inputId: string;
  declare name: string;
  declare label: string;
  declare value: string;
  declare hint: string;
  declare error: string | null;
  declare autocomplete: 'new-password' | 'current-password';
  declare visible: boolean;
  declare showStrength: boolean;
  declare requiredText: string;

  constructor() {
    super();
    this.inputId = '';
    this.name = '';
    this.label = '';
    this.value = '';
    this.autocomplete = 'current-password';
    this.visible = false;
    this.showStrength = false;
  }

  protected override render() {
    const t = (k: string, p?: Record<string, string | number>) => this.#portal.t(k, p);
    const id = this.inputId;
    const hintId = this.hint ? `${id}-hint` : undefined;
    const strengthId = this.showStrength ? `${id}-strength` : undefined;
    const describedBy =
      [this.error ? `${id}-error` : undefined, hintId, strengthId].filter(Boolean).join(' ') || undefined;
    const level = passwordStrength(this.value);
    return html`<div class="field" part="field">
      <label for=${id} part="label">${label(this.label, this.requiredText)}</label>
      ${this.hint ? html`<span class="hint" id=${hintId as string}>${this.hint}</span>` : nothing}
      <div class="password-row">
        <input
          id=${id}
          name=${this.name}
          part="input"
          type=${this.visible ? 'text' : 'password'}
          .value=${live(this.value)}
          required
          aria-required="true"
          aria-invalid=${this.error ? 'true' : 'false'}
          aria-describedby=${ifDefined(describedBy)}
          autocomplete=${this.autocomplete}
          spellcheck="false"
          autocapitalize="off"
        />
        <button
          type="button"
          class="btn btn-outline toggle"
          aria-controls=${id}
          aria-pressed=${this.visible ? 'true' : 'false'}
          @click=${() =>
            this.dispatchEvent(new CustomEvent(VISIBILITY_EVENT, { detail: !this.visible, bubbles: true }))}
        >
          ${this.visible ? t('accounts.hidePassword') : t('accounts.showPassword')}
        </button>
      </div>
      ${
        this.showStrength && this.value
          ? html`<span class="strength strength-${level}" id=${strengthId as string}
              >${t('accounts.strength', { level: t(`accounts.strength.${level}`) })}</span
            >`
          : nothing
      }
      ${error(id, this.error)}
    </div>`;
  }
}

/** A labelled select. */
export class PagatoreSelectField extends LightElement {
  static override properties = {
    inputId: { attribute: false },
    name: {},
    label: {},
    value: {},
    options: { attribute: false },
    error: {},
    requiredText: {},
    autocomplete: {},
  };
  declare inputId: string;
  declare name: string;
  declare label: string;
  declare value: string;
  declare options: readonly { value: string; label: string }[];
  declare error: string | null;
  declare requiredText: string;
  declare autocomplete: string;

  constructor() {
    super();
    this.inputId = '';
    this.name = '';
    this.label = '';
    this.value = '';
    this.options = [];
  }

  protected override render() {
    const id = this.inputId;
    return html`<div class="field" part="field">
      <label for=${id} part="label">${label(this.label, this.requiredText)}</label>
      <select
        id=${id}
        name=${this.name}
        part="input"
        required
        aria-invalid=${this.error ? 'true' : 'false'}
        aria-describedby=${ifDefined(this.error ? `${id}-error` : undefined)}
        autocomplete=${ifDefined(this.autocomplete)}
      >
        ${this.options.map(
          (o) => html`<option value=${o.value} ?selected=${o.value === this.value}>${o.label}</option>`,
        )}
      </select>
      ${error(id, this.error)}
    </div>`;
  }
}

/** A checkbox with its label and message. */
export class PagatoreCheckboxField extends LightElement {
  static override properties = {
    inputId: { attribute: false },
    name: {},
    label: {},
    checked: { type: Boolean },
    error: {},
  };
  declare inputId: string;
  declare name: string;
  declare label: string;
  declare checked: boolean;
  declare error: string | null;

  constructor() {
    super();
    this.inputId = '';
    this.name = '';
    this.label = '';
    this.checked = false;
  }

  protected override render() {
    const id = this.inputId;
    return html`<div class="field check" part="field">
      <div class="check-row">
        <input
          type="checkbox"
          id=${id}
          name=${this.name}
          .checked=${live(this.checked)}
          required
          aria-required="true"
          aria-invalid=${this.error ? 'true' : 'false'}
          aria-describedby=${ifDefined(this.error ? `${id}-error` : undefined)}
        />
        <label for=${id}>${this.label}</label>
      </div>
      ${error(id, this.error)}
    </div>`;
  }
}

/** The field elements' tags, for `defineParts`. */
export const FIELD_PARTS = {
  'pagatore-text-field': PagatoreTextField,
  'pagatore-password-field': PagatorePasswordField,
  'pagatore-select-field': PagatoreSelectField,
  'pagatore-checkbox-field': PagatoreCheckboxField,
};
