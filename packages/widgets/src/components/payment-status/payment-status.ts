import { defineElement } from '../../define.js';
import { PagatorePaymentStatus } from './payment-status.component.js';

export { PagatorePaymentStatus };
defineElement('pagatore-payment-status', PagatorePaymentStatus);

declare global {
  interface HTMLElementTagNameMap {
    'pagatore-payment-status': PagatorePaymentStatus;
  }
}
