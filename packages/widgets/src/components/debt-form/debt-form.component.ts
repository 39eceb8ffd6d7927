import {
  check,
  formatEuro,
  localText,
  type MyPractice,
  type Profile,
  type PublicService,
  type Service,
  type ServiceField,
  serviceAmount,
  submissionSchema,
  type SubmissionValues,
} from '@pagatore/sdk';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { PortalController } from '../../controllers/portal-controller.js';
import { emit } from '../../events/events.js';
import { defineParts, settled } from '../../elements/light-element.js';
import { formatImporto, parseImporto, validateImporto } from '../../fields/importo/importo.js';
import { notifyPracticesChanged } from '../../practices/changes.js';
import '../../practices/practice-events.js';
import { practiceStyles } from '../../practices/styles.js';
import { renderFacts } from '../../practices/view.js';
import { fieldProblems, NO_PROBLEMS, type Problems, problemsFrom } from '../../fields/problems.js';
import { focusAfterRender, renderErrorSummary } from '../../fields/error-summary.js';
import { renderHeading } from '../../elements/heading.js';
import { controls, tokens } from '../../styles/tokens.js';
import type { Lang } from '../../locales/index.js';
import { styles } from './debt-form.styles.js';
import { DEBT_FORM_PARTS, renderSelect } from './service-field.js';

type Raw = Record<string, string | boolean>;

/** The debtor a preview shows in place of the logged-in citizen's profile. */
export type PreviewDebtor = Pick<
  Profile,
  | 'fiscalCode'
  | 'subjectKind'
  | 'firstName'
  | 'lastName'
  | 'companyName'
  | 'address'
  | 'postalCode'
  | 'city'
  | 'province'
  | 'email'
>;

/**
 * A service definition to render as its citizens would see it, without a provider, a session or
 * any request: the staff console's live preview of a service being edited.
 */
export interface DebtFormPreview {
  service: PublicService;
  debtor: PreviewDebtor;
}

/** The schema helpers need a full service; the amount rule and fields are all they read. */
function asService(s: PublicService): Service {
  return s as unknown as Service;
}

/**
 * "Inserimento spontaneo": pick one of the entity's services, see the debtor's data (the
 * account's, not editable), fill the service's fields as the entity defined them, with its notes
 * at the bottom, and create a payable practice. The form checks with the same schema the server
 * applies; the server checks again against the stored definition.
 *
 * @summary Spontaneous payment form.
 * @event pagatore-practice-create - A practice was created. detail: { practiceId, entity, amount }
 * @event pagatore-debt-form-cancel - "Annulla".
 * @event pagatore-debt-form-preview - In preview, the values passed the service's checks (nothing was sent). detail: { values, amount }
 * @event pagatore-login-request - "Accedi" when there is no session.
 * @csspart error-summary - The list of problems after a failed submit.
 *
 * @example <pagatore-debt-form service="MENSA"></pagatore-debt-form>
 */
export class PagatoreDebtForm extends LitElement {
  static override styles = [tokens, controls, practiceStyles, styles];
  static override properties = {
    service: {},
    headingLevel: { type: Number, attribute: 'heading-level' },
    preview: { attribute: false },
    services: { state: true },
    profile: { state: true },
    previewChecked: { state: true },
    raw: { state: true },
    problems: { state: true },
    busy: { state: true },
    created: { state: true },
  };

  /** A service code to preselect. */
  declare service: string;

  /** Heading level of the title (2 by default). */
  declare headingLevel: number;

  /**
   * Renders this one service with this debtor instead of the entity's services and the account's
   * profile: no provider, session or request is needed, and submitting checks the values only.
   */
  declare preview: DebtFormPreview | null;

  declare private services: PublicService[] | null;
  declare private profile: PreviewDebtor | null;
  declare private previewChecked: boolean;
  declare private raw: Raw;
  declare private problems: Problems;
  declare private busy: boolean;
  declare private created: MyPractice | null;

  readonly #portal = new PortalController(this, ['session', 'entity']);

