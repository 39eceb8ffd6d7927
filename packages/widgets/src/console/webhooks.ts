/**
 * `<pagatore-console-webhooks>`: the entity's webhook endpoints, for admins. Each endpoint can be
 * edited (URL, event types, description), paused and resumed, deleted (after a confirmation), and
 * its signing secret rotated: the new secret shows once, and the old one keeps signing beside it for
 * the grace period chosen, so the receiver can switch without refusing a delivery. Below, the
 * delivery log of the endpoint picked, a page at a time and filtered by state, with "deliver again"
 * on each delivery.
 */
import {
  DELIVERY_STATUSES,
  type DeliveryList,
  PagatoreError,
  type PagatoreConsoleClient,
  WEBHOOK_EVENT_TYPES,
  type WebhookView,
} from '@pagatore/sdk';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { defineElement } from '../define.js';
import { controls, tokens } from '../styles/tokens.js';
import { type ConsoleLang, dateTime, errorText, fieldText, t } from './i18n.js';
import { copyText } from './keys.js';
import { confirmBox } from './confirm.js';
import { consoleStyles } from './styles.js';

const PAGE = 20;
const GRACE_HOURS = [0, 24, 72, 168] as const;

type Fresh = { id: string; secret: string; until: string | null };

export class PagatoreConsoleWebhooks extends LitElement {
  static override styles = [
    tokens,
    controls,
    consoleStyles,
    css`
      ul.endpoints {
        list-style: none;
        padding: 0;
      }
      li.endpoint {
        border: 1px solid var(--pagatore-border, #c5c7c9);
        border-radius: 4px;
        padding: 0.75rem 1rem;
        margin-block: 1rem;
      }
      li.endpoint h2 {
        font-size: 1.1rem;
        overflow-wrap: anywhere;
      }
      fieldset {
        border: 1px solid var(--pagatore-border, #c5c7c9);
        margin-block: 0.75rem;
      }
      label.check {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        margin-block: 0.25rem;
        font-weight: normal;
      }
      label.check input {
        width: auto;
        margin: 0;
      }
      li.endpoint .actions {
        align-items: flex-end;
      }
      .field.inline {
        display: inline-flex;
        gap: 0.5rem;
        align-items: center;
      }
    `,
  ];
  static override properties = {
    client: { attribute: false },
    locale: { attribute: false },
    entity: { attribute: false },
    items: { state: true },
    loading: { state: true },
    error: { state: true },
    message: { state: true },
    fieldErrors: { state: true },
    editing: { state: true },
    confirmingDelete: { state: true },
    fresh: { state: true },
    copied: { state: true },
    busy: { state: true },
    logOf: { state: true },
    logStatus: { state: true },
    logOffset: { state: true },
    log: { state: true },
  };

  declare client: PagatoreConsoleClient;
  declare locale: ConsoleLang;
  declare entity: string | null;

  declare private items: WebhookView[];
  declare private loading: boolean;
  declare private error: string;
  declare private message: string;
  declare private fieldErrors: Record<string, string>;
  /** The endpoint being edited ('new' for the form of a new one). */
  declare private editing: string | null;
  declare private confirmingDelete: string | null;
  declare private fresh: Fresh | null;
  declare private copied: 'yes' | 'no' | null;
  declare private busy: boolean;
  /** The endpoint whose deliveries show, the filter and the page. */
  declare private logOf: string | null;
  declare private logStatus: string;
  declare private logOffset: number;
  declare private log: DeliveryList | null;

