/** Strings of <pagatore-cart> in Italian: data only, gathered with every area's in `locales/it.ts`. */
const it = {
  'cart.button': 'Carrello',
  'cart.unitOne': 'pratica',
  'cart.unitMany': 'pratiche',
  'cart.title': 'Carrello',
  'cart.empty': 'Il carrello è vuoto. Aggiungi una pratica dal menu accanto a "Paga".',
  'cart.loginFirst': 'Accedi per usare il carrello.',
  'cart.remove': 'Rimuovi',
  'cart.removeLabel': 'Rimuovi {description} dal carrello',
  'cart.clear': 'Pulisci carrello',
  'cart.pay': 'Paga carrello',
  'cart.total': 'Totale',
  'cart.limit':
    'pagoPA accetta al massimo {per} pratiche per pagamento: un carrello più grande si paga in più pagamenti, uno dopo l’altro. Il carrello contiene fino a {max} pratiche.',
  'cart.changed': 'Importo aggiornato: prima era {before}.',
  'cart.notPayable': 'Non più pagabile: rimuovila per pagare il resto.',
  'cart.removed': 'Pratica rimossa dal carrello.',
  'cart.cleared': 'Carrello svuotato.',
  'cart.redirecting': 'Ti stiamo portando alla pagina di pagamento pagoPA…',
  'cart.nav': 'Codice Avviso',
  'cart.due': 'Scadenza',
  'cart.part': 'Carrello {part} di {parts}',
  'cart.nextOne': 'ora paghi 1 pratica, {amount}.',
  'cart.nextMany': 'ora paghi {count} pratiche, {amount}.',
  'cart.running': 'Pagamento in corso: attendi l’esito.',
  'cart.waiting': 'Il pagamento di queste pratiche è in corso: attendi l’esito.',
} as const;

export type Keys = keyof typeof it;

export default it;
