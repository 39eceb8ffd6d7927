/**
 * A heading at the level the embedding page asks for (`heading-level`): widgets sit under the
 * site's own headings, so a fixed `<h2>` would break its outline. A `role="heading"` with
 * `aria-level` keeps the level from 1 to 6 without a tag per level.
 */
import { html, nothing, type TemplateResult } from 'lit';

/** `focusable`: the widget moves focus here (a new screen or result), so it takes `tabindex=-1`. */
export function renderHeading(id: string, text: string, level: number, focusable = false): TemplateResult {
  const lvl = Math.min(6, Math.max(1, level));
  return html`<div
    role="heading"
    aria-level=${lvl}
    class="h h${lvl}"
    id=${id}
    tabindex=${focusable ? '-1' : nothing}
  >
    ${text}
  </div>`;
}
