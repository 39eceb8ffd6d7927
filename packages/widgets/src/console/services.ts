/**
 * The services pages: `<pagatore-console-services>` lists the entity's services for spontaneous
 * payments; `<pagatore-console-service>` creates or edits one (its names, notes, form fields, amount
 * rule, the position it becomes, active or not) beside a live preview of the citizen's form, drawn
 * by the citizen widget itself (`<pagatore-debt-form>` in preview mode: it sends nothing).
 *
 * The editor holds the definition as the admin API takes it (the SDK's `ServiceInput`) and checks it
 * with the same schema before saving; the server checks again, and either's field problems show by
 * the field they are about, the first one focused. A viewer reads the definition, every control
 * disabled; the server refuses a viewer's change anyway.
 */
import {
  AmountRule,
  check,
  type FieldProblem,
  formatCents,
  formatEuro,
  type LocalText,
  localText,
  PagatoreError,
  parseAmount,
  type PagatoreConsoleClient,
  type PublicService,
  ServiceField,
  ServiceInput,
  ServiceUpdate,
  type ServiceView,
  type StaffRole,
} from '@pagatore/sdk';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { live } from 'lit/directives/live.js';
import type { DebtFormPreview, PreviewDebtor } from '../components/debt-form/debt-form.component.js';
import '../components/debt-form/debt-form.js';
import { defineElement } from '../define.js';
import { loadLang } from '../locales/index.js';
import { controls, tokens } from '../styles/tokens.js';
import { type ConsoleKey, type ConsoleLang, errorText, fieldText, t } from './i18n.js';
import { consoleStyles } from './styles.js';
import { servicesStyles } from './services-styles.js';

/** The definition being edited: the JSON the admin API takes, possibly not valid yet. */
type Json = Record<string, unknown>;
type Draft = Json & { fields: Json[]; amount: Json; position: Json };

const FIELD_TYPES = ['text', 'number', 'date', 'select', 'checkbox', 'amount'] as const;
const AMOUNT_KINDS = ['fixed', 'entered', 'computed'] as const;

/** Route value of a service not created yet (`#/services/:new`: no service code has a colon). */
export const NEW_SERVICE = ':new';

/** The debtor the preview shows where the citizen would see their own data. */
const SAMPLE_DEBTOR: PreviewDebtor = {
  fiscalCode: 'RSSMRA85T10A562S',
  subjectKind: 'person',
  firstName: 'Mario',
  lastName: 'Rossi',
  companyName: null,
  address: 'Via Roma 1',
  postalCode: '00100',
  city: 'Roma',
  province: 'RM',
  email: 'mario.rossi@example.it',
};

function canChange(role: StaffRole): boolean {
  return role === 'operator' || role === 'admin';
}

/** A short text of how a service is priced, for the list. */
function amountSummary(lang: ConsoleLang, s: ServiceView): string {
  const a = s.amount;
  if (a.kind === 'fixed') return t(lang, 'services.amountFixedIs', { amount: formatEuro(a.amount, lang) });
  if (a.kind === 'entered')
    return t(lang, 'services.amountEnteredIs', {
      min: formatEuro(a.min, lang),
      max: formatEuro(a.max, lang),
    });
  return t(lang, 'services.kind.computed');
}

export class PagatoreConsoleServices extends LitElement {
  static override styles = [tokens, controls, consoleStyles, servicesStyles];
  static override properties = {
    client: { attribute: false },
    locale: { attribute: false },
    entity: { attribute: false },
    staffRole: { attribute: false },
    items: { state: true },
    error: { state: true },
  };

  declare client: PagatoreConsoleClient;
  declare locale: ConsoleLang;
  declare entity: string | null;
  declare staffRole: StaffRole;

  declare private items: ServiceView[] | null;
  declare private error: string;

