/** Notice (avviso di pagamento) methods: admin single and bulk generation. */
import type { NoticeBundleRequest, NoticeLanguage } from '../contract/notices.js';
import { noticesRoutes as routes } from './routes.js';
import type { FileResult, Transport } from './transport.js';

/**
 * Citizen-side notice downloads live with practices (`practices.notice(id)`), which own the
 * access rules; nothing here yet.
 */
export function noticesApi(_t: Transport, _ente: { ente: string }) {
  return {};
}

export function adminNoticesApi(t: Transport) {
  return {
    notices: {
      /**
       * One position's notice as a PDF; with `payLinkDays`, a new "Paga ora" link valid that many
       * days is printed on it as a second QR code (the entity needs a portal URL).
       * @example const { blob } = await admin.notices.position('TARI-2026-0001', 'it-de', { payLinkDays: 60 });
       */
      position: (
        iupd: string,
        lang?: NoticeLanguage,
        opts: { payLinkDays?: number } = {},
      ): Promise<FileResult> =>
        t.file(routes.adminPositionNotice, {
          params: { iupd },
          query: {
            ...(lang ? { lang } : {}),
            ...(opts.payLinkDays ? { payLinkDays: opts.payLinkDays } : {}),
          },
        }),
      /**
       * The notices of many positions: a ZIP of PDFs (default) or one merged PDF, as a raw response
       * whose body streams.
       * @example const res = await admin.notices.bundle({ iupds: ['A', 'B'] }); await pipeline(res.body, file);
       */
      bundle: (body: NoticeBundleRequest): Promise<Response> => t.raw(routes.adminNoticeBundle, { body }),
    },
  };
}
