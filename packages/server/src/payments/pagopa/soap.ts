/**
 * SOAP 1.1 for the pagoPA node's calls (paForNode.wsdl): reading a request envelope safely and
 * writing responses exactly as paForNode.xsd wants them — only the wrapper element is in the
 * namespace, children are unqualified (the schema has no elementFormDefault).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Namespace of paForNode.xsd (the wrapper elements). */
export const PA_FOR_NODE_NS = 'http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd';
/** SOAP 1.1 envelope namespace. */
export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** The operations of paForNode.wsdl this server implements, with their wrapper elements. */
export const NODE_OPERATIONS = {
  paVerifyPaymentNotice: { req: 'paVerifyPaymentNoticeReq', res: 'paVerifyPaymentNoticeRes' },
  paGetPayment: { req: 'paGetPaymentReq', res: 'paGetPaymentRes' },
  paGetPaymentV2: { req: 'paGetPaymentV2Request', res: 'paGetPaymentV2Response' },
  paSendRT: { req: 'paSendRTReq', res: 'paSendRTRes' },
  paSendRTV2: { req: 'paSendRTV2Request', res: 'paSendRTV2Response' },
} as const;
export type NodeOperation = keyof typeof NODE_OPERATIONS;

/** A parsed XML element: text, or children by local name (repeated ones as arrays). */
export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

/** Why an envelope was refused: `bomb` (DOCTYPE/entities) or `syntax`. */
export class SoapSyntaxError extends Error {
  readonly kind: 'syntax' | 'bomb';
  override readonly name = 'SoapSyntaxError';
  constructor(message: string, kind: 'syntax' | 'bomb' = 'syntax') {
    super(message);
    this.kind = kind;
  }
}

/** Operation named by a SOAPAction header (`"paGetPaymentV2"`, quotes optional), or null. */
export function operationFromAction(action: string | undefined | null): NodeOperation | null {
  const name = (action ?? '').trim().replace(/^"|"$/g, '');
  return Object.hasOwn(NODE_OPERATIONS, name) ? (name as NodeOperation) : null;
}

const REPEATED = new Set(['transfer', 'mapEntry']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // NAVs, fiscal codes and amounts stay strings: "000123" must not become 123.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // The five predefined entities and character references only: DOCTYPEs are refused before.
  processEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 24,
  isArray: (name) => REPEATED.has(name.includes(':') ? name.slice(name.indexOf(':') + 1) : name),
});

function localName(name: string): { prefix: string | null; local: string } {
  const i = name.indexOf(':');
  return i < 0 ? { prefix: null, local: name } : { prefix: name.slice(0, i), local: name.slice(i + 1) };
}

function asObject(v: unknown): Record<string, unknown> | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** Namespace declarations of an element (`@xmlns:p` / `@xmlns`). */
function declarations(el: Record<string, unknown>, into: Map<string, string>): Map<string, string> {
  const out = new Map(into);
  for (const [k, v] of Object.entries(el)) {
    if (k === '@xmlns') out.set('', String(v));
    else if (k.startsWith('@xmlns:')) out.set(k.slice(7), String(v));
  }
  return out;
}

/** Children of an element, checked to be unqualified, without attributes and text wrappers. */
function unqualified(value: unknown, path: string): XmlValue {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => unqualified(v, path));
  const obj = asObject(value);
  if (!obj) return '';
  if ('#text' in obj && Object.keys(obj).every((k) => k === '#text' || k.startsWith('@')))
    return String(obj['#text']);
  const out: XmlObject = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k.startsWith('@')) {
      // A default namespace would qualify the children: the XSD wants them unqualified.
      if (k === '@xmlns' && v !== '') throw new SoapSyntaxError(`${path}: children must be unqualified`);
      continue;
    }
    if (k === '#text') throw new SoapSyntaxError(`${path}: mixed content`);
    if (k.includes(':')) throw new SoapSyntaxError(`${path}/${k}: children must be unqualified`);
    out[k] = unqualified(v, `${path}/${k}`);
  }
  return out;
}

export interface SoapRequest {
  operation: NodeOperation;
  /** The wrapper's children, by local name. */
  body: XmlObject;
  /** The message as received (receipts keep it whole). */
  raw: string;
}

/**
 * Reads a SOAP 1.1 request to one of the node operations. Throws `SoapSyntaxError` on anything
 * else: not well-formed, a DOCTYPE (entity expansion, external entities), wrong namespaces,
 * qualified children, an unknown operation or one that disagrees with the SOAPAction header.
 */
