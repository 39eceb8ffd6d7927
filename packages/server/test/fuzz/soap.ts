/**
 * fast-check arbitraries for the node's SOAP endpoint: paForNode requests whose values are now the
 * station's own (so a call reaches the operation) and now anything, elements missing, repeated or
 * unknown, and broken XML: truncated, entity declarations (XXE, billion laughs), wrong namespaces,
 * huge text, bytes that are not UTF-8, bodies over the limit; with any SOAPAction and Content-Type.
 */
import fc from 'fast-check';
import { nodeEnvelope } from '../support/pagopa-fake-node.js';
import { PA_FOR_NODE_NS, SOAP_ENV_NS, type XmlNode } from '../../src/payments/pagopa/soap.js';

export interface SoapContext {
  idPA: string;
  idBrokerPA: string;
  idStation: string;
  /** NAVs of positions that exist (and their IUVs), to reach the operations' real paths. */
  navs: { nav: string; iuv: string; amount: string }[];
  iban: string;
  limit: number;
}

export interface SoapCase {
  action: string | undefined;
  contentType: string | undefined;
  body: Buffer;
}

const ODD_TEXT = [
  '',
  ' ',
  '-1',
  '0.001',
  '1e9',
  '99999999999.99',
  'NaN',
  'abc',
  '<![CDATA[x]]>',
  ']]>',
  '&amp;',
  '\u0000',
  'é€中',
  'x'.repeat(5_000),
  '2026-13-45',
  'true',
];

function leaf(plausible: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...plausible) },
    { weight: 2, arbitrary: fc.constantFrom(...ODD_TEXT) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  );
}

/** Children with some left out, one repeated, or an unknown one added. */
function mangle(nodes: fc.Arbitrary<XmlNode[]>): fc.Arbitrary<(XmlNode | undefined)[]> {
  return fc.tuple(nodes, fc.nat(12), fc.nat(50)).map(([list, roll, at]) => {
    const out: (XmlNode | undefined)[] = [...list];
    const i = list.length ? at % list.length : 0;
    if (roll === 0) out.splice(i, 1);
    else if (roll === 1 && list[i]) out.splice(i, 0, list[i]);
    else if (roll === 2) out.splice(i, 0, ['unexpected', 'x']);
    else if (roll === 3) out.reverse();
    return out;
  });
}

