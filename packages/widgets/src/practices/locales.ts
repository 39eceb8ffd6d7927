/**
 * Strings shared by the practices widgets (search, my practices, debt form) in Italian: data only,
 * gathered with every area's in `locales/it.ts`.
 */
const it = {
  'practice.pay': 'Paga',
  'practice.addToCart': 'Aggiungi pratica al carrello',
  'practice.print': 'Stampa bollettino',
  'practice.calendar': 'Aggiungi al calendario',
  'practice.moreActions': 'Altre azioni per {name}',
  'practice.register': 'Registrati',
  'practice.login': 'Accedi',
  'practice.spontaneous': 'Inserimento spontaneo',
  'practice.entity': 'Ente',
  'practice.debtor': 'Debitore',
  'practice.amount': 'Importo',
  'practice.dueDate': 'Scadenza',
  'practice.status': 'Stato',
  'practice.nav': 'Codice Avviso',
  'practice.single': 'Pagamento in unica soluzione',
  'practice.paidAt': 'Pagata il {date}',
  'practice.status.unpaid': 'Da pagare',
  'practice.status.in_payment': 'Pagamento in corso',
  'practice.status.partially_paid': 'Pagata in parte',
  'practice.status.paid': 'Pagata',
  'practice.status.expired': 'Scaduta',
  'practice.status.cancelled': 'Annullata',
  'practice.notPayable.in_payment': 'Un pagamento è in corso: attendi l’esito prima di riprovare.',
  'practice.notPayable.paid': 'La pratica è pagata.',
  'practice.notPayable.cancelled': 'La pratica è stata annullata dall’ente: non va pagata.',
  'practice.notPayable.expired': 'La pratica è scaduta: per pagarla contatta l’ente.',
  'practice.notPayable.other': 'La pratica non è pagabile in questo momento.',
  'practice.installmentOf': 'Rata {n} di {count}',
  'practice.options': 'Opzioni di pagamento',
  'practice.chooseOption': 'Scegli cosa pagare',
  'practice.installmentsPaid': 'rate pagate: {paid} di {count}',
  'practice.found': 'Codice cercato',
  'practice.foundLabel': 'Il codice cercato è',
  'practice.optionClosed': 'Non più pagabile',
  'practice.payThis': 'Si paga con «Paga»',
  'practice.resume.title': 'Pagamento lasciato a metà',
  'practice.resume.text':
    'Hai avviato il pagamento su pagoPA senza concluderlo. Puoi riprenderlo dalla pagina pagoPA, oppure annullarlo e ricominciare.',
  'practice.resume.returned':
    'Il pagamento non risulta concluso su pagoPA. Se non hai pagato, annullalo e ricomincia.',
  'practice.resume.cart':
    'Questo pagamento comprende {count} pratiche del carrello: annullandolo restano nel carrello, da pagare di nuovo.',
  'practice.resume.resume': 'Riprendi il pagamento',
  'practice.resume.abandon': 'Annulla e ricomincia',
  'practice.resume.abandoned': 'Pagamento annullato: ora puoi pagare di nuovo.',
  'practice.resume.activatedTitle': 'Pagamento preso in carico da pagoPA',
  'practice.resume.activated':
    'pagoPA sta elaborando il pagamento e l’esito arriverà da sé: non serve pagare di nuovo. Se il pagamento non va a buon fine, la pratica torna pagabile dalle {time} del {date}.',
} as const;

export type Keys = keyof typeof it;

export default it;
