/**
 * Links in the accounts e-mails open the entity's portal page with the token in the URL fragment
 * (`#pagatore-activate=<token>`): the fragment never reaches the entity's server or a Referer.
 * The first widget that can use it takes it and removes it from the address bar, so a reload or a
 * shared screenshot does not carry it.
 */

export type LinkKind = 'activate' | 'reset' | 'email' | 'identity-link';

const PATTERN = /^#pagatore-(activate|reset|email|identity-link)=([A-Za-z0-9]{16,128})$/;
const LOGOUT = '#pagatore-logout=provider';

/** Reads the fragment without taking it. */
export function peekLinkToken(): { kind: LinkKind; token: string } | null {
  if (typeof location === 'undefined') return null;
  const m = PATTERN.exec(location.hash);
  return m ? { kind: m[1] as LinkKind, token: m[2] as string } : null;
}

/**
 * Takes the token of one of the given kinds from the URL fragment and removes the fragment from
 * the address bar (`history.replaceState`); null when there is none of those kinds.
 * @example const link = takeLinkToken(['activate']); if (link) await client.accounts.activate(link.token);
 */
export function takeLinkToken(kinds: readonly LinkKind[]): { kind: LinkKind; token: string } | null {
  const found = peekLinkToken();
  if (!found || !kinds.includes(found.kind)) return null;
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  return found;
}

/**
 * True once when the page came back from the identity provider's logout (`#pagatore-logout=provider`),
 * which it removes from the address bar.
 */
export function takeProviderLogout(): boolean {
  if (typeof location === 'undefined' || location.hash !== LOGOUT) return false;
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  return true;
}

/** Whether the page came back from the identity provider's logout, without taking it. */
export function peekProviderLogout(): boolean {
  return typeof location !== 'undefined' && location.hash === LOGOUT;
}
