import { registerMessages } from '../../locales/index.js';

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
  'cart.limit': 'Puoi pagare fino a {max} pratiche insieme.',
  'cart.changed': 'Importo aggiornato: prima era {before}.',
  'cart.notPayable': 'Non più pagabile: rimuovila per pagare il resto.',
  'cart.removed': 'Pratica rimossa dal carrello.',
  'cart.cleared': 'Carrello svuotato.',
  'cart.redirecting': 'Ti stiamo portando alla pagina di pagamento pagoPA…',
  'cart.nav': 'Codice Avviso',
  'cart.due': 'Scadenza',
} as const;

export type Keys = keyof typeof it;

registerMessages({ it });
