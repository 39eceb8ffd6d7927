/**
 * Fetching an entity's reporting flows from pagoPA, as its settings say: FdR 3 REST (the
 * organizations API, fdr-organization-openapi.json: list the published flows, read each flow and
 * its payments page by page) or the nodeForPa SOAP operations (nodeForPa.wsdl:
 * nodoChiediElencoFlussiRendicontazione, then nodoChiediFlussoRendicontazione for each new one,
 * whose `xmlRendicontazione` is the FlussoRiversamento XML in base64). What a listing names is
 * downloaded once (its `source_key`); each download is stored and applied through `storeFlow`.
 */
import type { FlowFetchReport } from '@pagatore/sdk';
import { XMLParser } from 'fast-xml-parser';
import { ApiError } from '../core/errors.js';
import type { Db } from '../db/database.js';
import type { EntityRow } from '../db/schema/index.js';
import { selectFlowBySource } from '../db/stores/flows.js';
import { pagopaSettingsOf } from '../entities/pagopa-settings.js';
import { escapeXml } from '../payments/pagopa/soap.js';
import { outboundRequest } from '../outbound/request.js';
import { FLOW_MAX_BYTES, storeFlow } from './flows.js';
import { type ReconciliationConfig, reconciliationConfigOf } from './settings.js';

/** Namespace of nodeForPa.xsd (the request and response wrappers; children unqualified). */
export const NODE_FOR_PA_NS = 'http://ws.pagamenti.telematici.gov/';
const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const TIMEOUT_MS = 30_000;
const PAGE_SIZE = 1000;

class FetchError extends Error {}

async function call(
  entity: EntityRow,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
): Promise<{ status: number; text: string }> {
  const res = await outboundRequest(url, {
    ...init,
    timeoutMs: TIMEOUT_MS,
    allowPrivate: entity.allow_private_targets === 1,
    maxBytes: FLOW_MAX_BYTES,
  });
  if (res.truncated) throw new FetchError(`${url}: answer larger than ${FLOW_MAX_BYTES} bytes`);
  return { status: res.status, text: res.body.toString('utf8') };
}

function keyHeader(c: ReconciliationConfig): Record<string, string> {
  return c.subscriptionKey ? { 'Ocp-Apim-Subscription-Key': c.subscriptionKey } : {};
}

