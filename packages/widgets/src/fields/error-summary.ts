/**
 * The error summary every form shows after a failed submit: a focusable alert listing each problem
 * as a link to its field, and the form-level message. It lives in the form's own shadow root, so
 * the links and the live region reach the inputs.
 */
import { html, nothing, type TemplateResult } from 'lit';

export interface SummaryProblems {
  fields: Record<string, string>;
  general: string | null;
}

export interface ErrorSummaryOptions {
  problems: SummaryProblems;
  /** Field path → the input's id and label. */
  labels: Record<string, { id: string; label: string }>;
  title: string;
  /** The text of one problem's link. */
  item: (label: string, message: string) => string;
  onJump: (id: string) => void;
}

/** Renders the summary, or nothing when there is no problem to show. */
export function renderErrorSummaryBox(o: ErrorSummaryOptions): TemplateResult | typeof nothing {
  const entries = Object.entries(o.problems.fields).filter(([path]) => o.labels[path]);
  if (!o.problems.general && entries.length === 0) return nothing;
  // Focused after a failed submit, and an alert too, so screen readers announce it even where
  // focusing a non-interactive element is not read out.
  return html`<div
    class="alert alert-danger"
    id="error-summary"
    role="alert"
    tabindex="-1"
    part="error-summary"
  >
    ${o.problems.general ? html`<p class="general">${o.problems.general}</p>` : nothing}
    ${
      entries.length
        ? html`<p class="summary-title">${o.title}</p>
            <ul>
              ${entries.map(([path, message]) => {
                const l = o.labels[path] as { id: string; label: string };
                return html`<li>
                  <a
                    href=${`#${l.id}`}
                    @click=${(e: Event) => {
                      e.preventDefault();
                      o.onJump(l.id);
                    }}
                    >${o.item(l.label, message)}</a
                  >
                </li>`;
              })}
            </ul>`
        : nothing
    }
  </div>`;
}

/** Focuses an element of the host's shadow root after the next render. */
export async function focusAfterRender(
  host: HTMLElement & { updateComplete: Promise<boolean> },
  selector: string,
): Promise<void> {
  await host.updateComplete;
  host.shadowRoot?.querySelector<HTMLElement>(selector)?.focus();
}
