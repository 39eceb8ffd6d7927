/**
 * Citizen client methods for practices: the anonymous search, my practices (list, one,
 * keep a search hit, remove it), the services open to spontaneous payments and their submission.
 */
import type { practicesEndpoints as ep } from '../contract/practices.js';
import { paylinksRoutes, practicesRoutes as routes } from './routes.js';
import type { RequestOf } from '../contract/endpoint.js';
import type {
  MyPractice,
  PracticeList,
  PracticeSearchResult,
  PublicServiceList,
} from '../schemas/practices.js';
import type { NoticeLanguage } from '../contract/notices.js';
import type { CalendarQuery } from '../schemas/reminders.js';
import type { PayLinkOpened } from '../schemas/paylinks.js';
import type { FileResult, Transport } from './transport.js';

type Body<E> = RequestOf<E>['body'];
type Query<E> = RequestOf<E>['query'];

export function practicesApi(t: Transport, ente: { ente: string }) {
  const params = ente;
  return {
    practices: {
      /**
       * Anonymous search: the practice of a fiscal code and its Codice Avviso (or IUV); a miss is
       * `practice_not_found` whatever part was wrong.
       * @example const { practice } = await client.practices.search({ fiscalCode: 'RSSMRA85T10A562S', nav: '3010 0000 0000 0001 44' })
       */
      search: (body: Body<typeof ep.searchPractice>): Promise<PracticeSearchResult> =>
        t.call(routes.searchPractice, { params, body }),
      /**
       * "Stampa bollettino" without login: the notice PDF of the practice the identifiers find.
       * @example const { blob } = await client.practices.searchNotice({ fiscalCode: 'RSSMRA85T10A562S', nav: '301000000000000144' })
       */
      searchNotice: (
        body: Body<typeof ep.searchPracticeNotice>,
        lang?: NoticeLanguage,
      ): Promise<FileResult> =>
        t.file(routes.searchPracticeNotice, { params, body, query: lang ? { lang } : {} }),
      /**
       * "Stampa bollettino": the notice PDF of one of my practices.
       * @example const { blob, filename } = await client.practices.notice('42')
       */
      notice: (id: string, lang?: NoticeLanguage): Promise<FileResult> =>
        t.file(routes.myPracticeNotice, { params: { ...params, id }, query: lang ? { lang } : {} }),
      /**
       * "Aggiungi al calendario" without login: the `.ics` of the due dates still to pay of the
       * practice the identifiers find (counted and limited like a search).
       * @example const { blob, filename } = await client.practices.searchCalendar({ fiscalCode: 'RSSMRA85T10A562S', nav: '301000000000000144' }, { lang: 'it', page: location.href })
       */
      searchCalendar: (
        body: Body<typeof ep.searchPracticeCalendar>,
        query: CalendarQuery = {},
      ): Promise<FileResult> => t.file(routes.searchPracticeCalendar, { params, body, query }),
      /**
       * "Aggiungi al calendario": the `.ics` of the due dates still to pay of one of my practices.
       * @example const { blob, filename } = await client.practices.calendar('42', { lang: 'en', page: location.href })
       */
      calendar: (id: string, query: CalendarQuery = {}): Promise<FileResult> =>
        t.file(routes.myPracticeCalendar, { params: { ...params, id }, query }),
      /**
       * "Aggiungi al calendario" from a "Paga ora" link: the `.ics` of its practice's due dates
       * still to pay, each pointing at the link (the token travels in the body).
       * @example const { blob } = await client.practices.payLinkCalendar(token, { page: location.href })
       */
      payLinkCalendar: (token: string, query: CalendarQuery = {}): Promise<FileResult> =>
        t.file(paylinksRoutes.payLinkCalendar, { params, body: { token }, query }),
      /**
       * My practices, sorted and paged.
       * @example const page = await client.practices.list({ sort: '-dueDate', limit: 10 })
       */
      list: (query: Query<typeof ep.listMyPractices> = {}): Promise<PracticeList> =>
        t.call(routes.listMyPractices, { params, query }),
      /**
       * One of my practices.
       * @example await client.practices.get('42')
       */
      get: (id: string): Promise<MyPractice> => t.call(routes.getMyPractice, { params: { ...params, id } }),
      /**
       * Keeps a practice found by search in my list (to pay it, also for someone else).
       * @example await client.practices.link({ fiscalCode: 'RSSMRA85T10A562S', nav: '301000000000000144' })
       */
      link: (body: Body<typeof ep.linkPractice>): Promise<MyPractice> =>
        t.call(routes.linkPractice, { params, body }),
      /**
       * Removes a practice found by search from my list.
       * @example await client.practices.unlink('42')
       */
      unlink: (id: string): Promise<void> => t.call(routes.unlinkPractice, { params: { ...params, id } }),
      /**
       * Opens a "Paga ora" link: its practice ready to pay, the debtor masked.
       * @example const { practice } = await client.practices.openPayLink(location.hash.slice(6))
       */
      openPayLink: (token: string): Promise<PayLinkOpened> =>
        t.call(paylinksRoutes.openPayLink, { params, body: { token } }),
      /** Keeps a link's practice in my list, to pay it or add it to the cart. */
      linkPayLink: (token: string): Promise<MyPractice> =>
        t.call(paylinksRoutes.linkPayLinkPractice, { params, body: { token } }),
    },
    services: {
      /**
       * Services open to spontaneous payments, with their forms.
       * @example const { items } = await client.services.list()
       */
      list: (): Promise<PublicServiceList> => t.call(routes.listServices, { params }),
    },
    spontaneous: {
      /**
       * "Inserimento spontaneo": creates a payable practice from a service's form.
       * @example await client.spontaneous.create({ service: 'MENSA', values: { child: 'Anna', amount: 5000 } })
       */
      create: (body: Body<typeof ep.createSpontaneous>): Promise<MyPractice> =>
        t.call(routes.createSpontaneous, { params, body }),
    },
  };
}
