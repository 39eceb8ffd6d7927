import type { Messages } from './it.js';
import accounts from '../accounts/locales.de.js';
import practices from '../practices/locales.de.js';
import cart from '../components/cart/locales.de.js';
import debtForm from '../components/debt-form/locales.de.js';
import history from '../components/history/locales.de.js';
import paymentStatus from '../components/payment-status/locales.de.js';
import portal from '../components/portal/locales.de.js';
import practiceSearch from '../components/practice-search/locales.de.js';
import practicesList from '../components/practices/locales.de.js';
import errors from './errors.de.js';

/** German (Alto Adige / Südtirol). */
const base: Messages = {
  'common.loading': 'Wird geladen…',
  'common.retry': 'Erneut versuchen',
  'common.required': 'Pflichtfeld',
  'common.errorSummary': 'Bitte folgende Fehler korrigieren:',
  'common.fieldError': '{label}: {message}',
  'common.retryAfter': 'Zu viele Versuche: Bitte in {minutes} Minuten erneut versuchen.',
  'provider.noProvider': 'Diese Komponente muss sich in einem pagatore-provider-Element befinden.',
  'field.codiceFiscale.label': 'Steuernummer oder MwSt.-Nummer',
  'field.codiceFiscale.hint': '16 Zeichen für Personen, 11 Ziffern für Unternehmen und Körperschaften.',
  'field.codiceFiscale.empty': 'Bitte die Steuernummer oder MwSt.-Nummer eingeben.',
  'field.codiceFiscale.length': 'Die Steuernummer hat 16 Zeichen, die MwSt.-Nummer 11 Ziffern.',
  'field.codiceFiscale.format': 'Die Steuernummer enthält unzulässige Zeichen.',
  'field.codiceFiscale.checksum': 'Die Steuernummer ist nicht korrekt: Bitte die Eingabe prüfen.',
  'field.codiceAvviso.label': 'Zahlungshinweiscode (Codice Avviso)',
  'field.codiceAvviso.hint': '18 Ziffern, wie auf dem Zahlungshinweis gedruckt (Leerzeichen erlaubt).',
  'field.codiceAvviso.empty': 'Bitte den Zahlungshinweiscode eingeben.',
  'field.codiceAvviso.length': 'Der Zahlungshinweiscode hat 18 Ziffern.',
  'field.codiceAvviso.format': 'Der Zahlungshinweiscode enthält nur Ziffern.',
  'field.codiceAvviso.aux': 'Der Zahlungshinweiscode beginnt mit 0, 1, 2 oder 3.',
  'field.codiceAvviso.checksum': 'Der Zahlungshinweiscode ist nicht korrekt: Bitte die Ziffern prüfen.',
  'field.importo.label': 'Betrag (Euro)',
  'field.importo.hint': 'Zum Beispiel 1.234,56',
  'field.importo.empty': 'Bitte den Betrag eingeben.',
  'field.importo.format': 'Den Betrag in Ziffern schreiben, z. B. 1.234,56.',
  'field.importo.precision': 'Höchstens zwei Dezimalstellen.',
  'field.importo.range': 'Der Betrag ist zu hoch.',
  'field.importo.min': 'Der Mindestbetrag ist {min}.',
  'field.importo.max': 'Der Höchstbetrag ist {max}.',
  'actions.added': 'Zahlungsposition zum Warenkorb hinzugefügt.',
  'actions.redirecting': 'Sie werden zur pagoPA-Zahlungsseite weitergeleitet…',
  'actions.noOption': 'Für diese Zahlungsposition ist jetzt nichts zu zahlen.',
};

/**
 * Every German string of the widgets: the base ones and each area's. Data only, so the bundle keeps
 * it in a file of its own that `loadLang('de')` fetches when a page or provider asks for German.
 */
const catalog: Record<string, string> = {
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
};

export default catalog;
