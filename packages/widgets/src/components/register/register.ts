import { defineElement } from '../../define.js';
import { PagatoreRegister } from './register.component.js';

export { PagatoreRegister };
defineElement('pagatore-register', PagatoreRegister);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-register': PagatoreRegister;
  }
}
