/**
 * "Stampa bollettino": saves the notice PDF the SDK fetched. The widgets emit
 * `pagatore-practice-print` first; a page (or the portal) that handles printing itself cancels
 * the event with `preventDefault()` and the widget stops there.
 */
import type { FileResult } from '@pagatore/sdk';

/** Offers a fetched file to the user as a download. */
export function saveFile(file: FileResult, fallbackName: string): void {
  const url = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename ?? fallbackName;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started by then; the URL only holds memory.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
