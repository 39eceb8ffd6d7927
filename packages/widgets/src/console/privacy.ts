/**
 * `<pagatore-console-privacy>`: the entity's consent texts and the privacy requests staff answer.
 * Every published version of each kind (the privacy notice, the reminders notice, …) with the one in
 * force marked and a link to its public full-text page; admins publish a new version (checked with
 * the SDK's `ConsentTextInput` before sending, each problem under its field, focus on the first),
 * optionally asking every account for fresh consent. Everyone with a role downloads the consent
 * ledger of a period (CSV) and, for a request received by post, finds a person's accounts by fiscal
 * code or e-mail and downloads everything held about one (JSON, PDF); admins close an account on
 * the citizen's request, after a confirmation.
 */
import {
  type AccountSummary,
  check,
  ConsentKindParams,
  ConsentLedgerQuery,
  ConsentTextInput,
  type ConsentText,
  PagatoreError,
  type PagatoreConsoleClient,
  type StaffRole,
} from '@pagatore/sdk';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { defineElement } from '../define.js';
import { controls, tokens } from '../styles/tokens.js';
import { type ConsoleKey, type ConsoleLang, dateTime, errorText, fieldText, t } from './i18n.js';
import { plusDays, romeToday, saveBlob } from './money-common.js';
import { confirmBox } from './confirm.js';
import { consoleStyles } from './styles.js';

/** The publishing form's fields, in the order they show (the first error is the first of these). */
const FIELDS = ['kind', 'version', 'text.it', 'text.en'] as const;
type Field = (typeof FIELDS)[number];

const LABELS: Record<Field, ConsoleKey> = {
  kind: 'privacy.kind',
  version: 'privacy.version',
  'text.it': 'privacy.textIt',
  'text.en': 'privacy.textEn',
};

/** The kinds offered when publishing, besides those already published. */
const KNOWN_KINDS = ['privacy', 'reminders'];

/** The form field a problem's path (`body.text.it`, `params.kind`, `version`) belongs to. */
function fieldOf(path: string): Field {
  const p = path.replace(/^(body|params)\./, '');
  if ((FIELDS as readonly string[]).includes(p)) return p as Field;
  return p.startsWith('text') ? 'text.it' : 'version';
}

export class PagatoreConsolePrivacy extends LitElement {
  static override styles = [tokens, controls, consoleStyles];
  static override properties = {
    client: { attribute: false },
    locale: { attribute: false },
    entity: { attribute: false },
    staffRole: { attribute: false },
    texts: { state: true },
    loading: { state: true },
    error: { state: true },
    message: { state: true },
    errors: { state: true },
    busy: { state: true },
    range: { state: true },
    rangeError: { state: true },
    ledgerMessage: { state: true },
    searchError: { state: true },
    accounts: { state: true },
    exportMessage: { state: true },
    closing: { state: true },
  };

  declare client: PagatoreConsoleClient;
  declare locale: ConsoleLang;
  declare entity: string | null;
  declare staffRole: StaffRole;

  declare private texts: ConsentText[];
  declare private loading: boolean;
  declare private error: string;
  declare private message: string;
  declare private errors: Partial<Record<Field, string>>;
  declare private busy: boolean;
  declare private range: { from: string; to: string };
  declare private rangeError: string;
  declare private ledgerMessage: string;
  declare private searchError: string;
  declare private accounts: AccountSummary[] | null;
  declare private exportMessage: string;
  /** The account whose closing waits for the confirmation's yes. */
  declare private closing: string | null;

