/**
 * What the entity answers to the pagoPA node (paForNode.wsdl, FACTS §5): verify, activation
 * (paGetPayment / paGetPaymentV2) and receipts (paSendRT / paSendRTV2). Verify never changes state;
 * activation goes through the payments domain's practice locks (the options of one practice exclude
 * each other); receipts through `recordReceipt`.
 * Every refusal is a `PAA_*` fault bean inside the operation's own response (outcome KO).
 */
import { centsToDecimal, decimalToCents, formatTaxonomy, normalizeIban } from '@pagatore/sdk';
import * as v from 'valibot';
import type { Db } from '../../db/database.js';
import type { EntityRow } from '../../db/schema/index.js';
import { findEntity } from '../../entities/entities.js';
import { ApiError } from '../../core/errors.js';
import { romeOffsetMinutes } from '../../core/rome-calendar.js';
import { endPayment, expireDuePayments, markActivated } from '../payments.js';
import { refusalOf, startPayment } from '../start.js';
import { type ReceiptInput, type ReceiptTransfer, recordReceipt } from '../record-receipt.js';
import { isOpen, type PaymentState } from '../states.js';
import { pagopaSettingsOf } from '../../entities/pagopa-settings.js';
import { NODE_OPERATIONS, type NodeOperation, soapResponse, type SoapRequest, type XmlNode } from './soap.js';

/** The fault codes an entity answers with, and their fault strings ([ERR] domino-ec). */
export const PAA_FAULTS = {
  PAA_SINTASSI_EXTRAXSD: 'Errore di sintassi extra XSD.',
  PAA_ID_DOMINIO_ERRATO: 'La PAA non corrisponde al Dominio indicato.',
  PAA_ID_INTERMEDIARIO_ERRATO: 'Identificativo intermediario non corrispondente.',
  PAA_STAZIONE_INT_ERRATA: 'Stazione intermediario non corrispondente.',
  PAA_PAGAMENTO_SCONOSCIUTO: "Pagamento in attesa risulta sconosciuto all'Ente Creditore.",
  PAA_PAGAMENTO_DUPLICATO: "Pagamento in attesa risulta concluso all'Ente Creditore.",
  PAA_PAGAMENTO_IN_CORSO: "Pagamento in attesa risulta in corso all'Ente Creditore.",
  PAA_PAGAMENTO_SCADUTO: "Pagamento in attesa risulta scaduto all'Ente Creditore.",
  PAA_PAGAMENTO_ANNULLATO: "Pagamento in attesa risulta annullato all'Ente Creditore.",
  PAA_SEMANTICA: 'Errore semantico.',
  PAA_RECEIPT_DUPLICATA: 'La receipt è già stata ricevuta.',
  PAA_SYSTEM_ERROR: 'Errore generico.',
} as const;
export type PaaFault = keyof typeof PAA_FAULTS;

/** A refusal on the way: becomes the operation's KO response. */
export class NodeFault extends Error {
  readonly code: PaaFault;
  readonly description?: string;
  override readonly name = 'NodeFault';
  constructor(code: PaaFault, description?: string) {
    super(`${code}${description ? `: ${description}` : ''}`);
    this.code = code;
    this.description = description;
  }
}

/** The operation's response with outcome KO and a fault bean. */
export function faultResponse(
  operation: NodeOperation,
  code: PaaFault,
  id: string,
  description?: string,
): string {
  return soapResponse(NODE_OPERATIONS[operation].res, [
    ['outcome', 'KO'],
    [
      'fault',
      [
        ['faultCode', code],
        ['faultString', PAA_FAULTS[code]],
        ['id', id],
        description ? ['description', description.slice(0, 500)] : undefined,
      ],
    ],
  ]);
}

// --- Request shapes (paForNode.xsd); anything else is PAA_SINTASSI_EXTRAXSD. ---------------------

const text = (max: number, min = 1) => v.pipe(v.string(), v.minLength(min), v.maxLength(max));
const Amount = v.pipe(v.string(), v.regex(/^\d{1,9}\.\d{2}$/));
const AmountNotZero = v.pipe(
  Amount,
  v.check((s) => s !== '0.00'),
);
const FiscalCodePA = v.pipe(v.string(), v.regex(/^[0-9]{11}$/));
const NoticeNumber = v.pipe(v.string(), v.regex(/^[0-9]{18}$/));
const IsoDate = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/));
const Ids = { idPA: text(35), idBrokerPA: text(35), idStation: text(35) };
const QrCode = v.strictObject({ fiscalCode: FiscalCodePA, noticeNumber: NoticeNumber });

