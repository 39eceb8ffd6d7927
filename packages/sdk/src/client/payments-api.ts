/** Citizen client methods for payments (issue #6): pay, outcome, cart, receipts. */
import type { Transport } from './transport.js';

export function paymentsApi(_t: Transport, _ente: { ente: string }) {
  return {};
}