export function soapCases(ctx: SoapContext): fc.Arbitrary<SoapCase> {
  const notice = fc.constantFrom(...ctx.navs);
  const ids = fc.tuple(leaf([ctx.idPA]), leaf([ctx.idBrokerPA]), leaf([ctx.idStation]));
  const qr = fc
    .tuple(leaf([ctx.idPA]), notice, leaf(['301000000000000144']), fc.boolean())
    .map(([fc_, n, other, own]): XmlNode => [
      'qrCode',
      [
        ['fiscalCode', fc_],
        ['noticeNumber', own ? n.nav : other],
      ],
    ]);
  const idNodes = ids.map(([a, b, c]): XmlNode[] => [
    ['idPA', a],
    ['idBrokerPA', b],
    ['idStation', c],
  ]);

  const verify = fc.tuple(idNodes, qr).map(([i, q]) => [...i, q]);
  const activate = fc
    .tuple(idNodes, qr, leaf(ctx.navs.map((n) => n.amount)), fc.option(leaf(['nota']), { nil: undefined }))
    .map(([i, q, amount, note]) => [
      ...i,
      q,
      ['amount', amount] as XmlNode,
      ...(note ? [['paymentNote', note] as XmlNode] : []),
    ]);
  const transfer = fc
    .tuple(
      leaf(['1']),
      leaf(ctx.navs.map((n) => n.amount)),
      leaf([ctx.idPA]),
      leaf([ctx.iban]),
      leaf(['Tassa']),
      leaf(['9/0101002IM/', '0101002IM']),
    )
    .map(([id, amount, fcPa, iban, rem, cat]): XmlNode => [
      'transfer',
      [
        ['idTransfer', id],
        ['transferAmount', amount],
        ['fiscalCodePA', fcPa],
        ['IBAN', iban],
        ['remittanceInformation', rem],
        ['transferCategory', cat],
      ],
    ]);
  const receipt = fc
    .tuple(
      idNodes,
      notice,
      leaf(['RCP-FUZZ']),
      leaf(['OK', 'KO']),
      leaf(ctx.navs.map((n) => n.amount)),
      fc.array(transfer, { minLength: 0, maxLength: 6 }),
      leaf(['2026-11-26T10:15:00']),
      leaf(['true', 'false']),
    )
    .map(([i, n, rid, outcome, amount, transfers, when, standIn]) => [
      ...i,
      [
        'receipt',
        [
          ['receiptId', rid],
          ['noticeNumber', n.nav],
          ['fiscalCode', ctx.idPA],
          ['outcome', outcome],
          ['creditorReferenceId', n.iuv],
          ['paymentAmount', amount],
          ['description', 'Pagamento'],
          ['companyName', 'Comune'],
          [
            'debtor',
            [
              [
                'uniqueIdentifier',
                [
                  ['entityUniqueIdentifierType', 'F'],
                  ['entityUniqueIdentifierValue', 'RSSMRA80A01H501U'],
                ],
              ],
              ['fullName', 'Mario Rossi'],
            ],
          ],
          ['transferList', transfers],
          ['idPSP', 'BCITITMM'],
          ['pspFiscalCode', '00799960158'],
          ['PSPCompanyName', 'PSP'],
          ['idChannel', '00799960158_01'],
          ['channelDescription', 'app'],
          ['paymentMethod', 'creditCard'],
          ['fee', '1.50'],
          ['paymentDateTime', when],
          ['applicationDate', '2026-11-26'],
          ['standIn', standIn],
        ],
      ] as XmlNode,
    ]);

  const ops: [string, string, fc.Arbitrary<XmlNode[]>][] = [
    ['paVerifyPaymentNotice', 'paVerifyPaymentNoticeReq', verify],
    ['paGetPayment', 'paGetPaymentReq', activate],
    ['paGetPaymentV2', 'paGetPaymentV2Request', activate],
    ['paSendRT', 'paSendRTReq', receipt],
    ['paSendRTV2', 'paSendRTV2Request', receipt],
    ['paDemandPaymentNotice', 'paDemandPaymentNoticeRequest', verify],
  ];
  const envelope = fc
    .constantFrom(...ops)
    .chain(([action, wrapper, children]) =>
      fc.tuple(
        fc.constant(action),
        fc.constant(wrapper),
        mangle(children),
        fc.constantFrom(...ops.map((o) => o[1])),
      ),
    )
    .chain(([action, wrapper, children, otherWrapper]) =>
      fc.tuple(
        fc.constant(nodeEnvelope(wrapper, children)),
        fc.constant(nodeEnvelope(otherWrapper, children)),
        fc.constant(action),
      ),
    );

  const bomb =
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>';
  const xxe = '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';
  const body = envelope.chain(([good, swapped, action]) => {
    const withoutDecl = good.replace(/^<\?xml[^>]*\?>/, '');
    return fc.tuple(
      fc.oneof(
        { weight: 8, arbitrary: fc.constant(good) },
        { weight: 1, arbitrary: fc.constant(swapped) },
        { weight: 1, arbitrary: fc.nat(good.length).map((n) => good.slice(0, n)) },
        { weight: 1, arbitrary: fc.constant(bomb + withoutDecl.replace('<idPA>', '<idPA>&lol4;')) },
        { weight: 1, arbitrary: fc.constant(xxe + withoutDecl.replace('<idPA>', '<idPA>&xxe;')) },
        { weight: 1, arbitrary: fc.constant(good.replaceAll(PA_FOR_NODE_NS, 'urn:wrong')) },
        {
          weight: 1,
          arbitrary: fc.constant(good.replaceAll(SOAP_ENV_NS, 'http://www.w3.org/2003/05/soap-envelope')),
        },
        { weight: 1, arbitrary: fc.constant(good.replace('<idPA>', `<idPA>${'a'.repeat(50_000)}`)) },
        {
          weight: 1,
          arbitrary: fc.constant(good.replace('<soapenv:Body>', `<soapenv:Body>${'<x>'.repeat(3_000)}`)),
        },
        { weight: 1, arbitrary: fc.constant(`${good}<trailing/>`) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            '',
            'not xml',
            '<',
            '<?xml version="1.0"?>',
            '{"json":true}',
            '<soapenv:Envelope/>',
            `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}"><soapenv:Body/></soapenv:Envelope>`,
          ),
        },
        { weight: 1, arbitrary: fc.constant(`<!--${'x'.repeat(ctx.limit + 10)}-->${good}`) },
      ),
      fc.oneof(
        { weight: 6, arbitrary: fc.constant(`"${action}"`) },
        { weight: 1, arbitrary: fc.constant(action) },
        {
          weight: 2,
          arbitrary: fc.constantFrom<string | undefined>(
            undefined,
            '',
            '""',
            '"paSendRTV2"',
            '"paVerifyPaymentNotice"',
            '"nodoInviaRPT"',
            '"' + 'x'.repeat(2_000) + '"',
            '"é"',
          ),
        },
      ),
      fc.constantFrom<string | undefined>(
        'text/xml; charset=utf-8',
        'text/xml; charset=utf-8',
        'text/xml; charset=utf-8',
        'application/soap+xml',
        'text/xml; charset=iso-8859-1',
        'application/json',
        undefined,
        'text/plain',
      ),
      fc.nat(30),
    );
  });
  return body.map(([text, action, contentType, roll]) => {
    let bytes = Buffer.from(text, 'utf8');
    // Bytes that are not UTF-8, once in a while.
    if (roll === 0)
      bytes = Buffer.concat([
        bytes.subarray(0, bytes.length >> 1),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
        bytes.subarray(bytes.length >> 1),
      ]);
    return { action, contentType, body: bytes };
  });
}