const VerifyReq = v.strictObject({ ...Ids, qrCode: QrCode });
const GetPaymentReq = v.strictObject({
  ...Ids,
  qrCode: QrCode,
  amount: v.optional(Amount),
  paymentNote: v.optional(text(210)),
  transferType: v.optional(v.picklist(['POSTAL', 'PAGOPA'])),
  dueDate: v.optional(IsoDate),
});
const Subject = v.object({
  uniqueIdentifier: v.strictObject({
    entityUniqueIdentifierType: v.picklist(['F', 'G']),
    entityUniqueIdentifierValue: text(16, 2),
  }),
  fullName: text(70),
  'e-mail': v.optional(text(256)),
});
/** xsd:date, with the time zone it may carry. */
const XsdDate = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$/));
/** ctMetadata: 1-15 key/value pairs. */
const Metadata = v.strictObject({
  mapEntry: v.pipe(
    v.array(v.strictObject({ key: text(140), value: text(140) })),
    v.minLength(1),
    v.maxLength(15),
  ),
});
const Transfer = v.pipe(
  v.object({
    idTransfer: v.pipe(v.string(), v.regex(/^[1-5]$/)),
    transferAmount: AmountNotZero,
    fiscalCodePA: FiscalCodePA,
    companyName: v.optional(text(140)),
    IBAN: v.optional(text(35)),
    MBDAttachment: v.optional(v.string()),
    remittanceInformation: text(140),
    transferCategory: text(140),
    metadata: v.optional(Metadata),
  }),
  // An xsd:choice: the IBAN credited, or the digital stamp (marca da bollo) bought.
  v.check((t) => (t.IBAN === undefined) !== (t.MBDAttachment === undefined), 'IBAN or MBDAttachment'),
);
/** ctReceipt / ctReceiptV2 as the node sends it (paSendRT(V2)), and as GPD keeps it. */
export const NodeReceipt = v.object({
  // xsd:string without a bound; receipts keep 64 characters (pagoPA's are payment tokens, ≤ 35).
  receiptId: text(64),
  noticeNumber: NoticeNumber,
  fiscalCode: FiscalCodePA,
  outcome: v.picklist(['OK', 'KO']),
  creditorReferenceId: text(35),
  paymentAmount: Amount,
  description: text(140),
  companyName: text(140),
  officeName: v.optional(text(140)),
  debtor: Subject,
  transferList: v.strictObject({ transfer: v.pipe(v.array(Transfer), v.minLength(1), v.maxLength(5)) }),
  idPSP: text(35),
  pspFiscalCode: v.optional(text(70)),
  pspPartitaIVA: v.optional(text(20)),
  PSPCompanyName: text(70),
  idChannel: text(35),
  channelDescription: text(35),
  payer: v.optional(Subject),
  paymentMethod: v.optional(text(35)),
  paymentNote: v.optional(text(210)),
  fee: v.optional(Amount),
  primaryCiIncurredFee: v.optional(Amount),
  idBundle: v.optional(text(70)),
  idCiBundle: v.optional(text(70)),
  paymentDateTime: v.optional(
    v.pipe(
      v.string(),
      v.check((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(s) && !Number.isNaN(Date.parse(s))),
    ),
  ),
  applicationDate: v.optional(XsdDate),
  transferDate: v.optional(XsdDate),
  metadata: v.optional(Metadata),
  standIn: v.optional(v.picklist(['true', 'false', '1', '0'])),
});
const SendRTReq = v.strictObject({ ...Ids, receipt: NodeReceipt });

function parse<S extends v.GenericSchema>(schema: S, body: unknown): v.InferOutput<S> {
  const r = v.safeParse(schema, body);
  if (!r.success) {
    const issue = r.issues[0];
    const path = issue?.path?.map((p) => String(p.key)).join('/') ?? '';
    throw new NodeFault('PAA_SINTASSI_EXTRAXSD', `${path || 'request'}: ${issue?.message ?? 'invalid'}`);
  }
  return r.output;
}

// --- Shared steps --------------------------------------------------------------------------------

export interface NodeDeps {
  db: Db;
  now: () => Date;
  /** How long an activation holds the notice (the node's payment token lives about as long). */
  activationTtlSeconds: number;
}

/** The entity named by idPA, checked against its configured broker and station. */
async function stationEntity(
  db: Db,
  ids: { idPA: string; idBrokerPA: string; idStation: string },
): Promise<EntityRow> {
  const entity = /^[0-9]{11}$/.test(ids.idPA) ? await findEntity(db, ids.idPA) : undefined;
  if (!entity) throw new NodeFault('PAA_ID_DOMINIO_ERRATO');
  const s = pagopaSettingsOf(entity);
  if (s.idPA !== ids.idPA) throw new NodeFault('PAA_ID_DOMINIO_ERRATO');
  if (!s.idBrokerPA || s.idBrokerPA !== ids.idBrokerPA) throw new NodeFault('PAA_ID_INTERMEDIARIO_ERRATO');
  if (!s.idStation || s.idStation !== ids.idStation) throw new NodeFault('PAA_STAZIONE_INT_ERRATA');
  return entity;
}

async function findOption(db: Db, entityCode: string, nav: string) {
  return db
    .selectFrom('payment_options')
    .innerJoin('positions', 'positions.id', 'payment_options.position_id')
    .select([
      'payment_options.id',
      'payment_options.position_id',
      'payment_options.status',
      'payment_options.amount',
      'payment_options.due_date',
      'payment_options.iuv',
      'payment_options.nav',
      'payment_options.description as option_description',
      'positions.description',
      'positions.debtor_fiscal_code',
      'positions.debtor_type',
      'positions.debtor_name',
      'positions.debtor_address',
      'positions.debtor_city',
      'positions.debtor_postal_code',
      'positions.debtor_province',
      'positions.debtor_country',
      'positions.debtor_email',
    ])
    .where('payment_options.entity_code', '=', entityCode)
    .where('payment_options.nav', '=', nav)
    .executeTakeFirst();
}
type OptionInfo = NonNullable<Awaited<ReturnType<typeof findOption>>>;

/** The options of a practice with their states. */
async function practiceOptions(db: Db, positionId: number) {
  return db
    .selectFrom('payment_options')
    .select(['id', 'status'])
    .where('position_id', '=', positionId)
    .execute();
}

/** The payment holding a practice's lock, if any, and whether it pays this option. */
async function practiceHolder(db: Db, positionId: number, optionId: number) {
  const holder = await db
    .selectFrom('position_locks')
    .innerJoin('payments', 'payments.id', 'position_locks.payment_id')
    .select([
      'payments.id',
      'payments.account_id',
      'payments.provider',
      'payments.state',
      'payments.expires_at',
    ])
    .where('position_locks.position_id', '=', positionId)
    .executeTakeFirst();
  if (!holder) return undefined;
  const item = await db
    .selectFrom('payment_items')
    .select('option_id')
    .where('payment_id', '=', holder.id)
    .where('option_id', '=', optionId)
    .executeTakeFirst();
  return { ...holder, holdsOption: item !== undefined };
}

/**
 * The fault for an option that cannot be paid now, by the rules of its practice (`refusalOf`: the
 * options of one practice exclude each other); null when payable. Closed because another option of
 * the practice was paid: PAA_PAGAMENTO_DUPLICATO, as for the option paid itself.
 */
function faultOf(
  option: { id: number; status: string },
  siblings: readonly { id: number; status: string }[],
): PaaFault | null {
  switch (refusalOf(option, siblings)) {
    case 'already_paid':
      return 'PAA_PAGAMENTO_DUPLICATO';
    case 'payment_in_progress':
      return 'PAA_PAGAMENTO_IN_CORSO';
    case 'not_payable':
      return option.status === 'expired' ? 'PAA_PAGAMENTO_SCADUTO' : 'PAA_PAGAMENTO_ANNULLATO';
    default:
      return null;
  }
}

/**
 * The fault for an option by its practice's options, or PAA_PAGAMENTO_IN_CORSO when a payment
 * still holds the practice (also one whose own option was closed meanwhile); null when payable.
 */
async function practiceFault(db: Db, option: { id: number; status: string; position_id: number }) {
  const fault = faultOf(option, await practiceOptions(db, option.position_id));
  if (fault !== null) return fault;
  const held = await db
    .selectFrom('position_locks')
    .select('payment_id')
    .where('position_id', '=', option.position_id)
    .executeTakeFirst();
  return held ? 'PAA_PAGAMENTO_IN_CORSO' : null;
}

/** The option's own state, once a running payment of its practice is set aside. */
function ownFault(option: { id: number; status: string }): PaaFault | null {
  if (option.status === 'in_payment') return null;
  return faultOf(option, [option]);
}

async function payableOption(db: Db, entity: EntityRow, qr: { fiscalCode: string; noticeNumber: string }) {
  if (qr.fiscalCode !== entity.code) throw new NodeFault('PAA_PAGAMENTO_SCONOSCIUTO');
  const option = await findOption(db, entity.code, qr.noticeNumber);
  if (!option) throw new NodeFault('PAA_PAGAMENTO_SCONOSCIUTO');
  return option;
}

const EMAIL = /^[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)*$/;

function debtorNodes(o: OptionInfo): XmlNode[] {
  const opt = (name: string, value: string | null, max: number): XmlNode | undefined =>
    value && value.trim() ? [name, value.trim().slice(0, max)] : undefined;
  return [
    [
      'uniqueIdentifier',
      [
        ['entityUniqueIdentifierType', o.debtor_type === 'G' ? 'G' : 'F'],
        ['entityUniqueIdentifierValue', o.debtor_fiscal_code],
      ],
    ],
    ['fullName', o.debtor_name.slice(0, 70)],
    opt('streetName', o.debtor_address, 70),
    opt('postalCode', o.debtor_postal_code, 16),
    opt('city', o.debtor_city, 35),
    opt('stateProvinceRegion', o.debtor_province, 35),
    o.debtor_country && /^[A-Z]{2}$/.test(o.debtor_country) ? ['country', o.debtor_country] : undefined,
    o.debtor_email && EMAIL.test(o.debtor_email) && o.debtor_email.length <= 256
      ? ['e-mail', o.debtor_email]
      : undefined,
  ].filter((n): n is XmlNode => n !== undefined);
}

function descriptionOf(o: OptionInfo): string {
  return (o.option_description ?? o.description).slice(0, 140);
}

// --- Operations ----------------------------------------------------------------------------------

/** paVerifyPaymentNotice: the amount due now and what the notice is for. Changes nothing. */
async function verify(deps: NodeDeps, body: unknown): Promise<string> {
  const req = parse(VerifyReq, body);
  const entity = await stationEntity(deps.db, req);
  const option = await payableOption(deps.db, entity, req.qrCode);
  const fault = await practiceFault(deps.db, option);
  if (fault === 'PAA_PAGAMENTO_IN_CORSO') {
    // A payment runs on an option of the practice. The portal's own cart sent the payer to
    // Checkout with this very notice: the node verifies its notices on the way.
    const holder = await practiceHolder(deps.db, option.position_id, option.id);
    const portalCart =
      holder !== undefined &&
      holder.holdsOption &&
      holder.account_id !== null &&
      holder.provider === 'pagopa' &&
      isOpen(holder.state as PaymentState);
    // A lock past its time is released by the next activation: verify (which changes nothing)
    // already answers as if it were.
    const stale = holder !== undefined && holder.expires_at <= deps.now().toISOString();
    if (!portalCart && !stale) throw new NodeFault(fault);
    const own = ownFault(option);
    if (own) throw new NodeFault(own);
  } else if (fault) throw new NodeFault(fault);
  const transfers = await deps.db
    .selectFrom('transfers')
    .select('postal')
    .where('option_id', '=', option.id)
    .execute();
  return soapResponse(NODE_OPERATIONS.paVerifyPaymentNotice.res, [
    ['outcome', 'OK'],
    [
      'paymentList',
      [
        [
          'paymentOptionDescription',
          [
            ['amount', centsToDecimal(option.amount)],
            ['options', 'EQ'],
            ['dueDate', option.due_date],
            ['detailDescription', descriptionOf(option)],
            ['allCCP', transfers.length > 0 && transfers.every((t) => t.postal === 1) ? 'true' : 'false'],
          ],
        ],
      ],
    ],
    ['paymentDescription', descriptionOf(option)],
    ['fiscalCodePA', entity.code],
    ['companyName', entity.name.slice(0, 140)],
  ]);
}

/**
 * A portal payment the payer abandoned ("Annulla e ricomincia") that `paymentNote` names and that
 * held this notice: Checkout left open on it must not activate the notice any more.
 */
async function abandonedCart(db: Db, entityCode: string, paymentNote: string | undefined, optionId: number) {
  if (paymentNote === undefined) return false;
  const p = await db
    .selectFrom('payments')
    .innerJoin('payment_items', 'payment_items.payment_id', 'payments.id')
    .select(['payments.state', 'payments.activated_at'])
    .where('payments.id', '=', paymentNote.trim())
    .where('payments.entity_code', '=', entityCode)
    .where('payments.provider', '=', 'pagopa')
    .where('payments.account_id', 'is not', null)
    .where('payment_items.option_id', '=', optionId)
    .executeTakeFirst();
  return p !== undefined && p.state === 'cancelled' && p.activated_at === null;
}

/**
 * paGetPayment(V2): the activation. The notice is locked by a payment of the payments domain —
 * the portal's own cart payment when `paymentNote` names it (Checkout's idCart), or a new one
 * without account (app, PSP counter, home banking) — until it is paid, ends or expires. The
 * payment is marked activated: the payer can no longer abandon it in the portal, and a portal cart
 * the payer abandoned first is refused (PAA_PAGAMENTO_ANNULLATO).
 */
async function activate(deps: NodeDeps, body: unknown, version: 1 | 2): Promise<string> {
  const req = parse(GetPaymentReq, body);
  const entity = await stationEntity(deps.db, req);
  const now = deps.now();
  // Locks of activations whose time ran out are released first, so the notice can be paid again.
  await expireDuePayments(deps.db, now);
  const option = await payableOption(deps.db, entity, req.qrCode);
  if (await abandonedCart(deps.db, entity.code, req.paymentNote, option.id))
    throw new NodeFault('PAA_PAGAMENTO_ANNULLATO', 'the payer abandoned this cart');
  const fault = await practiceFault(deps.db, option);
  let paymentId: string;
  if (fault === 'PAA_PAGAMENTO_IN_CORSO') {
    // Any option of the practice in a running payment blocks the others. The same cart activated
    // again (the payer retrying inside Checkout) is the same payment.
    const holder = await practiceHolder(deps.db, option.position_id, option.id);
    const ours =
      holder !== undefined &&
      holder.holdsOption &&
      req.paymentNote !== undefined &&
      holder.id === req.paymentNote.trim() &&
      holder.provider === 'pagopa';
    if (!ours) {
      // The practice read as held while the payer's abandon of this very cart was committing.
      if (await abandonedCart(deps.db, entity.code, req.paymentNote, option.id))
        throw new NodeFault('PAA_PAGAMENTO_ANNULLATO', 'the payer abandoned this cart');
      throw new NodeFault(fault);
    }
    // Raced by the payer abandoning it: exactly one of the two wins (`markActivated`).
    if (!(await markActivated(deps.db, holder.id, now)))
      throw new NodeFault('PAA_PAGAMENTO_ANNULLATO', 'this cart is no longer open');
    paymentId = holder.id;
  } else if (fault) {
    throw new NodeFault(fault);
  } else {
    // No payment holds the practice now: a portal cart that held it and was abandoned meanwhile
    // (after the check above) has committed by this read, so Checkout left open on it still cannot
    // activate the notice.
    if (await abandonedCart(deps.db, entity.code, req.paymentNote, option.id))
      throw new NodeFault('PAA_PAGAMENTO_ANNULLATO', 'the payer abandoned this cart');
    try {
      const started = await startPayment(
        deps.db,
        {
          entityCode: entity.code,
          accountId: null,
          optionIds: [option.id],
          returnUrl: null,
          payerEmail: null,
          lang: 'it',
          provider: 'pagopa',
          ttlSeconds: deps.activationTtlSeconds,
          activated: true,
        },
        now,
      );
      paymentId = started.payment.id;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // Raced by another activation on the practice or a change of it: answer as it stands now.
      const again = await findOption(deps.db, entity.code, option.nav);
      if (e.code === 'practice_not_found' || !again) throw new NodeFault('PAA_PAGAMENTO_SCONOSCIUTO');
      if (e.code === 'payment_in_progress') throw new NodeFault('PAA_PAGAMENTO_IN_CORSO');
      throw new NodeFault(
        faultOf(again, await practiceOptions(deps.db, again.position_id)) ?? 'PAA_PAGAMENTO_IN_CORSO',
      );
    }
  }
  const transfers = await deps.db
    .selectFrom('transfers')
    .selectAll()
    .where('option_id', '=', option.id)
    .orderBy('idx')
    .execute();
  // What this answer asks the node to credit: the receipt is checked against it.
  const asked: AskedTransfer[] = transfers.map((t) => ({
    idx: t.idx,
    iban: t.iban,
    amount: t.amount,
    fiscalCode: entity.code,
  }));
  await deps.db
    .updateTable('payment_items')
    .set({ transfers: JSON.stringify(asked) })
    .where('payment_id', '=', paymentId)
    .where('option_id', '=', option.id)
    .execute();
  const op = version === 2 ? 'paGetPaymentV2' : 'paGetPayment';
  return soapResponse(NODE_OPERATIONS[op].res, [
    ['outcome', 'OK'],
    [
      'data',
      [
        ['creditorReferenceId', option.iuv],
        ['paymentAmount', centsToDecimal(option.amount)],
        ['dueDate', option.due_date],
        ['description', descriptionOf(option)],
        ['companyName', entity.name.slice(0, 140)],
        ['debtor', debtorNodes(option)],
        [
          'transferList',
          transfers.map((t): XmlNode => [
            'transfer',
            [
              ['idTransfer', String(t.idx)],
              ['transferAmount', centsToDecimal(t.amount)],
              ['fiscalCodePA', entity.code],
              // Optional in the XSD, marked mandatory in the SANP primitive docs for V2.
              version === 2 ? ['companyName', entity.name.slice(0, 140)] : undefined,
              ['IBAN', t.iban],
              ['remittanceInformation', t.remittance.slice(0, 140)],
              // As pagoPA's taxonomy writes it: 9/<code>/ (FACTS.md §6).
              ['transferCategory', formatTaxonomy(t.taxonomy)],
            ],
          ]),
        ],
      ],
    ],
  ]);
}

/**
 * An xsd:dateTime of the node: with an offset as written; without one it is Italian local time
 * (pagoPA's examples carry none), so it is read in Europe/Rome.
 */
export function nodeDateTime(value: string): Date {
  if (/(Z|[+-]\d{2}:\d{2})$/.test(value)) return new Date(value);
  const asUtc = new Date(`${value}Z`);
  return new Date(asUtc.getTime() - romeOffsetMinutes(asUtc) * 60_000);
}

/** "9/0101002IM/" as pagoPA writes it, or the bare "0101002IM": the taxonomy as stored. */
function taxonomyOf(category: string): string {
  const m = /^9\/(.+)\/$/.exec(category);
  return m ? m[1]! : category;
}

/** A transfer an activation asked the node to credit. */
interface AskedTransfer {
  idx: number;
  iban: string;
  amount: number;
  fiscalCode: string;
}

/**
 * What the notice asked to be credited: the transfers the latest activation of it sent the node,
 * or, for a notice never activated here, the option's own transfers.
 */
async function askedTransfers(db: Db, entityCode: string, nav: string): Promise<AskedTransfer[] | null> {
  const activated = await db
    .selectFrom('payment_items')
    .innerJoin('payments', 'payments.id', 'payment_items.payment_id')
    .select('payment_items.transfers')
    .where('payments.entity_code', '=', entityCode)
    .where('payments.provider', '=', 'pagopa')
    .where('payment_items.nav', '=', nav)
    .where('payment_items.transfers', 'is not', null)
    .orderBy('payments.created_at', 'desc')
    .executeTakeFirst();
  if (activated?.transfers) return JSON.parse(activated.transfers) as AskedTransfer[];
  const option = await findOption(db, entityCode, nav);
  if (!option) return null;
  const own = await db
    .selectFrom('transfers')
    .select(['idx', 'iban', 'amount'])
    .where('option_id', '=', option.id)
    .orderBy('idx')
    .execute();
  return own.map((t) => ({ ...t, fiscalCode: entityCode }));
}

/**
 * Why a receipt's transfers are not what was asked, or null when they are. Each transfer must
 * credit what its idTransfer was asked to: the same amount, to the same beneficiary (fiscalCodePA)
 * and IBAN (the postal one when that was asked), all of them and no other. Remittance text and
 * taxonomy move no money: they are kept as the receipt says.
 */
export function transferMismatch(
  asked: readonly AskedTransfer[],
  paid: readonly { idx: number; amount: number; fiscalCode: string; iban: string | null }[],
): string | null {
  if (paid.length !== asked.length) return `${paid.length} transfers where ${asked.length} were asked`;
  const seen = new Set<number>();
  for (const t of paid) {
    const a = asked.find((x) => x.idx === t.idx);
    if (!a || seen.has(t.idx)) return `transfer ${t.idx} was not asked`;
    seen.add(t.idx);
    if (t.amount !== a.amount) return `transfer ${t.idx}: transferAmount differs from the one asked`;
    if (t.fiscalCode !== a.fiscalCode) return `transfer ${t.idx}: fiscalCodePA differs from the one asked`;
    if (t.iban === null || normalizeIban(t.iban) !== normalizeIban(a.iban))
      return `transfer ${t.idx}: IBAN differs from the one asked`;
  }
  return null;
}

/** xsd:boolean as read: true, false or absent. */
function xsdBoolean(value: string | undefined): boolean | null {
  return value === undefined ? null : value === 'true' || value === '1';
}

/** The transfers of a node receipt as `recordReceipt` keeps them (amounts in cents). */
function receiptTransfersOf(r: NodeReceiptFields): (ReceiptTransfer & { fiscalCode: string })[] {
  return r.transferList.transfer.map((t) => ({
    idx: Number(t.idTransfer),
    iban: t.IBAN ?? '',
    amount: decimalToCents(t.transferAmount) ?? 0,
    remittance: t.remittanceInformation,
    taxonomy: taxonomyOf(t.transferCategory),
    fiscalCode: t.fiscalCodePA,
    companyName: t.companyName ?? null,
    metadata: t.metadata?.mapEntry ?? null,
  }));
}

/** A receipt as the node sends it, checked against paForNode.xsd's ctReceipt(V2). */
export type NodeReceiptFields = v.InferOutput<typeof NodeReceipt>;

/**
 * What a node receipt (outcome OK) says, as the one recording path takes it: the station's
 * paSendRT(V2) and the receipts read back from GPD (gpd/receipts.ts) record the same fields.
 */
export function receiptInputOf(
  entityCode: string,
  r: NodeReceiptFields,
  raw: string | null,
  now: Date,
): ReceiptInput {
  const fee = r.fee !== undefined ? decimalToCents(r.fee) : 0;
  return {
    entityCode,
    nav: r.noticeNumber,
    receiptId: r.receiptId,
    amount: decimalToCents(r.paymentAmount) ?? 0,
    fee: fee ?? 0,
    pspId: r.idPSP,
    pspName: r.PSPCompanyName,
    // The column holds a fiscal code (≤ 16); anything longer is not one.
    pspFiscalCode: [r.pspFiscalCode, r.pspPartitaIVA].find((c) => c && c.length <= 16) ?? null,
    channel: r.idChannel,
    method: r.paymentMethod ?? r.channelDescription,
    paidAt: r.paymentDateTime ? nodeDateTime(r.paymentDateTime) : now,
    payer: r.payer
      ? {
          fiscalCode: r.payer.uniqueIdentifier.entityUniqueIdentifierValue,
          name: r.payer.fullName,
          email: r.payer['e-mail'] && r.payer['e-mail'].length <= 254 ? r.payer['e-mail'] : null,
        }
      : null,
    transfers: receiptTransfersOf(r),
    details: {
      description: r.description,
      debtor: { fiscalCode: r.debtor.uniqueIdentifier.entityUniqueIdentifierValue, name: r.debtor.fullName },
      creditorFiscalCode: r.fiscalCode,
      companyName: r.companyName,
      officeName: r.officeName ?? null,
      outcome: r.outcome,
      channelDescription: r.channelDescription,
      pspPartitaIva: r.pspPartitaIVA ?? null,
      paymentNote: r.paymentNote ?? null,
      primaryCiIncurredFee:
        r.primaryCiIncurredFee !== undefined ? decimalToCents(r.primaryCiIncurredFee) : null,
      idBundle: r.idBundle ?? null,
      idCiBundle: r.idCiBundle ?? null,
      applicationDate: r.applicationDate?.slice(0, 10) ?? null,
      transferDate: r.transferDate?.slice(0, 10) ?? null,
      metadata: r.metadata?.mapEntry ?? null,
      standIn: xsdBoolean(r.standIn),
      raw,
    },
  };
}

/**
 * paSendRT(V2): the receipt. When the notice was activated it must match the activated amount
 * (else PAA_SEMANTICA). It is recorded once through `recordReceipt`, and any later copy of it (same
 * receiptId) — the node's retry, or the same receipt 50 times at once — is answered
 * PAA_RECEIPT_DUPLICATA, which the node takes as "already delivered". Any other receipt is money
 * taken: recorded and answered OK, flagged for the entity when the practice was already collected
 * (`overpaid`) or the notice never activated (`not_activated`).
 */
async function sendReceipt(deps: NodeDeps, body: unknown, raw: string | null): Promise<string> {
  const req = parse(SendRTReq, body);
  const entity = await stationEntity(deps.db, req);
  const r = req.receipt;
  const now = deps.now();
  if (r.fiscalCode !== entity.code) throw new NodeFault('PAA_SEMANTICA', 'receipt of another entity');
  const amount = decimalToCents(r.paymentAmount);
  if (amount === null) throw new NodeFault('PAA_SINTASSI_EXTRAXSD', 'receipt/paymentAmount');
  const transfers = receiptTransfersOf(r);
  if (r.outcome === 'OK' && transfers.reduce((s, t) => s + t.amount, 0) !== amount)
    throw new NodeFault('PAA_SEMANTICA', 'transfer amounts do not add up to paymentAmount');
  // Only the same receiptId again is a duplicate: the node's retry, "already delivered".
  const existing = await deps.db
    .selectFrom('receipts')
    .select('id')
    .where('entity_code', '=', entity.code)
    .where('receipt_id', '=', r.receiptId)
    .executeTakeFirst();
  if (existing) throw new NodeFault('PAA_RECEIPT_DUPLICATA');
  if (r.outcome === 'OK') {
    const asked = await askedTransfers(deps.db, entity.code, r.noticeNumber);
    const mismatch =
      asked &&
      transferMismatch(
        asked,
        transfers.map((t) => ({ ...t, iban: t.iban || null })),
      );
    if (mismatch) throw new NodeFault('PAA_SEMANTICA', mismatch);
  }
  // The activation it closes: the latest pagoPA payment on this notice, whatever its state now
  // (a receipt after the activation expired is still money taken). None: the node collected on
  // its own (stand-in, the station unreachable): recorded all the same, flagged `not_activated`.
  const activated = await deps.db
    .selectFrom('payment_items')
    .innerJoin('payments', 'payments.id', 'payment_items.payment_id')
    .select(['payments.id', 'payments.state', 'payment_items.amount'])
    .where('payments.entity_code', '=', entity.code)
    .where('payments.provider', '=', 'pagopa')
    .where('payment_items.nav', '=', r.noticeNumber)
    .orderBy('payments.created_at', 'desc')
    .executeTakeFirst();
  if (activated && activated.amount !== amount)
    throw new NodeFault('PAA_SEMANTICA', 'paymentAmount differs from the activated amount');
  if (r.outcome === 'KO') {
    // No money was taken: the notice is free again.
    if (activated && isOpen(activated.state as PaymentState))
      await endPayment(deps.db, activated.id, 'fail', now);
    return soapResponse(NODE_OPERATIONS.paSendRTV2.res, [['outcome', 'OK']]);
  }
  let result;
  try {
    result = await recordReceipt(deps.db, receiptInputOf(entity.code, r, raw, now), now);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'practice_not_found') throw new NodeFault('PAA_SEMANTICA');
    throw e;
  }
  if (result.status === 'duplicate') throw new NodeFault('PAA_RECEIPT_DUPLICATA');
  return soapResponse(NODE_OPERATIONS.paSendRTV2.res, [['outcome', 'OK']]);
}

/**
 * Answers one parsed node request with the operation's response (outcome OK, or KO with its
 * `PAA_*` fault). Unexpected errors become PAA_SYSTEM_ERROR: the node retries those.
 */
export async function answerNode(
  deps: NodeDeps,
  req: SoapRequest,
): Promise<{ xml: string; fault: PaaFault | null }> {
  const idPA = typeof req.body.idPA === 'string' && req.body.idPA ? req.body.idPA : 'Pagatore';
  try {
    let xml: string;
    switch (req.operation) {
      case 'paVerifyPaymentNotice':
        xml = await verify(deps, req.body);
        break;
      case 'paGetPayment':
        xml = await activate(deps, req.body, 1);
        break;
      case 'paGetPaymentV2':
        xml = await activate(deps, req.body, 2);
        break;
      case 'paSendRT':
      case 'paSendRTV2':
        xml = (await sendReceipt(deps, req.body, req.raw ?? null)).replace(
          /paSendRTV2Response/g,
          NODE_OPERATIONS[req.operation].res,
        );
        break;
    }
    return { xml, fault: null };
  } catch (e) {
    if (e instanceof NodeFault) {
      return { xml: faultResponse(req.operation, e.code, idPA, e.description), fault: e.code };
    }
    throw e;
  }
}