async function getJson(
  entity: EntityRow,
  c: ReconciliationConfig,
  url: string,
): Promise<Record<string, unknown>> {
  const r = await call(entity, url, {
    method: 'GET',
    headers: { accept: 'application/json', ...keyHeader(c) },
  });
  if (r.status !== 200) throw new FetchError(`GET ${url}: HTTP ${r.status} ${r.text.slice(0, 200)}`);
  try {
    const v: unknown = JSON.parse(r.text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  throw new FetchError(`GET ${url}: not a JSON object`);
}

const pages = (body: Record<string, unknown>) => {
  const m = body.metadata as { totPage?: unknown } | undefined;
  return typeof m?.totPage === 'number' ? m.totPage : 1;
};

/** FdR 3: the published flows, then each new one with all its payments, stored as `{ flow, payments }`. */
async function fetchRest(
  db: Db,
  entity: EntityRow,
  c: ReconciliationConfig,
  now: () => Date,
  report: FlowFetchReport,
) {
  if (!c.fdrUrl) throw new ApiError('invalid_state', { detail: 'reconciliation.fdrUrl is not set' });
  const base = `${c.fdrUrl.replace(/\/+$/, '')}/organizations/${encodeURIComponent(pagopaSettingsOf(entity).idPA)}/fdrs`;
  const listed: { fdr: string; revision: number; pspId: string }[] = [];
  for (let page = 1; ; page++) {
    const body = await getJson(entity, c, `${base}?page=${page}&size=${PAGE_SIZE}`);
    const data = Array.isArray(body.data) ? (body.data as Record<string, unknown>[]) : [];
    for (const d of data)
      if (typeof d.fdr === 'string' && typeof d.revision === 'number' && typeof d.pspId === 'string')
        listed.push({ fdr: d.fdr, revision: d.revision, pspId: d.pspId });
    if (page >= pages(body) || data.length === 0) break;
  }
  report.listed = listed.length;
  for (const l of listed) {
    const sourceKey = `rest:${l.fdr}/${l.revision}/${l.pspId}`;
    if (await selectFlowBySource(db, entity.code, sourceKey)) continue;
    try {
      const one = `${base}/${encodeURIComponent(l.fdr)}/revisions/${l.revision}/psps/${encodeURIComponent(l.pspId)}`;
      const flow = await getJson(entity, c, one);
      const payments: unknown[] = [];
      for (let page = 1; ; page++) {
        const body = await getJson(entity, c, `${one}/payments?page=${page}&size=${PAGE_SIZE}`);
        const data = Array.isArray(body.data) ? body.data : [];
        payments.push(...(data as unknown[]));
        if (page >= pages(body) || data.length === 0) break;
      }
      const stored = await storeFlow(
        db,
        entity,
        { raw: JSON.stringify({ flow, payments }), format: 'json', origin: 'rest', sourceKey, flowId: l.fdr },
        now(),
      );
      if (stored.created) {
        report.stored++;
        if (stored.flow.status === 'invalid') report.invalid++;
      }
    } catch (e) {
      report.errors.push(`${l.fdr} rev ${l.revision}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

const soapReader = new XMLParser({
  parseTagValue: false,
  removeNSPrefix: true,
  ignoreAttributes: true,
  processEntities: true,
  isArray: (name) => name === 'idRendicontazione',
});

/** A nodeForPa request envelope: the wrapper in its namespace, children unqualified. */
export function nodeForPaEnvelope(operation: string, children: [string, string | null][]): string {
  const body = children
    .filter((c): c is [string, string] => c[1] !== null)
    .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}" xmlns:nfpa="${NODE_FOR_PA_NS}">` +
    `<soapenv:Body><nfpa:${operation}>${body}</nfpa:${operation}></soapenv:Body></soapenv:Envelope>`
  );
}

async function soapCall(
  entity: EntityRow,
  c: ReconciliationConfig,
  operation: string,
  children: [string, string | null][],
): Promise<Record<string, unknown>> {
  const url = c.nodeForPaUrl as string;
  if (/<!DOCTYPE|<!ENTITY/i.test(operation)) throw new FetchError('bad operation');
  const r = await call(entity, url, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', SOAPAction: `"${operation}"`, ...keyHeader(c) },
    body: nodeForPaEnvelope(operation, children),
  });
  if (/<!DOCTYPE|<!ENTITY/i.test(r.text)) throw new FetchError(`${operation}: DOCTYPE in the answer`);
  let doc: Record<string, unknown>;
  try {
    doc = soapReader.parse(r.text) as Record<string, unknown>;
  } catch (e) {
    throw new FetchError(
      `${operation}: HTTP ${r.status}, not XML (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  const env = doc.Envelope as Record<string, unknown> | undefined;
  const body = env?.Body as Record<string, unknown> | undefined;
  const res = body?.[`${operation}Risposta`] as Record<string, unknown> | undefined;
  if (!res) throw new FetchError(`${operation}: HTTP ${r.status}, no ${operation}Risposta`);
  const fault = res.fault as Record<string, unknown> | undefined;
  if (fault)
    throw new FetchError(
      `${operation}: ${String(fault.faultCode)} ${String(fault.description ?? fault.faultString ?? '')}`,
    );
  return res;
}

/** nodeForPa: the list of flows for the entity, then each one not downloaded yet. */
async function fetchSoap(
  db: Db,
  entity: EntityRow,
  c: ReconciliationConfig,
  now: () => Date,
  report: FlowFetchReport,
) {
  const station = pagopaSettingsOf(entity);
  if (!c.nodeForPaUrl)
    throw new ApiError('invalid_state', { detail: 'reconciliation.nodeForPaUrl is not set' });
  if (!station.idBrokerPA || !station.idStation || !c.stationPassword)
    throw new ApiError('invalid_state', {
      detail: 'pagopa.idBrokerPA, pagopa.idStation and reconciliation.stationPassword are needed',
    });
  const who: [string, string | null][] = [
    ['identificativoIntermediarioPA', station.idBrokerPA],
    ['identificativoStazioneIntermediarioPA', station.idStation],
    ['password', c.stationPassword],
    ['identificativoDominio', station.idPA],
  ];
  const list = await soapCall(entity, c, 'nodoChiediElencoFlussiRendicontazione', who);
  const elenco = list.elencoFlussiRendicontazione as Record<string, unknown> | undefined;
  const ids = ((elenco?.idRendicontazione as Record<string, unknown>[] | undefined) ?? []).filter(
    (x) => x && typeof x.identificativoFlusso === 'string',
  );
  report.listed = ids.length;
  for (const item of ids) {
    const flowId = item.identificativoFlusso as string;
    const sourceKey = `soap:${flowId}@${String(item.dataOraFlusso ?? '')}`;
    if (await selectFlowBySource(db, entity.code, sourceKey)) continue;
    try {
      const res = await soapCall(entity, c, 'nodoChiediFlussoRendicontazione', [
        ...who,
        ['identificativoFlusso', flowId],
      ]);
      const b64 =
        typeof res.xmlRendicontazione === 'string' ? res.xmlRendicontazione.replace(/\s+/g, '') : '';
      if (!b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64))
        throw new FetchError('no xmlRendicontazione in the answer');
      const xml = Buffer.from(b64, 'base64').toString('utf8');
      const stored = await storeFlow(
        db,
        entity,
        { raw: xml, format: 'xml', origin: 'soap', sourceKey, flowId },
        now(),
      );
      if (stored.created) {
        report.stored++;
        if (stored.flow.status === 'invalid') report.invalid++;
      }
    } catch (e) {
      report.errors.push(`${flowId}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

/**
 * Fetches the entity's new flows now. Throws `invalid_state` when its settings do not allow it, and
 * `unavailable` when the listing itself fails; a single flow that fails is reported and retried next
 * time (it was not stored).
 */
export async function fetchFlows(db: Db, entity: EntityRow, now: () => Date): Promise<FlowFetchReport> {
  const c = reconciliationConfigOf(entity);
  const report: FlowFetchReport = { source: c.source, listed: 0, stored: 0, invalid: 0, errors: [] };
  if (c.source === 'off')
    throw new ApiError('invalid_state', {
      detail: 'reconciliation.source is off: flows come only by upload',
    });
  try {
    if (c.source === 'rest') await fetchRest(db, entity, c, now, report);
    else await fetchSoap(db, entity, c, now, report);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError('unavailable', {
      detail: `flows could not be listed: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
  return report;
}
