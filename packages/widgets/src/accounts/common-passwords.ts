/**
 * The common-passwords list is the largest piece of data the forms use, so the bundle keeps it in
 * a file of its own, loaded when a new password is first typed. Until then the strength hint and
 * the form's own check skip that rule; the server always applies it.
 */
import { hasCommonPasswords, useCommonPasswords } from '@pagatore/sdk';

let loading: Promise<void> | null = null;

/** Loads the list once for the page; resolves when the SDK's schemas use it. */
export function loadCommonPasswords(): Promise<void> {
  if (hasCommonPasswords()) return Promise.resolve();
  loading ??= import('@pagatore/sdk/common-passwords').then(
    (m) => useCommonPasswords(m.COMMON_PASSWORDS_TEXT),
    () => {
      // Offline or blocked: try again on the next keystroke; the server still checks.
      loading = null;
    },
  );
  return loading;
}
