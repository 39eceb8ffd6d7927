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
 *
 * A pay link's return is also kept in localStorage for at most 30 minutes: a citizen who registers
 * from the link activates the account from an e-mail, whose link opens in another tab (with a
 * sessionStorage of its own), and logs in there. That copy holds the token, the reason and the
 * installment only (never a search's fiscal code), is read back with the same checks, and goes
 * once used, on logout, or when a newer action replaces it.
 */
import type { MyPractice, PracticeSearch } from '@pagatore/sdk';
import type { PendingAction, PortalStore } from '../state/store.js';
import { isPayLinkToken } from './pay-link.js';
import type { PendingReason } from './practice-events.js';

export type { PendingAction };

const MAX_AGE_MS = 60 * 60 * 1000;
/** How long another tab of the browser may take a pay link's return (see above). */
const SHARED_MAX_AGE_MS = 30 * 60 * 1000;
const REASONS: readonly unknown[] = ['pay', 'cart', 'link'] satisfies PendingReason[];

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

/** The browser's storage shared by its tabs, for a pay link's return only. */
function shared(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The action kept as `raw`, or null when it is not one of ours, tampered with or too old. */
function parse(raw: string, maxAge: number, payLinkOnly: boolean): PendingAction | null {
  try {
    const a = JSON.parse(raw) as PendingAction;
    const found =
      a?.payLink === undefined
        ? !payLinkOnly && typeof a?.search?.fiscalCode === 'string'
        : isPayLinkToken(a.payLink) && a.search === undefined;
    const installment = a.installment === null || (Number.isInteger(a.installment) && a.installment >= 0);
    if (!found || !REASONS.includes(a.reason) || !installment || typeof a.at !== 'number') return null;
    const age = Date.now() - a.at;
    return age >= 0 && age <= maxAge ? a : null;
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
  try {
    if (action.payLink) shared()?.setItem(key(store), JSON.stringify(action));
    else shared()?.removeItem(key(store));
  } catch {
    // Without shared storage the return works in this tab only.
  }
  store.set({ pendingPractice: action });
}

/** The pending action, without taking it: this tab's, else a pay link's from another tab. */
export function peekPending(store: PortalStore): PendingAction | null {
  const own = storage()?.getItem(key(store));
  const other = own ? null : shared()?.getItem(key(store));
  const a = own ? parse(own, MAX_AGE_MS, false) : other ? parse(other, SHARED_MAX_AGE_MS, true) : null;
  if (!a && (own || other)) clearPending(store);
  return a;
}

/** Takes the pending action (once: the next caller gets null). */
export function takePending(store: PortalStore): PendingAction | null {
  const a = peekPending(store);
  if (a) clearPending(store);
  return a;
}

/** Forgets the pending action, in this tab and for the browser's other tabs (used, or logout). */
export function clearPending(store: PortalStore): void {
  storage()?.removeItem(key(store));
  try {
    shared()?.removeItem(key(store));
  } catch {
    // Nothing was kept there.
  }
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