  constructor() {
    super();
    this.locale = 'it';
    this.entity = null;
    this.staffRole = 'viewer';
    this.items = null;
    this.error = '';
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('entity')) void this.#load();
  }

  async #load(): Promise<void> {
    if (!this.entity) return;
    this.error = '';
    try {
      this.items = (await this.client.services.list()).items;
    } catch (e) {
      this.items = null;
      this.error = errorText(this.locale, e);
    }
  }

  override render() {
    const lang = this.locale;
    const items = this.items;
    return html`<h1 tabindex="-1">${t(lang, 'services.title')}</h1>
      <p>${t(lang, 'services.intro')}</p>
      ${
        canChange(this.staffRole)
          ? html`<p><a class="btn" href="#/services/${NEW_SERVICE}">${t(lang, 'services.new')}</a></p>`
          : html`<p class="alert" data-read-only>
              ${t(lang, 'services.noRole', { role: t(lang, `role.${this.staffRole}`) })}
            </p>`
      }
      ${this.error ? html`<div class="alert alert-danger" role="alert">${this.error}</div>` : nothing}
      <p role="status">
        ${items === null ? (this.error ? '' : t(lang, 'app.loading')) : items.length === 0 ? t(lang, 'services.empty') : ''}
      </p>
      ${
        items && items.length > 0
          ? html`<div class="table-wrap" role="region" aria-labelledby="svc-caption" tabindex="0">
              <table>
                <caption id="svc-caption">
                  ${t(lang, 'services.caption', { total: items.length })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t(lang, 'services.code')}</th>
                    <th scope="col">${t(lang, 'services.name')}</th>
                    <th scope="col">${t(lang, 'services.amount')}</th>
                    <th scope="col" class="num">${t(lang, 'services.fieldCount')}</th>
                    <th scope="col">${t(lang, 'services.state')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${items.map(
                    (s) =>
                      html`<tr data-code=${s.code}>
                        <th scope="row">
                          <a
                            href="#/services/${encodeURIComponent(s.code)}"
                            aria-label=${t(lang, 'services.open', { code: s.code, name: localText(s.name, lang) })}
                            >${s.code}</a
                          >
                        </th>
                        <td>${localText(s.name, lang)}</td>
                        <td>${amountSummary(lang, s)}</td>
                        <td class="num">${s.fields.length}</td>
                        <td>
                          <span class="badge ${s.enabled ? 'paid' : 'cancelled'}"
                            >${t(lang, s.enabled ? 'services.active' : 'services.inactive')}</span
                          >
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : nothing
      }`;
  }
}

/** A copy of the draft with the value at a dotted path set (undefined removes the key). */
function setIn<T>(root: T, path: string, value: unknown): T {
  const copy = structuredClone(root) as unknown as Json;
  const keys = path.split('.');
  let node: Json = copy;
  for (const k of keys.slice(0, -1)) {
    const next = node[k];
    if (typeof next !== 'object' || next === null) node[k] = {};
    node = node[k] as Json;
  }
  const last = keys[keys.length - 1] as string;
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy as unknown as T;
}

function getIn(root: unknown, path: string): unknown {
  let node = root;
  for (const k of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Json)[k];
  }
  return node;
}

/** A label's Italian and English texts. */
function textsOf(value: unknown): { it: string; en: string; de?: string } {
  if (typeof value === 'string') return { it: value, en: '' };
  if (value && typeof value === 'object') {
    const o = value as { it?: string; en?: string; de?: string };
    return { it: o.it ?? '', en: o.en ?? '', ...(o.de ? { de: o.de } : {}) };
  }
  return { it: '', en: '' };
}

/** A label as the model stores it: plain Italian, or Italian with its translations. */
function localOf(it: string, en: string, de?: string): LocalText | undefined {
  if (!en && !de) return it === '' ? undefined : it;
  return { it, ...(en ? { en } : {}), ...(de ? { de } : {}) };
}

function idOf(path: string): string {
  return `s-${path.replace(/\./g, '-')}`;
}

function newDraft(iban: string | undefined): Draft {
  return {
    code: '',
    name: '',
    enabled: true,
    fields: [],
    amount: { kind: 'fixed' },
    position: { description: '', dueInDays: 30, ...(iban ? { iban } : {}), taxonomy: '' },
  };
}

/** What the citizen's form can already show of a draft: the fields that are complete enough. */
export function previewOf(d: Draft, lang: ConsoleLang): PublicService {
  const seen = new Set<string>();
  const fields: ServiceField[] = [];
  for (const raw of d.fields) {
    const f: Json = { ...raw };
    if (!textsOf(f.label).it) f.label = typeof f.name === 'string' && f.name ? f.name : '…';
    if (f.type === 'select' && Array.isArray(f.options))
      f.options = (f.options as Json[])
        .filter((o) => typeof o.value === 'string' && o.value !== '')
        .map((o) => (textsOf(o.label).it ? o : { ...o, label: o.value }));
    let r = check(ServiceField, f);
    if (!r.ok) {
      delete f.pattern;
      r = check(ServiceField, f);
    }
    if (r.ok && !seen.has(r.value.name)) {
      seen.add(r.value.name);
      fields.push(r.value);
    }
  }
  const amount = check(AmountRule, d.amount);
  const name = textsOf(d.name);
  return {
    code: typeof d.code === 'string' && d.code ? d.code : 'PREVIEW',
    name: localOf(name.it || t(lang, 'services.untitled'), name.en, name.de) ?? '',
    description: d.description as LocalText | undefined,
    notes: d.notes as LocalText | undefined,
    fields,
    // An amount rule not complete yet shows no amount line.
    amount: amount.ok ? amount.value : { kind: 'entered', field: '', min: 1, max: 1 },
  };
}

/** The problems of a definition, path → code. */
function problemsOf(fields: FieldProblem[], prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const path = f.path.startsWith(prefix) ? f.path.slice(prefix.length) : f.path;
    out[path] ??= f.code;
  }
  return out;
}

