/** Field kinds shared by every form: pure parse / format / validate, and the field template. */
export * from './field.js';
export * from './codice-fiscale/codice-fiscale.js';
export * from './codice-avviso/codice-avviso.js';
export * from './importo/importo.js';
