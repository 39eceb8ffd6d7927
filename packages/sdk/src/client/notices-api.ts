/** Notice (avviso di pagamento) methods (issue #7): citizen downloads and admin bulk generation. */
import type { Transport } from './transport.js';

export function noticesApi(_t: Transport, _ente: { ente: string }) {
  return {};
}

export function adminNoticesApi(_t: Transport) {
  return {};
}
