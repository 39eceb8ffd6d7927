/**
 * From the position tables to a notice: which options a notice shows (those still payable), the
 * entity's channels, postal account and logo, and the debtor's address on one line. Also the
 * one-call helpers the routes and the CLI use.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FieldError } from '@pagatore/sdk';
import type { Db } from '../db/database.js';
import type { EntityRow, PaymentOptionRow, PositionRow } from '../db/schema/index.js';
import { ApiError } from '../core/errors.js';
import { outboundRequest } from '../outbound/request.js';
import { payLinkForNotice, requirePortalUrl } from '../paylinks/paylinks.js';
import type { BundleItem } from './bulk.js';
import {
  type NoticeData,
  NoticeDataError,
  type NoticeLanguage,
  type NoticeLogo,
  type NoticePayment,
} from './notice-data.js';
import { renderNotice } from './render.js';

/** Option states a notice still prints: anything that can be paid. */
const PRINTABLE_OPTION = new Set(['unpaid', 'in_payment', 'expired']);
/** Position states with something to pay. */
export const PRINTABLE_POSITION = ['unpaid', 'expired', 'partially_paid', 'in_payment'] as const;

const ASSETS = fileURLToPath(
  new URL(import.meta.url.includes('/dist/') ? '../assets/' : '../../assets/', import.meta.url),
);

const logoCache = new Map<string, { logo: NoticeLogo | null; at: number }>();
const LOGO_TTL_MS = 10 * 60 * 1000;

function logoType(name: string, contentType = ''): NoticeLogo['type'] | null {
  if (/svg/i.test(contentType) || /\.svg$/i.test(name)) return 'svg';
  if (/png/i.test(contentType) || /\.png$/i.test(name)) return 'png';
  if (/jpe?g/i.test(contentType) || /\.jpe?g$/i.test(name)) return 'jpg';
  return null;
}

/**
 * The entity's logo for its notices: our own `/assets/…` files are read from disk, `data:` URLs
 * decoded, other http(s) URLs fetched (≤ 1 MB, 3 s, up to 3 redirects) and kept for ten minutes.
 * The fetch reaches public addresses only, unless the entity allows its own network
 * (`allowPrivate`): every hop is checked where it connects (outbound/request.ts). Any failure gives
 * no logo: the notice then shows the entity's name alone, as the guide allows.
 */
export async function loadEntityLogo(
  logoUrl: string | null,
  publicUrl?: string,
  opts: { allowPrivate?: boolean } = {},
): Promise<NoticeLogo | null> {
  if (!logoUrl) return null;
  const allowPrivate = opts.allowPrivate === true;
  const cacheKey = `${allowPrivate ? 1 : 0}${logoUrl}`;
  const cached = logoCache.get(cacheKey);
  if (cached && Date.now() - cached.at < LOGO_TTL_MS) return cached.logo;
  let logo: NoticeLogo | null = null;
  try {
    const data = /^data:(image\/[a-z+]+);base64,(.+)$/i.exec(logoUrl);
    if (data) {
      const type = logoType('', data[1]);
      if (type) logo = { type, bytes: new Uint8Array(Buffer.from(data[2]!, 'base64')) };
    } else {
      const absolute = /^https?:\/\//i.test(logoUrl);
      const url = new URL(logoUrl, publicUrl ?? 'http://localhost');
      // Our own assets (relative, this server's public URL, or loopback) are read from disk.
      const ours =
        !absolute ||
        (publicUrl !== undefined && url.origin === new URL(publicUrl).origin) ||
        ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
      const local = /^\/assets\/([A-Za-z0-9._-]+)$/.exec(url.pathname);
      if (ours && local) {
        const type = logoType(local[1]!);
        if (type) logo = { type, bytes: new Uint8Array(await readFile(`${ASSETS}${basename(local[1]!)}`)) };
      } else if (absolute) {
        let at = url;
        for (let hop = 0; hop <= 3; hop++) {
          const res = await outboundRequest(at.href, { timeoutMs: 3000, allowPrivate, maxBytes: 1_000_000 });
          const location = res.headers.location;
          if (res.status >= 300 && res.status < 400 && location) {
            at = new URL(location, at);
            if (at.protocol !== 'https:' && at.protocol !== 'http:') break;
            continue;
          }
          const type = logoType(at.pathname, res.headers['content-type'] ?? '');
          if (res.status === 200 && type && !res.truncated) logo = { type, bytes: new Uint8Array(res.body) };
          break;
        }
      }
    }
  } catch {
    logo = null;
  }
  if (logoCache.size > 100) logoCache.clear();
  logoCache.set(cacheKey, { logo, at: Date.now() });
  return logo;
}

