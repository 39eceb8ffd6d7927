/**
 * `<pagatore-console-keys>`: the entity's API keys, for admins. The table lists each key by its name,
 * its prefix (never the secret), when it was created and last used, and whether it was revoked. A
 * new key is created with a name; its whole value shows once, with a copy button and a warning that
 * it cannot be shown again. Revoking asks for a confirmation first.
 */
import {
  type ApiKeyCreated,
  type ApiKeyView,
  PagatoreError,
  type PagatoreConsoleClient,
} from '@pagatore/sdk';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { defineElement } from '../define.js';
import { controls, tokens } from '../styles/tokens.js';
import { type ConsoleLang, dateTime, errorText, fieldText, t } from './i18n.js';
import { confirmBox } from './confirm.js';
import { consoleStyles } from './styles.js';

/**
 * Copies a text to the clipboard; false when the browser refuses (no permission, not a secure
 * context), and the person copies it by hand from the field.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export class PagatoreConsoleKeys extends LitElement {
  static override styles = [tokens, controls, consoleStyles];
  static override properties = {
    client: { attribute: false },
    locale: { attribute: false },
    entity: { attribute: false },
    items: { state: true },
    loading: { state: true },
    error: { state: true },
    nameError: { state: true },
    created: { state: true },
    copied: { state: true },
    confirming: { state: true },
    busy: { state: true },
    message: { state: true },
  };

  declare client: PagatoreConsoleClient;
  declare locale: ConsoleLang;
  declare entity: string | null;

  declare private items: ApiKeyView[];
  declare private loading: boolean;
  declare private error: string;
  declare private nameError: string;
  declare private created: ApiKeyCreated | null;
  declare private copied: 'yes' | 'no' | null;
  declare private confirming: string | null;
  declare private busy: boolean;
  declare private message: string;

  constructor() {
    super();
    this.locale = 'it';
    this.entity = null;
    this.items = [];
    this.loading = false;
    this.error = '';
    this.nameError = '';
    this.created = null;
    this.copied = null;
    this.confirming = null;
    this.busy = false;
    this.message = '';
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('entity')) {
      this.created = null;
      void this.#load();
    }
  }

  async #load(): Promise<void> {
    if (!this.entity) return;
    this.loading = true;
    this.error = '';
    try {
      this.items = (await this.client.apiKeys.list()).items;
    } catch (e) {
      this.error = errorText(this.locale, e);
    } finally {
      this.loading = false;
    }
  }

  #create = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const name = (form.elements.namedItem('name') as HTMLInputElement).value;
    this.nameError = '';
    this.error = '';
    this.message = '';
    this.busy = true;
    try {
      this.created = await this.client.apiKeys.create({ name });
      this.copied = null;
      form.reset();
      await this.#load();
      await this.updateComplete;
      (this.renderRoot.querySelector('#new-key-title') as HTMLElement | null)?.focus();
    } catch (err) {
      const field = err instanceof PagatoreError ? err.fields.find((f) => f.path === 'name') : undefined;
      if (field) this.nameError = fieldText(this.locale, field.code);
      else this.error = errorText(this.locale, err);
      if (field) (this.renderRoot.querySelector('#key-name') as HTMLInputElement | null)?.focus();
    } finally {
      this.busy = false;
    }
  };

  async #copy(): Promise<void> {
    if (!this.created) return;
    this.copied = (await copyText(this.created.key)) ? 'yes' : 'no';
    if (this.copied === 'no')
      (this.renderRoot.querySelector('#new-key') as HTMLInputElement | null)?.select();
  }

  async #confirm(id: string | null): Promise<void> {
    const was = this.confirming;
    this.confirming = id;
    await this.updateComplete;
    const target = id ? '#revoke-no' : `#revoke-${was}`;
    (this.renderRoot.querySelector(target) as HTMLElement | null)?.focus();
  }

  async #revoke(k: ApiKeyView): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await this.client.apiKeys.revoke(k.id);
      this.confirming = null;
      this.message = t(this.locale, 'keys.revoked', { name: k.name });
      if (this.created?.id === k.id) this.created = null;
      await this.#load();
    } catch (e) {
      this.error = errorText(this.locale, e);
    } finally {
      this.busy = false;
    }
  }

  #newKey() {
    const lang = this.locale;
    const k = this.created;
    if (!k) return nothing;
    return html`<section class="alert alert-success" aria-labelledby="new-key-title" data-new-key>
      <h2 id="new-key-title" tabindex="-1">${t(lang, 'keys.createdTitle', { name: k.name })}</h2>
      <p><strong>${t(lang, 'keys.onceWarning')}</strong></p>
      <div class="field">
        <label for="new-key">${t(lang, 'keys.secret')}</label>
        <input
          id="new-key"
          class="mono"
          type="text"
          readonly
          .value=${k.key}
          @focus=${(e: Event) => (e.target as HTMLInputElement).select()}
        />
      </div>
      <div class="actions">
        <button class="btn" type="button" @click=${() => void this.#copy()}>${t(lang, 'keys.copy')}</button>
        <button class="btn btn-outline" type="button" @click=${() => (this.created = null)}>
          ${t(lang, 'keys.done')}
        </button>
      </div>
      <p role="status">
        ${this.copied === 'yes' ? t(lang, 'keys.copied') : this.copied === 'no' ? t(lang, 'keys.copyFailed') : ''}
      </p>
    </section>`;
  }

  #row(k: ApiKeyView) {
    const lang = this.locale;
    const active = k.revokedAt === null;
    return html`<tr data-key=${k.id}>
      <th scope="row">${k.name}</th>
      <td class="mono">${k.prefix}…</td>
      <td><time datetime=${k.createdAt}>${dateTime(lang, k.createdAt)}</time></td>
      <td>
        ${k.lastUsedAt ? html`<time datetime=${k.lastUsedAt}>${dateTime(lang, k.lastUsedAt)}</time>` : t(lang, 'keys.never')}
      </td>
      <td>
        ${
          active
            ? html`<span class="badge paid">${t(lang, 'keys.active')}</span>`
            : html`<span class="badge expired"
                >${t(lang, 'keys.revokedOn', { at: dateTime(lang, k.revokedAt ?? '') })}</span
              >`
        }
      </td>
      <td>
        ${
          active && this.confirming !== k.id
            ? html`<button
                id="revoke-${k.id}"
                class="btn btn-danger"
                type="button"
                aria-label=${t(lang, 'keys.revokeNamed', { name: k.name })}
                @click=${() => void this.#confirm(k.id)}
              >
                ${t(lang, 'keys.revoke')}
              </button>`
            : nothing
        }
        ${
          this.confirming === k.id
            ? confirmBox({
                id: 'revoke',
                question: t(lang, 'keys.revokeConfirm', { name: k.name }),
                yes: t(lang, 'keys.revokeYes'),
                no: t(lang, 'keys.revokeNo'),
                busy: this.busy,
                onYes: () => void this.#revoke(k),
                onNo: () => void this.#confirm(null),
              })
            : nothing
        }
      </td>
    </tr>`;
  }

  override render() {
    const lang = this.locale;
    return html`<h1 tabindex="-1">${t(lang, 'keys.title')}</h1>
      <p>${t(lang, 'keys.intro')}</p>
      ${this.error ? html`<div class="alert alert-danger" role="alert">${this.error}</div>` : nothing}
      <p role="status">${this.loading ? t(lang, 'app.loading') : this.message}</p>
      ${this.#newKey()}
      <form novalidate @submit=${this.#create} aria-labelledby="new-key-form">
        <h2 id="new-key-form">${t(lang, 'keys.create')}</h2>
        <div class="row">
          <div class="field">
            <label for="key-name">${t(lang, 'keys.name')}</label>
            <input
              id="key-name"
              name="name"
              type="text"
              maxlength="100"
              required
              aria-describedby="key-name-hint${this.nameError ? ' key-name-error' : ''}"
              aria-invalid=${this.nameError ? 'true' : 'false'}
            />
            <span class="hint" id="key-name-hint">${t(lang, 'keys.nameHint')}</span>
            ${this.nameError ? html`<span class="error" id="key-name-error">${this.nameError}</span>` : nothing}
          </div>
        </div>
        <div class="actions">
          <button class="btn" type="submit" ?disabled=${this.busy}>${t(lang, 'keys.createSubmit')}</button>
        </div>
      </form>
      ${
        this.items.length === 0 && !this.loading
          ? html`<p>${t(lang, 'keys.empty')}</p>`
          : html`<div class="table-wrap" role="region" aria-labelledby="keys-caption" tabindex="0">
              <table>
                <caption id="keys-caption">
                  ${t(lang, 'keys.caption')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t(lang, 'keys.name')}</th>
                    <th scope="col">${t(lang, 'keys.prefix')}</th>
                    <th scope="col">${t(lang, 'keys.created')}</th>
                    <th scope="col">${t(lang, 'keys.lastUsed')}</th>
                    <th scope="col">${t(lang, 'keys.state')}</th>
                    <th scope="col">${t(lang, 'keys.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.items.map((k) => this.#row(k))}
                </tbody>
              </table>
            </div>`
      }`;
  }
}

defineElement('pagatore-console-keys', PagatoreConsoleKeys);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-console-keys': PagatoreConsoleKeys;
  }
}
