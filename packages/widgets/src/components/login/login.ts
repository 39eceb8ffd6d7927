import { defineElement } from '../../define.js';
import { PagatoreLogin } from './login.component.js';

export { PagatoreLogin };
defineElement('pagatore-login', PagatoreLogin);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-login': PagatoreLogin;
  }
}
