/**
 * The small elements a screen is made of (its fields and sections) render into the screen's own
 * shadow root, not into one of their own: a label's `for`, `aria-describedby`, the error summary's
 * links and the live region are ID references, and ID references do not cross shadow roots. So a
 * part is a custom element with the Shoelace shape (properties in, DOM events out, one job each)
 * whose content stays in the light DOM of its host screen, styled by the screen's sheets, and
 * whose own box is left out of layout (`display: contents`) so the screen's grids see its content.
 *
 * Parts are defined when the first screen using them is created (`defineParts`), so importing a
 * component module registers nothing; `settled` lets a screen's `updateComplete` wait for its
 * parts, as tests and focus moves expect of one widget.
 */
import { LitElement } from 'lit';
import { defineElement } from '../define.js';

export class LightElement extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.style.display = 'contents';
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await settled(this);
    return done;
  }
}

/** Waits until every part under a node has rendered, parts a part rendered included. */
export async function settled(root: ParentNode): Promise<void> {
  for (let round = 0; round < 10; round++) {
    const pending = [...root.querySelectorAll('*')].filter(
      (e): e is LightElement => e instanceof LightElement && e.isUpdatePending,
    );
    if (pending.length === 0) return;
    await Promise.all(pending.map((e) => e.updateComplete));
  }
}

/** Defines a screen's parts (once per page; a part already defined is kept). */
export function defineParts(parts: Record<string, CustomElementConstructor>): void {
  for (const [tag, ctor] of Object.entries(parts)) defineElement(tag, ctor);
}
