/**
 * "Paga" as a split button: the main action, and a toggle that opens a menu holding "Aggiungi
 * pratica al carrello" (WAI-ARIA menu button: Enter/Space/ArrowDown open it on its first item,
 * Escape closes it and returns to the toggle, Tab leaves it closed). Choosing an item closes the
 * menu and puts focus back on the toggle, so a keyboard user goes on from where they were; the menu
 * opens towards whichever side of the screen has room.
 */
import { html, nothing, type TemplateResult } from 'lit';

export interface SplitButtonOptions {
  id: string;
  label: string;
  /** Accessible name of the toggle ("Altre azioni per …"). */
  toggleLabel: string;
  open: boolean;
  /** Busy: the buttons say so (aria-disabled) but keep focus, which `disabled` would drop. */
  disabled?: boolean;
  items: { label: string; action: () => void }[];
  onMain: () => void;
  onOpenChange: (open: boolean, focus: 'first' | 'toggle' | 'none') => void;
}

function menuKeys(e: KeyboardEvent, o: SplitButtonOptions): void {
  const items = [...(e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[role="menuitem"]')];
  const i = items.indexOf(e.target as HTMLElement);
  if (e.key === 'Escape') {
    e.preventDefault();
    e.stopPropagation();
    o.onOpenChange(false, 'toggle');
  } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    const next = items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length];
    next?.focus();
  } else if (e.key === 'Home' || e.key === 'End') {
    e.preventDefault();
    (e.key === 'Home' ? items[0] : items.at(-1))?.focus();
  } else if (e.key === 'Tab') {
    o.onOpenChange(false, 'none');
  }
}

/** Renders the split button; the host keeps `open` and focuses per `onOpenChange`. */
export function renderSplitButton(o: SplitButtonOptions): TemplateResult {
  const menuId = `${o.id}-menu`;
  return html`<div class="split" part="split-button">
    <button
      type="button"
      class="btn"
      id=${o.id}
      aria-disabled=${o.disabled ? 'true' : nothing}
      @click=${() => {
        if (!o.disabled) o.onMain();
      }}
    >
      ${o.label}
    </button>
    <button
      type="button"
      class="btn toggle"
      id=${`${o.id}-toggle`}
      aria-label=${o.toggleLabel}
      aria-haspopup="menu"
      aria-expanded=${o.open ? 'true' : 'false'}
      aria-controls=${menuId}
      aria-disabled=${o.disabled ? 'true' : nothing}
      @click=${() => {
        if (!o.disabled) o.onOpenChange(!o.open, o.open ? 'none' : 'first');
      }}
      @keydown=${(e: KeyboardEvent) => {
        if (o.disabled) return;
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          o.onOpenChange(true, 'first');
        } else if (e.key === 'Escape' && o.open) {
          e.preventDefault();
          o.onOpenChange(false, 'toggle');
        }
      }}
    >
      <span aria-hidden="true">▾</span>
    </button>
    ${
      o.open
        ? html`<ul
            class="menu"
            role="menu"
            id=${menuId}
            aria-labelledby=${`${o.id}-toggle`}
            @keydown=${(e: KeyboardEvent) => menuKeys(e, o)}
          >
            ${o.items.map(
              (item) =>
                html`<li role="none">
                  <button
                    type="button"
                    role="menuitem"
                    tabindex="-1"
                    @click=${() => {
                      o.onOpenChange(false, 'toggle');
                      item.action();
                    }}
                  >
                    ${item.label}
                  </button>
                </li>`,
            )}
          </ul>`
        : nothing
    }
  </div>`;
}

/** Focus helper for hosts: the first menu item or the toggle of a split button. */
export async function focusSplit(
  host: HTMLElement & { updateComplete: Promise<boolean> },
  id: string,
  focus: 'first' | 'toggle' | 'none',
): Promise<void> {
  await host.updateComplete;
  const root = host.shadowRoot;
  const menu = root?.getElementById(`${id}-menu`);
  if (menu) placeMenu(menu);
  if (focus === 'none') return;
  const target =
    focus === 'first'
      ? root?.querySelector<HTMLElement>(`#${id}-menu [role="menuitem"]`)
      : root?.getElementById(`${id}-toggle`);
  target?.focus();
}

/**
 * Keeps an open menu on screen: under the split button, aligned with its start edge, or with its end
 * edge when the start would run off the screen (a button at the right), and never wider than the screen.
 */
export function placeMenu(menu: HTMLElement): void {
  menu.classList.remove('menu-end');
  const room = document.documentElement.clientWidth;
  const box = menu.getBoundingClientRect();
  if (box.right > room && box.width <= box.right) menu.classList.add('menu-end');
}
