/**
 * What the notice's codes carry: the pagoPA QR payload (FACTS §2.1) and Poste's 256-character
 * Data Matrix string for the Bollettino Postale PA (FACTS §2.2), as pagoPA's own generator writes them.
 */

/**
 * Largest amount a notice carries: 10 digits of cents (99.999.999,99 €). The Poste field is 10
 * digits wide, and pagoPA's IO app reads at most 10 in the QR code (FACTS §2.1, trap 1).
 */
export const MAX_NOTICE_CENTS = 9_999_999_999;

/**
 * The QR payload: `PAGOPA|002|<NAV>|<CF ente>|<cents>`, NAV padded to 18 and CF to 11 with zeros,
 * amount unpadded.
 * @example qrPayload('301000000000000144', '01199250158', 15000) // 'PAGOPA|002|301000000000000144|01199250158|15000'
 */
export function qrPayload(nav: string, entityFiscalCode: string, cents: number): string {
  return `PAGOPA|002|${nav.padStart(18, '0')}|${entityFiscalCode.padStart(11, '0')}|${cents}`;
}

/** Fixed-width ASCII for Poste's fields: accents dropped, other characters become spaces. */
function asciiField(value: string, width: number, pad: 'end' | 'start' = 'end', fill = ' '): string {
  const plain = value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, ' ')
    .slice(0, width);
  return pad === 'end' ? plain.padEnd(width, fill) : plain.padStart(width, fill);
}

export interface PosteDataMatrixInput {
  nav: string;
  /** c/c postale number, digits. */
  postalAccount: string;
  cents: number;
  entityFiscalCode: string;
  debtorFiscalCode: string | null;
  debtorName: string;
  subject: string;
}

/**
 * The Poste Data Matrix string, always 256 characters.
 * @example posteDataMatrix({ nav: '301000000000000144', postalAccount: '1234567', cents: 15000, … }).length // 256
 */
export function posteDataMatrix(i: PosteDataMatrixInput): string {
  if (!Number.isSafeInteger(i.cents) || i.cents < 0 || i.cents > MAX_NOTICE_CENTS)
    throw new RangeError('amount does not fit the 10-digit field');
  return (
    'codfase=NBPA;' +
    '18' +
    i.nav.padStart(18, '0') +
    '12' +
    i.postalAccount.padStart(12, '0') +
    '10' +
    String(i.cents).padStart(10, '0') +
    '3' +
    '896' +
    '1P1' +
    asciiField(i.entityFiscalCode, 11) +
    asciiField(i.debtorFiscalCode ?? '', 16) +
    asciiField(i.debtorName, 40) +
    asciiField(i.subject, 110) +
    ' '.repeat(12) +
    'A'
  );
}
