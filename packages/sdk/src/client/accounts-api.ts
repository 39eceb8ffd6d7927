/** Citizen client methods for accounts (issue #4): register, activate, login, recovery, profile. */
import type { SessionStore } from './session-store.js';
import type { Transport } from './transport.js';

export function accountsApi(_t: Transport, _ente: { ente: string }, _session: SessionStore) {
  return {};
}
