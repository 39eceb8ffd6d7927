/**
 * Privacy methods: the citizen reads the consent texts and downloads their data; the entity
 * publishes texts, reads the consent ledger and answers a person's request received by post.
 */
import { privacyRoutes as routes } from './routes.js';
import type { ConsentLedgerQuery, ConsentTextInput, DataExport } from '../schemas/privacy.js';
import type { Lang } from '../errors.js';
import type { FileResult, Transport } from './transport.js';

export function privacyApi(t: Transport, ente: { ente: string }) {
  return {
    privacy: {
      /**
       * The version in force of a consent text (`privacy`, `reminders`, …), every language.
       * @example const notice = await client.privacy.text('privacy'); notice.version
       */
      text: (kind: string) => t.call(routes.getConsentText, { params: { ...ente, kind } }),
      /** One published version, as it was published. */
      version: (kind: string, version: string) =>
        t.call(routes.getConsentTextVersion, { params: { ...ente, kind, version } }),
      /** The URL of the page with a version's full text, for a "read it all" link. */
      pageUrl: (kind: string, version: string, lang?: Lang): string =>
        t.url(routes.consentTextPage, { params: { ...ente, kind, version }, query: lang ? { lang } : {} }),
      /**
       * Everything the portal holds about the logged-in citizen.
       * @example const data = await client.privacy.exportData(); data.sections.receipts.length
       */
      exportData: (): Promise<DataExport> => t.call(routes.exportMyData, { params: ente }),
      /** The same as a readable PDF summary. */
      exportPdf: (): Promise<FileResult> => t.file(routes.exportMyDataPdf, { params: ente }),
    },
  };
}

export function adminPrivacyApi(t: Transport) {
  return {
    privacy: {
      /** Every published version of the consent texts (or of one kind), newest first. */
      texts: (kind?: string) => t.call(routes.adminListConsentTexts, { query: kind ? { kind } : {} }),
      /**
       * Publishes a version; a privacy version becomes the notice in force. `requiresReconsent` asks
       * every account that accepted an older one to accept it at the next login.
       * @example await admin.privacy.publish('privacy', { version: '2027-01', text: '…', requiresReconsent: true })
       */
      publish: (kind: string, body: ConsentTextInput) =>
        t.call(routes.adminPublishConsentText, { params: { kind }, body }),
      /**
       * The consent ledger, per account and/or per period.
       * @example const { items } = await admin.privacy.ledger({ from: '2026-01-01', to: '2026-12-31' })
       */
      ledger: (query: Omit<ConsentLedgerQuery, 'format'> = {}) =>
        t.call(routes.adminConsentLedger, { query: { ...query, format: 'json' } }),
      /** The ledger as CSV. */
      ledgerCsv: (query: Omit<ConsentLedgerQuery, 'format'> = {}): Promise<FileResult> =>
        t.file(routes.adminConsentLedger, { query: { ...query, format: 'csv' } }),
      /** A person's accounts, by fiscal code or e-mail. */
      findAccounts: (query: { fiscalCode?: string; email?: string }) =>
        t.call(routes.adminFindAccounts, { query }),
      /** Everything held about an account (JSON). */
      exportAccount: (id: string): Promise<DataExport> =>
        t.call(routes.adminExportAccount, { params: { id } }),
      /** The readable summary of an account's data (PDF). */
      exportAccountPdf: (id: string): Promise<FileResult> =>
        t.file(routes.adminExportAccountPdf, { params: { id } }),
      /** Revokes the privacy consent on the citizen's request: the account closes. */
      closeAccount: (id: string) => t.call(routes.adminCloseAccount, { params: { id } }),
    },
  };
}
