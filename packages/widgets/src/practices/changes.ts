/**
 * "The list of my practices changed" across widgets of one portal (the debt form created one, the
 * search linked one): a shared store slot the list watches, carrying the practice to highlight.
 */
import type { PortalStore } from '../state/store.js';

export interface PracticesChange {
  seq: number;
  highlight: string | null;
}

let seq = 0;

/** Tells every practices widget of the portal to reload, highlighting a practice. */
export function notifyPracticesChanged(store: PortalStore, highlight: string | null = null): void {
  store.share('practicesChanged', { seq: ++seq, highlight } satisfies PracticesChange);
}

/** The last change, if any. */
export function lastPracticesChange(store: PortalStore | undefined): PracticesChange | null {
  const c = store?.state.shared.practicesChanged as PracticesChange | undefined;
  return c ?? null;
}
