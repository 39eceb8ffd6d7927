/**
 * What one payment notice shows, independent of where it comes from (a debt position, a test, a
 * bulk export), and the guide's field limits (FACTS §3). A value over its limit is refused with a
 * field error rather than printed over the next module.
 */
import { type FieldError, isValidFiscalCode, type Lang, parseNav } from '@pagatore/sdk';
import { fieldMessage } from '../core/messages.js';
import { MAX_NOTICE_CENTS } from './payloads.js';

/** Languages of the notice: one, or Italian with a second language in grey. */
export type NoticeLanguage = 'it' | 'en' | 'de' | 'it-de' | 'it-en';

export const NOTICE_LANGUAGES: readonly NoticeLanguage[] = ['it', 'en', 'de', 'it-de', 'it-en'];

/** The entity's logo as bytes: PNG or JPEG (300 dpi), or flat SVG artwork. */
export interface NoticeLogo {
  type: 'png' | 'jpg' | 'svg';
  bytes: Uint8Array;
}

export interface NoticeEntity {
  /** 11-digit fiscal code: goes into the QR code. */
  fiscalCode: string;
  name: string;
  sector?: string | null;
  /** Contact line; items separated by "·". */
  info?: string | null;
  cbill?: string | null;
  /**
   * The online channel phrase of "Dove pagare?" ("sul sito di Comune di Esempio,"), in Italian or per
   * language; null for none.
   */
  onlineChannel?: string | Partial<Record<'it' | 'en' | 'de', string>> | null;
  logo?: NoticeLogo | null;
  /** Present when the entity collects on a c/c postale with Poste's authorisation. */
  postal?: { account: string; holder: string; authorization: string } | null;
}

export interface NoticeDebtor {
  /** Codice fiscale or partita IVA; may be omitted only when unknown (guide 3.1). */
  fiscalCode?: string | null;
  name: string;
  address?: string | null;
}

/** One way to pay: the single payment or one instalment. */
export interface NoticePayment {
  nav: string;
  iuv: string;
  amountCents: number;
  /** `YYYY-MM-DD`, or null for no due date (guide 3.1 variant). */
  dueDate?: string | null;
  /** Instalment number printed ("Rata 2"); default: its place in the list. */
  number?: number;
}

export interface NoticeData {
  entity: NoticeEntity;
  debtor: NoticeDebtor;
  /** Oggetto del pagamento, ≤ 90 characters. */
  subject: string;
  /** Rata unica. */
  single?: NoticePayment | null;
  /** Rate: none, or at least two. */
  installments?: readonly NoticePayment[];
  language?: NoticeLanguage;
  /**
   * The entity's "Paga ora" link (`https://…#paga=<token>`): printed as a second, smaller QR code
   * beside pagoPA's, which stays as the guide draws it. Absent: no second code.
   */
  payLinkUrl?: string | undefined;
}

/** Field limits of the guide (v3.1), in characters. */
export const NOTICE_LIMITS = {
  subject: 90,
  entityName: 50,
  entitySector: 50,
  entityInfo: 100,
  onlineChannel: 100,
  cbill: 16,
  debtorName: 70,
  debtorAddress: 140,
  postalAccount: 12,
  postalHolder: 50,
  postalAuthorization: 60,
  installments: 120,
} as const;

/** A notice that cannot be printed as given: one entry per offending field. */
export class NoticeDataError extends Error {
  override readonly name = 'NoticeDataError';
  readonly fields: FieldError[];
  constructor(fields: FieldError[]) {
    super(`notice data not printable: ${fields.map((f) => `${f.path} ${f.code}`).join(', ')}`);
    this.fields = fields;
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Checks a notice against the guide's limits; throws `NoticeDataError` listing every problem.
 * @example validateNoticeData(data) // throws NoticeDataError with fields [{ path: 'subject', code: 'too_long' }]
 */
export function validateNoticeData(data: NoticeData, lang: Lang = 'it'): void {
  const fields: FieldError[] = [];
  const add = (path: string, code: string) => fields.push({ path, code, message: fieldMessage(code, lang) });
  const textField = (path: string, value: string | null | undefined, max: number, required = false) => {
    const v = value?.trim() ?? '';
    if (!v) {
      if (required) add(path, 'required');
    } else if ([...v].length > max) add(path, 'too_long');
    // Control characters would print as nothing or break the Poste fixed-width record.
    // eslint-disable-next-line no-control-regex
    else if (/[\u0000-\u001f\u007f]/.test(v)) add(path, 'invalid_format');
  };
  textField('subject', data.subject, NOTICE_LIMITS.subject, true);
  const e = data.entity;
  if (!/^[0-9]{11}$/.test(e.fiscalCode)) add('entity.fiscalCode', 'invalid_entity_code');
  textField('entity.name', e.name, NOTICE_LIMITS.entityName, true);
  textField('entity.sector', e.sector, NOTICE_LIMITS.entitySector);
  textField('entity.info', e.info, NOTICE_LIMITS.entityInfo);
  if (e.cbill && !/^[A-Z0-9]{1,16}$/.test(e.cbill)) add('entity.cbill', 'invalid_format');
  const channels = typeof e.onlineChannel === 'string' ? { it: e.onlineChannel } : (e.onlineChannel ?? {});
  for (const [k, v] of Object.entries(channels))
    textField(`entity.onlineChannel.${k}`, v, NOTICE_LIMITS.onlineChannel);
  if (e.postal) {
    if (!/^[0-9]{1,12}$/.test(e.postal.account)) add('entity.postal.account', 'invalid_format');
    textField('entity.postal.holder', e.postal.holder, NOTICE_LIMITS.postalHolder, true);
    textField('entity.postal.authorization', e.postal.authorization, NOTICE_LIMITS.postalAuthorization, true);
  }
  const d = data.debtor;
  textField('debtor.name', d.name, NOTICE_LIMITS.debtorName, true);
  textField('debtor.address', d.address, NOTICE_LIMITS.debtorAddress);
  if (d.fiscalCode && !isValidFiscalCode(d.fiscalCode)) add('debtor.fiscalCode', 'invalid_fiscal_code');
  const payment = (path: string, p: NoticePayment) => {
    if (!parseNav(p.nav).ok) add(`${path}.nav`, 'invalid_nav');
    if (!/^[0-9]{15,17}$/.test(p.iuv)) add(`${path}.iuv`, 'invalid_iuv');
    if (!Number.isSafeInteger(p.amountCents) || p.amountCents < 1)
      add(`${path}.amountCents`, 'invalid_cents');
    else if (p.amountCents > MAX_NOTICE_CENTS) add(`${path}.amountCents`, 'too_large');
    if (p.dueDate) {
      const m = DATE.exec(p.dueDate);
      const ok =
        m !== null &&
        (() => {
          const dt = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
          return dt.getUTCDate() === Number(m[3]) && dt.getUTCMonth() + 1 === Number(m[2]);
        })();
      if (!ok) add(`${path}.dueDate`, 'invalid_date');
    }
  };
  if (data.single) payment('single', data.single);
  const inst = data.installments ?? [];
  // A lone instalment is fine once the others are paid, not beside a rata unica.
  if (inst.length === 1 && data.single) add('installments', 'too_few');
  if (inst.length > NOTICE_LIMITS.installments) add('installments', 'too_many');
  inst.forEach((p, i) => payment(`installments.${i}`, p));
  if (!data.single && inst.length === 0) add('single', 'required');
  if (fields.length) throw new NoticeDataError(fields);
}

/** `YYYY-MM-DD` → `dd/mm/yyyy`. */
export function formatNoticeDate(iso: string): string {
  const m = DATE.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}
