/** Italian, the default language: every user-facing string of the widgets. */
export const it = {
  'lang.name': 'Italiano',
  'common.loading': 'Caricamento…',
  'common.retry': 'Riprova',
  'common.close': 'Chiudi',
  'common.required': 'obbligatorio',
  'common.errorSummary': 'Correggi i seguenti errori:',
  'provider.missingAttributes':
    'Configurazione mancante: indica gli attributi api ed entity di pagatore-provider.',
  'provider.unreachable': 'Il servizio pagamenti non è raggiungibile. Riprova più tardi.',
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
} as const;

export type MessageKey = keyof typeof it;
export type Messages = Record<MessageKey, string>;
