/** Admin client methods for the entity side (issue #3): positions, services, settings, import. */
import type { Transport } from './transport.js';

export function adminApi(_t: Transport) {
  return {};
}
