/**
 * Widgets may be defined before their provider (script order, lazy CMS blocks). A ContextRoot on
 * the document re-dispatches context requests made before a provider was defined (TOOLCHAIN G15).
 * Attached once per page, before any element is defined.
 */
import { ContextRoot } from '@lit/context';

const ATTACHED = Symbol.for('pagatore.context-root.v1');

export function attachContextRoot(): void {
  if (typeof document === 'undefined') return;
  const g = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (g[ATTACHED]) return;
  g[ATTACHED] = true;
  new ContextRoot().attach(document.documentElement);
}
