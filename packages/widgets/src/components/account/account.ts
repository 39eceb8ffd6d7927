import { defineElement } from '../../define.js';
import { PagatoreAccount } from './account.component.js';

export { PagatoreAccount };
defineElement('pagatore-account', PagatoreAccount);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-account': PagatoreAccount;
  }
}
