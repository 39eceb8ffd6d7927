import { defineElement } from '../../define.js';
import { PagatoreProvider } from './provider.component.js';

export { PagatoreProvider };
defineElement('pagatore-provider', PagatoreProvider);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-provider': PagatoreProvider;
  }
}
