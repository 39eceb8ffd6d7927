/** pagoPA codes shared by server, SDK and widgets: pure functions, no I/O. */
export * from './amount.js';
export * from './codice-fiscale.js';
export * from './iban.js';
export * from './nav.js';
export * from './taxonomy.js';
