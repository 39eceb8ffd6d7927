// What the server talks to during the soak, on 127.0.0.1: a real SMTP server (smtp-server +
// mailparser) that keeps every mail, and a webhook receiver that fails for a while and recovers,
// logging every POST with its event id, answer and whether its signature verified.
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { verifyWebhookSignature } from '@pagatore/sdk';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server; `waitFor(to)` resolves with the text of the newest mail to an address. */
export async function startInbox() {
  /** @type {Map<string, { subject: string, text: string }[]>} */
  const byTo = new Map();
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    // smtp-server's bundled certificate has expired: plain SMTP on loopback.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (m) => {
          count++;
          const list = Array.isArray(m.to) ? m.to : m.to ? [m.to] : [];
          for (const a of list.flatMap((x) => x.value)) {
            const to = (a.address ?? '').toLowerCase();
            const mails = byTo.get(to) ?? [];
            mails.push({ subject: m.subject ?? '', text: m.text ?? '' });
            byTo.set(to, mails);
          }
          callback();
        },
        (e) => callback(e),
      );
    },
  });
  // A server killed mid-message resets its connection: that is the soak's doing, not a failure.
  server.on('error', () => undefined);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const port = /** @type {import('node:net').AddressInfo} */ (server.server.address()).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    count: () => count,
    /** The activation token of the newest mail to `to` carrying one, waiting up to `timeoutMs`. */
    async activationToken(to, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mails = byTo.get(to.toLowerCase()) ?? [];
        for (let i = mails.length - 1; i >= 0; i--) {
          const m = /#pagatore-activate=([a-z2-7]+)/.exec(mails[i].text);
          if (m) return m[1];
        }
        if (Date.now() > deadline) return null;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}

/**
 * A webhook receiver. Between the times given to `failBetween` (ms since t0) it answers 503 or drops
 * the connection; otherwise 200. Every POST is logged (in memory and as JSON lines in `logFile`).
 * @param {{ t0: number, logFile: string }} o
 */
export async function startReceiver(o) {
  /** @type {{ t: number, eventId: string, type: string, deliveryId: string, status: number, signed: boolean }[]} */
  const log = [];
  let secret = '';
  let forceUp = false;
  let failFrom = 0;
  let failUntil = 0;
  let n = 0;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const t = Date.now() - o.t0;
      const failing = !forceUp && t >= failFrom && t < failUntil;
      const entry = {
        t,
        eventId: String(req.headers['pagatore-event-id'] ?? ''),
        type: String(req.headers['pagatore-event-type'] ?? ''),
        deliveryId: String(req.headers['pagatore-delivery-id'] ?? ''),
        status: 0,
        signed: false,
      };
      const v = await verifyWebhookSignature({
        payload: body,
        header: String(req.headers['pagatore-signature'] ?? ''),
        secret,
        toleranceSeconds: 3600,
      }).catch(() => ({ ok: false }));
      entry.signed = v.ok === true;
      if (failing && n++ % 3 === 2) {
        // A receiver that goes away mid-request: no answer at all.
        entry.status = -1;
        req.socket.destroy();
      } else {
        entry.status = failing ? 503 : entry.signed ? 200 : 400;
        res.writeHead(entry.status, { 'content-type': 'text/plain' }).end(failing ? 'down' : 'ok');
      }
      log.push(entry);
      appendFileSync(o.logFile, `${JSON.stringify(entry)}\n`);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    log,
    setSecret: (s) => {
      secret = s;
    },
    failBetween: (from, until) => {
      failFrom = from;
      failUntil = until;
    },
    /** Ends the failing period early (the drain at the end of a run shorter than planned). */
    recover: () => {
      forceUp = true;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      }),
  };
}
