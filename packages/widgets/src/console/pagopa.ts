/**
 * `<pagatore-console-pagopa>`: the entity's pagoPA settings and the health of its connection. Every
 * role reads them; an admin edits them. Subscription keys are never shown back, only whether one is
 * set: a new value replaces the stored one, an empty field keeps it. The health is what the server
 * saw: the node's last verify, activate and receipt calls, the last receipt recorded, the reporting
 * flows fetched, and the GPD queue when the copy of the positions on GPD is kept in step.
 */
import {
  type EntitySettings,
  formatEuro,
  PagatoreError,
  type PagatoreConsoleClient,
  type PagopaHealth,
  type StaffRole,
} from '@pagatore/sdk';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { defineElement } from '../define.js';
import { controls, tokens } from '../styles/tokens.js';
import { type ConsoleLang, dateTime, errorText, fieldText, t } from './i18n.js';
import { consoleStyles } from './styles.js';

type NodeCall = PagopaHealth['node']['verify'];

export class PagatoreConsolePagopa extends LitElement {
  static override styles = [
    tokens,
    controls,
    consoleStyles,
    css`
      .ok {
        color: var(--pagatore-success, #00703c);
        font-weight: 600;
      }
      .ko {
        color: var(--pagatore-danger, #a30000);
        font-weight: 600;
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
      textarea {
        width: 100%;
        max-width: 40rem;
        font: inherit;
      }
    `,
  ];
  static override properties = {
    client: { attribute: false },
    locale: { attribute: false },
    entity: { attribute: false },
    staffRole: { attribute: false },
    settings: { state: true },
    health: { state: true },
    error: { state: true },
    message: { state: true },
    fieldErrors: { state: true },
    busy: { state: true },
  };

  declare client: PagatoreConsoleClient;
  declare locale: ConsoleLang;
  declare entity: string | null;
  declare staffRole: StaffRole;

  declare private settings: EntitySettings | null;
  declare private health: PagopaHealth | null;
  declare private error: string;
  declare private message: string;
  declare private fieldErrors: Record<string, string>;
  declare private busy: boolean;

