/**
 * `<pagatore-console-positions-import>`: an operator uploads a CSV of positions (the format of
 * docs/import-csv.md); the server imports it in the background and the page polls the job, showing
 * a progress bar (bytes imported of the file's size) with its counts said in a live region, then the
 * result (created, updated, rejected) and, when rows were rejected, their list and a CSV report of
 * them to download (line, IUPD, field, problem).
 */
import { type ImportJob, type PagatoreConsoleClient, type StaffRole } from '@pagatore/sdk';
import { html, LitElement, nothing } from 'lit';
import { defineElement } from '../define.js';
import { saveFile } from '../state/download.js';
import { controls, tokens } from '../styles/tokens.js';
import { type ConsoleLang, errorText, t } from './i18n.js';
import { consoleStyles } from './styles.js';

/** How often the page asks for the job's progress. */
const POLL_MS = 500;

/** A CSV cell: quoted when it holds a comma, a quote or a line break; a leading = + - @ neutralised. */
function cell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rejected rows as a CSV file: one line per problem (a row with no field problem, one line). */
export function errorReport(job: ImportJob): string {
  const lines = ['line,iupd,code,field,problem'];
  for (const e of job.report?.errors ?? []) {
    if (e.fields.length === 0) lines.push([e.row, e.iupd, e.code, '', e.message].map(cell).join(','));
    for (const f of e.fields) lines.push([e.row, e.iupd, f.code, f.path, f.message].map(cell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export class PagatoreConsolePositionsImport extends LitElement {
  static override styles = [tokens, controls, consoleStyles];
  static override properties = {
    client: { attribute: false },
    locale: { attribute: false },
    entity: { attribute: false },
    staffRole: { attribute: false },
    job: { state: true },
    uploading: { state: true },
    error: { state: true },
    fileError: { state: true },
  };

  declare client: PagatoreConsoleClient;
  declare locale: ConsoleLang;
  declare entity: string | null;
  declare staffRole: StaffRole;

  declare private job: ImportJob | null;
  declare private uploading: boolean;
  declare private error: string;
  declare private fileError: string;

  constructor() {
    super();
    this.locale = 'it';
    this.entity = null;
    this.staffRole = 'viewer';
    this.job = null;
    this.uploading = false;
    this.error = '';
    this.fileError = '';
  }
  #timer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    clearTimeout(this.#timer);
    super.disconnectedCallback();
  }

  async #submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const input = this.renderRoot.querySelector('#imp-file') as HTMLInputElement;
    const file = input.files?.[0];
    this.error = '';
    if (!file) {
      this.fileError = t(this.locale, 'positions.importChoose');
      await this.updateComplete;
      input.focus();
      return;
    }
    this.fileError = '';
    this.job = null;
    this.uploading = true;
    try {
      this.job = await this.client.imports.start(file, 'csv');
      this.#poll();
    } catch (err) {
      this.error = errorText(this.locale, err);
    } finally {
      this.uploading = false;
    }
  }

  #poll(): void {
    clearTimeout(this.#timer);
    const job = this.job;
    if (!job || job.status !== 'running') {
      void this.#announceEnd();
      return;
    }
    this.#timer = setTimeout(async () => {
      try {
        this.job = await this.client.imports.get(job.id);
        this.dispatchEvent(new Event('pagatore-console-activity', { bubbles: true, composed: true }));
      } catch (err) {
        this.error = errorText(this.locale, err);
        return;
      }
      this.#poll();
    }, POLL_MS);
  }

  async #announceEnd(): Promise<void> {
    await this.updateComplete;
    (this.renderRoot.querySelector('#imp-result') as HTMLElement | null)?.focus();
  }

  #download(): void {
    if (!this.job) return;
    const name = `errori-import-${this.job.id}.csv`;
    const contentType = 'text/csv;charset=utf-8';
    saveFile(
      { blob: new Blob([errorReport(this.job)], { type: contentType }), filename: name, contentType },
      name,
    );
  }

  #progress(job: ImportJob) {
    const lang = this.locale;
    const pct = job.totalBytes > 0 ? Math.round((job.bytes / job.totalBytes) * 100) : 100;
    const value = job.status === 'running' ? pct : 100;
    return html`<div class="field">
      <label for="imp-progress">${t(lang, 'positions.importProgress')}</label>
      <progress id="imp-progress" max="100" .value=${value} aria-valuetext=${`${value}%`}>${value}%</progress>
    </div>`;
  }

  override render() {
    const lang = this.locale;
    const canChange = this.staffRole === 'operator' || this.staffRole === 'admin';
    const job = this.job;
    const counts = job
      ? t(lang, 'positions.importCounts', {
          received: job.received,
          created: job.created,
          updated: job.updated,
          rejected: job.rejected,
        })
      : '';
    if (!canChange)
      return html`<h1 tabindex="-1">${t(lang, 'positions.importTitle')}</h1>
        <p class="alert" data-read-only>
          ${t(lang, 'position.noRole', { role: t(lang, `role.${this.staffRole}`) })}
        </p>`;
    return html`<p><a href="#/positions">${t(lang, 'position.back')}</a></p>
      <h1 tabindex="-1">${t(lang, 'positions.importTitle')}</h1>
      <p>${t(lang, 'positions.importIntro')}</p>
      <form novalidate @submit=${(e: SubmitEvent) => void this.#submit(e)}>
        <div class="field">
          <label for="imp-file">${t(lang, 'positions.importFile')}</label>
          <input
            id="imp-file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            aria-invalid=${this.fileError ? 'true' : 'false'}
            aria-describedby=${this.fileError ? 'imp-file-error' : nothing}
          />
          ${this.fileError ? html`<span class="error" id="imp-file-error">${this.fileError}</span>` : nothing}
        </div>
        <div class="actions">
          <button class="btn" type="submit" ?disabled=${this.uploading || job?.status === 'running'}>
            ${t(lang, 'positions.importStart')}
          </button>
        </div>
      </form>
      ${this.error ? html`<div class="alert alert-danger" role="alert">${this.error}</div>` : nothing}
      ${this.uploading ? html`<p role="status">${t(lang, 'positions.importUploading')}</p>` : nothing}
      ${job ? this.#progress(job) : nothing}
      <p role="status" aria-live="polite" id="imp-live">
        ${job?.status === 'running' ? html`${t(lang, 'positions.importRunning')} ${counts}` : nothing}
      </p>
      ${
        job && job.status !== 'running'
          ? html`<section aria-labelledby="imp-result" data-import-status=${job.status}>
              <h2 id="imp-result" tabindex="-1">
                ${t(lang, job.status === 'done' ? 'positions.importDone' : 'positions.importFailed')}
              </h2>
              ${
                job.status === 'done'
                  ? html`<dl class="facts">
                      <dt>${t(lang, 'positions.importReceived')}</dt>
                      <dd data-count="received">${job.received}</dd>
                      <dt>${t(lang, 'positions.importCreated')}</dt>
                      <dd data-count="created">${job.created}</dd>
                      <dt>${t(lang, 'positions.importUpdated')}</dt>
                      <dd data-count="updated">${job.updated}</dd>
                      <dt>${t(lang, 'positions.importRejected')}</dt>
                      <dd data-count="rejected">${job.rejected}</dd>
                    </dl>`
                  : html`<div class="alert alert-danger">
                      <p>${job.error?.message}</p>
                      ${
                        job.error && job.error.fields.length > 0
                          ? html`<ul>
                              ${job.error.fields.map((f) => html`<li><span class="mono">${f.path}</span>: ${f.message}</li>`)}
                            </ul>`
                          : nothing
                      }
                    </div>`
              }
              ${
                job.report && job.report.errors.length > 0
                  ? html`<p class="actions">
                        <button class="btn btn-outline" type="button" @click=${() => this.#download()}>
                          ${t(lang, 'positions.importReport')}
                        </button>
                      </p>
                      ${job.report.errorsTruncated ? html`<p>${t(lang, 'positions.importTruncated')}</p>` : nothing}
                      <div class="table-wrap" role="region" aria-labelledby="imp-err-caption" tabindex="0">
                        <table>
                          <caption id="imp-err-caption">
                            ${t(lang, 'positions.importErrors')}
                          </caption>
                          <thead>
                            <tr>
                              <th scope="col">${t(lang, 'positions.importLine')}</th>
                              <th scope="col">${t(lang, 'positions.iupd')}</th>
                              <th scope="col">${t(lang, 'positions.importProblem')}</th>
                            </tr>
                          </thead>
                          <tbody>
                            ${job.report.errors.slice(0, 100).map(
                              (e) =>
                                html`<tr>
                                  <th scope="row">${e.row}</th>
                                  <td>${e.iupd ?? ''}</td>
                                  <td>
                                    ${
                                      e.fields.length > 0
                                        ? e.fields.map(
                                            (f) => html`<span class="mono">${f.path}</span>: ${f.message} `,
                                          )
                                        : e.message
                                    }
                                  </td>
                                </tr>`,
                            )}
                          </tbody>
                        </table>
                      </div>`
                  : nothing
              }
            </section>`
          : nothing
      }`;
  }
}

defineElement('pagatore-console-positions-import', PagatoreConsolePositionsImport);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-console-positions-import': PagatoreConsolePositionsImport;
  }
}