  constructor() {
    super();
    this.service = '';
    this.headingLevel = 2;
    this.preview = null;
    this.services = null;
    this.profile = null;
    this.previewChecked = false;
    this.raw = {};
    this.problems = NO_PROBLEMS;
    this.busy = false;
    this.created = null;
    defineParts(DEBT_FORM_PARTS);
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await settled(this.renderRoot);
    return done;
  }
  #loadedFor: string | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.preview) {
      this.services = [this.preview.service];
      this.profile = this.preview.debtor;
      this.service = this.preview.service.code;
      if (changed.has('preview')) this.previewChecked = false;
      return;
    }
    const token = this.#portal.state?.session?.token ?? null;
    if (token && this.#loadedFor !== token) {
      this.#loadedFor = token;
      void this.#load();
    }
  }

  async #load(): Promise<void> {
    const store = this.#portal.store;
    if (!store) return;
    try {
      const [services, profile] = await Promise.all([
        store.client.services.list(),
        store.client.accounts.me(),
      ]);
      this.services = services.items;
      this.profile = profile;
      if (this.service && !services.items.some((s) => s.code === this.service)) this.service = '';
      if (!this.service && services.items.length === 1) this.service = services.items[0]?.code ?? '';
    } catch (e) {
      this.services = [];
      this.problems = problemsFrom(e, this.#portal);
    }
  }

  get #selected(): PublicService | undefined {
    if (this.preview) return this.preview.service;
    return this.services?.find((s) => s.code === this.service);
  }

  #label(f: ServiceField): string {
    return localText(f.label, this.#portal.lang);
  }

  /** The raw inputs as the API wants them, or the problems of the fields that do not parse. */
  #values(s: PublicService): { values: SubmissionValues; fields: Record<string, string> } {
    const values: SubmissionValues = {};
    const fields: Record<string, string> = {};
    const lang = this.#portal.lang;
    for (const f of s.fields) {
      const raw = this.raw[f.name];
      if (f.type === 'checkbox') {
        values[f.name] = raw === true;
        continue;
      }
      const text = typeof raw === 'string' ? raw.trim() : '';
      if (text === '') continue;
      if (f.type === 'number') {
        const n = Number(text.replace(',', '.'));
        if (Number.isFinite(n)) values[f.name] = n;
        else fields[f.name] = this.#portal.error('invalid_type');
      } else if (f.type === 'amount') {
        const problem = validateImporto(text, { min: f.min, max: f.max }, lang);
        const cents = parseImporto(text);
        if (problem) fields[f.name] = this.#portal.t(problem.key, problem.params);
        else if (cents !== null) values[f.name] = cents;
      } else {
        values[f.name] = text;
      }
    }
    return { values, fields };
  }

  async #submit(e: Event): Promise<void> {
    e.preventDefault();
    const store = this.#portal.store;
    const s = this.#selected;
    if ((!store && !this.preview) || this.busy) return;
    if (!s) {
      this.problems = { fields: { service: this.#portal.error('required') }, general: null };
      await focusAfterRender(this, '#error-summary');
      return;
    }
    const { values, fields } = this.#values(s);
    const r = check(submissionSchema(asService(s)), values);
    const schemaFields = r.ok ? {} : fieldProblems(r.fields, this.#portal);
    const all = { ...schemaFields, ...fields };
    // A computed amount out of bounds is a problem of the whole form.
    const general = all[''] ? this.#portal.error('invalid_amount') : null;
    delete all[''];
    if (Object.keys(all).length > 0 || general) {
      this.problems = { fields: all, general };
      await focusAfterRender(this, '#error-summary');
      return;
    }
    this.problems = NO_PROBLEMS;
    if (this.preview || !store) {
      this.previewChecked = true;
      emit(this, 'pagatore-debt-form-preview', { values, amount: serviceAmount(asService(s), values) });
      await focusAfterRender(this, '#preview-checked');
      return;
    }
    this.busy = true;
    try {
      const practice = await store.client.spontaneous.create({ service: s.code, values });
      this.created = practice;
      emit(this, 'pagatore-practice-create', {
        practiceId: practice.id,
        entity: practice.entity.code,
        amount: practice.amount,
      });
      notifyPracticesChanged(store, practice.id);
      await focusAfterRender(this, '#created');
    } catch (err) {
      this.problems = problemsFrom(err, this.#portal, 'values.');
      await focusAfterRender(this, '#error-summary');
    } finally {
      this.busy = false;
    }
  }

  #set(name: string, value: string | boolean): void {
    this.raw = { ...this.raw, [name]: value };
  }

  /**
   * What the citizen types or picks in a service's fields, from the controls' own events: `input`
   * as it bubbles, and `change` in the capture phase (a `change` dispatched by script may not bubble).
   */
  #onInput = (e: Event): void => {
    const control = e.target as HTMLInputElement | HTMLSelectElement;
    const f = this.#selected?.fields.find((x) => x.name === control.name);
    if (!f) return;
    this.#set(
      f.name,
      f.type === 'checkbox' && control instanceof HTMLInputElement ? control.checked : control.value,
    );
  };

  /** An amount reads as the language writes it once the citizen leaves it. */
  #onLeave = (e: FocusEvent): void => {
    const control = e.target as HTMLInputElement;
    const f = this.#selected?.fields.find((x) => x.name === control.name);
    if (f?.type === 'amount') this.#set(f.name, formatImporto(control.value, this.#portal.lang));
  };

  #renderAmount(s: PublicService): TemplateResult | typeof nothing {
    const lang = this.#portal.lang;
    const t = (k: string, p?: Record<string, string | number>) => this.#portal.t(k, p);
    if (s.amount.kind === 'fixed') {
      return html`<p class="amount-line">
        ${t('debt.amountFixed', { amount: formatEuro(s.amount.amount, lang) })}
      </p>`;
    }
    if (s.amount.kind === 'computed') {
      const cents = serviceAmount(asService(s), this.#values(s).values);
      return html`<p class="amount-line" aria-live="polite">
        ${t('debt.amountComputed', { amount: formatEuro(cents, lang) })}
      </p>`;
    }
    return nothing;
  }

  #renderDebtor(p: PreviewDebtor): TemplateResult {
    const t = (k: string) => this.#portal.t(k);
    const legal = p.subjectKind === 'legal';
    const name = legal ? (p.companyName ?? '') : [p.firstName, p.lastName].filter(Boolean).join(' ');
    const address = [p.address, [p.postalCode, p.city, p.province].filter(Boolean).join(' ')]
      .filter(Boolean)
      .join(', ');
    return html`<fieldset>
      <legend>${t('debt.debtor')}</legend>
      <p class="note">${t('debt.debtorNote')}</p>
      <dl class="facts">
        <div>
          <dt>${t(legal ? 'debt.company' : 'debt.name')}</dt>
          <dd>${name}</dd>
        </div>
        <div>
          <dt>${t('debt.fiscalCode')}</dt>
          <dd class="mono">${p.fiscalCode}</dd>
        </div>
        ${
          address
            ? html`<div>
                <dt>${t('debt.address')}</dt>
                <dd>${address}</dd>
              </div>`
            : nothing
        }
        ${
          p.email
            ? html`<div>
                <dt>${t('debt.email')}</dt>
                <dd>${p.email}</dd>
              </div>`
            : nothing
        }
      </dl>
    </fieldset>`;
  }

  #reset(): void {
    this.created = null;
    this.raw = {};
    this.problems = NO_PROBLEMS;
    void focusAfterRender(this, '#service');
  }

  protected override render(): TemplateResult {
    const portal = this.#portal;
    const lang = portal.lang;
    const t = (k: string, p?: Record<string, string | number>) => portal.t(k, p);
    const title = renderHeading('debt-title', t('practice.spontaneous'), this.headingLevel, true);
    if (this.preview) return this.#renderForm(title, lang);
    if (!portal.store) return html`<p class="alert">${t('provider.noProvider')}</p>`;
    if (!portal.state?.session) {
      return html`<section aria-labelledby="debt-title">
        ${title}
        <p>${t('debt.loginNeeded')}</p>
        <button type="button" class="btn" @click=${() => emit(this, 'pagatore-login-request', {})}>
          ${t('practice.login')}
        </button>
      </section>`;
    }
    if (portal.state.entity && !portal.state.entity.spontaneousPayments) {
      return html`<section aria-labelledby="debt-title">
        ${title}
        <p>${portal.error('spontaneous_disabled')}</p>
      </section>`;
    }
    if (this.created) {
      const p = this.created;
      return html`<section aria-labelledby="debt-title">
        ${title}
        <div
          class="alert alert-success created"
          id="created"
          tabindex="-1"
          role="group"
          aria-labelledby="created-title"
        >
          ${renderHeading('created-title', `${t('debt.created')}: ${p.description}`, this.headingLevel + 1)}
          <p>${t('debt.createdText')}</p>
          ${renderFacts(p, portal)}
          <button type="button" class="btn btn-outline" @click=${this.#reset}>${t('debt.another')}</button>
        </div>
      </section>`;
    }
    if (this.services === null || this.profile === null) {
      return html`<section aria-labelledby="debt-title" aria-busy="true">
        ${title}
        <p role="status">${t('debt.loading')}</p>
        ${this.problems.general ? html`<p class="alert alert-danger" role="alert">${this.problems.general}</p>` : nothing}
      </section>`;
    }
    if (this.services.length === 0) {
      return html`<section aria-labelledby="debt-title">
        ${title}
        ${
          this.problems.general
            ? html`<p class="alert alert-danger" role="alert">${this.problems.general}</p>`
            : html`<p>${t('debt.noServices')}</p>`
        }
      </section>`;
    }
    return this.#renderForm(title, lang);
  }

  #renderForm(title: TemplateResult, lang: Lang): TemplateResult {
    const portal = this.#portal;
    const t = (k: string, p?: Record<string, string | number>) => portal.t(k, p);
    const services = this.services ?? [];
    const profile = this.profile;
    const s = this.#selected;
    const labels: Record<string, { id: string; label: string }> = {
      service: { id: 'service', label: t('debt.service') },
    };
    for (const f of s?.fields ?? []) labels[f.name] = { id: `f-${f.name}`, label: this.#label(f) };
    // A preview names its language for the service's fields, which have no provider to ask.
    return html`<section aria-labelledby="debt-title" lang=${ifDefined(this.preview ? lang : undefined)}>
      ${title}
      <p>${t('debt.intro')}</p>
      <form
        novalidate
        aria-labelledby="debt-title"
        @submit=${this.#submit}
        @input=${this.#onInput}
        @change=${{ handleEvent: this.#onInput, capture: true }}
        @focusout=${this.#onLeave}
      >
        ${renderErrorSummary(this.problems, labels, portal, (id) => this.shadowRoot?.getElementById(id)?.focus())}
        ${renderSelect(
          'service',
          undefined,
          t('debt.service'),
          this.service,
          services.map((x) => ({ value: x.code, label: localText(x.name, lang) })),
          {
            error: this.problems.fields.service,
            hint: s?.description ? localText(s.description, lang) : undefined,
            required: true,
            placeholder: t('debt.chooseService'),
          },
          t('common.required'),
          (v) => {
            this.service = v;
            this.raw = {};
            this.problems = NO_PROBLEMS;
          },
        )}
        ${profile ? this.#renderDebtor(profile) : nothing}
        ${
          s
            ? html`<fieldset>
                  <legend>${t('debt.details')}</legend>
                  ${s.fields.map(
                    (f) =>
                      html`<pagatore-service-field
                        .field=${f}
                        .value=${this.raw[f.name] ?? ''}
                        .error=${this.problems.fields[f.name]}
                      ></pagatore-service-field>`,
                  )}
                </fieldset>
                ${this.#renderAmount(s)}`
            : nothing
        }
        <div class="actions">
          <button type="submit" class="btn" ?disabled=${this.busy}>${t('debt.submit')}</button>
          <button
            type="button"
            class="btn btn-outline"
            @click=${() => emit(this, 'pagatore-debt-form-cancel', { entity: portal.store?.client.entityCode ?? '' })}
          >
            ${t('debt.cancel')}
          </button>
        </div>
        <p class="visually-hidden" role="status">${this.busy ? t('debt.creating') : ''}</p>
        ${
          this.preview && this.previewChecked
            ? html`<p class="alert alert-success" id="preview-checked" tabindex="-1" role="status">
                ${t('debt.previewChecked')}
              </p>`
            : nothing
        }
        ${
          s?.notes
            ? html`<aside class="notes alert" aria-label=${t('debt.notes')}>
                ${localText(s.notes, lang)}
              </aside>`
            : nothing
        }
      </form>
    </section>`;
  }
}