export function parseSoapRequest(xml: string, soapAction: string | null | undefined): SoapRequest {
  // No DOCTYPE, no entity declarations: the node never sends them, and they are how XML bombs and
  // external entities get in. Refused before any parser sees them.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw new SoapSyntaxError('DOCTYPE and entity declarations are not allowed', 'bomb');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new SoapSyntaxError(`not well-formed XML: ${valid.err.msg}`);
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (e) {
    throw new SoapSyntaxError(`not well-formed XML: ${e instanceof Error ? e.message : String(e)}`);
  }
  const roots = Object.keys(doc).filter((k) => !k.startsWith('?') && !k.startsWith('@'));
  if (roots.length !== 1) throw new SoapSyntaxError('one Envelope element expected');
  const envName = roots[0]!;
  const envelope = asObject(doc[envName]);
  if (!envelope) throw new SoapSyntaxError('empty Envelope');
  let ns = declarations(envelope, new Map());
  const env = localName(envName);
  if (env.local !== 'Envelope' || ns.get(env.prefix ?? '') !== SOAP_ENV_NS)
    throw new SoapSyntaxError('not a SOAP 1.1 Envelope');
  const bodyName = Object.keys(envelope).find((k) => {
    const n = localName(k);
    return n.local === 'Body' && ns.get(n.prefix ?? '') === SOAP_ENV_NS;
  });
  const body = bodyName ? asObject(envelope[bodyName]) : null;
  if (!body) throw new SoapSyntaxError('SOAP Body missing or empty');
  ns = declarations(body, ns);
  const wrappers = Object.keys(body).filter((k) => !k.startsWith('@'));
  if (wrappers.length !== 1) throw new SoapSyntaxError('one request element expected in the Body');
  const wrapperName = wrappers[0]!;
  const wrapperValue = body[wrapperName];
  const wrapper = asObject(wrapperValue);
  if (!wrapper) throw new SoapSyntaxError(`${wrapperName}: empty request`);
  const w = localName(wrapperName);
  const wrapperNs = declarations(wrapper, ns).get(w.prefix ?? '');
  if (wrapperNs !== PA_FOR_NODE_NS) throw new SoapSyntaxError(`${wrapperName}: wrong namespace`);
  const operation = (Object.keys(NODE_OPERATIONS) as NodeOperation[]).find(
    (op) => NODE_OPERATIONS[op].req === w.local,
  );
  if (!operation) throw new SoapSyntaxError(`${w.local}: operation not supported`);
  const action = operationFromAction(soapAction);
  if (soapAction && soapAction.replace(/"/g, '').trim() !== '' && action !== operation)
    throw new SoapSyntaxError(`SOAPAction does not match ${w.local}`);
  // A wrapper in the default namespace passes it on to its children, which the XSD wants unqualified.
  if (w.prefix === null) throw new SoapSyntaxError(`${w.local}: children must be unqualified`);
  const parsed = unqualified(wrapper, w.local);
  return { operation, body: asObject(parsed) as XmlObject, raw: xml };
}

/** Escapes text for element content. */
export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** An element to write: a name and text, or child elements (undefined children are left out). */
export type XmlNode = readonly [name: string, content: string | readonly (XmlNode | undefined)[]];

/** Writes elements in order; `undefined` nodes (absent optional elements) are skipped. */
export function writeNodes(nodes: readonly (XmlNode | undefined)[]): string {
  let out = '';
  for (const node of nodes) {
    if (!node) continue;
    const [name, content] = node;
    out +=
      typeof content === 'string'
        ? `<${name}>${escapeXml(content)}</${name}>`
        : `<${name}>${writeNodes(content)}</${name}>`;
  }
  return out;
}

/** A SOAP 1.1 response envelope around one paForNode wrapper; only the wrapper is qualified. */
export function soapResponse(wrapper: string, children: readonly (XmlNode | undefined)[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}" xmlns:pafn="${PA_FOR_NODE_NS}">` +
    '<soapenv:Body>' +
    `<pafn:${wrapper}>${writeNodes(children)}</pafn:${wrapper}>` +
    '</soapenv:Body></soapenv:Envelope>'
  );
}

/**
 * A SOAP 1.1 Fault, for requests whose operation cannot be told (not even from SOAPAction): there
 * is no paForNode response to put a `PAA_*` fault bean in.
 */
export function soapFault(faultCode: string, faultString: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}">` +
    '<soapenv:Body><soapenv:Fault>' +
    `<faultcode>soapenv:Client</faultcode><faultstring>${escapeXml(faultString)}</faultstring>` +
    `<detail><faultCode>${escapeXml(faultCode)}</faultCode></detail>` +
    '</soapenv:Fault></soapenv:Body></soapenv:Envelope>'
  );
}

/** An element's content with attributes dropped and names without their prefix. */
function localContent(value: unknown): XmlValue {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(localContent);
  const obj = asObject(value);
  if (!obj) return '';
  if ('#text' in obj && Object.keys(obj).every((k) => k === '#text' || k.startsWith('@')))
    return String(obj['#text']);
  const out: XmlObject = {};
  for (const [k, v] of Object.entries(obj))
    if (!k.startsWith('@') && k !== '#text') out[localName(k).local] = localContent(v);
  return out;
}

/** The first `receipt` element within a few levels of a parsed document. */
function findReceipt(value: unknown, depth: number): unknown {
  const obj = asObject(value);
  if (!obj || depth > 4) return undefined;
  for (const [k, v] of Object.entries(obj)) {
    if (k.startsWith('@') || k.startsWith('?')) continue;
    if (localName(k).local === 'receipt' && asObject(v)) return v;
    const inner = findReceipt(v, depth + 1);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/**
 * The receipt of a paSendRT(V2) request as another party kept it (GPD's payments-receipts service
 * answers the request its station received, without the SOAP envelope and with or without the
 * namespace): the `receipt` element's children by local name. Throws `SoapSyntaxError` on XML that
 * is not well-formed, a DOCTYPE or entity declaration, or no receipt.
 */
export function parseReceiptDocument(xml: string): XmlObject {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw new SoapSyntaxError('DOCTYPE and entity declarations are not allowed', 'bomb');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new SoapSyntaxError(`not well-formed XML: ${valid.err.msg}`);
  const receipt = findReceipt(parser.parse(xml), 0);
  if (receipt === undefined) throw new SoapSyntaxError('no receipt element');
  return localContent(receipt) as XmlObject;
}
