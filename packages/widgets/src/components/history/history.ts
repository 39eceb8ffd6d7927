import { defineElement } from '../../define.js';
import { PagatoreHistory } from './history.component.js';

export { PagatoreHistory };
defineElement('pagatore-history', PagatoreHistory);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-history': PagatoreHistory;
  }
}