function debtorAddress(p: PositionRow): string | null {
  const place = [p.debtor_postal_code, p.debtor_city].filter(Boolean).join(' ');
  const tail = [place, p.debtor_province ? `(${p.debtor_province})` : ''].filter(Boolean).join(' ');
  const parts = [p.debtor_address, tail].filter(Boolean);
  let text = parts.join(', ');
  if (p.debtor_country && p.debtor_country !== 'IT')
    text = text ? `${text} - ${p.debtor_country}` : p.debtor_country;
  if (!text) return null;
  // The guide allows 140 characters; the street alone must always fit.
  return text.length > 140 ? text.slice(0, 140).replace(/\s+\S*$/, '') : text;
}

/** The notice's view of an entity row. */
export function noticeEntity(entity: EntityRow, logo: NoticeLogo | null): NoticeData['entity'] {
  const account = entity.postal_account_number?.replace(/\s+/g, '') ?? '';
  return {
    fiscalCode: entity.code,
    name: entity.name,
    sector: entity.sector,
    info: entity.info,
    cbill: entity.cbill_code,
    onlineChannel: entity.online_channel,
    logo,
    postal:
      account && entity.postal_account_holder && entity.postal_authorization
        ? { account, holder: entity.postal_account_holder, authorization: entity.postal_authorization }
        : null,
  };
}

/**
 * A position's notice data: its payable options (the single payment and the remaining
 * installments), or null when nothing is left to pay.
 */
export function noticeDataFromPosition(
  entity: NoticeData['entity'],
  position: PositionRow,
  options: readonly PaymentOptionRow[],
  language: NoticeLanguage = 'it',
): NoticeData | null {
  const payable = options.filter((o) => PRINTABLE_OPTION.has(o.status));
  const toPayment = (o: PaymentOptionRow): NoticePayment => ({
    nav: o.nav,
    iuv: o.iuv,
    amountCents: o.amount,
    dueDate: o.due_date || null,
    ...(o.installment > 0 ? { number: o.installment } : {}),
  });
  const single = payable.find((o) => o.installment === 0);
  const installments = payable.filter((o) => o.installment > 0).sort((a, b) => a.installment - b.installment);
  if (!single && installments.length === 0) return null;
  return {
    entity,
    debtor: {
      fiscalCode: position.debtor_fiscal_code || null,
      name: position.debtor_name,
      address: debtorAddress(position),
    },
    subject: position.description,
    single: single ? toPayment(single) : null,
    installments: installments.map(toPayment),
    language,
  };
}

/** Field paths of the notice in the position's terms (what the entity has to fix). */
function positionFields(fields: FieldError[]): FieldError[] {
  const map: [RegExp, string][] = [
    [/^subject$/, 'description'],
    [/^single\./, 'single.'],
    [/^installments\.(\d+)\./, 'installments.$1.'],
  ];
  return fields.map((f) => {
    let path = f.path;
    for (const [re, to] of map) path = path.replace(re, to);
    return { ...f, path };
  });
}

async function optionsOf(db: Db, positionIds: number[]): Promise<Map<number, PaymentOptionRow[]>> {
  const out = new Map<number, PaymentOptionRow[]>();
  if (!positionIds.length) return out;
  const rows = await db
    .selectFrom('payment_options')
    .selectAll()
    .where('position_id', 'in', positionIds)
    .orderBy('position_id')
    .orderBy('installment')
    .execute();
  for (const r of rows) {
    const list = out.get(r.position_id) ?? [];
    list.push(r);
    out.set(r.position_id, list);
  }
  return out;
}

/**
 * Renders the notice of one position of an entity, by the position's numeric id. Throws
 * `ApiError` `not_found` (no such position for this entity), `invalid_state` (nothing left to pay)
 * or `validation_failed` with the position's fields (a value over the guide's limits).
 * @example const pdf = await renderNoticeForPosition(db, '80012345676', practiceId, { language: 'it-de' });
 */
