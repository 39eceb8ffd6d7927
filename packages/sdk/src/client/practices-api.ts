/** Citizen client methods for practices (issue #5): search, my practices, spontaneous payments. */
import type { Transport } from './transport.js';

export function practicesApi(_t: Transport, _ente: { ente: string }) {
  return {};
}
