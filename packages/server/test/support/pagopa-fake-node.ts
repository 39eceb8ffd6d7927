/**
 * Test support: a fake pagoPA node that builds paForNode requests as the XSD shapes them, posts them
 * to /pagopa/node, and validates every request and response body with `xmllint` against the
 * official paForNode.xsd (copied in ./pagopa).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { PA_FOR_NODE_NS, SOAP_ENV_NS, writeNodes, type XmlNode } from '../../src/payments/pagopa/soap.js';

const run = promisify(execFile);

/** The official XSD, as copied into the repository. */
export const PA_FOR_NODE_XSD = fileURLToPath(new URL('./pagopa/wsdl/xsd/paForNode.xsd', import.meta.url));

/** The SOAP Body's one child, made standalone (its namespace declared on itself). */
export function bodyChild(envelope: string): string {
  const m = /<([A-Za-z0-9_-]+):Body[^>]*>([\s\S]*)<\/\1:Body>/.exec(envelope);
  if (!m) throw new Error(`no SOAP Body in: ${envelope.slice(0, 200)}`);
  const inner = m[2]!.trim();
  const root = /^<([A-Za-z0-9_-]+):([A-Za-z0-9_-]+)/.exec(inner);
  if (!root) throw new Error(`Body child is not prefixed: ${inner.slice(0, 200)}`);
  const decl = `xmlns:${root[1]}=`;
  const head = inner.slice(0, inner.indexOf('>'));
  return head.includes(decl)
    ? inner
    : inner.replace(root[0], `${root[0]} xmlns:${root[1]}="${PA_FOR_NODE_NS}"`);
}

