/**
 * The accounts e-mails: words from `mail-locales.ts`, layout from `mail/layout.ts`, links to the
 * entity's portal page with the token in the URL fragment (`#pagatore-activate=<token>`), so the
 * token never reaches the entity's web server logs or a Referer header.
 */
import { type Lang, ofEntity, withArticle } from '@pagatore/sdk';
import type { EntityRow } from '../db/schema/index.js';
import { articleOf, originsOf } from '../entities/entities.js';
import type { AppDeps } from '../core/deps.js';
import { renderMail } from '../mail/layout.js';
import { mailerFor } from '../mail/mailer.js';
import { MAIL_CATALOGS, type MailKind } from './mail-locales.js';

/** What a link in a mail asks the widget to do. */
export type LinkKind = 'activate' | 'reset' | 'email' | 'login' | 'identity-link';

/**
 * The entity's portal page, when it is an http(s) URL on one of the entity's allowed origins;
 * links with tokens go nowhere else.
 */
export function portalUrlOf(entity: EntityRow): URL | null {
  if (!entity.portal_url) return null;
  let url: URL;
  try {
    url = new URL(entity.portal_url);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return originsOf(entity).includes(url.origin) ? url : null;
}

/** The link a mail carries: the portal page with `#pagatore-<kind>=<token>`. */
export function portalLink(entity: EntityRow, kind: LinkKind, token?: string): string {
  const url = portalUrlOf(entity);
  if (!url) throw new Error(`entity ${entity.code} has no portal_url on its allowed origins`);
  url.hash = token ? `pagatore-${kind}=${token}` : '';
  return url.href;
}

function pageLink(page: string, kind: LinkKind, token?: string): string {
  const url = new URL(page);
  url.hash = token ? `pagatore-${kind}=${token}` : '';
  return url.href;
}

function fill(s: string, params: Record<string, string | number>): string {
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

export interface AccountMail {
  kind: MailKind;
  to: string;
  lang: Lang;
  /** Greeting name: Nome Cognome or Ragione sociale; the username otherwise. */
  name: string;
  params: Record<string, string | number>;
  /**
   * The link's kind and token; `page`, a page on the entity's allowed origins, stands for the
   * portal page (the page a digital-identity login came back to).
   */
  link?: { kind: LinkKind; token?: string; page?: string };
}

/**
 * Sends one accounts mail. Failures are logged, not thrown: the answer to the request must not
 * depend on the mail server (and must not tell an attacker which branch ran).
 */
export async function sendAccountMail(deps: AppDeps, entity: EntityRow, m: AccountMail): Promise<boolean> {
  const cat = MAIL_CATALOGS[m.lang] ?? MAIL_CATALOGS.it;
  const words = cat.mails[m.kind];
  const article = articleOf(entity);
  const params = {
    entity: entity.name,
    // Italian sentences put the name after "di" or with its article: "del Comune di Esempio".
    ofEntity: ofEntity(entity.name, article),
    theEntity: withArticle(entity.name, article),
    ...m.params,
  };
  const url = m.link
    ? m.link.page
      ? pageLink(m.link.page, m.link.kind, m.link.token)
      : portalLink(entity, m.link.kind, m.link.token)
    : undefined;
  const [first, ...rest] = words.paragraphs.map((p) => fill(p, params));
  const content = renderMail({
    entityName: entity.name,
    logoUrl: entity.logo_url,
    lang: m.lang,
    subject: fill(words.subject, params),
    heading: fill(words.heading, params),
    paragraphs: [`${fill(cat.greeting, { name: m.name })} ${first ?? ''}`.trim(), ...rest],
    action:
      url && words.action ? { label: fill(words.action, params), url, fallback: cat.fallback } : undefined,
    footer: fill(cat.footer, params),
  });
  try {
    await mailerFor(deps).send({ to: m.to, ...content });
    return true;
  } catch (error) {
    deps.logger.error('mail not sent', {
      kind: m.kind,
      entity: entity.code,
      error: error instanceof Error ? error.message : String(error),
    });
    return false;
  }
}
