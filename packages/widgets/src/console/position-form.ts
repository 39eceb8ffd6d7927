/**
 * `<pagatore-console-position-form>`: creates a position (`iupd` null) or edits one, for an operator
 * or admin. The form is checked with the SDK's own schema (PositionInput / PositionUpdate, the
 * admin API's validation) before it is sent, and the server's field problems land by the same
 * fields: each error under its field, focus on the first. The clerk types euro ("150,00"), the API
 * takes cents. A position with installments or several beneficiaries keeps its options as they
 * are: the form changes its debtor and description, and the amount and due date of a single payment
 * with one beneficiary.
 */
import {
  check,
  centsToDecimal,
  PagatoreError,
  parseAmount,
  PositionInput,
  PositionUpdate,
  type PagatoreConsoleClient,
  type Position,
  type StaffRole,
} from '@pagatore/sdk';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { defineElement } from '../define.js';
import { controls, tokens } from '../styles/tokens.js';
import { type ConsoleKey, type ConsoleLang, errorText, fieldText, t } from './i18n.js';
import { consoleStyles } from './styles.js';

/** The form's fields, in the order they show (the first error is the first of these). */
const FIELDS = [
  'iupd',
  'debtor.fiscalCode',
  'debtor.name',
  'debtor.email',
  'debtor.address',
  'debtor.city',
  'debtor.postalCode',
  'debtor.province',
  'description',
  'single.amount',
  'single.dueDate',
  'transfer.iban',
  'transfer.remittance',
  'transfer.taxonomy',
] as const;
type Field = (typeof FIELDS)[number];
type Values = Partial<Record<Field, string>>;

const LABELS: Record<Field, ConsoleKey> = {
  iupd: 'position.form.iupd',
  'debtor.fiscalCode': 'position.fiscalCode',
  'debtor.name': 'position.form.name',
  'debtor.email': 'position.form.email',
  'debtor.address': 'position.form.address',
  'debtor.city': 'position.form.city',
  'debtor.postalCode': 'position.form.postalCode',
  'debtor.province': 'position.form.province',
  description: 'positions.description',
  'single.amount': 'position.form.amount',
  'single.dueDate': 'positions.due',
  'transfer.iban': 'position.form.iban',
  'transfer.remittance': 'position.form.remittance',
  'transfer.taxonomy': 'position.form.taxonomy',
};

/** The form field a schema path (`single.transfers.0.iban`, `debtor.name`) belongs to. */
function fieldOf(path: string): Field {
  const p = path.replace(/^body\./, '');
  const transfer = /^(single|installments\.\d+)\.transfers(?:\.\d+)?\.?(\w+)?$/.exec(p);
  if (transfer) {
    const leaf = transfer[2];
    if (leaf === 'iban' || leaf === 'remittance' || leaf === 'taxonomy') return `transfer.${leaf}`;
    return 'single.amount';
  }
  if (p.startsWith('installments') || p === 'single' || p === 'validityDate') return 'single.dueDate';
  if (p === 'single.description') return 'description';
  if ((FIELDS as readonly string[]).includes(p)) return p as Field;
  if (p.startsWith('debtor')) return 'debtor.fiscalCode';
  return 'description';
}

export class PagatoreConsolePositionForm extends LitElement {
  static override styles = [tokens, controls, consoleStyles];
  static override properties = {
    client: { attribute: false },
    locale: { attribute: false },
    entity: { attribute: false },
    staffRole: { attribute: false },
    iupd: { attribute: false },
    values: { state: true },
    ibans: { state: true },
    original: { state: true },
    errors: { state: true },
    error: { state: true },
    busy: { state: true },
    ready: { state: true },
  };

  declare client: PagatoreConsoleClient;
  declare locale: ConsoleLang;
  declare entity: string | null;
  declare staffRole: StaffRole;
  /** The position edited, or null for a new one. */
  declare iupd: string | null;