export class PagatoreConsoleService extends LitElement {
  static override styles = [tokens, controls, consoleStyles, servicesStyles];
  static override properties = {
    client: { attribute: false },
    locale: { attribute: false },
    entity: { attribute: false },
    staffRole: { attribute: false },
    code: { attribute: false },
    draft: { state: true },
    ibans: { state: true },
    raw: { state: true },
    problems: { state: true },
    error: { state: true },
    done: { state: true },
    busy: { state: true },
    announce: { state: true },
    previewLang: { state: true },
  };

  declare client: PagatoreConsoleClient;
  declare locale: ConsoleLang;
  declare entity: string | null;
  declare staffRole: StaffRole;
  /** The service's code, or `NEW_SERVICE` for a new one. */
  declare code: string;

  declare private draft: Draft | null;
  declare private ibans: string[];
  /** What was typed in inputs that hold numbers or euro, by path, as typed. */
  declare private raw: Record<string, string>;
  /** Problems by path: field codes, or already the words to show. */
  declare private problems: Record<string, string>;
  declare private error: string;
  declare private done: string;
  declare private busy: boolean;
  declare private announce: string;
  declare private previewLang: ConsoleLang;

  constructor() {
    super();
    this.locale = 'it';
    this.entity = null;
    this.staffRole = 'viewer';
    this.code = '';
    this.draft = null;
    this.ibans = [];
    this.raw = {};
    this.problems = {};
    this.error = '';
    this.done = '';
    this.busy = false;
    this.announce = '';
    this.previewLang = 'it';
  }

  #justCreated: string | null = null;

