import { defineElement } from '../../define.js';
import { PagatorePracticeSearch } from './practice-search.component.js';

export { PagatorePracticeSearch };
defineElement('pagatore-practice-search', PagatorePracticeSearch);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-practice-search': PagatorePracticeSearch;
  }
}
