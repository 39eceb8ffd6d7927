import { defineElement } from '../../define.js';
import { PagatoreDebtForm } from './debt-form.component.js';

export { PagatoreDebtForm };
defineElement('pagatore-debt-form', PagatoreDebtForm);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-debt-form': PagatoreDebtForm;
  }
}
