import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { closeServer, listen, tlsFromConfig } from '../../server.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { fakeNode } from '../../../test/support/pagopa-fake-node.js';
import { configureStation, nodePosition, STATION } from '../../../test/support/pagopa-fixtures.js';

const ENTE = TEST_ENTITY.code;

/** A CA, a server certificate for 127.0.0.1, the node's client certificate and an impostor's. */
function makeCertificates(dir: string) {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const key = (name: string) =>
    ssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
  key('ca');
  ssl(
    'req',
    '-x509',
    '-new',
    '-key',
    'ca.key',
    '-subj',
    '/C=IT/O=Test CA/CN=Test CA',
    '-days',
    '2',
    '-out',
    'ca.pem',
  );
  const signed = (name: string, subj: string, ext?: string) => {
    key(name);
    ssl('req', '-new', '-key', `${name}.key`, '-subj', subj, '-out', `${name}.csr`);
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-out',
      `${name}.pem`,
      ...(ext ? ['-extfile', ext] : []),
    );
  };
  execFileSync('sh', ['-c', 'printf "subjectAltName=IP:127.0.0.1\\n" > san.ext'], { cwd: dir });
  signed('server', '/CN=127.0.0.1', 'san.ext');
  signed('node', '/C=IT/O=PagoPA S.p.A./CN=nodo.test');
  // An impostor: the same subject, self-signed (not by the CA).
  key('other');
  ssl(
    'req',
    '-x509',
    '-new',
    '-key',
    'other.key',
    '-subj',
    '/C=IT/O=PagoPA S.p.A./CN=nodo.test',
    '-days',
    '2',
    '-out',
    'other.pem',
  );
  const file = (n: string) => join(dir, n);
  return { file, read: (n: string) => readFileSync(file(n)) };
}

function post(url: string, xml: string, action: string, client?: { key: Buffer; cert: Buffer }) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'text/xml', soapaction: action },
        rejectUnauthorized: false,
        ...(client ?? {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(xml);
  });
}

describe('the node authenticated by mutual TLS terminated by Pagatore itself', () => {
  let dir: string;
  let h: Harness;
  let url: string;
  let stop: () => Promise<void>;
  let certs: ReturnType<typeof makeCertificates>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pagatore-tls-'));
    certs = makeCertificates(dir);
    h = await createHarness({
      config: {
        paymentProvider: 'pagopa',
        tlsCertFile: certs.file('server.pem'),
        tlsKeyFile: certs.file('server.key'),
        tlsClientCaFile: certs.file('ca.pem'),
        pagopaNodeCertValues: ['C=IT,O=PagoPA S.p.A.,CN=nodo.test'],
      },
    });
    await configureStation(h);
    const { server, port } = await listen(h.app.fetch, '127.0.0.1', 0, tlsFromConfig(h.deps.config));
    url = `https://127.0.0.1:${port}/pagopa/node`;
    stop = () => closeServer(server);
  });
  afterAll(async () => {
    await stop();
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the node certificate signed by the CA, refuses no certificate and an impostor', async () => {
    const p = await nodePosition(h);
    const as = (client?: { key: Buffer; cert: Buffer }) =>
      fakeNode((xml, action) => post(url, xml, action, client), STATION);
    const ok = await as({ key: certs.read('node.key'), cert: certs.read('node.pem') }).verify(ENTE, p.nav);
    expect(ok.status).toBe(200);
    expect(ok.outcome).toBe('OK');
    const none = await as().verify(ENTE, p.nav);
    expect(none.status).toBe(403);
    expect(none.faultCode).toBe('PAA_SYSTEM_ERROR');
    const impostor = await as({ key: certs.read('other.key'), cert: certs.read('other.pem') }).verify(
      ENTE,
      p.nav,
    );
    expect(impostor.status).toBe(403);
  });
});
