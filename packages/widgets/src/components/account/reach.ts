/**
 * "Promemoria e calendario" in the account menu: the switch for e-mail reminders of due dates (off
 * until the citizen turns it on) and the private calendar feed (made, replaced, revoked; its URL is
 * shown once, right after it is made, since the server keeps only its hash).
 */
import type { CalendarFeed, ReminderPreference } from '@pagatore/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { PortalController } from '../../controllers/portal-controller.js';
import { problemsFrom } from '../../fields/problems.js';
import { LightElement } from '../../elements/light-element.js';

export class AccountReach extends LightElement {
  readonly #portal = new PortalController(this, ['session']);
  static override properties = {
    preference: { state: true },
    feed: { state: true },
    message: { state: true },
    error: { state: true },
    busy: { state: true },
  };
  declare private preference: ReminderPreference | null;
  declare private feed: CalendarFeed | null;
  declare private message: string;
  declare private error: string;
  declare private busy: boolean;

  constructor() {
    super();
    this.preference = null;
    this.feed = null;
    this.message = '';
    this.error = '';
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    const store = this.#portal.store;
    if (!store) return;
    await this.#run(async () => {
      const [preference, feed] = await Promise.all([
        store.client.reminders.get(),
        store.client.calendarFeed.get(),
      ]);
      this.preference = preference;
      this.feed = feed;
    });
  }

  async #run(action: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await action();
    } catch (e) {
      const p = problemsFrom(e, this.#portal);
      this.error = p.general ?? Object.values(p.fields)[0] ?? '';
    } finally {
      this.busy = false;
    }
  }

  #toggle = (e: Event): void => {
    const email = (e.target as HTMLInputElement).checked;
    void this.#run(async () => {
      this.preference = await this.#portal.store!.client.reminders.set(email);
      this.message = this.#portal.t('reach.saved');
    });
  };

  #create = (): void => {
    void this.#run(async () => {
      this.feed = await this.#portal.store!.client.calendarFeed.create();
      this.message = '';
    });
  };

  #revoke = (): void => {
    void this.#run(async () => {
      await this.#portal.store!.client.calendarFeed.revoke();
      this.feed = { active: false, createdAt: null };
      this.message = this.#portal.t('reach.feedRevoked');
    });
  };

  protected override render(): TemplateResult {
    const t = (k: string, p?: Record<string, string | number>) => this.#portal.t(k, p);
    const pref = this.preference;
    const feed = this.feed;
    const since = feed?.createdAt ? new Date(feed.createdAt).toLocaleDateString(this.#portal.lang) : '';
    return html`<div class="reach" aria-busy=${this.busy ? 'true' : 'false'}>
      ${this.error ? html`<p class="alert alert-danger" role="alert">${this.error}</p>` : nothing}
      <p class="reach-status" role="status">${this.message}</p>
      ${
        pref
          ? html`<div class="check check-row">
                <input
                  type="checkbox"
                  id="reach-email"
                  name="reach-email"
                  .checked=${pref.email}
                  ?disabled=${this.busy}
                  aria-describedby="reach-email-hint"
                  @change=${this.#toggle}
                /><label for="reach-email">${t('reach.email')}</label>
              </div>
              <p id="reach-email-hint" class="hint">
                ${pref.offered ? t('reach.emailHint', { days: pref.daysBefore }) : t('reach.notOffered')}
              </p>`
          : nothing
      }
      <h4>${t('reach.feed')}</h4>
      <p class="hint">${t('reach.feedText')}</p>
      ${
        feed?.url
          ? html`<div class="field">
              <label for="reach-feed-url">${t('reach.feedUrl')}</label>
              <textarea
                id="reach-feed-url"
                class="mono feed-url"
                readonly
                rows="3"
                .value=${feed.url}
              ></textarea>
            </div>`
          : html`<p class="reach-feed-state">
              ${feed?.active ? t('reach.feedActive', { date: since }) : t('reach.feedNone')}
            </p>`
      }
      <div class="actions">
        <button type="button" class="btn btn-outline" ?disabled=${this.busy || !feed} @click=${this.#create}>
          ${feed?.active ? t('reach.feedNew') : t('reach.feedCreate')}
        </button>
        ${
          feed?.active
            ? html`<button
                type="button"
                class="btn btn-outline"
                ?disabled=${this.busy}
                @click=${this.#revoke}
              >
                ${t('reach.feedRevoke')}
              </button>`
            : nothing
        }
      </div>
    </div>`;
  }
}
