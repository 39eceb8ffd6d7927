/**
 * "Entra con SPID" and "Entra con CIE" for the login and registration widgets. The SPID button opens
 * the list of the entity's SPID providers (in the look of AgID's SPID button: a blue button, then
 * one entry per provider with its logo or name); CIE goes straight to its provider. Choosing one
 * leaves the page for the provider through the API's origin; the page comes back with a one-time
 * code that `client.identity.complete()` exchanges. Nothing shows when the entity configured none.
 */
import type { IdentityProviderPublic } from '@pagatore/sdk';
import { css, html, nothing, type TemplateResult } from 'lit';
import { PortalController } from '../controllers/portal-controller.js';
import { LightElement } from '../elements/light-element.js';
import { emit } from '../events/events.js';

declare module '../events/events.js' {
  interface PagatoreEventMap {
    /** The citizen chose a SPID or CIE provider (the screen sends the browser there). */
    'pagatore-identity-choose': CustomEvent<{ provider: string }>;
  }
}

export const identityStyles = css`
  .identity {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    margin-block: 0 1rem;
  }
  .btn-spid,
  .btn-cie {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    background: #06c;
    color: #fff;
    border: 0;
    border-radius: 4px;
    padding: 0.6rem 1rem;
    font: inherit;
    font-weight: 600;
    cursor: pointer;
    min-height: 44px;
  }
  .btn-spid:focus-visible,
  .btn-cie:focus-visible,
  .spid-idp button:focus-visible {
    outline: 3px solid #f90;
    outline-offset: 2px;
  }
  .spid-idp {
    list-style: none;
    margin: 0;
    padding: 0;
    border: 1px solid #06c;
    border-radius: 4px;
    max-width: 20rem;
  }
  .spid-idp button {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    width: 100%;
    background: #fff;
    color: #06c;
    border: 0;
    border-bottom: 1px solid #e6e9f2;
    padding: 0.5rem 0.75rem;
    font: inherit;
    cursor: pointer;
    text-align: start;
  }
  .spid-idp img {
    max-height: 1.5rem;
    max-width: 8rem;
  }
  .identity-or {
    margin: 0.5rem 0 0;
  }
`;

interface IdentityButtonsState {
  providers: IdentityProviderPublic[];
  spidOpen: boolean;
  idPrefix: string;
  t: (key: string) => string;
  toggleSpid: () => void;
  choose: (code: string) => void;
}

/**
 * The buttons as a part of a screen (login, registration): it loads the entity's providers once and
 * tells the screen which one the citizen chose (`pagatore-identity-choose`).
 */
export class IdentityButtons extends LightElement {
  readonly #portal = new PortalController(this, ['entity']);
  static override properties = {
    idPrefix: { attribute: false },
    providers: { state: true },
    spidOpen: { state: true },
  };
  /** Ids are `<prefix>-…`, unique within the screen. */
  declare idPrefix: string;
  declare private providers: IdentityProviderPublic[];
  declare private spidOpen: boolean;

  constructor() {
    super();
    this.idPrefix = '';
    this.providers = [];
    this.spidOpen = false;
  }
  #loading = false;

  protected override updated(): void {
    const store = this.#portal.store;
    if (!store || this.#loading) return;
    this.#loading = true;
    store.client.identity.providers().then(
      (r) => (this.providers = r.items),
      () => undefined,
    );
  }

  protected override render(): TemplateResult | typeof nothing {
    return renderIdentityButtons({
      providers: this.providers,
      spidOpen: this.spidOpen,
      idPrefix: this.idPrefix,
      t: (k) => this.#portal.t(k),
      toggleSpid: () => (this.spidOpen = !this.spidOpen),
      choose: (provider) => emit(this, 'pagatore-identity-choose', { provider }),
    });
  }
}

/** The buttons, or nothing without providers. */
function renderIdentityButtons(s: IdentityButtonsState): TemplateResult | typeof nothing {
  const spid = s.providers.filter((p) => p.kind === 'spid');
  const cie = s.providers.filter((p) => p.kind === 'cie');
  if (!spid.length && !cie.length) return nothing;
  const listId = `${s.idPrefix}-spid-idp`;
  const entry = (p: IdentityProviderPublic) =>
    html`<li>
      <button type="button" data-provider=${p.code} @click=${() => s.choose(p.code)}>
        ${p.logoUrl ? html`<img src=${p.logoUrl} alt=${p.name} />` : html`<span>${p.name}</span>`}
      </button>
    </li>`;
  return html`<div class="identity">
    ${
      spid.length
        ? html`<button
              type="button"
              class="btn-spid"
              aria-haspopup="true"
              aria-expanded=${s.spidOpen ? 'true' : 'false'}
              aria-controls=${listId}
              @click=${s.toggleSpid}
            >
              ${s.t('identity.spid')}
            </button>
            ${
              s.spidOpen
                ? html`<ul class="spid-idp" id=${listId} aria-label=${s.t('identity.chooseProvider')}>
                    ${spid.map(entry)}
                  </ul>`
                : nothing
            }`
        : nothing
    }
    ${cie.map(
      (p) =>
        html`<button type="button" class="btn-cie" data-provider=${p.code} @click=${() => s.choose(p.code)}>
          ${s.t('identity.cie')}${cie.length > 1 ? ` (${p.name})` : ''}
        </button>`,
    )}
    <p class="identity-or">${s.t('identity.or')}</p>
  </div>`;
}
