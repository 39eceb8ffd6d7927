/**
 * The console's confirmation before something that cannot be undone (revoke a key, delete a
 * webhook, close an account): an inline alert dialog with the question, "yes" and "no". `id` names
 * its parts (`<id>-text`, `<id>-no`), so the page can move focus to "no" when it opens.
 */
import { html, type TemplateResult } from 'lit';

export interface Confirmation {
  id: string;
  question: string;
  yes: string;
  no: string;
  busy: boolean;
  onYes: () => void;
  onNo: () => void;
}

export function confirmBox(c: Confirmation): TemplateResult {
  return html`<div role="alertdialog" aria-labelledby="${c.id}-text" class="alert alert-danger">
    <p id="${c.id}-text">${c.question}</p>
    <div class="actions">
      <button class="btn btn-danger" type="button" ?disabled=${c.busy} @click=${c.onYes}>${c.yes}</button>
      <button id="${c.id}-no" class="btn btn-outline" type="button" @click=${c.onNo}>${c.no}</button>
    </div>
  </div>`;
}
