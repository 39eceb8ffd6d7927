/**
 * The token of a "Paga ora" link in the page URL's fragment (`#paga=<token>`), or null. The
 * fragment never reaches the entity's web server nor the `Referer` of other requests.
 * @example payLinkToken('#paga=abcdefghijklmnopqrstuvwxyz234567') // 'abcdefghijklmnopqrstuvwxyz234567'
 */
export function payLinkToken(hash: string): string | null {
  return /(?:^#|&)paga=([a-z2-7]{32})(?:&|$)/.exec(hash)?.[1] ?? null;
}

/**
 * Whether a value has the shape of a pay link's token (32 base32 letters), as kept for after login.
 * @example isPayLinkToken('abcdefghijklmnopqrstuvwxyz234567') // true
 */
export function isPayLinkToken(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z2-7]{32}$/.test(value);
}