/** Validates SOAP bodies against paForNode.xsd; throws with xmllint's message when one is invalid. */
export async function assertValidBodies(envelopes: readonly string[]): Promise<void> {
  if (envelopes.length === 0) return;
  const dir = mkdtempSync(join(tmpdir(), 'pagatore-xsd-'));
  try {
    const files = envelopes.map((e, i) => {
      const f = join(dir, `m${i}.xml`);
      writeFileSync(f, bodyChild(e));
      return f;
    });
    try {
      await run('xmllint', ['--noout', '--schema', PA_FOR_NODE_XSD, ...files]);
    } catch (e) {
      const err = e as { stderr?: string };
      throw new Error(`paForNode.xsd validation failed:\n${err.stderr ?? String(e)}`, { cause: e });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A request envelope as the node writes it: namespaces on the Envelope, children unqualified. */
export function nodeEnvelope(wrapper: string, children: readonly (XmlNode | undefined)[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}" xmlns:pafn="${PA_FOR_NODE_NS}">` +
    '<soapenv:Header/><soapenv:Body>' +
    `<pafn:${wrapper}>${writeNodes(children)}</pafn:${wrapper}>` +
    '</soapenv:Body></soapenv:Envelope>'
  );
}

const reader = new XMLParser({ parseTagValue: false, removeNSPrefix: true, ignoreAttributes: true });

/** A parsed response: its wrapper's children. */
export interface NodeReply {
  status: number;
  xml: string;
  outcome: string | undefined;
  faultCode: string | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** Reads a response envelope. */
export function readReply(status: number, xml: string): NodeReply {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const doc = reader.parse(xml) as any;
  const body = doc?.Envelope?.Body ?? {};
  const wrapper = Object.values(body)[0] as Record<string, unknown> | undefined;
  const fault = (wrapper?.fault ?? {}) as { faultCode?: string };
  const soapFault = (body.Fault?.detail ?? {}) as { faultCode?: string };
  return {
    status,
    xml,
    outcome: wrapper?.outcome as string | undefined,
    faultCode: fault.faultCode ?? soapFault.faultCode,
    body: wrapper,
  };
}

export interface StationIds {
  idPA: string;
  idBrokerPA: string;
  idStation: string;
}

/** A transfer of a receipt; `idTransfer` defaults to its place, `fiscalCodePA` to the receipt's. */
export interface ReceiptTransferFields {
  amount: string;
  /** The IBAN credited; leave it out with `mbd` for a digital stamp. */
  iban?: string;
  /** MBDAttachment (base64) instead of an IBAN. */
  mbd?: string;
  remittance: string;
  category: string;
  idTransfer?: string;
  fiscalCodePA?: string;
  companyName?: string;
  metadata?: [key: string, value: string][];
}

export interface ReceiptFields {
  nav: string;
  fiscalCode: string;
  iuv: string;
  amount: string;
  receiptId: string;
  transfers: ReceiptTransferFields[];
  outcome?: 'OK' | 'KO';
  paymentNote?: string;
  fee?: string;
  description?: string;
  companyName?: string;
  officeName?: string;
  debtor?: { type: 'F' | 'G'; code: string; name: string };
  pspPartitaIVA?: string;
  channelDescription?: string;
  primaryCiIncurredFee?: string;
  idBundle?: string;
  idCiBundle?: string;
  transferDate?: string;
  metadata?: [key: string, value: string][];
  standIn?: boolean;
}

const metadataNode = (entries: [string, string][]): XmlNode => [
  'metadata',
  entries.map(([key, value]): XmlNode => [
    'mapEntry',
    [
      ['key', key],
      ['value', value],
    ],
  ]),
];

/** The fake node: builds requests, posts them with `send`, validates both ways. */
export function fakeNode(
  send: (xml: string, action: string) => Promise<{ status: number; text: string }>,
  station: StationIds,
) {
  const ids = (o: Partial<StationIds> = {}): XmlNode[] => [
    ['idPA', o.idPA ?? station.idPA],
    ['idBrokerPA', o.idBrokerPA ?? station.idBrokerPA],
    ['idStation', o.idStation ?? station.idStation],
  ];
  const qr = (fiscalCode: string, nav: string): XmlNode => [
    'qrCode',
    [
      ['fiscalCode', fiscalCode],
      ['noticeNumber', nav],
    ],
  ];
  /** Builds and checks the request now; the returned function posts it and checks the reply. */
  async function prepare(
    action: string,
    wrapper: string,
    children: XmlNode[],
  ): Promise<() => Promise<NodeReply>> {
    const request = nodeEnvelope(wrapper, children);
    await assertValidBodies([request]);
    return async () => {
      const res = await send(request, action);
      const reply = readReply(res.status, res.text);
      await assertValidBodies([res.text]);
      return reply;
    };
  }
  async function call(action: string, wrapper: string, children: XmlNode[]): Promise<NodeReply> {
    return (await prepare(action, wrapper, children))();
  }
  const receiptNodes = (r: ReceiptFields, v2: boolean): XmlNode => [
    'receipt',
    [
      ['receiptId', r.receiptId],
      ['noticeNumber', r.nav],
      ['fiscalCode', r.fiscalCode],
      ['outcome', r.outcome ?? 'OK'],
      ['creditorReferenceId', r.iuv],
      ['paymentAmount', r.amount],
      ['description', r.description ?? 'Pagamento di prova'],
      ['companyName', r.companyName ?? 'Comune di Esempio'],
      r.officeName ? ['officeName', r.officeName] : undefined,
      [
        'debtor',
        [
          [
            'uniqueIdentifier',
            [
              ['entityUniqueIdentifierType', r.debtor?.type ?? 'F'],
              ['entityUniqueIdentifierValue', r.debtor?.code ?? 'RSSMRA80A01H501U'],
            ],
          ],
          ['fullName', r.debtor?.name ?? 'Mario Rossi'],
        ],
      ],
      [
        'transferList',
        r.transfers.map((t, i): XmlNode => [
          'transfer',
          [
            ['idTransfer', t.idTransfer ?? String(i + 1)],
            ['transferAmount', t.amount],
            ['fiscalCodePA', t.fiscalCodePA ?? r.fiscalCode],
            v2 && t.companyName ? ['companyName', t.companyName] : undefined,
            t.mbd !== undefined && v2 ? ['MBDAttachment', t.mbd] : ['IBAN', t.iban ?? ''],
            ['remittanceInformation', t.remittance],
            ['transferCategory', t.category],
            t.metadata ? metadataNode(t.metadata) : undefined,
          ],
        ]),
      ],
      ['idPSP', 'BCITITMM'],
      ['pspFiscalCode', '00799960158'],
      r.pspPartitaIVA ? ['pspPartitaIVA', r.pspPartitaIVA] : undefined,
      ['PSPCompanyName', 'Intesa Sanpaolo'],
      ['idChannel', '00799960158_01'],
      ['channelDescription', r.channelDescription ?? 'app'],
      [
        'payer',
        [
          [
            'uniqueIdentifier',
            [
              ['entityUniqueIdentifierType', 'F'],
              ['entityUniqueIdentifierValue', 'VRDGPP80A01H501X'],
            ],
          ],
          ['fullName', 'Giuseppe Verdi'],
          ['e-mail', 'giuseppe.verdi@example.it'],
        ],
      ],
      ['paymentMethod', 'creditCard'],
      ...(v2 && r.paymentNote ? [['paymentNote', r.paymentNote] as XmlNode] : []),
      ['fee', r.fee ?? '1.50'],
      v2 && r.primaryCiIncurredFee ? ['primaryCiIncurredFee', r.primaryCiIncurredFee] : undefined,
      v2 && r.idBundle ? ['idBundle', r.idBundle] : undefined,
      v2 && r.idCiBundle ? ['idCiBundle', r.idCiBundle] : undefined,
      ['paymentDateTime', '2026-11-26T10:15:00'],
      ['applicationDate', '2026-11-26'],
      r.transferDate ? ['transferDate', r.transferDate] : undefined,
      r.metadata ? metadataNode(r.metadata) : undefined,
      r.standIn !== undefined ? ['standIn', String(r.standIn)] : undefined,
    ],
  ];
  return {
    verify: (fiscalCode: string, nav: string, o: Partial<StationIds> = {}) =>
      call('paVerifyPaymentNotice', 'paVerifyPaymentNoticeReq', [...ids(o), qr(fiscalCode, nav)]),
    activate: (
      fiscalCode: string,
      nav: string,
      opts: { v2?: boolean; paymentNote?: string; amount?: string } & Partial<StationIds> = {},
    ) =>
      call(
        opts.v2 === false ? 'paGetPayment' : 'paGetPaymentV2',
        opts.v2 === false ? 'paGetPaymentReq' : 'paGetPaymentV2Request',
        [
          ...ids(opts),
          qr(fiscalCode, nav),
          ...(opts.amount ? [['amount', opts.amount] as XmlNode] : []),
          ...(opts.paymentNote ? [['paymentNote', opts.paymentNote] as XmlNode] : []),
        ],
      ),
    sendRT: (r: ReceiptFields, opts: { v2?: boolean } & Partial<StationIds> = {}) =>
      call(
        opts.v2 === false ? 'paSendRT' : 'paSendRTV2',
        opts.v2 === false ? 'paSendRTReq' : 'paSendRTV2Request',
        [...ids(opts), receiptNodes(r, opts.v2 !== false)],
      ),
    /**
     * `sendRT`'s request, built and checked against the XSD now; posting it is then the returned
     * function's only work, for tests racing its arrival against another request.
     */
    prepareRT: (r: ReceiptFields, opts: { v2?: boolean } & Partial<StationIds> = {}) =>
      prepare(
        opts.v2 === false ? 'paSendRT' : 'paSendRTV2',
        opts.v2 === false ? 'paSendRTReq' : 'paSendRTV2Request',
        [...ids(opts), receiptNodes(r, opts.v2 !== false)],
      ),
    /** Posts raw text (malformed XML, bombs) without validating it. */
    raw: async (text: string, action: string) => {
      const res = await send(text, action);
      return readReply(res.status, res.text);
    },
  };
}
