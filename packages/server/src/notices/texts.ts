/**
 * Fixed texts of the notice (guide v3.x, FACTS §3) in Italian, English and German. The Italian
 * ones are the guide's; English and German follow the guide's translated templates in meaning.
 */

export type TextLang = 'it' | 'en' | 'de';

export interface NoticeTexts {
  title: string;
  creditor: string;
  recipient: string;
  howMuch: string;
  where: string;
  goTo: string;
  amount: string;
  euro: string;
  dueBy: string;
  installmentsInfo: (n: number, withSingle: boolean) => string;
  disclaimer: string;
  appTitle: string;
  appText: (channel: string) => string;
  territoryTitle: string;
  territoryText: string;
  paymentData: string;
  single: string;
  installment: string;
  singleDue: (date: string) => string;
  installmentDue: (n: number, date: string) => string;
  /** "Scan the QR code …" as [before, bold, after]; `aside` beside the code, `above` under it. */
  qrHint: readonly [string, string, string];
  /** Caption of the entity's own "Paga ora" QR code (two short lines). */
  payLink: readonly [string, string];
  qrHintAbove: readonly [string, string, string];
  recipientLabel: string;
  creditorLabel: string;
  subjectLabel: string;
  cbill: string;
  noticeCode: string;
  entityCf: string;
  dueByLabel: string;
  postalTitle: string;
  postalAccount: string;
  postalHolder: string;
  postalRecipient: string;
  postalSubject: string;
  postalCode: string;
  postalType: string;
  postalEntityCf: string;
  postalText: string;
}