  constructor() {
    super();
    this.locale = 'it';
    this.entity = null;
    this.items = [];
    this.loading = false;
    this.error = '';
    this.message = '';
    this.fieldErrors = {};
    this.editing = null;
    this.confirmingDelete = null;
    this.fresh = null;
    this.copied = null;
    this.busy = false;
    this.logOf = null;
    this.logStatus = '';
    this.logOffset = 0;
    this.log = null;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('entity')) {
      this.fresh = null;
      this.logOf = null;
      this.log = null;
      void this.#load();
    }
  }

  async #load(): Promise<void> {
    if (!this.entity) return;
    this.loading = true;
    this.error = '';
    try {
      this.items = (await this.client.webhooks.list()).items;
    } catch (e) {
      this.error = errorText(this.locale, e);
    } finally {
      this.loading = false;
    }
  }

  async #focus(selector: string): Promise<void> {
    await this.updateComplete;
    (this.renderRoot.querySelector(selector) as HTMLElement | null)?.focus();
  }

  #problems(e: unknown): void {
    const fields: Record<string, string> = {};
    if (e instanceof PagatoreError)
      for (const f of e.fields) fields[f.path.split('.')[0] ?? ''] = fieldText(this.locale, f.code);
    this.fieldErrors = fields;
    if (Object.keys(fields).length === 0) this.error = errorText(this.locale, e);
  }

  #save = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const input = {
      url: String(data.get('url') ?? ''),
      types: data.getAll('types').map(String) as (typeof WEBHOOK_EVENT_TYPES)[number][],
      description: String(data.get('description') ?? '').trim() || null,
    };
    this.error = '';
    this.message = '';
    this.fieldErrors = {};
    this.busy = true;
    try {
      if (this.editing === 'new') {
        const created = await this.client.webhooks.create(input);
        this.fresh = { id: created.id, secret: created.secret, until: null };
        this.copied = null;
        this.message = t(this.locale, 'webhooks.added', { url: created.url });
      } else if (this.editing) {
        await this.client.webhooks.update(this.editing, input);
        this.message = t(this.locale, 'webhooks.saved', { url: input.url });
      }
      this.editing = null;
      await this.#load();
      await this.#focus(this.fresh ? '#secret-title' : 'h1');
    } catch (err) {
      this.#problems(err);
      const first = Object.keys(this.fieldErrors)[0];
      if (first) await this.#focus(`#wh-${first}`);
    } finally {
      this.busy = false;
    }
  };

  async #toggle(w: WebhookView): Promise<void> {
    this.error = '';
    try {
      await this.client.webhooks.update(w.id, { enabled: !w.enabled });
      this.message = t(this.locale, w.enabled ? 'webhooks.paused' : 'webhooks.resumed', { url: w.url });
      await this.#load();
    } catch (e) {
      this.error = errorText(this.locale, e);
    }
  }

  async #delete(w: WebhookView): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await this.client.webhooks.delete(w.id);
      this.confirmingDelete = null;
      if (this.logOf === w.id) this.logOf = null;
      this.message = t(this.locale, 'webhooks.deleted', { url: w.url });
      await this.#load();
      await this.#focus('h1');
    } catch (e) {
      this.error = errorText(this.locale, e);
    } finally {
      this.busy = false;
    }
  }

  async #rotate(w: WebhookView): Promise<void> {
    const select = this.renderRoot.querySelector(`#grace-${w.id}`) as HTMLSelectElement | null;
    const graceHours = Number(select?.value ?? 24);
    this.error = '';
    try {
      const r = await this.client.webhookSecrets.rotate(w.id, { graceHours });
      this.fresh = { id: r.id, secret: r.secret, until: r.previousSecretUntil };
      this.copied = null;
      await this.#focus('#secret-title');
    } catch (e) {
      this.error = errorText(this.locale, e);
    }
  }

  async #showLog(id: string, offset = 0): Promise<void> {
    this.logOf = id;
    this.logOffset = offset;
    this.error = '';
    try {
      this.log = await this.client.webhooks.deliveries(id, {
        limit: PAGE,
        offset,
        ...(this.logStatus ? { status: this.logStatus as (typeof DELIVERY_STATUSES)[number] } : {}),
      });
    } catch (e) {
      this.error = errorText(this.locale, e);
    }
  }

  async #redeliver(delivery: number): Promise<void> {
    if (!this.logOf) return;
    this.error = '';
    try {
      await this.client.webhooks.redeliver(this.logOf, delivery);
      this.message = t(this.locale, 'webhooks.requeued', { id: delivery });
      await this.#showLog(this.logOf, this.logOffset);
    } catch (e) {
      this.error = errorText(this.locale, e);
    }
  }

  #form(w: WebhookView | null) {
    const lang = this.locale;
    const err = (k: string) =>
      this.fieldErrors[k]
        ? html`<span class="error" id="wh-${k}-error">${this.fieldErrors[k]}</span>`
        : nothing;
    const types = new Set(w?.types ?? []);
    return html`<form novalidate @submit=${this.#save} aria-labelledby="wh-form-title" data-webhook-form>
      <h2 id="wh-form-title">
        ${w ? t(lang, 'webhooks.editTitle', { url: w.url }) : t(lang, 'webhooks.add')}
      </h2>
      <div class="field">
        <label for="wh-url">${t(lang, 'webhooks.url')}</label>
        <input
          id="wh-url"
          name="url"
          type="url"
          required
          maxlength="2000"
          .value=${w?.url ?? ''}
          aria-invalid=${this.fieldErrors.url ? 'true' : 'false'}
          aria-describedby="wh-url-hint${this.fieldErrors.url ? ' wh-url-error' : ''}"
        />
        <span class="hint" id="wh-url-hint">${t(lang, 'webhooks.urlHint')}</span>
        ${err('url')}
      </div>
      <fieldset>
        <legend>${t(lang, 'webhooks.events')}</legend>
        <p class="hint">${t(lang, 'webhooks.eventsHint')}</p>
        ${WEBHOOK_EVENT_TYPES.map(
          (type) =>
            html`<label class="check"
              ><input type="checkbox" name="types" value=${type} ?checked=${types.has(type)} />
              <code>${type}</code></label
            >`,
        )}
      </fieldset>
      <div class="field">
        <label for="wh-description">${t(lang, 'webhooks.description')}</label>
        <input
          id="wh-description"
          name="description"
          type="text"
          maxlength="200"
          .value=${w?.description ?? ''}
        />
        ${err('description')}
      </div>
      <div class="actions">
        <button class="btn" type="submit" ?disabled=${this.busy}>${t(lang, 'webhooks.save')}</button>
        <button
          class="btn btn-outline"
          type="button"
          @click=${() => {
            this.editing = null;
            this.fieldErrors = {};
          }}
        >
          ${t(lang, 'webhooks.cancel')}
        </button>
      </div>
    </form>`;
  }

  #secret() {
    const lang = this.locale;
    const f = this.fresh;
    if (!f) return nothing;
    return html`<section class="alert alert-success" aria-labelledby="secret-title" data-new-secret>
      <h2 id="secret-title" tabindex="-1">${t(lang, 'webhooks.secretTitle')}</h2>
      <p><strong>${t(lang, 'webhooks.secretOnce')}</strong></p>
      <div class="field">
        <label for="new-secret">${t(lang, 'webhooks.secret')}</label>
        <input id="new-secret" class="mono" type="text" readonly .value=${f.secret} />
      </div>
      ${f.until ? html`<p>${t(lang, 'webhooks.graceUntil', { at: dateTime(lang, f.until) })}</p>` : nothing}
      <div class="actions">
        <button
          class="btn"
          type="button"
          @click=${async () => {
            this.copied = (await copyText(f.secret)) ? 'yes' : 'no';
          }}
        >
          ${t(lang, 'webhooks.copy')}
        </button>
        <button class="btn btn-outline" type="button" @click=${() => (this.fresh = null)}>
          ${t(lang, 'webhooks.done')}
        </button>
      </div>
      <p role="status">
        ${this.copied === 'yes' ? t(lang, 'keys.copied') : this.copied === 'no' ? t(lang, 'keys.copyFailed') : ''}
      </p>
    </section>`;
  }

  #endpoint(w: WebhookView) {
    const lang = this.locale;
    if (this.editing === w.id) return html`<li>${this.#form(w)}</li>`;
    return html`<li class="endpoint" data-webhook=${w.id}>
      <h2 class="mono">${w.url}</h2>
      <dl class="facts">
        <dt>${t(lang, 'webhooks.state')}</dt>
        <dd>${t(lang, w.enabled ? 'webhooks.enabled' : 'webhooks.disabled')}</dd>
        <dt>${t(lang, 'webhooks.events')}</dt>
        <dd>${w.types.length === 0 ? t(lang, 'webhooks.allEvents') : w.types.join(', ')}</dd>
        ${
          w.description
            ? html`<dt>${t(lang, 'webhooks.description')}</dt>
                <dd>${w.description}</dd>`
            : nothing
        }
        <dt>${t(lang, 'webhooks.created')}</dt>
        <dd>${dateTime(lang, w.createdAt)}</dd>
      </dl>
      <div class="actions">
        <button
          class="btn btn-outline"
          type="button"
          @click=${() => void this.#showLog(w.id)}
          aria-label=${t(lang, 'webhooks.deliveriesOf', { url: w.url })}
        >
          ${t(lang, 'webhooks.deliveries')}
        </button>
        <button
          class="btn btn-outline"
          type="button"
          @click=${() => {
            this.editing = w.id;
            this.fieldErrors = {};
            void this.#focus('#wh-url');
          }}
          aria-label=${t(lang, 'webhooks.editOf', { url: w.url })}
        >
          ${t(lang, 'webhooks.edit')}
        </button>
        <button
          class="btn btn-outline"
          type="button"
          @click=${() => void this.#toggle(w)}
          aria-label=${t(lang, w.enabled ? 'webhooks.pauseOf' : 'webhooks.resumeOf', { url: w.url })}
        >
          ${t(lang, w.enabled ? 'webhooks.pause' : 'webhooks.resume')}
        </button>
        <span class="field inline">
          <label for="grace-${w.id}">${t(lang, 'webhooks.grace')}</label>
          <select id="grace-${w.id}">
            ${GRACE_HOURS.map(
              (hours) =>
                html`<option value=${hours} ?selected=${hours === 24}>
                  ${hours === 0 ? t(lang, 'webhooks.graceNone') : t(lang, 'webhooks.graceHours', { hours })}
                </option>`,
            )}
          </select>
        </span>
        <button
          class="btn btn-outline"
          type="button"
          @click=${() => void this.#rotate(w)}
          aria-label=${t(lang, 'webhooks.rotateOf', { url: w.url })}
        >
          ${t(lang, 'webhooks.rotate')}
        </button>
        ${
          this.confirmingDelete !== w.id
            ? html`<button
                class="btn btn-danger"
                type="button"
                @click=${() => {
                  this.confirmingDelete = w.id;
                  void this.#focus('#delete-no');
                }}
                aria-label=${t(lang, 'webhooks.deleteOf', { url: w.url })}
              >
                ${t(lang, 'webhooks.delete')}
              </button>`
            : nothing
        }
      </div>
      ${
        this.confirmingDelete === w.id
          ? confirmBox({
              id: 'delete',
              question: t(lang, 'webhooks.deleteConfirm', { url: w.url }),
              yes: t(lang, 'webhooks.deleteYes'),
              no: t(lang, 'webhooks.deleteNo'),
              busy: this.busy,
              onYes: () => void this.#delete(w),
              onNo: () => (this.confirmingDelete = null),
            })
          : nothing
      }
    </li>`;
  }

  #log() {
    const lang = this.locale;
    const w = this.items.find((x) => x.id === this.logOf);
    if (!w) return nothing;
    const log = this.log;
    return html`<section aria-labelledby="log-title" data-deliveries>
      <h2 id="log-title">${t(lang, 'webhooks.logTitle', { url: w.url })}</h2>
      <form
        class="row"
        @submit=${(e: SubmitEvent) => {
          e.preventDefault();
          this.logStatus = (this.renderRoot.querySelector('#log-status') as HTMLSelectElement).value;
          void this.#showLog(w.id, 0);
        }}
      >
        <div class="field">
          <label for="log-status">${t(lang, 'webhooks.filterStatus')}</label>
          <select id="log-status">
            <option value="">${t(lang, 'webhooks.anyStatus')}</option>
            ${DELIVERY_STATUSES.map(
              (s) =>
                html`<option value=${s} ?selected=${this.logStatus === s}>
                  ${t(lang, `webhooks.status.${s}`)}
                </option>`,
            )}
          </select>
        </div>
        <div class="actions"><button class="btn" type="submit">${t(lang, 'webhooks.filter')}</button></div>
      </form>
      ${
        !log || log.items.length === 0
          ? html`<p>${t(lang, 'webhooks.noDeliveries')}</p>`
          : html`<div class="table-wrap" role="region" aria-labelledby="log-caption" tabindex="0">
                <table>
                  <caption id="log-caption">
                    ${t(lang, 'webhooks.logCaption', {
                      from: log.offset + 1,
                      to: log.offset + log.items.length,
                      total: log.total,
                    })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">${t(lang, 'webhooks.delivery')}</th>
                      <th scope="col">${t(lang, 'webhooks.event')}</th>
                      <th scope="col">${t(lang, 'webhooks.practice')}</th>
                      <th scope="col">${t(lang, 'webhooks.state')}</th>
                      <th scope="col">${t(lang, 'webhooks.attempts')}</th>
                      <th scope="col">${t(lang, 'webhooks.last')}</th>
                      <th scope="col">${t(lang, 'keys.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${log.items.map(
                      (d) =>
                        html`<tr data-delivery=${d.id} data-status=${d.status}>
                          <th scope="row">${d.id}</th>
                          <td><code>${d.eventType}</code></td>
                          <td class="mono">${d.practice}</td>
                          <td>${t(lang, `webhooks.status.${d.status}`)}</td>
                          <td class="num">${d.attempts}</td>
                          <td>
                            ${d.lastAttemptAt ? dateTime(lang, d.lastAttemptAt) : '—'}
                            ${d.lastStatus !== null ? html`<br />HTTP ${d.lastStatus}` : nothing}
                            ${d.lastError ? html`<br />${d.lastError}` : nothing}
                          </td>
                          <td>
                            <button
                              class="btn btn-outline"
                              type="button"
                              aria-label=${t(lang, 'webhooks.redeliverOf', { id: d.id })}
                              @click=${() => void this.#redeliver(d.id)}
                            >
                              ${t(lang, 'webhooks.redeliver')}
                            </button>
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>
              <div class="actions">
                <button
                  class="btn btn-outline"
                  type="button"
                  ?disabled=${log.offset === 0}
                  @click=${() => void this.#showLog(w.id, Math.max(0, log.offset - PAGE))}
                >
                  ${t(lang, 'positions.prev')}
                </button>
                <button
                  class="btn btn-outline"
                  type="button"
                  ?disabled=${log.offset + log.items.length >= log.total}
                  @click=${() => void this.#showLog(w.id, log.offset + PAGE)}
                >
                  ${t(lang, 'positions.next')}
                </button>
              </div>`
      }
    </section>`;
  }

  override render() {
    const lang = this.locale;
    return html`<h1 tabindex="-1">${t(lang, 'webhooks.title')}</h1>
      <p>${t(lang, 'webhooks.intro')}</p>
      ${this.error ? html`<div class="alert alert-danger" role="alert">${this.error}</div>` : nothing}
      <p role="status">${this.loading ? t(lang, 'app.loading') : this.message}</p>
      ${this.#secret()}
      ${
        this.editing === 'new'
          ? this.#form(null)
          : html`<div class="actions">
              <button
                class="btn"
                type="button"
                @click=${() => {
                  this.editing = 'new';
                  this.fieldErrors = {};
                  void this.#focus('#wh-url');
                }}
              >
                ${t(lang, 'webhooks.add')}
              </button>
            </div>`
      }
      ${
        this.items.length === 0 && !this.loading
          ? html`<p>${t(lang, 'webhooks.empty')}</p>`
          : html`<ul class="endpoints">
              ${this.items.map((w) => this.#endpoint(w))}
            </ul>`
      }
      ${this.#log()}`;
  }
}

defineElement('pagatore-console-webhooks', PagatoreConsoleWebhooks);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-console-webhooks': PagatoreConsoleWebhooks;
  }
}
