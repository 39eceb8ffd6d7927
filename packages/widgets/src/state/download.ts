/** Saves a file the SDK fetched (with the session token) through a temporary object URL. */
import type { FileResult } from '@pagatore/sdk';

export function saveFile(file: FileResult, fallbackName: string): void {
  const url = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename ?? fallbackName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
