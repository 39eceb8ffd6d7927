/**
 * POST /pagopa/node: the entity's station as the pagoPA node calls it (SOAP 1.1, paForNode.wsdl).
 * Always answers SOAP — never the JSON errors of the API, never a 500: a refusal is the operation's
 * KO response with its `PAA_*` fault (or a SOAP Fault when not even the operation can be told).
 */
import type { IncomingMessage } from 'node:http';
import { TLSSocket } from 'node:tls';
import { Hono } from 'hono';
import type { AppDeps } from '../../core/deps.js';
import type { AppEnv } from '../../http/context.js';
import { recordNodeCall } from '../../entities/pagopa-health.js';
import { answerNode, faultResponse, type PaaFault } from '../../payments/pagopa/node.js';
import { checkNodeCaller, type PeerCertificate } from '../../payments/pagopa/node-auth.js';
import {
  type NodeOperation,
  operationFromAction,
  parseSoapRequest,
  soapFault,
  SoapSyntaxError,
} from '../../payments/pagopa/soap.js';

/** Where the node calls; the station's URL on the pagoPA back office points here. */
export const NODE_PATH = '/pagopa/node';

class TooLarge extends Error {}

/** The client certificate when this server terminated TLS itself (TLS_CLIENT_CA_FILE). */
function peerCertificate(env: unknown): PeerCertificate | null {
  const socket = (env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket;
  if (!(socket instanceof TLSSocket)) return null;
  const cert = socket.getPeerCertificate();
  if (!cert || !cert.subject) return null;
  const subject = Object.entries(cert.subject)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(',');
  return { authorized: socket.authorized, subject, fingerprint256: cert.fingerprint256 ?? '' };
}

/** The body as text, refusing more than `limit` bytes whatever Content-Length says. */
async function readCapped(req: Request, limit: number): Promise<string> {
  const declared = req.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw new TooLarge();
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let seen = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    seen += value.byteLength;
    if (seen > limit) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
}

function xml(body: string, status: number): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/xml; charset=utf-8' } });
}

/** A refusal for an operation known (from SOAPAction) or not. */
function refusal(op: NodeOperation | null, code: PaaFault, description: string, status: number): Response {
  return xml(op ? faultResponse(op, code, 'Pagatore', description) : soapFault(code, description), status);
}

export function pagopaNodeRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { pagopaNodeCertHeader, pagopaNodeIps, tlsClientCaFile, mode } = deps.config;
  if (!pagopaNodeCertHeader && !tlsClientCaFile && pagopaNodeIps.length === 0)
    deps.logger.warn(
      mode === 'production'
        ? 'pagopa node: no node authentication configured (PAGOPA_NODE_CERT_HEADER, PAGOPA_NODE_IPS): every node call is refused'
        : 'pagopa node: no node authentication configured: only 127.0.0.1 may call (demo mode)',
    );

  app.post(NODE_PATH, async (c) => {
    const action = c.req.header('soapaction') ?? null;
    const actionOp = operationFromAction(action);
    const auth = checkNodeCaller(deps.config, {
      ip: c.get('clientIp'),
      header: (n) => c.req.header(n),
      peer: peerCertificate(c.env),
    });
    if (!auth.ok) {
      deps.logger.warn('pagopa node: caller refused', { ip: c.get('clientIp'), reason: auth.reason });
      return refusal(actionOp, 'PAA_SYSTEM_ERROR', 'caller not authorised', 403);
    }
    let text: string;
    try {
      text = await readCapped(c.req.raw, deps.config.pagopaSoapLimitBytes);
    } catch (e) {
      if (e instanceof TooLarge) return refusal(actionOp, 'PAA_SINTASSI_EXTRAXSD', 'request too large', 413);
      return refusal(actionOp, 'PAA_SINTASSI_EXTRAXSD', 'unreadable request body', 400);
    }
    let request;
    try {
      request = parseSoapRequest(text, action);
    } catch (e) {
      const message = e instanceof SoapSyntaxError ? e.message : 'malformed request';
      // The operation's own KO response when SOAPAction tells it; the node always sends it.
      return refusal(actionOp, 'PAA_SINTASSI_EXTRAXSD', message, actionOp ? 200 : 400);
    }
    try {
      const answer = await answerNode(
        {
          db: deps.db,
          now: deps.now,
          activationTtlSeconds: deps.config.paymentTtlSeconds,
        },
        request,
      );
      if (answer.fault)
        deps.logger.info('pagopa node: fault', { operation: request.operation, fault: answer.fault });
      const idPA = request.body.idPA;
      if (typeof idPA === 'string')
        await recordNodeCall(deps.db, idPA, request.operation, answer.fault ?? null, deps.now()).catch(
          (e: unknown) =>
            deps.logger.warn('pagopa node: call not noted for the health page', {
              error: e instanceof Error ? e.message : String(e),
            }),
        );
      return xml(answer.xml, 200);
    } catch (e) {
      deps.logger.error('pagopa node: unexpected error', {
        operation: request.operation,
        error: e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : String(e),
      });
      return refusal(request.operation, 'PAA_SYSTEM_ERROR', 'temporary error, retry', 200);
    }
  });

  return app;
}
