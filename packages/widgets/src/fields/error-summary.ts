/**
 * The error summary every form shows after a failed submit: a focusable alert listing each problem
 * as a link to its field, and the form-level message. It lives in the form's own shadow root, so
 * the links and the live region reach the inputs.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { PortalController } from '../controllers/portal-controller.js';
import type { Problems } from './problems.js';

/** Field path → the input's id and label. */
export type SummaryLabels = Record<string, { id: string; label: string }>;

/**
 * Renders the summary, or nothing when there is no problem to show. Fields without a label here
 * are not listed (their message is next to them). `onJump` focuses the input of a problem's link.
 */
export function renderErrorSummary(
  problems: Problems,
  labels: SummaryLabels,
  portal: PortalController,
  onJump: (id: string) => void,
): TemplateResult | typeof nothing {
  const entries = Object.entries(problems.fields).filter(([path]) => labels[path]);
  if (!problems.general && entries.length === 0) return nothing;
  // Focused after a failed submit, and an alert too, so screen readers announce it even where
  // focusing a non-interactive element is not read out.
  return html`<div
    class="alert alert-danger"
    id="error-summary"
    role="alert"
    tabindex="-1"
    part="error-summary"
  >
    ${problems.general ? html`<p class="general">${problems.general}</p>` : nothing}
    ${
      entries.length
        ? html`<p class="summary-title">${portal.t('common.errorSummary')}</p>
            <ul>
              ${entries.map(([path, message]) => {
                const l = labels[path] as { id: string; label: string };
                return html`<li>
                  <a
                    href=${`#${l.id}`}
                    @click=${(e: Event) => {
                      e.preventDefault();
                      onJump(l.id);
                    }}
                    >${portal.t('common.fieldError', { label: l.label, message })}</a
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
