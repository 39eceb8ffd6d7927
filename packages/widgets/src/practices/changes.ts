/**
 * "The list of my practices changed" across widgets of one portal (the debt form created one, the
 * search linked one): a shared store slot the list watches, carrying the practice to highlight.
 */
import type { PortalStore, PracticesChange } from '../state/store.js';

export type { PracticesChange };

let seq = 0;

/** Tells every practices widget of the portal to reload, highlighting a practice. */
export function notifyPracticesChanged(store: PortalStore, highlight: string | null = null): void {
  store.set({ practicesChanged: { seq: ++seq, highlight } });
}

/** The last change, if any. */
export function lastPracticesChange(store: PortalStore | undefined): PracticesChange | null {
  return store?.state.practicesChanged ?? null;
}
