// Types of invariants.mjs for the TypeScript tests that call it.
export const IMPORT_CHUNK: number;
export const EXPIRY_SWEEP_MS: number;

export interface ReceiptSent {
  outcome: 'OK' | 'KO';
  /** `OK` or the PAA fault of each answered attempt. */
  answers: string[];
  /** Attempts that got no answer (a connection error). */
  errors: number;
  why: string;
}

export interface Seen {
  ente: string;
  webhookId: string;
  receiptsSent: Map<string, ReceiptSent>;
  duplicateBursts: { receiptId: string; copies: number; ok: number; errors: number }[];
  activationBursts: { iupd: string; attempts: number; winners: number; won: string[] }[];
  /** Sandbox payments whose payer chose "paid" (the page answered 303). */
  sandboxPaid: { id: string }[];
  imports: { prefix: string; format: string; iupds: string[]; options: number[]; status: number }[];
  checkedAt: number;
  receiverLog: {
    t: number;
    eventId: string;
    type: string;
    deliveryId: string;
    status: number;
    signed: boolean;
  }[];
  failures: { kind: string; start: number; end: number; what: string }[];
  /** Requests sent again after the keep-alive race (see http.mjs). */
  races?: { kind: string; start: number; end: number; what: string }[];
  /** Start of the run, for the times in the details. */
  t0?: number;
  inWindow: (from: number, to: number) => boolean;
  windows: number;
}

export interface InvariantRow {
  name: string;
  ok: boolean;
  detail: string;
}

/** `database`: an SQLite file (path or `file:` URL) or a `postgres://` URL. */
export function checkInvariants(
  database: string,
  seen: Seen,
): Promise<{ rows: InvariantRow[]; counts: Record<string, number> }>;
