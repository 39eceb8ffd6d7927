import { defineElement } from '../../define.js';
import { PagatorePortal } from './portal.component.js';

export { PagatorePortal };
defineElement('pagatore-portal', PagatorePortal);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-portal': PagatorePortal;
  }
}
