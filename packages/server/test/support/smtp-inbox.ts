/**
 * A real SMTP server on 127.0.0.1 for tests (smtp-server + mailparser): the app sends through
 * nodemailer with SMTP_URL, and tests wait for the parsed messages. STARTTLS and AUTH are off:
 * smtp-server's bundled certificate has expired (TOOLCHAIN G8).
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Inbox {
  /** `smtp://127.0.0.1:<port>` for the app's SMTP_URL. */
  url: string;
  messages: ParsedMail[];
  /** Waits for the next message to an address (optionally matching a subject) not yet taken. */
  next(to: string, subject?: RegExp, timeoutMs?: number): Promise<ParsedMail>;
  /** Messages to an address received so far. */
  to(address: string): ParsedMail[];
  close(): Promise<void>;
}

function recipients(m: ParsedMail): string[] {
  const list = Array.isArray(m.to) ? m.to : m.to ? [m.to] : [];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
}

export interface InboxOptions {
  /**
   * Runs once a message's data is read, before the server answers it: the client waits meanwhile
   * (a server that holds the connection), and a throw refuses the message (451, not kept).
   */
  beforeAnswer?: (message: ParsedMail) => Promise<void>;
}

export async function startInbox(opts: InboxOptions = {}): Promise<Inbox> {
  const messages: ParsedMail[] = [];
  const taken = new Set<ParsedMail>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (m) => {
          await opts.beforeAnswer?.(m);
          return m;
        })
        .then(
          (m) => {
            messages.push(m);
            callback();
          },
          (e: Error) => callback(Object.assign(e, { responseCode: 451 })),
        );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  const matches = (m: ParsedMail, to: string, subject?: RegExp) =>
    !taken.has(m) && recipients(m).includes(to.toLowerCase()) && (!subject || subject.test(m.subject ?? ''));
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    to: (address) => messages.filter((m) => recipients(m).includes(address.toLowerCase())),
    async next(to, subject, timeoutMs = 5000) {
      const start = Date.now();
      for (;;) {
        const m = messages.find((x) => matches(x, to, subject));
        if (m) {
          taken.add(m);
          return m;
        }
        if (Date.now() - start > timeoutMs)
          throw new Error(`no mail to ${to} ${subject ?? ''} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The token of the first `#pagatore-<kind>=` link in a mail's text. */
export function linkToken(m: ParsedMail, kind: string): { url: string; token: string } {
  const re = new RegExp(`(https?://\\S+#pagatore-${kind}=([a-z2-7]+))`);
  const found = re.exec(m.text ?? '');
  if (!found?.[1] || !found[2]) throw new Error(`no ${kind} link in mail "${m.subject ?? ''}"`);
  return { url: found[1], token: found[2] };
}
