/**
 * The pagoPA payment notice (avviso di pagamento) as PDF: one position's notice, and
 * the notices of many positions at once as a ZIP of PDFs or one merged PDF, for the entity (admin
 * API). The citizen downloads (`…/me/practices/{id}/notice.pdf`, `…/practices/search/notice.pdf`)
 * belong to the practices area and use the same renderer.
 */
import * as v from 'valibot';
import { IsoDate, wholeNumber } from '../schemas/common.js';
import { Iupd, IupdParams } from '../schemas/positions.js';
import { endpoint } from './endpoint.js';

/** Languages of a notice: one, or Italian with a second language (Alto Adige: `it-de`). */
export const NoticeLanguage = v.picklist(['it', 'en', 'de', 'it-de', 'it-en'], 'invalid_choice');
export type NoticeLanguage = v.InferOutput<typeof NoticeLanguage>;

/**
 * Days a "Paga ora" link printed on a notice stays valid (1–366): asking for it prints the link as a
 * second QR code beside pagoPA's, for letters sent by post. The entity needs a portal URL.
 */
export const NoticePayLinkDays = v.pipe(
  wholeNumber(),
  v.minValue(1, 'too_small'),
  v.maxValue(366, 'too_large'),
);

/** Query of a single notice. */
export const NoticeQuery = v.strictObject({
  lang: v.optional(NoticeLanguage),
  payLinkDays: v.optional(NoticePayLinkDays),
});

/** Most positions one bulk request may name (the ZIP streams, so the limit is on the request body). */
export const MAX_NOTICE_IUPDS = 10_000;

/** Which notices to produce: named positions, or every payable one due in a range. */
export const NoticeBundleRequest = v.strictObject({
  /** Positions by the entity's own id; omitted: every payable position (filtered by the dates). */
  iupds: v.optional(
    v.pipe(v.array(Iupd), v.minLength(1, 'too_few'), v.maxLength(MAX_NOTICE_IUPDS, 'too_many')),
  ),
  /** Only positions whose earliest due date is on or after this day. */
  dueFrom: v.optional(IsoDate),
  /** Only positions whose earliest due date is on or before this day. */
  dueTo: v.optional(IsoDate),
  /** `zip` (default): one PDF per position, streamed; `pdf`: one merged PDF (at most 500 positions). */
  format: v.optional(v.picklist(['zip', 'pdf'], 'invalid_choice'), 'zip'),
  lang: v.optional(NoticeLanguage),
  /** Print on each notice a new "Paga ora" link valid this many days (positions that cannot have one get none). */
  payLinkDays: v.optional(NoticePayLinkDays),
});
export type NoticeBundleRequest = v.InferInput<typeof NoticeBundleRequest>;

export const noticesEndpoints = {
  adminPositionNotice: endpoint({
    id: 'adminPositionNotice',
    method: 'GET',
    path: '/api/v1/admin/positions/{iupd}/notice.pdf',
    auth: 'admin',
    tag: 'notices',
    summary:
      "A position's payment notice (avviso di pagamento) as PDF: its payable options, QR codes and Poste Data Matrix",
    params: IupdParams,
    query: NoticeQuery,
    status: 200,
    produces: 'pdf',
    errors: ['not_found', 'invalid_state', 'validation_failed', 'portal_url_missing'],
  }),
  adminNoticeBundle: endpoint({
    id: 'adminNoticeBundle',
    method: 'POST',
    path: '/api/v1/admin/notices',
    auth: 'admin',
    tag: 'notices',
    summary:
      'The notices of many positions: a streamed ZIP of PDFs (unprintable ones listed in ERRORS.txt) or one merged PDF',
    body: NoticeBundleRequest,
    status: 200,
    produces: 'zip',
    errors: ['validation_failed', 'payload_too_large', 'portal_url_missing'],
  }),
} as const;
