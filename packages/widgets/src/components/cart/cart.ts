import { defineElement } from '../../define.js';
import { PagatoreCart } from './cart.component.js';

export { PagatoreCart };
defineElement('pagatore-cart', PagatoreCart);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-cart': PagatoreCart;
  }
}