export async function renderNoticeForPosition(
  db: Db,
  entityCode: string,
  positionId: number,
  opts: {
    language?: NoticeLanguage;
    publicUrl?: string;
    /** A "Paga ora" link to print as a second QR code (see `NoticeData.payLinkUrl`). */
    payLinkUrl?: string | undefined;
    /** Instead: a new link valid this many days, made for this notice (`now` is its creation). */
    payLink?: { days: number; now: Date } | undefined;
  } = {},
): Promise<Uint8Array> {
  const entity = await db
    .selectFrom('entities')
    .selectAll()
    .where('code', '=', entityCode)
    .executeTakeFirst();
  const position = await db
    .selectFrom('positions')
    .selectAll()
    .where('entity_code', '=', entityCode)
    .where('id', '=', positionId)
    .executeTakeFirst();
  if (!entity || !position) throw new ApiError('not_found');
  if (opts.payLink) requirePortalUrl(entity);
  const options = (await optionsOf(db, [position.id])).get(position.id) ?? [];
  const data = noticeDataFromPosition(
    noticeEntity(
      entity,
      await loadEntityLogo(entity.logo_url, opts.publicUrl, {
        allowPrivate: entity.allow_private_targets === 1,
      }),
    ),
    position,
    options,
    opts.language,
  );
  if (!data) throw new ApiError('invalid_state');
  const payLinkUrl = opts.payLink
    ? await payLinkForNotice(db, entity, position, opts.payLink.days, opts.payLink.now)
    : opts.payLinkUrl;
  try {
    return await renderNotice(payLinkUrl ? { ...data, payLinkUrl } : data);
  } catch (e) {
    if (e instanceof NoticeDataError)
      throw new ApiError('validation_failed', { fields: positionFields(e.fields) });
    throw e;
  }
}

/** Which positions a bundle covers. */
export interface BundleSelection {
  iupds?: readonly string[];
  dueFrom?: string;
  dueTo?: string;
  language?: NoticeLanguage;
  /** This server's public URL, to read its own logo files from disk. */
  publicUrl?: string;
  /** Print on each notice a new "Paga ora" link valid `days` days, made at `now`. */
  payLink?: { days: number; now: Date };
}

/**
 * The notices of an entity's positions, read from the database a page at a time (so a bundle of
 * 100 000 positions never sits in memory), each named `<iupd>.pdf`. Positions with nothing left to
 * pay are skipped; unknown iupds are reported through `onMissing`.
 */
export async function* positionNotices(
  db: Db,
  entityCode: string,
  sel: BundleSelection,
  opts: { page?: number; onMissing?: (iupd: string) => void } = {},
): AsyncGenerator<BundleItem> {
  const entity = await db
    .selectFrom('entities')
    .selectAll()
    .where('code', '=', entityCode)
    .executeTakeFirst();
  if (!entity) return;
  if (sel.payLink) requirePortalUrl(entity);
  const noticeEnt = noticeEntity(
    entity,
    await loadEntityLogo(entity.logo_url, sel.publicUrl, {
      allowPrivate: entity.allow_private_targets === 1,
    }),
  );
  const page = opts.page ?? 200;
  const link = sel.payLink;
  const emit = async function* (rows: PositionRow[], options: Map<number, PaymentOptionRow[]>) {
    for (const p of rows) {
      const data = noticeDataFromPosition(noticeEnt, p, options.get(p.id) ?? [], sel.language);
      if (!data) continue;
      const payLinkUrl = link ? await payLinkForNotice(db, entity, p, link.days, link.now) : null;
      yield { name: p.iupd, data: payLinkUrl ? { ...data, payLinkUrl } : data };
    }
  };
  if (sel.iupds) {
    for (let i = 0; i < sel.iupds.length; i += page) {
      const want = sel.iupds.slice(i, i + page);
      const rows = await db
        .selectFrom('positions')
        .selectAll()
        .where('entity_code', '=', entityCode)
        .where('iupd', 'in', want)
        .execute();
      const byIupd = new Map(rows.map((r) => [r.iupd, r]));
      for (const iupd of want) if (!byIupd.has(iupd)) opts.onMissing?.(iupd);
      const ordered = want.map((k) => byIupd.get(k)).filter((r): r is PositionRow => Boolean(r));
      yield* emit(
        ordered,
        await optionsOf(
          db,
          ordered.map((r) => r.id),
        ),
      );
    }
    return;
  }
  let after = 0;
  for (;;) {
    let q = db
      .selectFrom('positions')
      .selectAll()
      .where('entity_code', '=', entityCode)
      .where('status', 'in', [...PRINTABLE_POSITION])
      .where('id', '>', after);
    if (sel.dueFrom) q = q.where('due_date', '>=', sel.dueFrom);
    if (sel.dueTo) q = q.where('due_date', '<=', sel.dueTo);
    const rows = await q.orderBy('id').limit(page).execute();
    if (!rows.length) return;
    after = rows[rows.length - 1]!.id;
    yield* emit(
      rows,
      await optionsOf(
        db,
        rows.map((r) => r.id),
      ),
    );
  }
}
