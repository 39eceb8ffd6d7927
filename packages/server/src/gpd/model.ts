/**
 * A position as GPD's debt-positions service v1 takes it (`PaymentPositionModel`, gpd.json): the one
 * mapping of our fields to GPD's, written down in docs/pagopa.md §5. Money stays integer cents (GPD's
 * REST amounts are cents too); our days (Europe/Rome) become GPD's date-times in UTC.
 */
import { formatTaxonomy, type Position } from '@pagatore/sdk';
import { romeDayEnd, romeDayStart } from '../core/rome-calendar.js';

/** The entity as GPD names it on the position. */
export interface GpdEntity {
  code: string;
  name: string;
}

/** A transfer of a GPD payment option (`TransferModel`). */
export interface GpdTransfer {
  idTransfer: string;
  amount: number;
  organizationFiscalCode: string;
  remittanceInformation: string;
  category: string;
  iban: string;
  postalIban?: string;
}

/** A payment option (`PaymentOptionModel`): the single payment or one installment. */
export interface GpdPaymentOption {
  iuv: string;
  nav: string;
  amount: number;
  description: string;
  isPartialPayment: boolean;
  dueDate: string;
  transfer: GpdTransfer[];
}

/** `PaymentPositionModel` as sent; `validityDate` is added at send time while still ahead. */
export interface GpdPosition {
  iupd: string;
  type: 'F' | 'G';
  fiscalCode: string;
  fullName: string;
  streetName?: string;
  city?: string;
  postalCode?: string;
  province?: string;
  country?: string;
  email?: string;
  switchToExpired: boolean;
  companyName: string;
  validityDate?: string;
  paymentOption: GpdPaymentOption[];
}

/** The last instant of a Rome day (GPD's due date is a date-time; ours a day, paid within it). */
function dayLastInstant(day: string): string {
  return new Date(Date.parse(romeDayEnd(day)) - 1000).toISOString();
}

/**
 * Our position as GPD's model. Every option is sent (single and installments, `isPartialPayment`
 * true for installments), each transfer to the entity's own fiscal code; a postal account's IBAN
 * goes as both `iban` and `postalIban`. The position never expires on GPD by itself
 * (`switchToExpired` false): it stays payable after its due date, as here.
 */
export function gpdPositionOf(p: Position, entity: GpdEntity): GpdPosition {
  const d = p.debtor;
  const options = [...(p.single ? [p.single] : []), ...p.installments];
  const optional = <K extends string>(key: K, value: string | null | undefined, max: number) =>
    value ? ({ [key]: value.slice(0, max) } as Record<K, string>) : {};
  return {
    iupd: p.iupd,
    type: d.type,
    fiscalCode: d.fiscalCode,
    fullName: d.name.slice(0, 140),
    ...optional('streetName', d.address, 140),
    ...optional('city', d.city, 140),
    ...optional('postalCode', d.postalCode, 10),
    ...optional('province', d.province, 2),
    ...optional('country', d.country?.toUpperCase(), 2),
    ...optional('email', d.email, 254),
    switchToExpired: false,
    companyName: entity.name.slice(0, 140),
    paymentOption: options.map((o) => ({
      iuv: o.iuv,
      nav: o.nav,
      amount: o.amount,
      description: (o.description ?? p.description).slice(0, 140),
      isPartialPayment: o.installment > 0,
      dueDate: dayLastInstant(o.dueDate),
      transfer: o.transfers.map((t, i) => ({
        idTransfer: String(i + 1),
        amount: t.amount,
        organizationFiscalCode: entity.code,
        remittanceInformation: t.remittance.slice(0, 140),
        category: formatTaxonomy(t.taxonomy),
        iban: t.iban,
        ...(t.postal ? { postalIban: t.iban } : {}),
      })),
    })),
  };
}

/**
 * The body of a create or update at `now`: with the validity date while it is still ahead (GPD
 * then holds the position PUBLISHED until that day starts in Rome, and VALID after), without it
 * once passed (GPD refuses a validity date in the past).
 */
export function withValidity(body: GpdPosition, validityDate: string | null, now: Date): GpdPosition {
  if (!validityDate) return body;
  const start = romeDayStart(validityDate);
  return Date.parse(start) > now.getTime() ? { ...body, validityDate: start } : body;
}
