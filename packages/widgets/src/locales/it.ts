import accounts from '../accounts/locales.js';
import practices from '../practices/locales.js';
import cart from '../components/cart/locales.js';
import debtForm from '../components/debt-form/locales.js';
import history from '../components/history/locales.js';
import paymentStatus from '../components/payment-status/locales.js';
import portal from '../components/portal/locales.js';
import practiceSearch from '../components/practice-search/locales.js';
import practicesList from '../components/practices/locales.js';
import errors from './errors.it.js';

/** Italian strings common to every widget (fields, provider, actions). */
const base = {
  'common.loading': 'Caricamento…',
  'common.retry': 'Riprova',
  'common.required': 'obbligatorio',
  'common.errorSummary': 'Correggi i seguenti errori:',
  'common.fieldError': '{label}: {message}',
  'common.retryAfter': 'Troppi tentativi: riprova tra {minutes} minuti.',
  'provider.noProvider': 'Questo componente deve stare dentro un elemento pagatore-provider.',
  'field.codiceFiscale.label': 'Codice fiscale o partita IVA',
  'field.codiceFiscale.hint': '16 caratteri per le persone, 11 cifre per le imprese e gli enti.',
  'field.codiceFiscale.empty': 'Inserisci il codice fiscale o la partita IVA.',
  'field.codiceFiscale.length': 'Il codice fiscale ha 16 caratteri; la partita IVA ha 11 cifre.',
  'field.codiceFiscale.format': 'Il codice fiscale contiene caratteri non validi.',
  'field.codiceFiscale.checksum': 'Il codice fiscale non è corretto: controlla i caratteri inseriti.',
  'field.codiceAvviso.label': 'Codice Avviso',
  'field.codiceAvviso.hint': "18 cifre, come stampato sull'avviso (gli spazi sono ammessi).",
  'field.codiceAvviso.empty': 'Inserisci il Codice Avviso.',
  'field.codiceAvviso.length': 'Il Codice Avviso ha 18 cifre.',
  'field.codiceAvviso.format': 'Il Codice Avviso contiene solo cifre.',
  'field.codiceAvviso.aux': 'Il Codice Avviso deve iniziare con 0, 1, 2 o 3.',
  'field.codiceAvviso.checksum': 'Il Codice Avviso non è corretto: controlla le cifre inserite.',
  'field.importo.label': 'Importo (euro)',
  'field.importo.hint': 'Ad esempio 1.234,56',
  'field.importo.empty': "Inserisci l'importo.",
  'field.importo.format': "Scrivi l'importo in cifre, ad esempio 1.234,56.",
  'field.importo.precision': 'Usa al massimo due decimali.',
  'field.importo.range': "L'importo è troppo alto.",
  'field.importo.min': "L'importo minimo è {min}.",
  'field.importo.max': "L'importo massimo è {max}.",
  'actions.added': 'Pratica aggiunta al carrello.',
  'actions.redirecting': 'Ti stiamo portando alla pagina di pagamento pagoPA…',
  'actions.noOption': 'Questa pratica non ha importi da pagare ora.',
} as const;

/** The common keys, which English and German give in `en.ts` and `de.ts` themselves. */
export type Messages = Record<keyof typeof base, string>;

/**
 * Italian, the default language: every user-facing string of the widgets, the common ones and each
 * area's. Always in the bundle; each area's file is data only and imports nothing.
 */
export const it = {
  ...base,
  ...accounts,
  ...practices,
  ...cart,
  ...debtForm,
  ...history,
  ...paymentStatus,
  ...portal,
  ...practiceSearch,
  ...practicesList,
  ...errors,
} as const;

/** Every key the widgets translate. */
export type MessageKey = keyof typeof it;
