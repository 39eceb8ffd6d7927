/**
 * Reading a reporting flow as received: the FlussoRiversamento XML (FlussoRiversamento_1_0_4.xsd,
 * what nodoChiediFlussoRendicontazione returns and what PSPs hand out) or the FdR 3 JSON (the flow
 * and its payments as the organizations API answers them, kept together as `{ flow, payments }`).
 * Either gives one `ParsedFlow` or the reason it cannot be applied; nothing in between, so a
 * malformed flow is never half-applied.
 */
import { decimalToCents } from '@pagatore/sdk';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { romeDate } from '../core/rome-calendar.js';

/** The namespace of FlussoRiversamento_1_0_4.xsd. */
export const FLOW_NS = 'http://www.digitpa.gov.it/schemas/2011/Pagamenti/';

/** One row (datiSingoliPagamenti / Payment), money in cents. */
export interface ParsedFlowRow {
  iuv: string;
  iur: string;
  /** indiceDatiSingoloPagamento / idTransfer (1-5), null when absent. */
  idx: number | null;
  amount: number;
  /** 0 paid, 3 revoked, 9 paid without RPT; FdR 3 adds 4 (stand-in) and 8 (stand-in without RPT). */
  outcome: number;
  /** YYYY-MM-DD. */
  date: string;
}

export interface ParsedFlow {
  flowId: string;
  /** FdR 3 gives it; the XML does not (the store numbers revisions of the same flow id). */
  revision: number | null;
  flowDate: string;
  settlementId: string;
  settlementDate: string;
  pspId: string;
  pspName: string | null;
  bic: string | null;
  receiverId: string;
  declaredCount: number;
  declaredAmount: number;
  rows: ParsedFlowRow[];
}

export type ParseResult =
  { ok: true; flow: ParsedFlow } | { ok: false; reason: string; flowId: string | null };

/** Why a flow cannot be applied; the message is the reason stored with it. */
class FlowError extends Error {}

const fail = (message: string): never => {
  throw new FlowError(message);
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: false,
  // Codes and amounts stay strings: "000123" must not become 123.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 16,
  isArray: (name) => local(name) === 'datiSingoliPagamenti',
});

function local(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

type Obj = Record<string, unknown>;

/** Children by local name; an element in another namespace prefix than the root's is refused. */
function element(parent: Obj, name: string, path: string, prefix: string | null): unknown {
  const key = prefix ? `${prefix}:${name}` : name;
  if (key in parent) return parent[key];
  const other = Object.keys(parent).find((k) => local(k) === name);
  if (other) fail(`${path}/${name}: not in the FlussoRiversamento namespace`);
  return undefined;
}

function textOf(v: unknown, path: string): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Obj;
    if (Object.keys(o).every((k) => k === '#text' || k.startsWith('@'))) return String(o['#text'] ?? '');
  }
  return fail(`${path}: text expected`);
}

const ISO_DATE = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const ISO_DATE_TIME =
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$/;
const FLOW_ID = /^[a-zA-Z0-9_-]{1,35}$/;
const AMOUNT = /^[0-9]+\.[0-9]{2}$/;

function realDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Reads a FlussoRiversamento document with the XSD's rules (required elements, types, enumerations). */
export function parseFlowXml(xml: string): ParseResult {
  let flowId: string | null = null;
  try {
    const text = xml.replace(/^\uFEFF/, '');
    // No DOCTYPE, no entity declarations: they are how XML bombs and external entities get in.
    if (/<!DOCTYPE|<!ENTITY/i.test(text)) fail('DOCTYPE and entity declarations are not allowed');
    const valid = XMLValidator.validate(text);
    if (valid !== true) fail(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
    const doc = parser.parse(text) as Obj;
    const roots = Object.keys(doc).filter((k) => !k.startsWith('?') && !k.startsWith('@'));
    if (roots.length !== 1) fail('one FlussoRiversamento element expected');
    const rootName = roots[0] as string;
    if (local(rootName) !== 'FlussoRiversamento') fail(`${rootName}: not a FlussoRiversamento`);
    const root = doc[rootName];
    if (!root || typeof root !== 'object' || Array.isArray(root)) fail('empty FlussoRiversamento');
    const r = root as Obj;
    const prefix = rootName.includes(':') ? rootName.slice(0, rootName.indexOf(':')) : null;
    const ns = r[prefix ? `@xmlns:${prefix}` : '@xmlns'];
    if (ns !== FLOW_NS) fail(`FlussoRiversamento: namespace must be ${FLOW_NS}`);

    const get = (o: Obj, name: string, path: string, required = true): string | null => {
      const v = element(o, name, path, prefix);
      if (v === undefined) return required ? fail(`${path}/${name}: missing`) : null;
      if (Array.isArray(v)) return fail(`${path}/${name}: repeated`);
      return textOf(v, `${path}/${name}`);
    };
    const child = (o: Obj, name: string, path: string): Obj => {
      const v = element(o, name, path, prefix);
      if (!v || typeof v !== 'object' || Array.isArray(v)) return fail(`${path}/${name}: missing`);
      return v as Obj;
    };
    const P = 'FlussoRiversamento';
    const version = get(r, 'versioneOggetto', P) as string;
    if (version !== '1.0' && version !== '1.1') fail(`versioneOggetto: ${version} is not 1.0 or 1.1`);
    const id = get(r, 'identificativoFlusso', P) as string;
    if (!FLOW_ID.test(id)) fail(`identificativoFlusso: ${id} is not 1-35 letters, digits, - or _`);
    flowId = id;
    const flowDate = get(r, 'dataOraFlusso', P) as string;
    if (!ISO_DATE_TIME.test(flowDate)) fail(`dataOraFlusso: ${flowDate} is not a date and time`);
    const settlementId = get(r, 'identificativoUnivocoRegolamento', P) as string;
    if (settlementId.length < 1 || settlementId.length > 35)
      fail('identificativoUnivocoRegolamento: 1-35 characters');
    const settlementDate = get(r, 'dataRegolamento', P) as string;
    if (!realDate(settlementDate)) fail(`dataRegolamento: ${settlementDate} is not a date`);
    const sender = child(r, 'istitutoMittente', P);
    const senderId = child(sender, 'identificativoUnivocoMittente', `${P}/istitutoMittente`);
    const senderType = get(senderId, 'tipoIdentificativoUnivoco', `${P}/istitutoMittente`) as string;
    if (!['G', 'A', 'B'].includes(senderType))
      fail(`tipoIdentificativoUnivoco: ${senderType} is not G, A or B`);
    const pspId = get(senderId, 'codiceIdentificativoUnivoco', `${P}/istitutoMittente`) as string;
    const pspName = get(sender, 'denominazioneMittente', `${P}/istitutoMittente`, false);
    const bic = get(r, 'codiceBicBancaDiRiversamento', P, false);
    const receiver = child(r, 'istitutoRicevente', P);
    const receiverId = child(receiver, 'identificativoUnivocoRicevente', `${P}/istitutoRicevente`);
    if (get(receiverId, 'tipoIdentificativoUnivoco', `${P}/istitutoRicevente`) !== 'G')
      fail('istitutoRicevente: tipoIdentificativoUnivoco must be G');
    const receiverCode = get(receiverId, 'codiceIdentificativoUnivoco', `${P}/istitutoRicevente`) as string;
    const count = get(r, 'numeroTotalePagamenti', P) as string;
    if (!/^[0-9]{1,15}$/.test(count) || Number(count) < 1) fail(`numeroTotalePagamenti: ${count}`);
    const total = get(r, 'importoTotalePagamenti', P) as string;
    if (!AMOUNT.test(total)) fail(`importoTotalePagamenti: ${total} is not an amount with two decimals`);
    const declaredAmount = decimalToCents(total) ?? fail(`importoTotalePagamenti: ${total}`);
    const items = element(r, 'datiSingoliPagamenti', P, prefix);
    if (!Array.isArray(items) || items.length === 0) fail(`${P}/datiSingoliPagamenti: missing`);
    const rows = (items as unknown[]).map((item, i): ParsedFlowRow => {
      const path = `datiSingoliPagamenti[${i + 1}]`;
      if (!item || typeof item !== 'object') return fail(`${path}: empty`);
      const o = item as Obj;
      const iuv = get(o, 'identificativoUnivocoVersamento', path) as string;
      const iur = get(o, 'identificativoUnivocoRiscossione', path) as string;
      if (iuv.length > 35 || iur.length > 35) fail(`${path}: IUV and IUR are 1-35 characters`);
      const idxText = get(o, 'indiceDatiSingoloPagamento', path, false);
      if (idxText !== null && !/^[1-5]$/.test(idxText))
        fail(`${path}/indiceDatiSingoloPagamento: ${idxText} is not 1-5`);
      const amountText = get(o, 'singoloImportoPagato', path) as string;
      const amount = AMOUNT.test(amountText) ? decimalToCents(amountText) : null;
      if (amount === null || amount < 1)
        return fail(`${path}/singoloImportoPagato: ${amountText} is not an amount of at least 0.01`);
      const outcome = get(o, 'codiceEsitoSingoloPagamento', path) as string;
      if (!['0', '3', '9'].includes(outcome))
        fail(`${path}/codiceEsitoSingoloPagamento: ${outcome} is not 0, 3 or 9`);
      const date = get(o, 'dataEsitoSingoloPagamento', path) as string;
      if (!realDate(date)) fail(`${path}/dataEsitoSingoloPagamento: ${date} is not a date`);
      return {
        iuv,
        iur,
        idx: idxText === null ? null : Number(idxText),
        amount,
        outcome: Number(outcome),
        date,
      };
    });
    return {
      ok: true,
      flow: {
        flowId: id,
        revision: null,
        flowDate,
        settlementId,
        settlementDate,
        pspId,
        pspName,
        bic,
        receiverId: receiverCode,
        declaredCount: Number(count),
        declaredAmount,
        rows,
      },
    };
  } catch (e) {
    if (e instanceof FlowError) return { ok: false, reason: e.message, flowId };
    return { ok: false, reason: `unreadable: ${e instanceof Error ? e.message : String(e)}`, flowId };
  }
}

/** FdR 3 payStatus → the XML's outcome code (the OpenAPI's own mapping). */
export const PAY_STATUS_CODES: Record<string, number> = {
  EXECUTED: 0,
  REVOKED: 3,
  STAND_IN: 4,
  STAND_IN_NO_RPT: 8,
  NO_RPT: 9,
};

/** A JSON number of euros (FdR 3 `pay`, `sumPayments`) in cents, refusing more than two decimals. */
function euroNumberToCents(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return fail(`${path}: not an amount`);
  const fixed = v.toFixed(2);
  if (Math.abs(Number(fixed) - v) > 1e-9) fail(`${path}: ${v} has more than two decimals`);
  return decimalToCents(fixed) ?? fail(`${path}: ${v}`);
}

function str(o: Obj, name: string, path: string, max = 35): string {
  const v = o[name];
  if (typeof v !== 'string' || v.length < 1 || v.length > max)
    return fail(`${path}.${name}: 1-${max} characters expected`);
  return v;
}

/** Reads the FdR 3 JSON `{ flow: SingleFlowResponse, payments: Payment[] }`. */
export function parseFlowJson(text: string): ParseResult {
  let flowId: string | null = null;
  try {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      return fail(`not JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) fail('an object { flow, payments } expected');
    const d = doc as Obj;
    const flow = d.flow;
    if (!flow || typeof flow !== 'object' || Array.isArray(flow)) return fail('flow: missing');
    const f = flow as Obj;
    const id = str(f, 'fdr', 'flow');
    flowId = id;
    const revision = f.revision;
    if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 1)
      fail('flow.revision: a whole number from 1 expected');
    if (f.status !== undefined && f.status !== 'PUBLISHED')
      fail(`flow.status: ${String(f.status)}, not PUBLISHED`);
    const fdrDate = str(f, 'fdrDate', 'flow', 40);
    if (!ISO_DATE_TIME.test(fdrDate)) fail(`flow.fdrDate: ${fdrDate} is not a date and time`);
    const settlementId = str(f, 'regulation', 'flow');
    const settlementDate = str(f, 'regulationDate', 'flow', 10);
    if (!realDate(settlementDate)) fail(`flow.regulationDate: ${settlementDate} is not a date`);
    const sender = f.sender;
    if (!sender || typeof sender !== 'object') return fail('flow.sender: missing');
    const receiver = f.receiver;
    if (!receiver || typeof receiver !== 'object') return fail('flow.receiver: missing');
    const pspId = str(sender as Obj, 'pspId', 'flow.sender');
    const pspName = typeof (sender as Obj).pspName === 'string' ? ((sender as Obj).pspName as string) : null;
    const receiverId = str(receiver as Obj, 'organizationId', 'flow.receiver');
    const bic = typeof f.bicCodePouringBank === 'string' ? f.bicCodePouringBank : null;
    const totPayments = f.totPayments;
    if (typeof totPayments !== 'number' || !Number.isSafeInteger(totPayments) || totPayments < 1)
      fail('flow.totPayments: a whole number from 1 expected');
    const declaredAmount = euroNumberToCents(f.sumPayments, 'flow.sumPayments');
    const payments = d.payments;
    if (!Array.isArray(payments) || payments.length === 0) fail('payments: at least one expected');
    const rows = (payments as unknown[]).map((p, i): ParsedFlowRow => {
      const path = `payments[${i}]`;
      if (!p || typeof p !== 'object' || Array.isArray(p)) return fail(`${path}: object expected`);
      const o = p as Obj;
      const iuv = str(o, 'iuv', path);
      const iur = str(o, 'iur', path);
      const idx = o.idTransfer;
      if (typeof idx !== 'number' || !Number.isInteger(idx) || idx < 1 || idx > 5)
        fail(`${path}.idTransfer: 1-5 expected`);
      const amount = euroNumberToCents(o.pay, `${path}.pay`);
      if (amount < 1) fail(`${path}.pay: at least 0.01`);
      const status = o.payStatus;
      const outcome = typeof status === 'string' ? PAY_STATUS_CODES[status] : undefined;
      if (outcome === undefined) return fail(`${path}.payStatus: ${String(status)} is not a known status`);
      const payDate = o.payDate;
      if (typeof payDate !== 'string' || !ISO_DATE_TIME.test(payDate))
        return fail(`${path}.payDate: not a date and time`);
      return { iuv, iur, idx: idx as number, amount, outcome, date: romeDate(payDate) };
    });
    return {
      ok: true,
      flow: {
        flowId: id,
        revision: revision as number,
        flowDate: fdrDate,
        settlementId,
        settlementDate,
        pspId,
        pspName,
        bic,
        receiverId,
        declaredCount: totPayments as number,
        declaredAmount,
        rows,
      },
    };
  } catch (e) {
    if (e instanceof FlowError) return { ok: false, reason: e.message, flowId };
    return { ok: false, reason: `unreadable: ${e instanceof Error ? e.message : String(e)}`, flowId };
  }
}