  constructor() {
    super();
    this.locale = 'it';
    this.entity = null;
    this.staffRole = 'viewer';
    this.texts = [];
    this.loading = false;
    this.error = '';
    this.message = '';
    this.errors = {};
    this.busy = false;
    this.range = { from: plusDays(romeToday(), -30), to: romeToday() };
    this.rangeError = '';
    this.ledgerMessage = '';
    this.searchError = '';
    this.accounts = null;
    this.exportMessage = '';
    this.closing = null;
  }
  #lastSearch: { email: string } | { fiscalCode: string } | null = null;

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('entity')) {
      this.accounts = null;
      void this.#load();
    }
  }

  async #load(): Promise<void> {
    if (!this.entity) return;
    this.loading = true;
    this.error = '';
    try {
      this.texts = (await this.client.privacy.texts()).items;
    } catch (e) {
      this.error = errorText(this.locale, e);
    } finally {
      this.loading = false;
    }
  }

  /** The kinds published, in the order first seen (the list comes newest first). */
  get #kinds(): string[] {
    return [...new Set(this.texts.map((x) => x.kind))];
  }

  #publish = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
    const kind = value('kind');
    const en = value('text.en');
    const body: ConsentTextInput = {
      version: value('version'),
      text: { it: value('text.it'), ...(en ? { en } : {}) },
      requiresReconsent: (form.elements.namedItem('reconsent') as HTMLInputElement).checked,
    };
    this.error = '';
    this.message = '';
    const problems = [
      ...(check(ConsentKindParams, { kind }).ok ? [] : [{ path: 'kind', code: 'invalid_format' }]),
      ...(() => {
        const r = check(ConsentTextInput, body);
        return r.ok ? [] : r.fields;
      })(),
    ];
    if (problems.length > 0) {
      await this.#showErrors(this.#fieldErrors(problems));
      return;
    }
    this.errors = {};
    this.busy = true;
    try {
      const published = await this.client.privacy.publish(kind, body);
      form.reset();
      this.message = t(this.locale, 'privacy.published', {
        kind: published.kind,
        version: published.version,
      });
      await this.#load();
    } catch (err) {
      if (err instanceof PagatoreError && err.code === 'already_exists') {
        await this.#showErrors({ version: t(this.locale, 'privacy.versionExists') });
      } else {
        this.error = errorText(this.locale, err);
        await this.#showErrors(err instanceof PagatoreError ? this.#fieldErrors(err.fields) : {});
      }
    } finally {
      this.busy = false;
    }
  };

  #fieldErrors(fields: readonly { path: string; code: string }[]): Partial<Record<Field, string>> {
    const out: Partial<Record<Field, string>> = {};
    for (const f of fields) out[fieldOf(f.path)] ??= fieldText(this.locale, f.code);
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

  #ledger = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const range = { from: String(f.get('from')), to: String(f.get('to')) };
    this.range = range;
    this.rangeError = '';
    this.ledgerMessage = '';
    const r = check(ConsentLedgerQuery, range);
    if (!r.ok) {
      const code = r.fields[0]?.code ?? 'invalid_format';
      this.rangeError =
        code === 'too_small' ? t(this.locale, 'privacy.rangeOrder') : fieldText(this.locale, code);
      await this.updateComplete;
      this.renderRoot
        .querySelector<HTMLElement>(r.fields[0]?.path === 'from' ? '#ledger-from' : '#ledger-to')
        ?.focus();
      return;
    }
    try {
      const file = await this.client.privacy.ledgerCsv(range);
      const name = file.filename ?? `consent-ledger-${range.from}-${range.to}.csv`;
      saveBlob(file.blob, name);
      this.ledgerMessage = t(this.locale, 'privacy.downloaded', { name });
    } catch (err) {
      this.rangeError = errorText(this.locale, err);
    }
  };

  #search = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const by = String(f.get('by')) === 'email' ? 'email' : 'fiscalCode';
    const value = String(f.get('who') ?? '').trim();
    this.searchError = '';
    this.exportMessage = '';
    if (!value) {
      this.searchError = fieldText(this.locale, 'required');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#who')?.focus();
      return;
    }
    try {
      this.closing = null;
      this.#lastSearch = by === 'email' ? { email: value } : { fiscalCode: value.toUpperCase() };
      this.accounts = (
        await this.client.privacy.findAccounts(
          by === 'email' ? { email: value } : { fiscalCode: value.toUpperCase() },
        )
      ).items;
    } catch (err) {
      this.accounts = null;
      this.searchError = errorText(this.locale, err);
    }
  };

  async #export(a: AccountSummary, format: 'json' | 'pdf'): Promise<void> {
    this.exportMessage = '';
    this.searchError = '';
    try {
      if (format === 'json') {
        const data = await this.client.privacy.exportAccount(a.id);
        const name = `data-export-${a.id}.json`;
        saveBlob(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), name);
        this.exportMessage = t(this.locale, 'privacy.downloaded', { name });
      } else {
        const file = await this.client.privacy.exportAccountPdf(a.id);
        const name = file.filename ?? `data-export-${a.id}.pdf`;
        saveBlob(file.blob, name);
        this.exportMessage = t(this.locale, 'privacy.downloaded', { name });
      }
    } catch (err) {
      this.searchError = errorText(this.locale, err);
    }
  }

  /** Closes an account on the citizen's request (admins): the privacy consent is revoked. */
  async #close(a: AccountSummary, who: string): Promise<void> {
    this.busy = true;
    this.searchError = '';
    try {
      await this.client.privacy.closeAccount(a.id);
      this.closing = null;
      this.exportMessage = t(this.locale, 'privacy.closed', { who });
      if (this.#lastSearch) this.accounts = (await this.client.privacy.findAccounts(this.#lastSearch)).items;
    } catch (err) {
      this.searchError = errorText(this.locale, err);
    } finally {
      this.busy = false;
    }
  }

  async #confirmClose(id: string | null): Promise<void> {
    const was = this.closing;
    this.closing = id;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(id ? '#close-no' : `#close-${was}`)?.focus();
  }

  #field(name: Field, opts: { area?: boolean; required?: boolean; hint?: ConsoleKey } = {}) {
    const lang = this.locale;
    const err = this.errors[name];
    const id = `cp-${name.replace('.', '-')}`;
    const described = [opts.hint ? `${id}-hint` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ');
    const common = {
      invalid: err ? 'true' : 'false',
      described: described || nothing,
    };
    const control = opts.area
      ? html`<textarea
          id=${id}
          name=${name}
          rows="8"
          ?required=${opts.required ?? false}
          aria-invalid=${common.invalid}
          aria-describedby=${common.described}
        ></textarea>`
      : html`<input
          id=${id}
          name=${name}
          type="text"
          list=${name === 'kind' ? 'cp-kinds' : nothing}
          value=${name === 'kind' ? 'privacy' : nothing}
          ?required=${opts.required ?? false}
          aria-invalid=${common.invalid}
          aria-describedby=${common.described}
        />`;
    return html`<div class="field">
      <label for=${id}
        >${t(lang, LABELS[name])}${opts.required ? html` <span aria-hidden="true">*</span>` : nothing}</label
      >
      ${opts.hint ? html`<span class="hint" id="${id}-hint">${t(lang, opts.hint)}</span>` : nothing}
      ${control} ${err ? html`<span class="error" id="${id}-error">${err}</span>` : nothing}
    </div>`;
  }

  #publishForm() {
    const lang = this.locale;
    if (this.staffRole !== 'admin')
      return html`<p class="alert" data-read-only>
        ${t(lang, 'privacy.readOnly', { role: t(lang, `role.${this.staffRole}`) })}
      </p>`;
    return html`<form novalidate @submit=${this.#publish} aria-labelledby="cp-publish-title">
      <h2 id="cp-publish-title">${t(lang, 'privacy.publishTitle')}</h2>
      <p class="hint">${t(lang, 'privacy.publishIntro')}</p>
      <datalist id="cp-kinds">
        ${[...new Set([...KNOWN_KINDS, ...this.#kinds])].map((k) => html`<option value=${k}></option>`)}
      </datalist>
      <div class="row">
        ${this.#field('kind', { required: true, hint: 'privacy.kindHint' })}
        ${this.#field('version', { required: true, hint: 'privacy.versionHint' })}
      </div>
      ${this.#field('text.it', { area: true, required: true })} ${this.#field('text.en', { area: true })}
      <div class="check">
        <input type="checkbox" id="cp-reconsent" name="reconsent" aria-describedby="cp-reconsent-hint" />
        <label for="cp-reconsent">${t(lang, 'privacy.reconsent')}</label>
      </div>
      <p class="hint" id="cp-reconsent-hint">${t(lang, 'privacy.reconsentHint')}</p>
      <div class="actions">
        <button class="btn" type="submit" ?disabled=${this.busy}>${t(lang, 'privacy.publish')}</button>
      </div>
    </form>`;
  }

  #kindTable(kind: string) {
    const lang = this.locale;
    const rows = this.texts.filter((x) => x.kind === kind);
    const caption = t(lang, 'privacy.kindCaption', { kind });
    return html`<div class="table-wrap" role="region" aria-label=${caption} tabindex="0">
      <table data-kind=${kind}>
        <caption>
          ${caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t(lang, 'privacy.version')}</th>
            <th scope="col">${t(lang, 'privacy.publishedAt')}</th>
            <th scope="col">${t(lang, 'privacy.publishedBy')}</th>
            <th scope="col">${t(lang, 'privacy.languages')}</th>
            <th scope="col">${t(lang, 'privacy.freshConsent')}</th>
            <th scope="col">${t(lang, 'privacy.state')}</th>
            <th scope="col">${t(lang, 'privacy.fullText')}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (x) =>
              html`<tr data-version=${x.version} ?data-current=${x.current}>
                <th scope="row" class="mono">${x.version}</th>
                <td><time datetime=${x.publishedAt}>${dateTime(lang, x.publishedAt)}</time></td>
                <td>${x.publishedBy ?? t(lang, 'privacy.bySettings')}</td>
                <td>${(['it', 'en', 'de'] as const).filter((l) => x.text[l]).join(', ')}</td>
                <td>${t(lang, x.requiresReconsent ? 'privacy.yes' : 'privacy.no')}</td>
                <td>
                  ${
                    x.current
                      ? html`<span class="badge paid">${t(lang, 'privacy.current')}</span>`
                      : t(lang, 'privacy.superseded')
                  }
                </td>
                <td>
                  <a
                    href=${x.url}
                    target="_blank"
                    rel="noopener"
                    aria-label=${t(lang, 'privacy.readNamed', { kind, version: x.version })}
                    >${t(lang, 'privacy.read')}</a
                  >
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  #ledgerForm() {
    const lang = this.locale;
    const err = this.rangeError;
    return html`<section aria-labelledby="cp-ledger-title">
      <h2 id="cp-ledger-title">${t(lang, 'privacy.ledgerTitle')}</h2>
      <p>${t(lang, 'privacy.ledgerIntro')}</p>
      <form class="row" novalidate @submit=${(e: SubmitEvent) => void this.#ledger(e)}>
        <div class="field">
          <label for="ledger-from">${t(lang, 'money.from')}</label>
          <input id="ledger-from" name="from" type="date" .value=${this.range.from} />
        </div>
        <div class="field">
          <label for="ledger-to">${t(lang, 'money.to')}</label>
          <input
            id="ledger-to"
            name="to"
            type="date"
            .value=${this.range.to}
            aria-invalid=${err ? 'true' : 'false'}
            aria-describedby=${err ? 'ledger-error' : nothing}
          />
        </div>
        <div><button class="btn btn-outline" type="submit">${t(lang, 'privacy.ledgerDownload')}</button></div>
      </form>
      ${err ? html`<p class="error" id="ledger-error" role="alert">${err}</p>` : nothing}
      <p role="status">${this.ledgerMessage}</p>
    </section>`;
  }

  #requestForm() {
    const lang = this.locale;
    const err = this.searchError;
    return html`<section aria-labelledby="cp-request-title">
      <h2 id="cp-request-title">${t(lang, 'privacy.requestTitle')}</h2>
      <p>${t(lang, 'privacy.requestIntro')}</p>
      <form class="row" novalidate @submit=${(e: SubmitEvent) => void this.#search(e)}>
        <div class="field">
          <label for="by">${t(lang, 'privacy.searchBy')}</label>
          <select id="by" name="by">
            <option value="fiscalCode">${t(lang, 'privacy.byFiscalCode')}</option>
            <option value="email">${t(lang, 'privacy.byEmail')}</option>
          </select>
        </div>
        <div class="field">
          <label for="who">${t(lang, 'privacy.who')}</label>
          <input
            id="who"
            name="who"
            type="text"
            autocomplete="off"
            aria-invalid=${err ? 'true' : 'false'}
            aria-describedby=${err ? 'who-error' : nothing}
          />
        </div>
        <div><button class="btn" type="submit">${t(lang, 'privacy.search')}</button></div>
      </form>
      ${err ? html`<p class="error" id="who-error" role="alert">${err}</p>` : nothing}
      <p role="status">
        ${
          this.exportMessage ||
          (this.accounts ? t(lang, 'privacy.found', { count: this.accounts.length }) : '')
        }
      </p>
      ${
        this.accounts && this.accounts.length > 0
          ? html`<div class="table-wrap" role="region" aria-labelledby="cp-accounts-caption" tabindex="0">
              <table>
                <caption id="cp-accounts-caption">
                  ${t(lang, 'privacy.accountsCaption')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t(lang, 'privacy.name')}</th>
                    <th scope="col">${t(lang, 'privacy.fiscalCode')}</th>
                    <th scope="col">${t(lang, 'privacy.username')}</th>
                    <th scope="col">${t(lang, 'privacy.state')}</th>
                    <th scope="col">${t(lang, 'privacy.created')}</th>
                    <th scope="col">${t(lang, 'privacy.export')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.accounts.map((a) => this.#accountRow(a))}
                </tbody>
              </table>
            </div>`
          : nothing
      }
    </section>`;
  }

  #accountRow(a: AccountSummary) {
    const lang = this.locale;
    const who = a.name || a.username || a.id;
    return html`<tr data-account=${a.id}>
      <th scope="row">${a.name || '—'}</th>
      <td class="mono">${a.fiscalCode ?? '—'}</td>
      <td>${a.username ?? '—'}</td>
      <td>
        ${a.closedAt ? t(lang, 'privacy.closedOn', { at: dateTime(lang, a.closedAt) }) : a.status === 'active' || a.status === 'pending' ? t(lang, `privacy.status.${a.status}`) : a.status}
      </td>
      <td><time datetime=${a.createdAt}>${dateTime(lang, a.createdAt)}</time></td>
      <td>
        <div class="actions">
          <button
            class="btn btn-outline"
            type="button"
            aria-label=${t(lang, 'privacy.exportJsonNamed', { who })}
            @click=${() => void this.#export(a, 'json')}
          >
            ${t(lang, 'privacy.exportJson')}
          </button>
          <button
            class="btn btn-outline"
            type="button"
            aria-label=${t(lang, 'privacy.exportPdfNamed', { who })}
            @click=${() => void this.#export(a, 'pdf')}
          >
            ${t(lang, 'privacy.exportPdf')}
          </button>
          ${
            this.staffRole === 'admin' && !a.closedAt && this.closing !== a.id
              ? html`<button
                  id="close-${a.id}"
                  class="btn btn-danger"
                  type="button"
                  aria-label=${t(lang, 'privacy.closeNamed', { who })}
                  @click=${() => void this.#confirmClose(a.id)}
                >
                  ${t(lang, 'privacy.close')}
                </button>`
              : nothing
          }
        </div>
        ${
          this.closing === a.id
            ? confirmBox({
                id: 'close',
                question: t(lang, 'privacy.closeConfirm', { who }),
                yes: t(lang, 'privacy.closeYes'),
                no: t(lang, 'privacy.closeNo'),
                busy: this.busy,
                onYes: () => void this.#close(a, who),
                onNo: () => void this.#confirmClose(null),
              })
            : nothing
        }
      </td>
    </tr>`;
  }

  override render() {
    const lang = this.locale;
    return html`<h1 tabindex="-1">${t(lang, 'privacy.title')}</h1>
      <p>${t(lang, 'privacy.intro')}</p>
      ${this.error ? html`<div class="alert alert-danger" role="alert" tabindex="-1">${this.error}</div>` : nothing}
      <p role="status">${this.loading ? t(lang, 'app.loading') : this.message}</p>
      <section aria-labelledby="cp-texts-title">
        <h2 id="cp-texts-title">${t(lang, 'privacy.textsTitle')}</h2>
        ${
          this.texts.length === 0 && !this.loading
            ? html`<p data-empty>${t(lang, 'privacy.empty')}</p>`
            : this.#kinds.map((k) => this.#kindTable(k))
        }
      </section>
      ${this.#publishForm()} ${this.#ledgerForm()} ${this.#requestForm()}`;
  }
}

defineElement('pagatore-console-privacy', PagatoreConsolePrivacy);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-console-privacy': PagatoreConsolePrivacy;
  }
}
