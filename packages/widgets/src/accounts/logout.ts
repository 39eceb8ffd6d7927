/**
 * "Esci" for every widget that has it: ends the portal session and, for a SPID/CIE session whose
 * provider ends sessions, sends the browser to the provider (through the API), which brings it back
 * to this page (`#pagatore-logout=provider`). The ID token never reaches the widget.
 */
import type { LogoutResult } from '@pagatore/sdk';
import { clearPending } from '../practices/pending.js';
import type { PortalStore } from '../state/store.js';

/** What the widget says after "Esci", or `leaving` when the browser is on its way to the provider. */
export type LogoutOutcome = { leaving: true } | { leaving: false; identity: LogoutResult['identity'] };

export async function logoutEverywhere(store: PortalStore): Promise<LogoutOutcome> {
  // A return to a practice asked before a login belongs to the session that ends here.
  clearPending(store);
  const r = await store.client.accounts.logout({ returnUrl: location.href });
  if (r?.providerLogoutUrl) {
    location.assign(r.providerLogoutUrl);
    return { leaving: true };
  }
  return { leaving: false, identity: r?.identity ?? null };
}