export const TEXTS: Record<TextLang, NoticeTexts> = {
  it: {
    title: 'AVVISO DI PAGAMENTO',
    creditor: 'ENTE CREDITORE',
    recipient: 'DESTINATARIO',
    howMuch: 'QUANTO E QUANDO PAGARE?',
    where: 'DOVE PAGARE?',
    goTo: 'Vai su',
    amount: 'Importo',
    euro: 'Euro',
    dueBy: 'entro il',
    installmentsInfo: (n, withSingle) =>
      withSingle ? `Puoi pagare per intero oppure in ${n} rate.` : `Puoi pagare in ${n} rate.`,
    disclaimer:
      "In fase di pagamento, se previsto dall'ente, l'importo potrebbe essere aggiornato automaticamente e subire variazioni in diminuzione (per sgravi, note di credito) o in aumento (per sanzioni, interessi, ecc.).",
    appTitle: "PAGA CON L'APP IO",
    appText: (channel) =>
      `oppure ${channel ? `${channel} ` : ''}dal tuo Home Banking, con la tua app di pagamento o con gli altri canali abilitati.`,
    territoryTitle: 'PAGA SUL TERRITORIO',
    territoryText:
      'presso Banche e Sportelli ATM, negli Uffici Postali e Punti Postali, nei Bar, Edicole, Ricevitorie, Supermercati, Tabaccherie e altri Operatori Abilitati.',
    paymentData: 'DATI PER IL PAGAMENTO',
    single: 'Rata unica',
    installment: 'Rata',
    singleDue: (date) => `Rata unica entro il ${date}`,
    installmentDue: (n, date) => `Rata ${n} entro il ${date}`,
    payLink: ['Paga online', 'sul sito dell’ente'],
    qrHint: ['Inquadra il ', 'codice QR', ' con la tua app di pagamento o usa i dati accanto.'],
    qrHintAbove: ['Inquadra il ', 'codice QR', ' con la tua app di pagamento o usa i dati sopra.'],
    recipientLabel: 'Destinatario',
    creditorLabel: 'Ente Creditore',
    subjectLabel: 'Oggetto del pagamento',
    cbill: 'Cod. CBILL',
    noticeCode: 'Cod. Avviso',
    entityCf: 'Cod. Fiscale Ente',
    dueByLabel: 'Entro il',
    postalTitle: 'BOLLETTINO POSTALE PA',
    postalAccount: 'sul C/C n.',
    postalHolder: 'Intestato a',
    postalRecipient: 'Destinatario',
    postalSubject: 'Oggetto pagamento',
    postalCode: 'Codice Avviso',
    postalType: 'Tipo',
    postalEntityCf: 'Cod. Fiscale Ente Creditore',
    postalText:
      "Bollettino Postale pagabile in tutti gli Uffici Postali e sui canali fisici o digitali abilitati di Poste Italiane e dell'Ente Creditore",
  },
  en: {
    title: 'PAYMENT NOTICE',
    creditor: 'CREDITOR ENTITY',
    recipient: 'RECIPIENT',
    howMuch: 'HOW MUCH AND WHEN TO PAY?',
    where: 'WHERE TO PAY?',
    goTo: 'Go to',
    amount: 'Amount',
    euro: 'Euro',
    dueBy: 'by',
    installmentsInfo: (n, withSingle) =>
      withSingle ? `You can pay in full or in ${n} instalments.` : `You can pay in ${n} instalments.`,
    disclaimer:
      'When you pay, if the entity provides for it, the amount may be updated automatically and decrease (for rebates, credit notes) or increase (for penalties, interest, etc.).',
    appTitle: 'PAY WITH THE IO APP',
    appText: (channel) =>
      `or ${channel ? `${channel} ` : ''}with your Home Banking, your payment app or the other enabled channels.`,
    territoryTitle: 'PAY IN PERSON',
    territoryText:
      'at Banks and ATMs, Post Offices and Postal Points, Bars, Newsagents, Lottery outlets, Supermarkets, Tobacconists and other Authorised Operators.',
    paymentData: 'PAYMENT DETAILS',
    single: 'Single payment',
    installment: 'Instalment',
    singleDue: (date) => `Single payment by ${date}`,
    installmentDue: (n, date) => `Instalment ${n} by ${date}`,
    payLink: ['Pay online', 'on the entity’s site'],
    qrHint: ['Scan the ', 'QR code', ' with your payment app or use the details alongside.'],
    qrHintAbove: ['Scan the ', 'QR code', ' with your payment app or use the details above.'],
    recipientLabel: 'Recipient',
    creditorLabel: 'Creditor entity',
    subjectLabel: 'Payment subject',
    cbill: 'CBILL code',
    noticeCode: 'Notice code',
    entityCf: 'Entity tax code',
    dueByLabel: 'Due by',
    postalTitle: 'BOLLETTINO POSTALE PA',
    postalAccount: 'on account no.',
    postalHolder: 'Account holder',
    postalRecipient: 'Recipient',
    postalSubject: 'Payment subject',
    postalCode: 'Notice code',
    postalType: 'Type',
    postalEntityCf: 'Creditor entity tax code',
    postalText:
      'Postal payment slip payable at every Post Office and on the physical or digital channels enabled by Poste Italiane and by the Creditor entity',
  },
  de: {
    title: 'ZAHLUNGSMITTEILUNG',
    creditor: 'GLÄUBIGERKÖRPERSCHAFT',
    recipient: 'EMPFÄNGER',
    howMuch: 'WIE VIEL UND BIS WANN ZAHLEN?',
    where: 'WO ZAHLEN?',
    goTo: 'Siehe',
    amount: 'Betrag',
    euro: 'Euro',
    dueBy: 'bis',
    installmentsInfo: (n, withSingle) =>
      withSingle
        ? `Sie können den Gesamtbetrag oder in ${n} Raten zahlen.`
        : `Sie können in ${n} Raten zahlen.`,
    disclaimer:
      'Bei der Zahlung kann der Betrag, sofern von der Körperschaft vorgesehen, automatisch aktualisiert werden und sich verringern (durch Erlässe, Gutschriften) oder erhöhen (durch Strafen, Zinsen usw.).',
    appTitle: 'MIT DER APP IO ZAHLEN',
    appText: (channel) =>
      `oder ${channel ? `${channel} ` : ''}über Ihr Homebanking, Ihre Zahlungs-App oder die anderen zugelassenen Kanäle.`,
    territoryTitle: 'VOR ORT ZAHLEN',
    territoryText:
      'bei Banken und Geldautomaten, Postämtern und Poststellen, in Bars, Zeitungskiosken, Annahmestellen, Supermärkten, Tabaktrafiken und bei anderen zugelassenen Anbietern.',
    paymentData: 'ZAHLUNGSDATEN',
    single: 'Einmalzahlung',
    installment: 'Rate',
    singleDue: (date) => `Einmalzahlung bis ${date}`,
    installmentDue: (n, date) => `Rate ${n} bis ${date}`,
    payLink: ['Online zahlen', 'auf der Website'],
    qrHint: ['Scannen Sie den ', 'QR-Code', ' mit Ihrer Zahlungs-App oder verwenden Sie die Daten daneben.'],
    qrHintAbove: [
      'Scannen Sie den ',
      'QR-Code',
      ' mit Ihrer Zahlungs-App oder verwenden Sie die Daten oben.',
    ],
    recipientLabel: 'Empfänger',
    creditorLabel: 'Gläubigerkörperschaft',
    subjectLabel: 'Zahlungsgrund',
    cbill: 'CBILL-Kode',
    noticeCode: 'Zahlungskode',
    entityCf: 'Steuernr. Körperschaft',
    dueByLabel: 'Bis',
    postalTitle: 'BOLLETTINO POSTALE PA',
    postalAccount: 'auf K/K Nr.',
    postalHolder: 'Inhaber',
    postalRecipient: 'Empfänger',
    postalSubject: 'Zahlungsgrund',
    postalCode: 'Zahlungskode',
    postalType: 'Typ',
    postalEntityCf: 'Steuernr. Gläubigerkörperschaft',
    postalText:
      'Posterlagschein zahlbar in allen Postämtern und über die von Poste Italiane und der Gläubigerkörperschaft zugelassenen physischen oder digitalen Kanäle',
  },
};

/** The online channel phrase in a language, derived from the Italian one when not given. */
export function channelText(
  channel: string | Partial<Record<TextLang, string>> | null | undefined,
  lang: TextLang,
): string {
  if (!channel) return '';
  const given = typeof channel === 'string' ? { it: channel } : channel;
  if (given[lang]) return given[lang] ?? '';
  const it = given.it ?? '';
  if (lang === 'it') return it;
  // The guide allows three Italian forms; translate them rather than mixing languages on one line.
  const m = /^sul(?:l'| )(sito o app|sito|app) di (.+?),?$/i.exec(it.trim());
  if (!m) return '';
  const where = m[1]!.toLowerCase() === 'app' ? "l'app" : m[1]!.toLowerCase();
  const name = m[2]!;
  if (lang === 'en')
    return where === 'sito'
      ? `on the website of ${name},`
      : where === "l'app"
        ? `on the app of ${name},`
        : `on the website or app of ${name},`;
  return where === 'sito'
    ? `auf der Website von ${name},`
    : where === "l'app"
      ? `in der App von ${name},`
      : `auf der Website oder App von ${name},`;
}
