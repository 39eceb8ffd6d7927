/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests: records every request with its raw body,
 * answers with a settable status, and can go down (port closed) and come back on the same port.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface TestReceiver {
  url: string;
  port: number;
  received: Received[];
  /** Status answered from now on. */
  status: number;
  /** Closes the port: attempts get "connection refused". */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(path = '/hooks'): Promise<TestReceiver> {
  const received: Received[] = [];
  const state = { status: 200 };
  let server: Server | null = null;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const s = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          if (state.status >= 200 && state.status < 300) {
            received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
          }
          res.writeHead(state.status, { 'content-type': 'text/plain' }).end('ok');
        });
      });
      s.keepAliveTimeout = 1000;
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        server = s;
        resolve((s.address() as AddressInfo).port);
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = null;
      if (!s) return resolve();
      s.close(() => resolve());
      s.closeAllConnections();
    });
  const port = await listen(0);
  return {
    url: `http://127.0.0.1:${port}${path}`,
    port,
    received,
    get status() {
      return state.status;
    },
    set status(v: number) {
      state.status = v;
    },
    down: close,
    up: async () => {
      await listen(port);
    },
    close,
  };
}
