/**
 * A fake pagoPA Checkout "EC carts" endpoint on 127.0.0.1, for the tests of a portal cart paid on
 * pagoPA: it keeps what it received and answers 302 with a cart's Location, or what a test sets.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** Starts the fake; `url` is the value for `pagopaCheckoutUrl`. */
export async function fakeCheckout() {
  const received: Received[] = [];
  let answer: { status: number; body?: string } = { status: 302 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      if (answer.status === 302) {
        const id = crypto.randomUUID();
        res.writeHead(302, {
          location: `https://checkout.example.test/ecommerce/checkout/v1/carts/${id}/redirect?clientId=CHECKOUT_CART`,
        });
        res.end();
      } else {
        res.writeHead(answer.status, { 'content-type': 'application/problem+json' });
        res.end(answer.body ?? '{"title":"error"}');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/checkout/ec/v2/carts`,
    received,
    answerWith: (a: { status: number; body?: string }) => {
      answer = a;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
