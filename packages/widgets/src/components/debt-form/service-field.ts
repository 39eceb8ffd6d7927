/**
 * One field of a service's form, as the entity configured it (text, number, date, amount, select,
 * checkbox), with its label, help, bounds and message, in the citizen's language. The debt form
 * holds the values; what is typed reaches it as the control's own `input`/`change` events, under
 * the field's `name`.
 */
import { formatEuro, localText, type ServiceField } from '@pagatore/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { PortalController } from '../../controllers/portal-controller.js';
import { renderField } from '../../fields/field.js';
import { LightElement } from '../../elements/light-element.js';

/** A labelled select with an empty first choice (the form's service picker uses it too). */
export function renderSelect(
  id: string,
  name: string | undefined,
  label: string,
  value: string,
  options: { value: string; label: string }[],
  o: { error?: string | undefined; hint?: string | undefined; required: boolean; placeholder: string },
  requiredText: string,
  onChange?: (v: string) => void,
): TemplateResult {
  const hintId = o.hint ? `${id}-hint` : undefined;
  const errorId = o.error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return html`<div class="field">
    <label for=${id}
      >${label}${o.required ? html` <span class="hint">(${requiredText})</span>` : nothing}</label
    >
    ${o.hint ? html`<span class="hint" id=${hintId as string}>${o.hint}</span>` : nothing}
    <select
      id=${id}
      name=${ifDefined(name)}
      ?required=${o.required}
      aria-invalid=${o.error ? 'true' : 'false'}
      aria-describedby=${ifDefined(describedBy)}
      .value=${live(value)}
      @change=${(e: Event) => onChange?.((e.target as HTMLSelectElement).value)}
    >
      <option value="" ?selected=${value === ''}>${o.placeholder}</option>
      ${options.map((opt) => html`<option value=${opt.value} ?selected=${opt.value === value}>${opt.label}</option>`)}
    </select>
    ${o.error ? html`<span class="error" id=${errorId as string}>${o.error}</span>` : nothing}
  </div>`;
}

export class PagatoreServiceField extends LightElement {
  readonly #portal = new PortalController(this, []);
  static override properties = {
    field: { attribute: false },
    value: { attribute: false },
    error: { attribute: false },
  };
  declare field: ServiceField;
  /** Text as typed, or the checkbox's state. */
  declare value: string | boolean;
  declare error: string | undefined;

  constructor() {
    super();
    this.value = '';
  }

  protected override render(): TemplateResult {
    const f = this.field;
    const lang = this.#portal.lang;
    const t = (k: string, p?: Record<string, string | number>) => this.#portal.t(k, p);
    const id = `f-${f.name}`;
    const label = localText(f.label, lang);
    const help = f.help ? localText(f.help, lang) : undefined;
    const error = this.error;
    const text = typeof this.value === 'string' ? this.value : '';
    const common = {
      id,
      name: f.name,
      label,
      value: text,
      error: error ?? null,
      required: f.required,
      requiredText: t('common.required'),
    };
    switch (f.type) {
      case 'text':
        return renderField({ ...common, hint: help, maxlength: f.maxLength, autocomplete: 'off' });
      case 'number':
        return renderField({ ...common, hint: help, inputmode: f.integer ? 'numeric' : 'decimal' });
      case 'date':
        return renderField({ ...common, hint: help, type: 'date' });
      case 'amount': {
        const bounds =
          f.min !== undefined && f.max !== undefined
            ? t('debt.amountBounds', { min: formatEuro(f.min, lang), max: formatEuro(f.max, lang) })
            : t('field.importo.hint');
        return renderField({
          ...common,
          hint: [help, bounds].filter(Boolean).join(' '),
          inputmode: 'decimal',
        });
      }
      case 'select':
        return renderSelect(
          id,
          f.name,
          label,
          text,
          f.options.map((o) => ({
            value: o.value,
            label: o.cents
              ? `${localText(o.label, lang)} (+ ${formatEuro(o.cents, lang)})`
              : localText(o.label, lang),
          })),
          { error, hint: help, required: f.required, placeholder: '—' },
          t('common.required'),
        );
      case 'checkbox': {
        const hintId = help ? `${id}-hint` : undefined;
        const errorId = error ? `${id}-error` : undefined;
        return html`<div class="check-field">
          <div class="check">
            <input
              type="checkbox"
              id=${id}
              name=${f.name}
              .checked=${live(this.value === true)}
              ?required=${f.required}
              aria-invalid=${error ? 'true' : 'false'}
              aria-describedby=${ifDefined([errorId, hintId].filter(Boolean).join(' ') || undefined)}
            />
            <label for=${id}
              >${label}${f.required ? html` <span class="hint">(${t('common.required')})</span>` : nothing}</label
            >
          </div>
          ${help ? html`<span class="hint" id=${hintId as string}>${help}</span>` : nothing}
          ${error ? html`<span class="error" id=${errorId as string}>${error}</span>` : nothing}
        </div>`;
      }
    }
  }
}

export const DEBT_FORM_PARTS = { 'pagatore-service-field': PagatoreServiceField };
