/**
 * "Paga ora" links: an entity creates, for a position or one of its installments, a link to its
 * portal page carrying an opaque token; opening it shows that practice ready to pay, with the
 * debtor's data masked. docs/reach.md explains the choice of an opaque token stored server-side.
 */
import * as v from 'valibot';
import { Iupd } from './positions.js';
import { Practice } from './practices.js';

/** The token in a link: 32 characters of base32 (160 random bits). */
export const PayLinkToken = v.pipe(
  v.string('invalid_type'),
  v.trim(),
  v.regex(/^[a-z2-7]{32}$/, 'invalid_format'),
);

/** A link's public id, to revoke it. */
export const PayLinkId = v.pipe(v.string('invalid_type'), v.regex(/^pl_[a-z2-7]{16}$/, 'invalid_format'));

const Installment = v.pipe(
  v.number('invalid_type'),
  v.integer('invalid_type'),
  v.minValue(0, 'too_small'),
  v.maxValue(999, 'too_big'),
);
const ValidDays = v.pipe(
  v.number('invalid_type'),
  v.integer('invalid_type'),
  v.minValue(1, 'too_small'),
  v.maxValue(366, 'too_big'),
);

/** Creating one link: which installment (0: the single payment; none: the whole practice), how long. */
export const PayLinkInput = v.strictObject({
  installment: v.optional(Installment),
  /** Days the link stays valid; 90 when not given. */
  validDays: v.optional(ValidDays),
});
export type PayLinkInput = v.InferInput<typeof PayLinkInput>;

/** Links for many positions at once (a mail merge): one per position, whole practice. */
export const PayLinkBulkInput = v.strictObject({
  iupds: v.pipe(v.array(Iupd, 'invalid_type'), v.minLength(1, 'required'), v.maxLength(5000, 'too_big')),
  validDays: v.optional(ValidDays),
});
export type PayLinkBulkInput = v.InferInput<typeof PayLinkBulkInput>;

/** A link as created: the token is shown only here, the server keeps its hash. */
export const PayLinkCreated = v.object({
  id: v.string(),
  iupd: v.string(),
  installment: v.nullable(v.number()),
  /** The entity's portal page with `#paga=<token>`. */
  url: v.string(),
  token: v.string(),
  expiresAt: v.string(),
});
export type PayLinkCreated = v.InferOutput<typeof PayLinkCreated>;

/** Links of a bulk request, and the positions left out (not found, paid, cancelled). */
export const PayLinkBulkResult = v.object({
  items: v.array(PayLinkCreated),
  skipped: v.array(v.object({ iupd: v.string(), code: v.string() })),
});
export type PayLinkBulkResult = v.InferOutput<typeof PayLinkBulkResult>;

/** What a citizen opening a link sees: the practice (debtor masked) and the installment it names. */
export const PayLinkOpened = v.object({
  practice: Practice,
  installment: v.nullable(v.number()),
  expiresAt: v.string(),
});
export type PayLinkOpened = v.InferOutput<typeof PayLinkOpened>;

export const PayLinkTokenBody = v.strictObject({ token: PayLinkToken });

/** The CSV columns of a bulk result, for mail merges. */
export function payLinksCsv(items: readonly PayLinkCreated[]): string {
  const cell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = items.map((l) =>
    [l.iupd, l.installment === null ? '' : String(l.installment), l.url, l.expiresAt].map(cell).join(','),
  );
  return ['iupd,installment,url,expires_at', ...rows].join('\r\n') + '\r\n';
}