  get #isNew(): boolean {
    return this.code === NEW_SERVICE;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('entity') || changed.has('code')) void this.#load();
    if (changed.has('locale'))
      void loadLang(this.locale).then(() => {
        this.previewLang = this.locale;
      });
  }

  async #load(): Promise<void> {
    if (!this.entity || !this.code) return;
    this.error = '';
    // A service just created opens at its own address: its "saved" message stays.
    if (this.#justCreated !== this.code) this.done = '';
    this.#justCreated = null;
    this.problems = {};
    this.raw = {};
    try {
      const settings = await this.client.entitySettings.get().catch(() => null);
      this.ibans = settings?.ibans ?? [];
      if (this.#isNew) {
        this.draft = newDraft(this.ibans[0]);
      } else {
        const { createdAt: _c, updatedAt: _u, ...definition } = await this.client.services.get(this.code);
        this.draft = structuredClone(definition) as unknown as Draft;
      }
    } catch (e) {
      this.draft = null;
      this.error = errorText(this.locale, e);
    }
  }

  #lastKeepAlive = Date.now();

  /**
   * Editing a long definition sends no request until it is saved: at most once a minute while the
   * clerk types, ask the server for the session, so the typing counts as activity there too and
   * the session does not end under the clerk's hands.
   */
  #keepAlive(): void {
    if (Date.now() - this.#lastKeepAlive < 60_000) return;
    this.#lastKeepAlive = Date.now();
    this.client.session().catch(() => undefined);
  }

  #set(path: string, value: unknown): void {
    if (!this.draft) return;
    this.#keepAlive();
    this.draft = setIn(this.draft, path, value);
    this.done = '';
    if (this.problems[path]) {
      const { [path]: _gone, ...rest } = this.problems;
      this.problems = rest;
    }
  }

  /** A number typed as text: the number, or the text itself (the schema calls it a wrong type). */
  #setNumber(path: string, text: string): void {
    this.raw = { ...this.raw, [path]: text };
    const trimmed = text.trim();
    const n = Number(trimmed.replace(',', '.'));
    this.#set(path, trimmed === '' ? undefined : Number.isFinite(n) ? n : trimmed);
  }

  /** Euro typed as text ("12,50"): cents, or the text itself when it is not an amount. */
  #setEuro(path: string, text: string): void {
    this.raw = { ...this.raw, [path]: text };
    const trimmed = text.trim();
    const r = parseAmount(trimmed);
    this.#set(path, trimmed === '' ? undefined : r.ok ? r.cents : trimmed);
  }

  /** Paths whose problem this render shows by a field (the rest go in the summary). */
  #placed = new Set<string>();

  #problem(path: string): string | undefined {
    const code = this.problems[path];
    if (!code) return undefined;
    this.#placed.add(path);
    return /^[a-z_]+$/.test(code) ? fieldText(this.locale, code) : code;
  }

  #label(key: ConsoleKey, vars?: Record<string, string | number>): string {
    return t(this.locale, key, vars);
  }

  /** A labelled text input bound to a path; `kind` says how what is typed becomes the value. */
  #input(
    path: string,
    label: string,
    o: {
      kind?: 'text' | 'number' | 'euro';
      hint?: string;
      readonly?: boolean;
      errorPaths?: string[];
      wide?: boolean;
    } = {},
  ): TemplateResult {
    const id = idOf(path);
    const kind = o.kind ?? 'text';
    const err = [path, ...(o.errorPaths ?? [])].map((p) => this.#problem(p)).find(Boolean);
    const value = getIn(this.draft, path);
    const shown =
      this.raw[path] ??
      (value === undefined
        ? ''
        : kind === 'euro' && typeof value === 'number'
          ? formatCents(value, this.locale)
          : String(value));
    const described = [err ? `${id}-error` : '', o.hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
    return html`<div class="field ${o.wide ? 'wide' : ''}">
      <label for=${id}>${label}</label>
      ${o.hint ? html`<span class="hint" id="${id}-hint">${o.hint}</span>` : nothing}
      <input
        id=${id}
        type="text"
        inputmode=${kind === 'text' ? 'text' : kind === 'euro' ? 'decimal' : 'numeric'}
        .value=${live(shown)}
        ?readonly=${o.readonly}
        aria-invalid=${err ? 'true' : 'false'}
        aria-describedby=${described || nothing}
        @input=${(e: Event) => {
          const text = (e.target as HTMLInputElement).value;
          if (kind === 'number') this.#setNumber(path, text);
          else if (kind === 'euro') this.#setEuro(path, text);
          else this.#set(path, text === '' && path !== 'code' ? undefined : text);
        }}
      />
      ${err ? html`<span class="error" id="${id}-error">${err}</span>` : nothing}
    </div>`;
  }

  /** Italian and English inputs of one label (German, when the definition has it, is kept). */
  #localInputs(
    path: string,
    labelIt: string,
    labelEn: string,
    o: { textarea?: boolean } = {},
  ): TemplateResult {
    const texts = textsOf(getIn(this.draft, path));
    const one = (lang: 'it' | 'en', label: string) => {
      const id = idOf(`${path}.${lang}`);
      const err = this.#problem(`${path}.${lang}`) ?? (lang === 'it' ? this.#problem(path) : undefined);
      const onInput = (e: Event) => {
        const text = (e.target as HTMLInputElement | HTMLTextAreaElement).value;
        const next = lang === 'it' ? localOf(text, texts.en, texts.de) : localOf(texts.it, text, texts.de);
        this.#set(path, next);
      };
      const attrs = {
        invalid: err ? 'true' : 'false',
        described: err ? `${id}-error` : nothing,
      };
      return html`<div class="field">
        <label for=${id}>${label}</label>
        ${
          o.textarea
            ? html`<textarea
                id=${id}
                rows="3"
                .value=${live(texts[lang])}
                aria-invalid=${attrs.invalid}
                aria-describedby=${attrs.described}
                @input=${onInput}
              ></textarea>`
            : html`<input
                id=${id}
                type="text"
                .value=${live(texts[lang])}
                aria-invalid=${attrs.invalid}
                aria-describedby=${attrs.described}
                @input=${onInput}
              />`
        }
        ${err ? html`<span class="error" id="${id}-error">${err}</span>` : nothing}
      </div>`;
    };
    return html`<div class="row">${one('it', labelIt)} ${one('en', labelEn)}</div>`;
  }

  #checkbox(path: string, label: string, fallback: boolean): TemplateResult {
    const id = idOf(path);
    const value = getIn(this.draft, path);
    return html`<div class="check">
      <input
        type="checkbox"
        id=${id}
        .checked=${live(typeof value === 'boolean' ? value : fallback)}
        @change=${(e: Event) => this.#set(path, (e.target as HTMLInputElement).checked)}
      />
      <label for=${id}>${label}</label>
    </div>`;
  }

  #select(
    path: string,
    label: string,
    options: { value: string; label: string }[],
    onChange: (v: string) => void,
    hint?: string,
  ): TemplateResult {
    const id = idOf(path);
    const value = String(getIn(this.draft, path) ?? '');
    const err = this.#problem(path);
    const described = [err ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${hint ? html`<span class="hint" id="${id}-hint">${hint}</span>` : nothing}
      <select
        id=${id}
        .value=${live(value)}
        aria-invalid=${err ? 'true' : 'false'}
        aria-describedby=${described || nothing}
        @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}
      >
        ${options.some((o) => o.value === value) ? nothing : html`<option value="" ?selected=${true}>—</option>`}
        ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === value}>${o.label}</option>`)}
      </select>
      ${err ? html`<span class="error" id="${id}-error">${err}</span>` : nothing}
    </div>`;
  }

  async #focus(selector: string): Promise<void> {
    await this.updateComplete;
    (this.renderRoot.querySelector(selector) as HTMLElement | null)?.focus();
  }

  #addField(): void {
    if (!this.draft) return;
    const n = this.draft.fields.length;
    const names = new Set(this.draft.fields.map((f) => f.name));
    let i = n + 1;
    while (names.has(`campo${i}`)) i++;
    this.#set(`fields.${n}`, { name: `campo${i}`, type: 'text', label: '', required: false });
    this.announce = this.#label('services.fieldAdded', { n: n + 1 });
    void this.#focus(`#${idOf(`fields.${n}.label.it`)}`);
  }

  #removeField(i: number): void {
    if (!this.draft) return;
    const fields = [...this.draft.fields];
    fields.splice(i, 1);
    this.#set('fields', fields);
    this.problems = {};
    this.announce = this.#label('services.fieldRemoved', { n: i + 1 });
    void this.#focus(
      fields.length === 0 ? '#add-field' : `#${idOf(`fields.${Math.min(i, fields.length - 1)}.name`)}`,
    );
  }

  #moveField(i: number, delta: -1 | 1): void {
    if (!this.draft) return;
    const j = i + delta;
    const fields = [...this.draft.fields];
    if (j < 0 || j >= fields.length) return;
    [fields[i], fields[j]] = [fields[j] as Json, fields[i] as Json];
    this.#set('fields', fields);
    this.problems = {};
    this.announce = this.#label('services.fieldMoved', { n: j + 1 });
    // Focus stays on the control that moved the field, now at its new place (or the other arrow at an end).
    const up = `#move-up-${j}`;
    const down = `#move-down-${j}`;
    const wanted = delta < 0 ? (j === 0 ? down : up) : j === fields.length - 1 ? up : down;
    void this.#focus(wanted);
  }

  #setType(i: number, type: string): void {
    const f = this.draft?.fields[i];
    if (!f) return;
    const keep: Json = { name: f.name, type, label: f.label, required: f.required };
    if (f.help !== undefined) keep.help = f.help;
    if (type === 'select') keep.options = [{ value: '', label: '' }];
    this.#set(`fields.${i}`, keep);
    this.raw = Object.fromEntries(Object.entries(this.raw).filter(([k]) => !k.startsWith(`fields.${i}.`)));
  }

  #setAmountKind(kind: string): void {
    const fields = this.draft?.fields ?? [];
    const amountField = fields.find((f) => f.type === 'amount')?.name;
    const next: Json =
      kind === 'fixed'
        ? { kind }
        : kind === 'entered'
          ? { kind, field: amountField ?? '' }
          : { kind, base: 0, terms: [], min: 1 };
    this.#set('amount', next);
    this.raw = Object.fromEntries(Object.entries(this.raw).filter(([k]) => !k.startsWith('amount.')));
  }

  #renderTypeRules(i: number, f: Json): TemplateResult | typeof nothing {
    const p = `fields.${i}`;
    const l = (k: ConsoleKey) => this.#label(k);
    switch (f.type) {
      case 'text':
        return html`<div class="row">
          ${this.#input(`${p}.pattern`, l('services.pattern'), { hint: l('services.patternHint') })}
          ${this.#input(`${p}.minLength`, l('services.minLength'), { kind: 'number' })}
          ${this.#input(`${p}.maxLength`, l('services.maxLength'), { kind: 'number' })}
        </div>`;
      case 'number':
        return html`<div class="row">
          ${this.#input(`${p}.min`, l('services.min'), { kind: 'number' })}
          ${this.#input(`${p}.max`, l('services.max'), { kind: 'number' })}
          ${this.#checkbox(`${p}.integer`, l('services.integer'), true)}
        </div>`;
      case 'date':
        return html`<div class="row">
          ${this.#input(`${p}.min`, l('services.dateMin'), { hint: l('services.dateHint') })}
          ${this.#input(`${p}.max`, l('services.dateMax'), { hint: l('services.dateHint') })}
        </div>`;
      case 'amount':
        return html`<div class="row">
          ${this.#input(`${p}.min`, l('services.minEuro'), { kind: 'euro' })}
          ${this.#input(`${p}.max`, l('services.maxEuro'), { kind: 'euro' })}
        </div>`;
      case 'select':
        return this.#renderOptions(i, (f.options as Json[] | undefined) ?? []);
      default:
        return nothing;
    }
  }

  #renderOptions(i: number, options: Json[]): TemplateResult {
    const p = `fields.${i}.options`;
    const err = this.#problem(p);
    return html`<fieldset class="options">
      <legend>${this.#label('services.options')}</legend>
      ${err ? html`<p class="error" id="${idOf(p)}-error">${err}</p>` : nothing}
      ${options.map(
        (_o, k) =>
          html`<div class="option-row">
            ${this.#input(`${p}.${k}.value`, this.#label('services.optionValue', { n: k + 1 }))}
            ${this.#localInputs(`${p}.${k}.label`, this.#label('services.optionLabelIt', { n: k + 1 }), this.#label('services.optionLabelEn', { n: k + 1 }))}
            <button
              class="btn btn-outline"
              type="button"
              id="remove-option-${i}-${k}"
              @click=${() => {
                const next = options.filter((_x, m) => m !== k);
                this.#set(p, next);
                void this.#focus(`#add-option-${i}`);
              }}
            >
              ${this.#label('services.removeOption', { n: k + 1 })}
            </button>
          </div>`,
      )}
      <button
        class="btn btn-outline"
        type="button"
        id="add-option-${i}"
        @click=${() => {
          this.#set(`${p}.${options.length}`, { value: '', label: '' });
          void this.#focus(`#${idOf(`${p}.${options.length}.value`)}`);
        }}
      >
        ${this.#label('services.addOption')}
      </button>
    </fieldset>`;
  }

  #renderField(f: Json, i: number, count: number): TemplateResult {
    const p = `fields.${i}`;
    const l = (k: ConsoleKey, vars?: Record<string, string | number>) => this.#label(k, vars);
    const name = textsOf(f.label).it || String(f.name ?? '');
    return html`<fieldset class="field-edit" data-field=${String(f.name ?? '')}>
      <legend>${l('services.fieldN', { n: i + 1, name })}</legend>
      <div class="row">
        ${this.#input(`${p}.name`, l('services.fieldName'), { hint: l('services.fieldNameHint') })}
        ${this.#select(
          `${p}.type`,
          l('services.fieldType'),
          FIELD_TYPES.map((x) => ({ value: x, label: l(`services.type.${x}`) })),
          (value) => this.#setType(i, value),
        )}
        ${this.#checkbox(`${p}.required`, l('services.required'), false)}
      </div>
      ${this.#localInputs(`${p}.label`, l('services.labelIt'), l('services.labelEn'))}
      ${this.#localInputs(`${p}.help`, l('services.helpIt'), l('services.helpEn'))}
      ${this.#renderTypeRules(i, f)}
      <div class="actions">
        <button
          class="btn btn-outline"
          type="button"
          id="move-up-${i}"
          ?disabled=${i === 0}
          aria-label=${l('services.moveUp', { name })}
          @click=${() => this.#moveField(i, -1)}
        >
          ↑ ${l('services.up')}
        </button>
        <button
          class="btn btn-outline"
          type="button"
          id="move-down-${i}"
          ?disabled=${i === count - 1}
          aria-label=${l('services.moveDown', { name })}
          @click=${() => this.#moveField(i, 1)}
        >
          ↓ ${l('services.down')}
        </button>
        <button
          class="btn btn-outline"
          type="button"
          id="remove-field-${i}"
          aria-label=${l('services.removeField', { name })}
          @click=${() => this.#removeField(i)}
        >
          ${l('services.remove')}
        </button>
      </div>
    </fieldset>`;
  }

  #renderAmount(d: Draft): TemplateResult {
    const l = (k: ConsoleKey, vars?: Record<string, string | number>) => this.#label(k, vars);
    const a = d.amount;
    const kind = String(a.kind ?? '');
    const err = this.#problem('amount');
    const fieldsOf = (types: string[]) =>
      d.fields
        .filter((f) => types.includes(String(f.type)) && typeof f.name === 'string' && f.name)
        .map((f) => ({
          value: String(f.name),
          label: `${textsOf(f.label).it || String(f.name)} (${String(f.name)})`,
        }));
    const terms = (Array.isArray(a.terms) ? a.terms : []) as Json[];
    return html`<fieldset>
      <legend>${l('services.amountRule')}</legend>
      ${err ? html`<p class="error" id="${idOf('amount')}-error" data-problem="amount">${err}</p>` : nothing}
      ${this.#select(
        'amount.kind',
        l('services.amountKind'),
        AMOUNT_KINDS.map((x) => ({ value: x, label: l(`services.kind.${x}`) })),
        (value) => this.#setAmountKind(value),
      )}
      ${
        kind === 'fixed'
          ? html`<div class="row">
              ${this.#input('amount.amount', l('services.fixedEuro'), { kind: 'euro' })}
            </div>`
          : kind === 'entered'
            ? html`<div class="row">
                ${this.#select(
                  'amount.field',
                  l('services.amountField'),
                  fieldsOf(['amount']),
                  (value) => this.#set('amount.field', value || undefined),
                  l('services.amountFieldHint'),
                )}
                ${this.#input('amount.min', l('services.minEuro'), { kind: 'euro' })}
                ${this.#input('amount.max', l('services.maxEuro'), { kind: 'euro' })}
              </div>`
            : kind === 'computed'
              ? html`<div class="row">
                    ${this.#input('amount.base', l('services.baseEuro'), { kind: 'euro' })}
                    ${this.#input('amount.min', l('services.minEuro'), { kind: 'euro' })}
                    ${this.#input('amount.max', l('services.maxEuro'), { kind: 'euro' })}
                  </div>
                  <p class="hint">${l('services.computedHint')}</p>
                  ${terms.map(
                    (_term, k) =>
                      html`<div class="row">
                        ${this.#select(
                          `amount.terms.${k}.field`,
                          l('services.termField', { n: k + 1 }),
                          fieldsOf(['number', 'checkbox']),
                          (value) => this.#set(`amount.terms.${k}.field`, value || undefined),
                        )}
                        ${this.#input(`amount.terms.${k}.cents`, l('services.termEuro', { n: k + 1 }), { kind: 'euro' })}
                        <button
                          class="btn btn-outline"
                          type="button"
                          @click=${() => {
                            this.#set(
                              'amount.terms',
                              terms.filter((_x, m) => m !== k),
                            );
                            void this.#focus('#add-term');
                          }}
                        >
                          ${l('services.removeTerm', { n: k + 1 })}
                        </button>
                      </div>`,
                  )}
                  <button
                    class="btn btn-outline"
                    type="button"
                    id="add-term"
                    @click=${() => this.#set(`amount.terms.${terms.length}`, { field: '' })}
                  >
                    ${l('services.addTerm')}
                  </button>`
              : nothing
      }
    </fieldset>`;
  }

  #renderPosition(): TemplateResult {
    const l = (k: ConsoleKey) => this.#label(k);
    const iban = String(getIn(this.draft, 'position.iban') ?? '');
    const ibans = iban && !this.ibans.includes(iban) ? [iban, ...this.ibans] : this.ibans;
    return html`<fieldset>
      <legend>${l('services.position')}</legend>
      ${this.#input('position.description', l('services.template'), {
        hint: l('services.templateHint'),
        errorPaths: ['position'],
        wide: true,
      })}
      <div class="row">
        ${
          ibans.length > 0
            ? this.#select(
                'position.iban',
                l('services.iban'),
                ibans.map((x) => ({ value: x, label: x })),
                (value) => this.#set('position.iban', value || undefined),
              )
            : this.#input('position.iban', l('services.iban'))
        }
        ${this.#input('position.taxonomy', l('services.taxonomy'), { hint: l('services.taxonomyHint') })}
        ${this.#input('position.dueInDays', l('services.dueInDays'), { kind: 'number' })}
      </div>
      ${this.#input('position.remittance', l('services.remittance'), { hint: l('services.remittanceHint'), wide: true })}
      ${this.#checkbox('position.postal', l('services.postal'), false)}
    </fieldset>`;
  }

  /** Problems this render showed by no field (listed in the summary, so none is lost). */
  #unplaced(): string[] {
    return Object.keys(this.problems)
      .filter((path) => !this.#placed.has(path))
      .map((path) => `${path}: ${this.#problem(path) ?? ''}`);
  }

  async #save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const d = this.draft;
    if (!d || this.busy) return;
    this.done = '';
    this.error = '';
    const { code, ...update } = d;
    const local = this.#isNew ? check(ServiceInput, d) : check(ServiceUpdate, update);
    if (!local.ok) {
      this.problems = problemsOf(local.fields);
      await this.#showProblems();
      return;
    }
    this.busy = true;
    try {
      const saved = this.#isNew
        ? await this.client.services.create(d as unknown as ServiceInput)
        : await this.client.services.update(this.code, update as unknown as ServiceUpdate);
      const { createdAt: _c, updatedAt: _u, ...definition } = saved;
      this.draft = structuredClone(definition) as unknown as Draft;
      this.raw = {};
      this.problems = {};
      this.done = this.#label('services.saved', { code: String(code) });
      this.busy = false;
      if (this.#isNew) this.#justCreated = String(code);
      if (this.#isNew) location.hash = `#/services/${encodeURIComponent(String(code))}`;
      await this.#focus('#saved');
    } catch (err) {
      // The form is enabled again before the focus moves into it.
      this.busy = false;
      this.error = errorText(this.locale, err);
      if (err instanceof PagatoreError && err.fields.length > 0) {
        this.problems = problemsOf(err.fields);
        await this.#showProblems();
      } else await this.#focus('#save-error');
    } finally {
      this.busy = false;
    }
  }

  /** Each problem shows by its field; focus goes to the first of them on the page. */
  async #showProblems(): Promise<void> {
    await this.updateComplete;
    const first = this.renderRoot.querySelector('[aria-invalid="true"], p.error') as HTMLElement | null;
    const target = first ?? (this.renderRoot.querySelector('#save-error') as HTMLElement | null);
    if (target?.tagName === 'P') {
      target.setAttribute('tabindex', '-1');
    }
    target?.focus();
  }

  override render() {
    const lang = this.locale;
    const d = this.draft;
    const editable = canChange(this.staffRole);
    const title = this.#isNew
      ? t(lang, 'services.newTitle')
      : t(lang, 'services.editTitle', { code: this.code });
    const count = Object.keys(this.problems).length;
    this.#placed = new Set();
    const body = d ? this.#renderEditor(d, editable) : nothing;
    return html`<p><a href="#/services">${t(lang, 'services.back')}</a></p>
      <h1 tabindex="-1">${title}</h1>
      ${
        !editable
          ? html`<p class="alert" data-read-only>
              ${t(lang, 'services.noRole', { role: t(lang, `role.${this.staffRole}`) })}
            </p>`
          : nothing
      }
      ${
        this.error
          ? html`<div class="alert alert-danger" role="alert" id="save-error" tabindex="-1">
              ${this.error} ${count > 0 ? html`<br />${t(lang, 'services.problems', { n: count })}` : nothing}
              ${this.#unplacedList()}
            </div>`
          : count > 0
            ? html`<div class="alert alert-danger" role="alert" id="save-error" tabindex="-1">
                ${t(lang, 'services.problems', { n: count })} ${this.#unplacedList()}
              </div>`
            : nothing
      }
      ${this.done ? html`<div class="alert alert-success" role="status" id="saved" tabindex="-1">${this.done}</div>` : nothing}
      <p class="visually-hidden" role="status" aria-live="polite">${this.announce}</p>
      ${body}`;
  }

  #renderEditor(d: Draft, editable: boolean): TemplateResult {
    const lang = this.locale;
    return html`<div class="editor-layout">
      <form novalidate @submit=${this.#save} aria-labelledby="svc-form-title">
        <h2 id="svc-form-title" class="visually-hidden">${t(lang, 'services.definition')}</h2>
        <fieldset class="plain" ?disabled=${!editable || this.busy}>
          <fieldset>
            <legend>${t(lang, 'services.general')}</legend>
            <div class="row">
              ${this.#input('code', t(lang, 'services.code'), {
                readonly: !this.#isNew,
                hint: t(lang, 'services.codeHint'),
              })}
              ${this.#checkbox('enabled', t(lang, 'services.enabled'), true)}
            </div>
            ${this.#localInputs('name', t(lang, 'services.nameIt'), t(lang, 'services.nameEn'))}
            ${this.#localInputs('description', t(lang, 'services.descriptionIt'), t(lang, 'services.descriptionEn'))}
            ${this.#localInputs('notes', t(lang, 'services.notesIt'), t(lang, 'services.notesEn'), { textarea: true })}
          </fieldset>
          <fieldset>
            <legend>${t(lang, 'services.fields')}</legend>
            ${
              this.#problem('fields')
                ? html`<p class="error" id="${idOf('fields')}-error">${this.#problem('fields')}</p>`
                : nothing
            }
            ${d.fields.length === 0 ? html`<p>${t(lang, 'services.noFields')}</p>` : nothing}
            ${d.fields.map((f, i) => this.#renderField(f, i, d.fields.length))}
            <button class="btn btn-outline" type="button" id="add-field" @click=${() => this.#addField()}>
              ${t(lang, 'services.addField')}
            </button>
          </fieldset>
          ${this.#renderAmount(d)} ${this.#renderPosition()}
          ${
            editable
              ? html`<div class="actions">
                  <button class="btn" type="submit" id="save" ?disabled=${this.busy}>
                    ${t(lang, this.#isNew ? 'services.create' : 'services.save')}
                  </button>
                </div>`
              : nothing
          }
        </fieldset>
      </form>
      <aside class="preview" aria-labelledby="preview-title">
        <h2 id="preview-title">${t(lang, 'services.preview')}</h2>
        <p class="hint">${t(lang, 'services.previewIntro')}</p>
        <div class="preview-frame" lang=${this.previewLang}>
          ${keyed(
            this.previewLang,
            html`<pagatore-debt-form
              heading-level="3"
              .preview=${{ service: previewOf(d, lang), debtor: SAMPLE_DEBTOR } satisfies DebtFormPreview}
            ></pagatore-debt-form>`,
          )}
        </div>
      </aside>
    </div>`;
  }

  #unplacedList(): TemplateResult | typeof nothing {
    const rest = this.#unplaced();
    return rest.length > 0
      ? html`<ul>
          ${rest.map((x) => html`<li>${x}</li>`)}
        </ul>`
      : nothing;
  }
}

defineElement('pagatore-console-services', PagatoreConsoleServices);
defineElement('pagatore-console-service', PagatoreConsoleService);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-console-services': PagatoreConsoleServices;
    'pagatore-console-service': PagatoreConsoleService;
  }
}
