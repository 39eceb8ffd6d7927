/**
 * Request and answer types of IO's Services API (swagger 2.0, `pagopa/io-functions-services`
 * `openapi/index.yaml`, copied with its source in `test/support/io/`), written from its definitions
 * for the operations the portal calls: `getProfileByPOST` and `submitMessageforUserWithFiscalCodeInBody`.
 * The constraints each field carries in the spec are repeated here, where the portal checks what it
 * builds before sending it (`messageProblems`).
 */

/** `#/definitions/FiscalCode` (ts-commons `FiscalCode`): a natural person's fiscal code, upper case. */
export const IO_FISCAL_CODE =
  /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;
/** `PaymentDataBase.notice_number`: the Codice Avviso, 18 digits starting with the aux digit. */
export const IO_NOTICE_NUMBER = /^[0123][0-9]{17}$/;
/** `OrganizationFiscalCode` (ts-commons): 11 digits. */
export const IO_ORGANIZATION_FISCAL_CODE = /^[0-9]{11}$/;
/** `MessageContentBase.subject` length bounds. */
export const IO_SUBJECT = { min: 10, max: 120 } as const;
/** `MessageContentBase.markdown` length bounds. */
export const IO_MARKDOWN = { min: 80, max: 10_000 } as const;
/** `PaymentDataBase.amount` bounds, in euro cents. */
export const IO_AMOUNT = { min: 1, max: 9_999_999_999 } as const;

/** `#/definitions/FiscalCodePayload`: the body of `POST /profiles`. */
export interface IoFiscalCodePayload {
  fiscal_code: string;
}

/** `#/definitions/LimitedProfile`: the answer of `POST /profiles` (200). */
export interface IoLimitedProfile {
  /** True when the calling service may send messages to this citizen. */
  sender_allowed: boolean;
  preferred_languages?: string[];
}

/** `#/definitions/Payee`. */
export interface IoPayee {
  fiscal_code: string;
}

/** `#/definitions/PaymentData` (PaymentDataBase + optional payee). */
export interface IoPaymentData {
  /** Euro cents, 1..9999999999. */
  amount: number;
  /** The Codice Avviso (NAV), `^[0123][0-9]{17}$`. */
  notice_number: string;
  /** True: the notice cannot be paid after `due_date` (default false). */
  invalid_after_due_date?: boolean;
  payee?: IoPayee;
}

/** `#/definitions/MessageContent` (MessageContentBase + the parts the portal uses). */
export interface IoMessageContent {
  /** 10..120 characters. */
  subject: string;
  /** 80..10000 characters of Markdown. */
  markdown: string;
  require_secure_channels?: boolean;
  payment_data?: IoPaymentData;
  /** `#/definitions/Timestamp`: ISO 8601, UTC. */
  due_date?: string;
}

/** `#/definitions/FeatureLevelType`. */
export type IoFeatureLevelType = 'STANDARD' | 'ADVANCED';

/** `#/definitions/NewMessage`: the body of `POST /messages` (fiscal code in the body). */
export interface IoNewMessage {
  fiscal_code: string;
  /** `TimeToLiveSeconds`: 3600..604800 (default 3600). */
  time_to_live?: number;
  content: IoMessageContent;
  feature_level_type?: IoFeatureLevelType;
}

/** `#/definitions/CreatedMessage`: the answer of `POST /messages` (201). */
export interface IoCreatedMessage {
  id?: string;
}

/** `#/definitions/ProblemJson`: the body of 400, 404 and 500 answers. */
export interface IoProblemJson {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
}

/** What the spec's rules say of a message, before it is sent: empty when it conforms. */
export function messageProblems(m: IoNewMessage): string[] {
  const p: string[] = [];
  const c = m.content;
  if (!IO_FISCAL_CODE.test(m.fiscal_code)) p.push('fiscal_code');
  if (c.subject.length < IO_SUBJECT.min || c.subject.length > IO_SUBJECT.max) p.push('content.subject');
  if (c.markdown.length < IO_MARKDOWN.min || c.markdown.length > IO_MARKDOWN.max) p.push('content.markdown');
  const pd = c.payment_data;
  if (pd) {
    if (!Number.isInteger(pd.amount) || pd.amount < IO_AMOUNT.min || pd.amount > IO_AMOUNT.max)
      p.push('content.payment_data.amount');
    if (!IO_NOTICE_NUMBER.test(pd.notice_number)) p.push('content.payment_data.notice_number');
    if (pd.payee && !IO_ORGANIZATION_FISCAL_CODE.test(pd.payee.fiscal_code))
      p.push('content.payment_data.payee.fiscal_code');
  }
  if (c.due_date !== undefined && Number.isNaN(Date.parse(c.due_date))) p.push('content.due_date');
  return p;
}
