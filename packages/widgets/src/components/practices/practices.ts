import { defineElement } from '../../define.js';
import { PagatorePractices } from './practices.component.js';

export { PagatorePractices };
defineElement('pagatore-practices', PagatorePractices);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-practices': PagatorePractices;
  }
}