  constructor() {
    super();
    this.locale = 'it';
    this.entity = null;
    this.staffRole = 'viewer';
    this.settings = null;
    this.health = null;
    this.error = '';
    this.message = '';
    this.fieldErrors = {};
    this.busy = false;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('entity')) void this.#load();
  }

  async #load(): Promise<void> {
    if (!this.entity) return;
    this.error = '';
    try {
      const [settings, health] = await Promise.all([
        this.client.entitySettings.get(),
        this.client.pagopa.health(),
      ]);
      this.settings = settings;
      this.health = health;
    } catch (e) {
      this.error = errorText(this.locale, e);
    }
  }

  #save = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const str = (k: string) => String(data.get(k) ?? '').trim();
    const orNull = (k: string) => str(k) || null;
    const secret = (k: string) => (str(k) ? { [k]: str(k) } : {});
    const pagopa = {
      idBrokerPA: orNull('idBrokerPA'),
      idStation: orNull('idStation'),
      environment: str('environment') === 'production' ? ('production' as const) : ('UAT' as const),
      ownStation: data.get('ownStation') === 'on',
      gpdSync: data.get('gpdSync') === 'on',
      gpdUrl: orNull('gpdUrl'),
      gpdReceiptsUrl: orNull('gpdReceiptsUrl'),
      ...secret('checkoutSubscriptionKey'),
      ...secret('gpdSubscriptionKey'),
    };
    const ibans = str('ibans')
      .split(/\s*\n\s*/)
      .map((s) => s.replace(/\s+/g, '').toUpperCase())
      .filter(Boolean);
    this.busy = true;
    this.error = '';
    this.message = '';
    this.fieldErrors = {};
    try {
      this.settings = await this.client.entitySettings.update({ ibans, pagopa });
      this.message = t(this.locale, 'pagopa.saved');
      (e.target as HTMLFormElement).querySelectorAll('input[type=password]').forEach((i) => {
        (i as HTMLInputElement).value = '';
      });
      this.health = await this.client.pagopa.health();
    } catch (err) {
      const fields: Record<string, string> = {};
      if (err instanceof PagatoreError)
        for (const f of err.fields) {
          const [head, name] = f.path.split('.');
          fields[head === 'pagopa' && name ? name : (head ?? '')] = fieldText(this.locale, f.code);
        }
      this.fieldErrors = fields;
      if (Object.keys(fields).length === 0) this.error = errorText(this.locale, err);
      else this.error = t(this.locale, 'pagopa.fixFields');
      await this.updateComplete;
      const first = Object.keys(fields)[0];
      if (first) (this.renderRoot.querySelector(`#pp-${first}`) as HTMLElement | null)?.focus();
    } finally {
      this.busy = false;
    }
  };

  #when(at: string | null | undefined) {
    const lang = this.locale;
    return at ? html`<time datetime=${at}>${dateTime(lang, at)}</time>` : t(lang, 'pagopa.never');
  }

  #call(label: string, call: NodeCall) {
    const lang = this.locale;
    return html`<dt>${label}</dt>
      <dd>
        ${
          call
            ? html`${this.#when(call.at)} —
              ${
                call.fault
                  ? html`<span class="ko">${t(lang, 'pagopa.fault', { fault: call.fault })}</span>`
                  : html`<span class="ok">${t(lang, 'pagopa.okCall')}</span>`
              }`
            : t(lang, 'pagopa.never')
        }
      </dd>`;
  }

  #healthView() {
    const lang = this.locale;
    const h = this.health;
    if (!h) return nothing;
    return html`<section aria-labelledby="health-title" data-health>
      <h2 id="health-title">${t(lang, 'pagopa.health')}</h2>
      <dl class="facts">
        <dt>${t(lang, 'pagopa.station')}</dt>
        <dd>
          ${
            h.stationConfigured
              ? html`<span class="ok">${t(lang, 'pagopa.stationOk')}</span>`
              : html`<span class="ko">${t(lang, 'pagopa.stationMissing')}</span>`
          }
          (${h.environment})
        </dd>
        ${this.#call(t(lang, 'pagopa.lastVerify'), h.node.verify)}
        ${this.#call(t(lang, 'pagopa.lastActivate'), h.node.activate)}
        ${this.#call(t(lang, 'pagopa.lastReceiptCall'), h.node.receipt)}
        <dt>${t(lang, 'pagopa.lastReceipt')}</dt>
        <dd data-last-receipt>
          ${
            h.lastReceipt
              ? html`${this.#when(h.lastReceipt.at)} — ${formatEuro(h.lastReceipt.amount, lang)},
                  <span class="mono">${h.lastReceipt.nav ?? ''}</span>`
              : t(lang, 'pagopa.never')
          }
        </dd>
        <dt>${t(lang, 'pagopa.flowsFetched')}</dt>
        <dd>
          ${this.#when(h.flows.lastFetchAt)}
          ${h.flows.lastFetchError ? html`— <span class="ko">${h.flows.lastFetchError}</span>` : nothing}
        </dd>
        <dt>${t(lang, 'pagopa.lastFlow')}</dt>
        <dd>
          ${
            h.flows.lastFlow
              ? html`${this.#when(h.flows.lastFlow.at)} —
                  <span class="mono">${h.flows.lastFlow.flowId ?? ''}</span> (${h.flows.lastFlow.status})`
              : t(lang, 'pagopa.never')
          }
        </dd>
        <dt>${t(lang, 'pagopa.gpd')}</dt>
        <dd>
          ${
            h.gpd.enabled
              ? t(lang, 'pagopa.gpdQueue', { pending: h.gpd.pending, failed: h.gpd.failed })
              : t(lang, 'pagopa.gpdOff')
          }
          ${h.gpd.enabled && h.gpd.lastError ? html`<br /><span class="ko">${h.gpd.lastError}</span>` : nothing}
        </dd>
      </dl>
    </section>`;
  }

  #text(name: string, label: string, value: string | null, opts: { hint?: string; disabled: boolean }) {
    const err = this.fieldErrors[name];
    const described = [opts.hint ? `pp-${name}-hint` : '', err ? `pp-${name}-error` : '']
      .filter(Boolean)
      .join(' ');
    return html`<div class="field">
      <label for="pp-${name}">${label}</label>
      <input
        id="pp-${name}"
        name=${name}
        type="text"
        .value=${value ?? ''}
        ?disabled=${opts.disabled}
        aria-invalid=${err ? 'true' : 'false'}
        aria-describedby=${described || nothing}
      />
      ${opts.hint ? html`<span class="hint" id="pp-${name}-hint">${opts.hint}</span>` : nothing}
      ${err ? html`<span class="error" id="pp-${name}-error">${err}</span>` : nothing}
    </div>`;
  }

  #secretField(name: 'checkoutSubscriptionKey' | 'gpdSubscriptionKey', label: string, disabled: boolean) {
    const lang = this.locale;
    const set = this.settings?.pagopa[name] !== null && this.settings?.pagopa[name] !== undefined;
    const err = this.fieldErrors[name];
    return html`<div class="field">
      <label for="pp-${name}">${label}</label>
      <input
        id="pp-${name}"
        name=${name}
        type="password"
        autocomplete="off"
        ?disabled=${disabled}
        aria-describedby="pp-${name}-hint${err ? ` pp-${name}-error` : ''}"
        aria-invalid=${err ? 'true' : 'false'}
      />
      <span class="hint" id="pp-${name}-hint" data-secret-state=${set ? 'set' : 'unset'}>
        ${set ? t(lang, 'pagopa.secretSet') : t(lang, 'pagopa.secretUnset')}
      </span>
      ${err ? html`<span class="error" id="pp-${name}-error">${err}</span>` : nothing}
    </div>`;
  }

  override render() {
    const lang = this.locale;
    const s = this.settings;
    const readOnly = this.staffRole !== 'admin';
    const p = s?.pagopa;
    return html`<h1 tabindex="-1">${t(lang, 'pagopa.title')}</h1>
      <p>${t(lang, 'pagopa.intro')}</p>
      ${this.error ? html`<div class="alert alert-danger" role="alert">${this.error}</div>` : nothing}
      <p role="status">${!s && !this.error ? t(lang, 'app.loading') : this.message}</p>
      ${this.#healthView()}
      ${
        s && p
          ? html`<form novalidate @submit=${this.#save} aria-labelledby="settings-title" data-settings>
              <h2 id="settings-title">${t(lang, 'pagopa.settings')}</h2>
              ${readOnly ? html`<p class="alert" data-read-only>${t(lang, 'pagopa.readOnly')}</p>` : nothing}
              <dl class="facts">
                <dt>${t(lang, 'pagopa.idPA')}</dt>
                <dd class="mono">${p.idPA ?? s.code}</dd>
                <dt>${t(lang, 'pagopa.nodeUrl')}</dt>
                <dd class="mono">${new URL('/pagopa/node', location.origin).href}</dd>
              </dl>
              <div class="row">
                ${this.#text('idBrokerPA', t(lang, 'pagopa.idBrokerPA'), p.idBrokerPA ?? null, { disabled: readOnly })}
                ${this.#text('idStation', t(lang, 'pagopa.idStation'), p.idStation ?? null, { disabled: readOnly })}
                <div class="field">
                  <label for="pp-environment">${t(lang, 'pagopa.environment')}</label>
                  <select id="pp-environment" name="environment" ?disabled=${readOnly}>
                    <option value="UAT" ?selected=${p.environment !== 'production'}>
                      ${t(lang, 'pagopa.uat')}
                    </option>
                    <option value="production" ?selected=${p.environment === 'production'}>
                      ${t(lang, 'pagopa.production')}
                    </option>
                  </select>
                </div>
              </div>
              <div class="field">
                <label for="pp-ibans">${t(lang, 'pagopa.ibans')}</label>
                <textarea
                  id="pp-ibans"
                  name="ibans"
                  rows="3"
                  ?disabled=${readOnly}
                  aria-describedby="pp-ibans-hint${this.fieldErrors.ibans ? ' pp-ibans-error' : ''}"
                  aria-invalid=${this.fieldErrors.ibans ? 'true' : 'false'}
                  .value=${s.ibans.join('\n')}
                ></textarea>
                <span class="hint" id="pp-ibans-hint">${t(lang, 'pagopa.ibansHint')}</span>
                ${this.fieldErrors.ibans ? html`<span class="error" id="pp-ibans-error">${this.fieldErrors.ibans}</span>` : nothing}
              </div>
              <div class="field">
                <label class="check">
                  <input
                    type="checkbox"
                    name="ownStation"
                    ?checked=${p.ownStation !== false}
                    ?disabled=${readOnly}
                  />
                  ${t(lang, 'pagopa.ownStation')}
                </label>
                <label class="check">
                  <input
                    type="checkbox"
                    name="gpdSync"
                    ?checked=${p.gpdSync === true}
                    ?disabled=${readOnly}
                  />
                  ${t(lang, 'pagopa.gpdSync')}
                </label>
              </div>
              <div class="row">
                ${this.#text('gpdUrl', t(lang, 'pagopa.gpdUrl'), p.gpdUrl ?? null, {
                  disabled: readOnly,
                  hint: t(lang, 'pagopa.urlHint'),
                })}
                ${this.#text('gpdReceiptsUrl', t(lang, 'pagopa.gpdReceiptsUrl'), p.gpdReceiptsUrl ?? null, {
                  disabled: readOnly,
                  hint: t(lang, 'pagopa.urlHint'),
                })}
              </div>
              <div class="row">
                ${this.#secretField('checkoutSubscriptionKey', t(lang, 'pagopa.checkoutKey'), readOnly)}
                ${this.#secretField('gpdSubscriptionKey', t(lang, 'pagopa.gpdKey'), readOnly)}
              </div>
              ${
                readOnly
                  ? nothing
                  : html`<div class="actions">
                      <button class="btn" type="submit" ?disabled=${this.busy}>
                        ${t(lang, 'pagopa.save')}
                      </button>
                    </div>`
              }
            </form>`
          : nothing
      }`;
  }
}

defineElement('pagatore-console-pagopa', PagatoreConsolePagopa);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-console-pagopa': PagatoreConsolePagopa;
  }
}
