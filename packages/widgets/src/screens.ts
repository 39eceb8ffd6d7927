/**
 * Every screen the all-in-one bundle loads on demand, gathered in one module so that Rollup makes
 * them one file (`pagatore.screens-<hash>.js`) fetched the first time any of them is needed. Each
 * file is gzipped alone: one file of every screen and the code they share (forms, schemas) is much
 * smaller than a file per screen plus the small shared files between them, and a citizen past the
 * first screen soon needs most of them (logging in, then the practices, the payment, the history).
 * The exports' order is the modules' order in the file, which changes how well it compresses: this
 * one measured smallest (`npm run bench -- --only widgets`).
 */
export { PagatorePaymentStatus } from './components/payment-status/payment-status.component.js';
export { PagatoreHistory } from './components/history/history.component.js';
export { PagatorePractices } from './components/practices/practices.component.js';
export { PagatoreDebtForm } from './components/debt-form/debt-form.component.js';
export { PagatoreAccount } from './components/account/account.component.js';
export { PagatoreRegister } from './components/register/register.component.js';
export { PagatoreLogin } from './components/login/login.component.js';
