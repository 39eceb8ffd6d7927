/**
 * One labelled input with hint and error, rendered into the host's shadow root so `for`,
 * `aria-describedby` and the form's live region all resolve (ARIA references do not cross shadow
 * roots). Field kinds (codice fiscale, codice avviso, importo) add parse, format and validate.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';

export interface FieldOptions {
  id: string;
  name: string;
  label: string;
  value: string;
  hint?: string;
  error?: string | null;
  required?: boolean;
  readonly?: boolean;
  type?: 'text' | 'email' | 'tel' | 'password' | 'number' | 'date';
  autocomplete?: string;
  inputmode?: 'text' | 'numeric' | 'decimal' | 'email' | 'tel';
  maxlength?: number;
  /** Monospaced, for codes. */
  mono?: boolean;
  /** Text shown after the label for required fields (e.g. "obbligatorio"). */
  requiredText?: string;
  onInput?: (value: string) => void;
  onBlur?: (value: string) => void;
}

/** Renders a field; ids derive from `id` (`<id>-hint`, `<id>-error`). */
export function renderField(o: FieldOptions): TemplateResult {
  const hintId = o.hint ? `${o.id}-hint` : undefined;
  const errorId = o.error ? `${o.id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return html`<div class="field" part="field">
    <label for=${o.id} part="label"
      >${o.label}${o.required && o.requiredText ? html` <span class="hint">(${o.requiredText})</span>` : nothing}</label
    >
    ${o.hint ? html`<span class="hint" id=${hintId as string}>${o.hint}</span>` : nothing}
    <input
      id=${o.id}
      name=${o.name}
      part="input"
      class=${o.mono ? 'mono' : ''}
      type=${o.type ?? 'text'}
      .value=${live(o.value)}
      ?required=${o.required}
      ?readonly=${o.readonly}
      aria-required=${o.required ? 'true' : 'false'}
      aria-invalid=${o.error ? 'true' : 'false'}
      aria-describedby=${ifDefined(describedBy)}
      autocomplete=${ifDefined(o.autocomplete)}
      inputmode=${ifDefined(o.inputmode)}
      maxlength=${ifDefined(o.maxlength)}
      spellcheck="false"
      @input=${(e: Event) => o.onInput?.((e.target as HTMLInputElement).value)}
      @blur=${(e: Event) => o.onBlur?.((e.target as HTMLInputElement).value)}
    />
    ${o.error ? html`<span class="error" id=${errorId as string} part="error">${o.error}</span>` : nothing}
  </div>`;
}
