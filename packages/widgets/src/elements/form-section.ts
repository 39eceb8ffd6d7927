/**
 * A section of a form (a fieldset of related fields, a step's body): a part that draws its fields
 * from the form's values and problems and leaves the state to the form. What the citizen types
 * reaches the form as the controls' own events (see `fields.ts`).
 */
import { PASSWORD_POLICY } from '@pagatore/sdk';
import { html, type PropertyDeclarations, type TemplateResult } from 'lit';
import { PortalController } from '../controllers/portal-controller.js';
import type { FieldOptions } from '../fields/field.js';
import { NO_PROBLEMS, type Problems } from '../fields/problems.js';
import { LightElement } from './light-element.js';

/** What a text field may set beyond its name, label, value and message. */
export type TextOptions = Partial<
  Pick<
    FieldOptions,
    'hint' | 'required' | 'readonly' | 'type' | 'autocomplete' | 'inputmode' | 'maxlength' | 'mono'
  >
>;

export class FormSection<V extends object> extends LightElement {
  /** The section's strings follow the portal's language; the entity's texts its settings. */
  protected readonly portal = new PortalController(this, ['entity']);
  static override properties: PropertyDeclarations = {
    values: { attribute: false },
    problems: { attribute: false },
    idPrefix: { attribute: false },
  };
  /** The form's values, by field name. */
  declare values: V;
  declare problems: Problems;
  /** Ids are `<prefix>-<name>`, as the form's error summary links them. */
  declare idPrefix: string;

  constructor() {
    super();
    this.problems = NO_PROBLEMS;
    this.idPrefix = '';
  }

  protected t(key: string, params?: Record<string, string | number>): string {
    return this.portal.t(key, params);
  }

  /** A text field for one of the values; required unless the options say otherwise. */
  protected text(name: keyof V & string, labelKey: string, o: TextOptions = {}): TemplateResult {
    const required = o.required ?? true;
    return html`<pagatore-text-field
      .inputId=${`${this.idPrefix}-${name}`}
      .name=${name}
      .label=${this.t(labelKey)}
      .value=${String(this.values[name] ?? '')}
      .hint=${o.hint}
      .error=${this.problems.fields[name] ?? null}
      .required=${required}
      .readonly=${o.readonly ?? false}
      .type=${o.type}
      .autocomplete=${o.autocomplete}
      .inputmode=${o.inputmode}
      .maxlength=${o.maxlength}
      .mono=${o.mono ?? false}
      .requiredText=${required ? this.t('common.required') : undefined}
    ></pagatore-text-field>`;
  }

  /**
   * A password field for one of the values. A new password states the policy and shows its
   * strength; the form's one show/hide reaches every password field through `visible`.
   */
  protected password(
    name: keyof V & string,
    labelKey: string,
    o: { isNew: boolean; visible: boolean },
  ): TemplateResult {
    return html`<pagatore-password-field
      .inputId=${`${this.idPrefix}-${name}`}
      name=${name}
      .label=${this.t(labelKey)}
      .hint=${o.isNew ? this.t('accounts.passwordPolicy', { min: PASSWORD_POLICY.minLength }) : undefined}
      .value=${String(this.values[name] ?? '')}
      .error=${this.problems.fields[name] ?? null}
      autocomplete=${o.isNew ? 'new-password' : 'current-password'}
      .visible=${o.visible}
      ?showStrength=${o.isNew}
      .requiredText=${this.t('common.required')}
    ></pagatore-password-field>`;
  }
}
