/**
 * `<pagatore-console-audit>`: the entity's audit log, newest first, a page at a time ("show older
 * changes" appends the next page, keyset-paged by the server). Each entry's states before and after
 * open in a disclosure.
 */
import type { AuditEntry, PagatoreConsoleClient } from '@pagatore/sdk';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { defineElement } from '../define.js';
import { controls, tokens } from '../styles/tokens.js';
import { type ConsoleLang, dateTime, errorText, t } from './i18n.js';
import { consoleStyles } from './styles.js';

const PAGE = 50;

/** A value in one line: scalars as they are, objects and lists as `…`. */
function short(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'object') return '…';
  return String(v);
}

/** The top-level fields an entry changed, with their values before and after. */
export function changedFields(before: unknown, after: unknown): { key: string; from: string; to: string }[] {
  const b = before && typeof before === 'object' ? (before as Record<string, unknown>) : {};
  const a = after && typeof after === 'object' ? (after as Record<string, unknown>) : {};
  if (!before || !after) return [];
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => k !== 'updatedAt' && JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((key) => ({ key, from: short(b[key]), to: short(a[key]) }));
}

export class PagatoreConsoleAudit extends LitElement {
  static override styles = [tokens, controls, consoleStyles];
  static override properties = {
    client: { attribute: false },
    locale: { attribute: false },
    entity: { attribute: false },
    entityName: { attribute: false },
    items: { state: true },
    next: { state: true },
    loading: { state: true },
    error: { state: true },
  };

  declare client: PagatoreConsoleClient;
  declare locale: ConsoleLang;
  declare entity: string | null;
  declare entityName: string;

  declare private items: AuditEntry[];
  declare private next: number | null;
  declare private loading: boolean;
  declare private error: string;

  constructor() {
    super();
    this.locale = 'it';
    this.entity = null;
    this.entityName = '';
    this.items = [];
    this.next = null;
    this.loading = false;
    this.error = '';
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('entity')) {
      this.items = [];
      this.next = null;
      void this.#load();
    }
  }

  async #load(before?: number): Promise<void> {
    if (!this.entity) return;
    this.loading = true;
    this.error = '';
    try {
      const page = await this.client.audit.list({
        limit: String(PAGE),
        ...(before ? { before: String(before) } : {}),
      });
      this.items = before ? [...this.items, ...page.items] : page.items;
      this.next = page.next;
    } catch (e) {
      this.error = errorText(this.locale, e);
    } finally {
      this.loading = false;
    }
  }

  #state(label: string, value: unknown) {
    return value === null || value === undefined
      ? nothing
      : html`<p><strong>${label}</strong></p>
          <pre tabindex="0" role="region" aria-label=${label}>${JSON.stringify(value, null, 2)}</pre>`;
  }

  #changes(e: AuditEntry) {
    const changes = changedFields(e.before, e.after);
    return changes.length === 0
      ? nothing
      : html`<ul class="changes">
          ${changes.map((c) => html`<li><code>${c.key}</code>: ${c.from} → ${c.to}</li>`)}
        </ul>`;
  }

  override render() {
    const lang = this.locale;
    return html`<h1 tabindex="-1">${t(lang, 'audit.title')}</h1>
      <p>${t(lang, 'audit.intro', { entity: this.entityName })}</p>
      ${this.error ? html`<div class="alert alert-danger" role="alert">${this.error}</div>` : nothing}
      <p role="status" class="visually-hidden">${this.loading ? t(lang, 'app.loading') : ''}</p>
      ${
        this.items.length === 0 && !this.loading && !this.error
          ? html`<p>${t(lang, 'audit.empty')}</p>`
          : html`<div class="table-wrap" role="region" aria-labelledby="audit-caption" tabindex="0">
              <table>
                <caption id="audit-caption">
                  ${t(lang, 'audit.caption')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t(lang, 'audit.when')}</th>
                    <th scope="col">${t(lang, 'audit.who')}</th>
                    <th scope="col">${t(lang, 'audit.action')}</th>
                    <th scope="col">${t(lang, 'audit.target')}</th>
                    <th scope="col">${t(lang, 'audit.changes')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.items.map(
                    (e) =>
                      html`<tr data-action=${e.action}>
                        <td><time datetime=${e.at}>${dateTime(lang, e.at)}</time></td>
                        <td>${e.actor}</td>
                        <td><code>${e.action}</code></td>
                        <td class="mono">${e.target ?? ''}</td>
                        <td>
                          ${this.#changes(e)}
                          ${
                            e.before === null && e.after === null
                              ? nothing
                              : html`<details>
                                  <summary>${t(lang, 'audit.details')}</summary>
                                  ${this.#state(t(lang, 'audit.before'), e.before)}
                                  ${this.#state(t(lang, 'audit.after'), e.after)}
                                </details>`
                          }
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
      ${
        this.next !== null
          ? html`<div class="actions">
              <button
                class="btn btn-outline"
                type="button"
                ?disabled=${this.loading}
                @click=${() => void this.#load(this.next ?? undefined)}
              >
                ${t(lang, 'audit.more')}
              </button>
            </div>`
          : nothing
      }`;
  }
}

defineElement('pagatore-console-audit', PagatoreConsoleAudit);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-console-audit': PagatoreConsoleAudit;
  }
}
