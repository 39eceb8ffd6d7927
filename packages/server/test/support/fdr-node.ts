/**
 * Test support for reporting flows: a builder of FlussoRiversamento XML (validated with `xmllint`
 * against the official FlussoRiversamento_1_0_4.xsd before any test uses it) and of the same flow as
 * FdR 3 JSON, and a stand-in of pagoPA's flow endpoints on 127.0.0.1 built from the official specs:
 * the FdR 3 organizations REST API (fdr-organization-openapi.json; every answer is checked against
 * its schemas) and the nodeForPa SOAP operations (nodeForPa.wsdl; every request and answer is
 * validated with `xmllint` against nodeForPa.xsd).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { centsToDecimal } from '@pagatore/sdk';
import { XMLParser } from 'fast-xml-parser';
import { escapeXml } from '../../src/payments/pagopa/soap.js';
import { checkJsonSchema } from './json-schema-check.js';

const run = promisify(execFile);

export const FLOW_XSD = fileURLToPath(
  new URL('./pagopa/xsd-common/FlussoRiversamento_1_0_4.xsd', import.meta.url),
);
export const NODE_FOR_PA_XSD = fileURLToPath(new URL('./pagopa/wsdl/xsd/nodeForPa.xsd', import.meta.url));
const FDR_OPENAPI = JSON.parse(
  readFileSync(fileURLToPath(new URL('./pagopa/fdr/fdr-organization-openapi.json', import.meta.url)), 'utf8'),
) as Record<string, unknown>;
const NODE_FOR_PA_NS = 'http://ws.pagamenti.telematici.gov/';
const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** Validates XML documents against an XSD with xmllint; throws with its message when one is invalid. */
export async function xmllint(xsd: string, docs: readonly string[]): Promise<void> {
  if (docs.length === 0) return;
  const dir = mkdtempSync(join(tmpdir(), 'pagatore-fdr-'));
  try {
    const files = docs.map((d, i) => {
      const f = join(dir, `d${i}.xml`);
      writeFileSync(f, d);
      return f;
    });
    try {
      await run('xmllint', ['--noout', '--schema', xsd, ...files], { maxBuffer: 16 * 1024 * 1024 });
    } catch (e) {
      const err = e as { stderr?: string };
      throw new Error(`${xsd} validation failed:\n${err.stderr ?? String(e)}`, { cause: e });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface TestFlowRow {
  iuv: string;
  iur: string;
  /** Transfer index 1-5; null leaves indiceDatiSingoloPagamento out. */
  idx: number | null;
  amount: number;
  outcome: 0 | 3 | 9;
  date: string;
}

export interface TestFlow {
  flowId: string;
  flowDate: string;
  settlementId: string;
  settlementDate: string;
  pspId: string;
  pspName: string;
  receiver: string;
  rows: TestFlowRow[];
  /** Declared totals; default: the rows' own. */
  declaredCount?: number;
  declaredAmount?: number;
}

/** A flow id as PSPs build it: date, PSP id, a number. */
export function flowIdOf(date: string, psp: string, n: number): string {
  return `${date}${psp}-${String(n).padStart(4, '0')}`;
}

/** The FlussoRiversamento XML of a flow, as a PSP writes it (prefixed, qualified elements). */
export function flowXml(f: TestFlow): string {
  const count = f.declaredCount ?? f.rows.length;
  const amount = f.declaredAmount ?? f.rows.reduce((a, r) => a + r.amount, 0);
  const e = (name: string, v: string) => `<pay_i:${name}>${escapeXml(v)}</pay_i:${name}>`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<pay_i:FlussoRiversamento xmlns:pay_i="http://www.digitpa.gov.it/schemas/2011/Pagamenti/">` +
    e('versioneOggetto', '1.0') +
    e('identificativoFlusso', f.flowId) +
    e('dataOraFlusso', f.flowDate) +
    e('identificativoUnivocoRegolamento', f.settlementId) +
    e('dataRegolamento', f.settlementDate) +
    '<pay_i:istitutoMittente><pay_i:identificativoUnivocoMittente>' +
    e('tipoIdentificativoUnivoco', 'B') +
    e('codiceIdentificativoUnivoco', f.pspId) +
    '</pay_i:identificativoUnivocoMittente>' +
    e('denominazioneMittente', f.pspName) +
    '</pay_i:istitutoMittente>' +
    e('codiceBicBancaDiRiversamento', 'BCITITMM') +
    '<pay_i:istitutoRicevente><pay_i:identificativoUnivocoRicevente>' +
    e('tipoIdentificativoUnivoco', 'G') +
    e('codiceIdentificativoUnivoco', f.receiver) +
    '</pay_i:identificativoUnivocoRicevente>' +
    e('denominazioneRicevente', 'Comune di Esempio') +
    '</pay_i:istitutoRicevente>' +
    e('numeroTotalePagamenti', String(count)) +
    e('importoTotalePagamenti', centsToDecimal(amount)) +
    f.rows
      .map(
        (r) =>
          '<pay_i:datiSingoliPagamenti>' +
          e('identificativoUnivocoVersamento', r.iuv) +
          e('identificativoUnivocoRiscossione', r.iur) +
          (r.idx === null ? '' : e('indiceDatiSingoloPagamento', String(r.idx))) +
          e('singoloImportoPagato', centsToDecimal(r.amount)) +
          e('codiceEsitoSingoloPagamento', String(r.outcome)) +
          e('dataEsitoSingoloPagamento', r.date) +
          '</pay_i:datiSingoliPagamenti>',
      )
      .join('') +
    '</pay_i:FlussoRiversamento>'
  );
}

/** Flows as XML, each validated against the official XSD first. */
export async function validFlowXmls(flows: readonly TestFlow[]): Promise<string[]> {
  const xmls = flows.map(flowXml);
  await xmllint(FLOW_XSD, xmls);
  return xmls;
}

/** An XML dateTime as an FdR 3 Instant (UTC when the XML names no zone). */
const instant = (s: string) => (/(Z|[+-][0-9]{2}:[0-9]{2})$/.test(s) ? s : `${s}Z`);

const STATUS: Record<number, string> = { 0: 'EXECUTED', 3: 'REVOKED', 9: 'NO_RPT' };
const euros = (cents: number) => Number(centsToDecimal(cents));

/** The FdR 3 `SingleFlowResponse` of a flow at a revision. */
export function flowJson(f: TestFlow, revision: number, published: string) {
  const amount = f.declaredAmount ?? f.rows.reduce((a, r) => a + r.amount, 0);
  return {
    status: 'PUBLISHED',
    revision,
    created: instant(f.flowDate),
    updated: published,
    fdr: f.flowId,
    fdrDate: instant(f.flowDate),
    regulation: f.settlementId,
    regulationDate: f.settlementDate,
    bicCodePouringBank: 'BCITITMM',
    sender: {
      type: 'BIC_CODE',
      id: f.pspId,
      pspId: f.pspId,
      pspName: f.pspName,
      pspBrokerId: f.pspId,
      channelId: `${f.pspId}_01`,
    },
    receiver: { id: f.receiver, organizationId: f.receiver, organizationName: 'Comune di Esempio' },
    published,
    computedTotPayments: f.rows.length,
    computedSumPayments: euros(f.rows.reduce((a, r) => a + r.amount, 0)),
    totPayments: f.declaredCount ?? f.rows.length,
    sumPayments: euros(amount),
  };
}

/** The FdR 3 `Payment`s of a flow. */
export function flowPayments(f: TestFlow) {
  return f.rows.map((r, i) => ({
    index: i + 1,
    iuv: r.iuv,
    iur: r.iur,
    idTransfer: r.idx ?? 1,
    pay: euros(r.amount),
    payStatus: STATUS[r.outcome] as string,
    payDate: `${r.date}T10:00:00Z`,
  }));
}

/** What the stand-in publishes: a flow at a revision (REST), or as the SOAP list shows it. */
export interface Published {
  flow: TestFlow;
  revision: number;
  published: string;
  /** XML served by SOAP instead of the flow's own (a malformed flow). */
  xml?: string;
}

export interface FdrStandIn {
  url: string;
  /** FdR 3 base (`fdrUrl`). */
  restUrl: string;
  /** nodeForPa endpoint (`nodeForPaUrl`). */
  soapUrl: string;
  publish(p: Published): void;
  /** Requests seen: method and path (REST) or SOAP operation. */
  calls: string[];
  /** Every SOAP request and answer body, as sent (already validated). */
  soapBodies: string[];
  /** Answer every call with HTTP 503 while true. */
  down: boolean;
  close(): Promise<void>;
}

const SCHEMAS = (FDR_OPENAPI.components as { schemas: Record<string, Record<string, unknown>> }).schemas;

function checked(schema: string, value: unknown): unknown {
  const problems = checkJsonSchema(SCHEMAS[schema] as Record<string, unknown>, value, FDR_OPENAPI);
  if (problems.length) throw new Error(`stand-in answer is not a ${schema}: ${problems.join('; ')}`);
  return value;
}

const soapReader = new XMLParser({ parseTagValue: false, removeNSPrefix: true, ignoreAttributes: true });

/** The SOAP Body's child alone, with the nodeForPa namespace declared on it (for xmllint). */
function bodyChild(envelope: string): string {
  const m = /<([A-Za-z0-9_-]+):Body[^>]*>([\s\S]*)<\/\1:Body>/.exec(envelope);
  if (!m) throw new Error('no SOAP Body');
  const inner = m[2]!.trim();
  const root = /^<([A-Za-z0-9_-]+):([A-Za-z0-9_-]+)/.exec(inner);
  if (!root) throw new Error('Body child is not prefixed');
  return inner.includes(`xmlns:${root[1]}=`)
    ? inner
    : inner.replace(root[0], `${root[0]} xmlns:${root[1]}="${NODE_FOR_PA_NS}"`);
}

/**
 * Starts the stand-in. `org` is the entity's idPA; `key` the subscription key it asks (REST and
 * SOAP), `password` the station password of nodeForPa.
 */
export async function startFdrStandIn(opts: {
  org: string;
  key: string;
  broker: string;
  station: string;
  password: string;
  pageSize?: number;
}): Promise<FdrStandIn> {
  const published: Published[] = [];
  const calls: string[] = [];
  const soapBodies: string[] = [];
  const state = { down: false };
  const pageSize = opts.pageSize ?? 2;

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, message: string) =>
    json(
      res,
      status,
      checked('ErrorResponse', { httpStatusCode: status, appErrorCode: 'FDR-0001', errors: [{ message }] }),
    );

  const rest = (req: IncomingMessage, res: ServerResponse, u: URL) => {
    if (req.headers['ocp-apim-subscription-key'] !== opts.key) return error(res, 401, 'subscription key');
    const parts = u.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    // fdr/organizations/{org}/fdrs[/{fdr}/revisions/{rev}/psps/{psp}[/payments]]
    if (parts[0] !== 'fdr' || parts[1] !== 'organizations' || parts[3] !== 'fdrs')
      return error(res, 404, 'path');
    if (parts[2] !== opts.org) return error(res, 404, 'organization');
    const page = Number(u.searchParams.get('page') ?? '1');
    const size = Number(u.searchParams.get('size') ?? '1000');
    const size2 = Math.min(size, pageSize);
    const paged = <T>(items: T[]) => ({
      metadata: { pageSize: size2, pageNumber: page, totPage: Math.max(1, Math.ceil(items.length / size2)) },
      count: items.length,
      data: items.slice((page - 1) * size2, page * size2),
    });
    if (parts.length === 4) {
      const items = published.map((p) => ({
        fdr: p.flow.flowId,
        pspId: p.flow.pspId,
        revision: p.revision,
        published: p.published,
        flowDate: instant(p.flow.flowDate),
      }));
      return json(res, 200, checked('PaginatedFlowsResponse', paged(items)));
    }
    const one = published.find(
      (p) => p.flow.flowId === parts[4] && String(p.revision) === parts[6] && p.flow.pspId === parts[8],
    );
    if (parts[5] !== 'revisions' || parts[7] !== 'psps' || !one) return error(res, 404, 'flow');
    if (parts.length === 9)
      return json(res, 200, checked('SingleFlowResponse', flowJson(one.flow, one.revision, one.published)));
    if (parts[9] === 'payments' && parts.length === 10)
      return json(res, 200, checked('PaginatedPaymentsResponse', paged(flowPayments(one.flow))));
    return error(res, 404, 'path');
  };

  const soap = async (res: ServerResponse, raw: string, action: string) => {
    await xmllint(NODE_FOR_PA_XSD, [bodyChild(raw)]);
    soapBodies.push(raw);
    const doc = soapReader.parse(raw) as Record<
      string,
      Record<string, Record<string, Record<string, string>>>
    >;
    const body = doc.Envelope!.Body!;
    const op = Object.keys(body)[0] as string;
    if (op !== action) throw new Error(`SOAPAction ${action} for ${op}`);
    calls.push(op);
    const r = body[op]!;
    const fault =
      r.identificativoIntermediarioPA !== opts.broker ||
      r.identificativoStazioneIntermediarioPA !== opts.station ||
      r.password !== opts.password
        ? 'PPT_AUTENTICAZIONE'
        : r.identificativoDominio !== opts.org
          ? 'PPT_DOMINIO_SCONOSCIUTO'
          : null;
    let inner: string;
    if (fault) {
      inner = `<fault><faultCode>${fault}</faultCode><faultString>${fault}</faultString><id>NodoDeiPagamentiSPC</id></fault>`;
    } else if (op === 'nodoChiediElencoFlussiRendicontazione') {
      // The SOAP list shows each flow once, at its newest publication.
      const newest = new Map<string, Published>();
      for (const p of published) newest.set(p.flow.flowId, p);
      inner =
        `<elencoFlussiRendicontazione><totRestituiti>${newest.size}</totRestituiti>` +
        [...newest.values()]
          .map(
            (p) =>
              `<idRendicontazione><identificativoFlusso>${escapeXml(p.flow.flowId)}</identificativoFlusso><dataOraFlusso>${p.published.replace(/Z$/, '')}</dataOraFlusso></idRendicontazione>`,
          )
          .join('') +
        '</elencoFlussiRendicontazione>';
    } else {
      const id = String(r.identificativoFlusso);
      const p = [...published].reverse().find((x) => x.flow.flowId === id);
      inner = p
        ? `<xmlRendicontazione>${Buffer.from(p.xml ?? flowXml(p.flow), 'utf8').toString('base64')}</xmlRendicontazione>`
        : `<fault><faultCode>PPT_ID_FLUSSO_SCONOSCIUTO</faultCode><faultString>unknown flow</faultString><id>NodoDeiPagamentiSPC</id></fault>`;
    }
    const answer =
      '<?xml version="1.0" encoding="UTF-8"?>' +
      `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}" xmlns:nfpa="${NODE_FOR_PA_NS}"><soapenv:Body>` +
      `<nfpa:${op}Risposta>${inner}</nfpa:${op}Risposta></soapenv:Body></soapenv:Envelope>`;
    await xmllint(NODE_FOR_PA_XSD, [bodyChild(answer)]);
    soapBodies.push(answer);
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
    res.end(answer);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (state.down) {
        res.writeHead(503).end();
        return;
      }
      const done = (e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(e));
      };
      try {
        if (req.method === 'GET') {
          calls.push(`GET ${u.pathname}`);
          rest(req, res, u);
        } else if (req.method === 'POST' && u.pathname === '/nodo-auth/node-for-pa/v1') {
          if (req.headers['ocp-apim-subscription-key'] !== opts.key) {
            res.writeHead(401).end();
            return;
          }
          const action = String(req.headers.soapaction ?? '').replace(/"/g, '');
          soap(res, Buffer.concat(chunks).toString('utf8'), action).catch(done);
        } else {
          res.writeHead(404).end();
        }
      } catch (e) {
        done(e);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    restUrl: `${url}/fdr`,
    soapUrl: `${url}/nodo-auth/node-for-pa/v1`,
    publish: (p) => published.push(p),
    calls,
    soapBodies,
    get down() {
      return state.down;
    },
    set down(v: boolean) {
      state.down = v;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
