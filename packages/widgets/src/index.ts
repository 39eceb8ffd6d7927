/**
 * @pagatore/widgets: the Lit custom elements, with no side effects. To register the tags, import
 * `@pagatore/widgets/define` (or load the `pagatore.js` bundle).
 */
export { PagatoreProvider } from './components/provider/provider.component.js';
export { PagatorePracticeSearch } from './components/practice-search/practice-search.component.js';
export { PagatorePractices } from './components/practices/practices.component.js';
export { PagatoreDebtForm } from './components/debt-form/debt-form.component.js';
export type { PracticeRef, PendingReason } from './practices/practice-events.js';
export { PagatoreCart } from './components/cart/cart.component.js';
export { PagatoreHistory } from './components/history/history.component.js';
export { PagatorePaymentStatus } from './components/payment-status/payment-status.component.js';
export { PagatorePortal, parseRoute, ROUTES, type Route } from './components/portal/portal.component.js';
export { PagatoreRegister } from './components/register/register.component.js';
export { PagatoreLogin } from './components/login/login.component.js';
export { PagatoreAccount } from './components/account/account.component.js';
export { takeLinkToken, peekLinkToken, type LinkKind } from './accounts/link-token.js';
export { PortalController } from './controllers/portal-controller.js';
export { portalContext } from './context/portal-context.js';
export { attachContextRoot } from './context/context-root.js';
export { defineElement } from './define.js';
export { emit, type PagatoreEventMap } from './events/events.js';
export * from './fields/index.js';
export {
  translate,
  normalizeLang,
  registerMessages,
  loadLang,
  hasLang,
  errorMessage,
  type Lang,
  type MessageKey,
} from './locales/index.js';
export { getStore, PortalStore, storeKey, type PortalState } from './state/store.js';
export { tokens, controls } from './styles/tokens.js';
