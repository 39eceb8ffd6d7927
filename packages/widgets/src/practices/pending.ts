/**
 * The action a user asked for on a search hit before logging in ("Paga", "Aggiungi pratica al
 * carrello"): kept in sessionStorage per portal (api + entity), so it survives the login page
 * (which may be another page of the site) and dies with the tab. After login, the first practices
 * widget that sees a session takes it, links the practice and performs the action.
 *
 * A practice opened from a "Paga ora" link keeps the link's token instead of a search: the login
 * screen replaces the page's `#paga=` fragment, and the token brings the citizen back to that
 * practice. Nothing here is a URL to go to: only a token of the portal's own shape, read back by
 * the same portal (api + entity), so the return cannot lead to another site or entity.
 */
import type { MyPractice, PracticeSearch } from '@pagatore/sdk';
import type { PendingAction, PortalStore } from '../state/store.js';
import { isPayLinkToken } from './pay-link.js';
import type { PendingReason } from './practice-events.js';

export type { PendingAction };

const MAX_AGE_MS = 60 * 60 * 1000;

function key(store: PortalStore): string {
  return `pagatore:pending-practice:${store.key}`;
}

function storage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

/** Remembers what to do after login: the practice found by `from`, a search or a pay link's token. */
export function savePending(
  store: PortalStore,
  reason: PendingReason,
  from: PracticeSearch | { payLink: string },
  installment: number | null,
): void {
  const action: PendingAction = {
    reason,
    ...('payLink' in from
      ? { payLink: from.payLink }
      : {
          search: {
            fiscalCode: from.fiscalCode,
            ...(from.nav ? { nav: from.nav } : {}),
            ...(from.iuv ? { iuv: from.iuv } : {}),
          },
        }),
    installment,
    at: Date.now(),
  };
  storage()?.setItem(key(store), JSON.stringify(action));
  store.set({ pendingPractice: action });
}

/** The pending action, without taking it. */
export function peekPending(store: PortalStore): PendingAction | null {
  const raw = storage()?.getItem(key(store));
  if (!raw) return null;
  try {
    const a = JSON.parse(raw) as PendingAction;
    const found =
      a?.payLink === undefined ? typeof a?.search?.fiscalCode === 'string' : isPayLinkToken(a.payLink);
    if (!found || typeof a.at !== 'number' || Date.now() - a.at > MAX_AGE_MS) {
      clearPending(store);
      return null;
    }
    return a;
  } catch {
    clearPending(store);
    return null;
  }
}

/** Takes the pending action (once: the next caller gets null). */
export function takePending(store: PortalStore): PendingAction | null {
  const a = peekPending(store);
  if (a) clearPending(store);
  return a;
}

export function clearPending(store: PortalStore): void {
  storage()?.removeItem(key(store));
  if (store.state.pendingPractice) store.set({ pendingPractice: null });
}

/**
 * After login: takes the pending action, keeps the practice in the user's list (the link that
 * lets the payments area reach it) and answers both, for the caller to emit the action's event.
 * Null when there is no session or nothing pending.
 */
export async function resumePending(
  store: PortalStore,
): Promise<{ action: PendingAction; practice: MyPractice } | null> {
  if (!store.state.session) return null;
  const action = takePending(store);
  if (!action) return null;
  const practice = action.search
    ? await store.client.practices.link(action.search)
    : await store.client.practices.linkPayLink(action.payLink ?? '');
  return { action, practice };
}
