/**
 * What every account operation shares: who asks (`AccountCtx`), the names an account goes by, and
 * the one way an account e-mail leaves.
 */
import type { Lang } from '@pagatore/sdk';
import type { AccountRow, EntityRow } from '../db/schema/index.js';
import { ApiError } from '../core/errors.js';
import type { AppDeps } from '../core/deps.js';
import { portalUrlOf, sendAccountMail, type AccountMail } from './mails.js';

/** Who asks, for which entity, from where. */
export interface AccountCtx {
  deps: AppDeps;
  entity: EntityRow;
  ip: string;
  userAgent?: string;
  lang: Lang;
}

export const iso = (d: Date) => d.toISOString();
export const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);

/** Usernames and e-mails compare trimmed and lower case. */
export function normalizeLogin(s: string): string {
  return s.trim().toLowerCase();
}

/** How a mail greets the account: the company, else the person, else the username. */
export function displayName(
  a: Pick<AccountRow, 'first_name' | 'last_name' | 'company_name' | 'username'>,
): string {
  const person = [a.first_name, a.last_name].filter(Boolean).join(' ');
  return a.company_name ?? (person || a.username || '');
}

/** The account's language, Italian when unknown. */
export function langOf(a: Pick<AccountRow, 'lang'>): Lang {
  return a.lang === 'en' || a.lang === 'de' ? a.lang : 'it';
}

/** Links with tokens go only to the entity's portal page; refuse before writing anything. */
export function requirePortal(ctx: AccountCtx): void {
  if (!portalUrlOf(ctx.entity)) {
    ctx.deps.logger.error('entity has no portal_url on its allowed origins: account mails cannot link', {
      entity: ctx.entity.code,
    });
    throw new ApiError('unavailable');
  }
}

/** Sends one account e-mail in the entity's name. */
export function mail(ctx: AccountCtx, m: AccountMail): Promise<boolean> {
  return sendAccountMail(ctx.deps, ctx.entity, m);
}