  declare private values: Values;
  declare private ibans: string[];
  declare private original: Position | null;
  declare private errors: Partial<Record<Field, string>>;
  declare private error: string;
  declare private busy: boolean;
  declare private ready: boolean;

  constructor() {
    super();
    this.locale = 'it';
    this.entity = null;
    this.staffRole = 'viewer';
    this.iupd = null;
    this.values = {};
    this.ibans = [];
    this.original = null;
    this.errors = {};
    this.error = '';
    this.busy = false;
    this.ready = false;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('entity') || changed.has('iupd')) void this.#load();
  }

  /** Whether the form edits the single payment (one option, one beneficiary) or leaves options be. */
  get #simple(): boolean {
    const p = this.original;
    return !p || (p.single !== null && p.installments.length === 0 && p.single.transfers.length === 1);
  }

  async #load(): Promise<void> {
    if (!this.entity) return;
    this.ready = false;
    this.error = '';
    this.errors = {};
    try {
      const settings = await this.client.entitySettings.get();
      this.ibans = settings.ibans;
      if (this.iupd) {
        const p = await this.client.positions.get(this.iupd);
        this.original = p;
        const s = p.single;
        const tr = s?.transfers[0];
        this.values = {
          'debtor.fiscalCode': p.debtor.fiscalCode,
          'debtor.name': p.debtor.name,
          'debtor.email': p.debtor.email ?? '',
          'debtor.address': p.debtor.address ?? '',
          'debtor.city': p.debtor.city ?? '',
          'debtor.postalCode': p.debtor.postalCode ?? '',
          'debtor.province': p.debtor.province ?? '',
          description: p.description,
          'single.amount': s ? centsToDecimal(s.amount).replace('.', this.locale === 'it' ? ',' : '.') : '',
          'single.dueDate': s?.dueDate ?? '',
          'transfer.iban': tr?.iban ?? '',
          'transfer.remittance': tr?.remittance ?? '',
          'transfer.taxonomy': tr?.taxonomy ?? '',
        };
      } else {
        this.original = null;
        this.values = { 'transfer.iban': settings.ibans[0] ?? '' };
      }
      this.ready = true;
    } catch (e) {
      this.error = errorText(this.locale, e);
    }
    await this.updateComplete;
    (this.renderRoot.querySelector('h1') as HTMLElement | null)?.focus();
  }

  #read(form: HTMLFormElement): Values {
    const values: Values = {};
    for (const f of FIELDS) {
      const el = form.elements.namedItem(f) as HTMLInputElement | HTMLSelectElement | null;
      if (el) values[f] = el.value.trim();
    }
    return values;
  }

  /** The request body from the form, or the fields the clerk must fix before it can be built. */
  #body(values: Values): { body: Record<string, unknown>; errors: Partial<Record<Field, string>> } {
    const lang = this.locale;
    const opt = (f: Field) => (values[f] ? values[f] : undefined);
    const debtor = {
      fiscalCode: (values['debtor.fiscalCode'] ?? '').toUpperCase(),
      name: values['debtor.name'] ?? '',
      email: opt('debtor.email'),
      address: opt('debtor.address'),
      city: opt('debtor.city'),
      postalCode: opt('debtor.postalCode'),
      province: opt('debtor.province'),
    };
    const body: Record<string, unknown> = {
      ...(this.iupd ? {} : { iupd: values.iupd ?? '' }),
      debtor,
      description: values.description ?? '',
    };
    const p = this.original;
    const errors: Partial<Record<Field, string>> = {};
    if (this.#simple) {
      const parsed = parseAmount(values['single.amount'] ?? '');
      // A bad amount is said by its field; the rest is still checked (with a stand-in amount).
      if (!parsed.ok)
        errors['single.amount'] = fieldText(lang, parsed.problem === 'empty' ? 'required' : 'invalid_amount');
      const amount = parsed.ok ? parsed : { cents: 1 };
      const single = p?.single;
      body.single = {
        amount: amount.cents,
        dueDate: values['single.dueDate'] ?? '',
        ...(single?.description ? { description: single.description } : {}),
        ...(single ? { iuv: single.iuv, nav: single.nav } : {}),
        transfers: [
          {
            iban: values['transfer.iban'] ?? '',
            amount: amount.cents,
            remittance: values['transfer.remittance'] || (values.description ?? ''),
            taxonomy: values['transfer.taxonomy'] ?? '',
          },
        ],
      };
    } else if (p) {
      // Options the form does not show go back as they are, with their codes.
      const keep = (o: NonNullable<Position['single']>) => ({
        amount: o.amount,
        dueDate: o.dueDate,
        ...(o.description ? { description: o.description } : {}),
        iuv: o.iuv,
        nav: o.nav,
        transfers: o.transfers.map(({ iban, postal, amount, remittance, taxonomy }) => ({
          iban,
          postal,
          amount,
          remittance,
          taxonomy,
        })),
      });
      if (p.single) body.single = keep(p.single);
      if (p.installments.length > 0) body.installments = p.installments.map(keep);
    }
    if (p?.service) body.service = p.service;
    if (p?.validityDate) body.validityDate = p.validityDate;
    return { body, errors };
  }

  async #submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const lang = this.locale;
    const values = this.#read(e.target as HTMLFormElement);
    this.values = values;
    this.error = '';
    const built = this.#body(values);
    const r = check(this.iupd ? PositionUpdate : PositionInput, built.body);
    const errors = { ...(r.ok ? {} : this.#fieldErrors(r.fields)), ...built.errors };
    if (Object.keys(errors).length > 0) {
      await this.#showErrors(errors);
      return;
    }
    this.busy = true;
    try {
      const saved = this.iupd
        ? await this.client.positions.update(this.iupd, built.body as PositionUpdate)
        : await this.client.positions.create(built.body as PositionInput);
      location.hash = `#/positions/${encodeURIComponent(saved.iupd)}`;
    } catch (err) {
      this.error = errorText(lang, err);
      await this.#showErrors(err instanceof PagatoreError ? this.#fieldErrors(err.fields) : {});
    } finally {
      this.busy = false;
    }
  }

  #fieldErrors(fields: readonly { path: string; code: string }[]): Partial<Record<Field, string>> {
    const out: Partial<Record<Field, string>> = {};
    for (const f of fields) {
      const field = fieldOf(f.path);
      out[field] ??= fieldText(this.locale, f.code);
    }
    return out;
  }

  async #showErrors(errors: Partial<Record<Field, string>>): Promise<void> {
    this.errors = errors;
    await this.updateComplete;
    const first = FIELDS.find((f) => errors[f]);
    const target = first
      ? this.renderRoot.querySelector<HTMLElement>(`[name="${first}"]`)
      : this.renderRoot.querySelector<HTMLElement>('[role="alert"]');
    target?.focus();
  }

  #field(name: Field, opts: { type?: string; hint?: ConsoleKey; required?: boolean; mode?: string } = {}) {
    const lang = this.locale;
    const err = this.errors[name];
    const id = `pf-${name.replace('.', '-')}`;
    const described = [opts.hint ? `${id}-hint` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ');
    const label = t(lang, LABELS[name]);
    const control =
      name === 'transfer.iban' && this.ibans.length > 0
        ? html`<select
            id=${id}
            name=${name}
            aria-invalid=${err ? 'true' : 'false'}
            aria-describedby=${described || nothing}
          >
            ${[...new Set([...this.ibans, this.values[name] ?? ''])]
              .filter(Boolean)
              .map(
                (iban) =>
                  html`<option value=${iban} ?selected=${this.values[name] === iban}>${iban}</option>`,
              )}
          </select>`
        : html`<input
            id=${id}
            name=${name}
            type=${opts.type ?? 'text'}
            inputmode=${opts.mode ?? nothing}
            .value=${this.values[name] ?? ''}
            ?required=${opts.required ?? false}
            aria-required=${opts.required ? 'true' : nothing}
            aria-invalid=${err ? 'true' : 'false'}
            aria-describedby=${described || nothing}
          />`;
    return html`<div class="field">
      <label for=${id}>${label}${opts.required ? html` <span aria-hidden="true">*</span>` : nothing}</label>
      ${opts.hint ? html`<span class="hint" id="${id}-hint">${t(lang, opts.hint)}</span>` : nothing}
      ${control} ${err ? html`<span class="error" id="${id}-error">${err}</span>` : nothing}
    </div>`;
  }

  override render() {
    const lang = this.locale;
    const canChange = this.staffRole === 'operator' || this.staffRole === 'admin';
    const title = this.iupd
      ? t(lang, 'position.editTitle', { iupd: this.iupd })
      : t(lang, 'position.newTitle');
    const back = this.iupd ? `#/positions/${encodeURIComponent(this.iupd)}` : '#/positions';
    if (!canChange)
      return html`<h1 tabindex="-1">${title}</h1>
        <p class="alert" data-read-only>
          ${t(lang, 'position.noRole', { role: t(lang, `role.${this.staffRole}`) })}
        </p>`;
    return html`<p><a href=${back}>${t(lang, this.iupd ? 'position.form.back' : 'position.back')}</a></p>
      <h1 tabindex="-1">${title}</h1>
      ${this.error ? html`<div class="alert alert-danger" role="alert" tabindex="-1">${this.error}</div>` : nothing}
      ${
        this.ready
          ? html`<form novalidate @submit=${(e: SubmitEvent) => void this.#submit(e)}>
              <p class="hint">${t(lang, 'position.form.required')}</p>
              ${this.iupd ? nothing : html`<div class="row">${this.#field('iupd', { required: true, hint: 'position.form.iupdHint' })}</div>`}
              <fieldset>
                <legend>${t(lang, 'position.debtor')}</legend>
                <div class="row">
                  ${this.#field('debtor.fiscalCode', { required: true })}
                  ${this.#field('debtor.name', { required: true })}
                  ${this.#field('debtor.email', { type: 'email' })}
                </div>
                <div class="row">
                  ${this.#field('debtor.address')} ${this.#field('debtor.city')}
                  ${this.#field('debtor.postalCode')}
                  ${this.#field('debtor.province', { hint: 'position.form.provinceHint' })}
                </div>
              </fieldset>
              <fieldset>
                <legend>${t(lang, 'position.form.payment')}</legend>
                <div class="row">${this.#field('description', { required: true })}</div>
                ${
                  this.#simple
                    ? html`<div class="row">
                          ${this.#field('single.amount', { required: true, hint: 'positions.amountHint', mode: 'decimal' })}
                          ${this.#field('single.dueDate', { required: true, type: 'date' })}
                        </div>
                        <div class="row">
                          ${this.#field('transfer.iban', { required: true })}
                          ${this.#field('transfer.remittance')}
                          ${this.#field('transfer.taxonomy', { required: true, hint: 'position.form.taxonomyHint' })}
                        </div>`
                    : html`<p class="hint">${t(lang, 'position.form.optionsKept')}</p>`
                }
              </fieldset>
              <div class="actions">
                <button class="btn" type="submit" ?disabled=${this.busy}>
                  ${t(lang, this.iupd ? 'position.form.save' : 'position.form.create')}
                </button>
                <a class="btn btn-outline" href=${back}>${t(lang, 'position.form.cancel')}</a>
              </div>
            </form>`
          : this.error
            ? nothing
            : html`<p role="status">${t(lang, 'app.loading')}</p>`
      }`;
  }
}

defineElement('pagatore-console-position-form', PagatoreConsolePositionForm);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-console-position-form': PagatoreConsolePositionForm;
  }
}
