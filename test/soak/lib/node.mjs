// The pagoPA node's side of /pagopa/node for the soak: paVerifyPaymentNotice, paGetPaymentV2 and
// paSendRTV2 written as the node writes them (paForNode.xsd shapes, namespaces on the Envelope,
// children unqualified), as packages/server/test/support/pagopa-fake-node.ts builds them. The unit
// tests validate these shapes against the XSD; here they only need to be fast.

/** The station the soak configures on its entity. */
export const STATION = { idBrokerPA: '15376371009', idStation: '15376371009_01' };

const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const PA_FOR_NODE_NS = 'http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd';

const esc = (s) =>
  String(s).replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c],
  );

/** `[name, text | children]` → XML. */
function xml(nodes) {
  return nodes
    .filter(Boolean)
    .map(([name, v]) => `<${name}>${Array.isArray(v) ? xml(v) : esc(v)}</${name}>`)
    .join('');
}

function envelope(wrapper, children) {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}" xmlns:pafn="${PA_FOR_NODE_NS}">` +
    `<soapenv:Header/><soapenv:Body><pafn:${wrapper}>${xml(children)}</pafn:${wrapper}></soapenv:Body></soapenv:Envelope>`
  );
}

const euros = (cents) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

const tag = (block, name) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(block)?.[1] ?? '';
const unesc = (s) =>
  s.replace(/&(lt|gt|amp|quot|apos);/g, (_, e) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e]);

/** The outcome and fault code of an answer, and the transfers an activation lists. */
export function readReply(text) {
  const transfers = [...text.matchAll(/<transfer>([\s\S]*?)<\/transfer>/g)].map(([, b]) => ({
    amount: Math.round(Number(tag(b, 'transferAmount')) * 100),
    iban: tag(b, 'IBAN'),
    remittance: unesc(tag(b, 'remittanceInformation')),
    category: tag(b, 'transferCategory'),
  }));
  return {
    outcome: /<outcome>(OK|KO)<\/outcome>/.exec(text)?.[1] ?? null,
    fault: /<faultCode>([A-Z_]+)<\/faultCode>/.exec(text)?.[1] ?? null,
    transfers,
  };
}

/**
 * @param {ReturnType<import('./http.mjs').soakClient>} client
 * @param {string} ente
 */
export function nodeClient(client, ente) {
  const ids = () => [
    ['idPA', ente],
    ['idBrokerPA', STATION.idBrokerPA],
    ['idStation', STATION.idStation],
  ];
  const qr = (nav) => [
    'qrCode',
    [
      ['fiscalCode', ente],
      ['noticeNumber', nav],
    ],
  ];
  async function call(kind, action, wrapper, children) {
    const res = await client.request(kind, 'POST', '/pagopa/node', {
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` },
      body: envelope(wrapper, children),
    });
    const r = res.error ? { outcome: null, fault: null, transfers: [] } : readReply(res.text);
    if (r.fault) client.code(kind, r.fault);
    return { ...r, status: res.status, error: res.error };
  }
  return {
    verify: (nav) =>
      call('node-verify', 'paVerifyPaymentNotice', 'paVerifyPaymentNoticeReq', [...ids(), qr(nav)]),
    activate: (nav, amountCents) =>
      call('node-activate', 'paGetPaymentV2', 'paGetPaymentV2Request', [
        ...ids(),
        qr(nav),
        ['amount', euros(amountCents)],
      ]),
    /**
     * A receipt for a notice: one transfer per stored transfer, as the activation listed them.
     * @param {{ nav: string, iuv: string, amount: number, receiptId: string, outcome?: 'OK'|'KO',
     *   transfers: { iban: string, amount: number, remittance: string, category: string }[], channel?: string }} r
     */
    sendRT: (r) =>
      call('node-rt', 'paSendRTV2', 'paSendRTV2Request', [
        ...ids(),
        [
          'receipt',
          [
            ['receiptId', r.receiptId],
            ['noticeNumber', r.nav],
            ['fiscalCode', ente],
            ['outcome', r.outcome ?? 'OK'],
            ['creditorReferenceId', r.iuv],
            ['paymentAmount', euros(r.amount)],
            ['description', 'Pagamento soak'],
            ['companyName', 'Comune di Soak'],
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
            [
              'transferList',
              r.transfers.map((t, i) => [
                'transfer',
                [
                  ['idTransfer', String(i + 1)],
                  ['transferAmount', euros(t.amount)],
                  ['fiscalCodePA', ente],
                  ['IBAN', t.iban],
                  ['remittanceInformation', t.remittance.slice(0, 140)],
                  ['transferCategory', t.category],
                ],
              ]),
            ],
            ['idPSP', 'BCITITMM'],
            ['pspFiscalCode', '00799960158'],
            ['PSPCompanyName', 'Intesa Sanpaolo'],
            ['idChannel', r.channel ?? '00799960158_01'],
            ['channelDescription', 'app'],
            ['paymentMethod', 'creditCard'],
            ['fee', '1.00'],
            ['paymentDateTime', new Date().toISOString().slice(0, 19)],
            ['applicationDate', new Date().toISOString().slice(0, 10)],
          ],
        ],
      ]),
  };
}
