/**
 * Events of the practices widgets. "Paga", "Aggiungi pratica al carrello" and "Stampa bollettino"
 * are wired by the payments and notice areas (or the portal): the widgets only say what the user
 * asked for, with plain data (ids, codes, cents).
 */
import type { PracticeSearch } from '@pagatore/sdk';

/** Which practice an action is about. `practiceId` is the id of `/me/practices/{id}`. */
export interface PracticeRef {
  practiceId: string;
  entity: string;
  /** Codice Avviso of the option the user chose (single payment or installment), when one. */
  nav: string | null;
  amount: number;
}

declare module '../events/events.js' {
  interface PagatoreEventMap {
    /** "Paga": the logged-in user wants to pay this practice (the account reaches it). */
    'pagatore-practice-pay': CustomEvent<PracticeRef>;
    /** "Aggiungi pratica al carrello". */
    'pagatore-practice-add-to-cart': CustomEvent<PracticeRef>;
    /**
     * "Stampa bollettino". Logged in: `practiceId`. Anonymous (from a search hit): `search` holds
     * the identifiers the notice route asks again (fiscal code + Codice Avviso or IUV).
     */
    'pagatore-practice-print': CustomEvent<PracticeRef & { search: PracticeSearch | null }>;
    /** The anonymous search found a practice. */
    'pagatore-practice-found': CustomEvent<{ practiceId: string; entity: string }>;
    /**
     * A practice found by search is now in the user's list; `reason` is what the user asked for
     * ("Aggiungi alle mie pratiche", or "Paga" / "Aggiungi al carrello", which link it first).
     */
    'pagatore-practice-link': CustomEvent<{ practiceId: string; entity: string; reason: PendingReason }>;
    /** "Inserimento spontaneo" created a practice. */
    'pagatore-practice-create': CustomEvent<{ practiceId: string; entity: string; amount: number }>;
    /** "Inserimento spontaneo" was asked for (the portal shows `<pagatore-debt-form>`). */
    'pagatore-debt-form-request': CustomEvent<{ entity: string }>;
    /** The debt form was left without creating anything (the portal shows the list again). */
    'pagatore-debt-form-cancel': CustomEvent<{ entity: string }>;
    /** A preview's form passed its checks; nothing was sent (the staff console's service preview). */
    'pagatore-debt-form-preview': CustomEvent<{
      values: Record<string, string | number | boolean>;
      amount: number;
    }>;
    /** "Accedi": the portal shows `<pagatore-login>`; `reason` says what waits for it. */
    'pagatore-login-request': CustomEvent<{ username?: string; reason?: PendingReason }>;
    /** "Registrati": the portal shows `<pagatore-register>`. */
    'pagatore-register-request': CustomEvent<{ reason?: PendingReason }>;
  }
}

/** What a user asked for before logging in. */
export type PendingReason = 'pay' | 'cart' | 'link';
