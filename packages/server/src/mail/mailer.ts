/**
 * Outgoing e-mail. With SMTP_URL, nodemailer sends through that server; in demo mode without it,
 * mail goes to the dev mailbox (`/dev/mailbox`), which exists in demo mode only.
 */
import nodemailer from 'nodemailer';
import type { AppDeps } from '../core/deps.js';

/** One message, always in HTML and plain text. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Files sent with the message (e.g. a receipt PDF). */
  attachments?: { filename: string; content: Uint8Array; contentType: string }[];
  /** Extra header lines (e.g. `List-Unsubscribe`). */
  headers?: Record<string, string>;
}

/** A message as the dev mailbox keeps it. */
export interface StoredMail extends MailMessage {
  date: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Keeps the last messages in memory for `/dev/mailbox` (demo mode, one process). */
export class DevMailbox implements Mailer {
  readonly messages: StoredMail[] = [];
  readonly #max: number;
  readonly #now: () => Date;

  constructor(now: () => Date = () => new Date(), max = 200) {
    this.#now = now;
    this.#max = max;
  }

  async send(message: MailMessage): Promise<void> {
    this.messages.push({ ...message, date: this.#now().toISOString() });
    if (this.messages.length > this.#max) this.messages.splice(0, this.messages.length - this.#max);
  }
}

/** Sends through an SMTP server named by an `smtp://` or `smtps://` URL. */
export function smtpMailer(url: string, from: string): Mailer {
  // Bounded waits: a server that stops answering fails the attempt (the outbox retries) well within
  // the outbox's lease (events/mail-outbox.ts), instead of nodemailer's 10-minute default.
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return {
    async send(m) {
      await transport.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        attachments: m.attachments?.map((a) => ({
          filename: a.filename,
          content: Buffer.from(a.content),
          contentType: a.contentType,
        })),
        ...(m.headers ? { headers: m.headers } : {}),
      });
    },
  };
}

const MAILERS = new WeakMap<AppDeps, Mailer>();

/**
 * The mailer of an app: SMTP when SMTP_URL is set, else the dev mailbox (demo mode only; the
 * configuration refuses production without SMTP_URL).
 * @example await mailerFor(c.get('deps')).send({ to, subject, text, html });
 */
export function mailerFor(deps: AppDeps): Mailer {
  let m = MAILERS.get(deps);
  if (!m) {
    if (deps.config.smtpUrl) m = smtpMailer(deps.config.smtpUrl, deps.config.mailFrom);
    else if (deps.config.mode === 'demo') m = new DevMailbox(deps.now);
    else throw new Error('SMTP_URL is required outside demo mode');
    MAILERS.set(deps, m);
  }
  return m;
}

/** Replaces an app's mailer (tests, or an embedding application with its own transport). */
export function setMailer(deps: AppDeps, mailer: Mailer): void {
  MAILERS.set(deps, mailer);
}

/** The dev mailbox of an app, when it has one. */
export function devMailboxOf(deps: AppDeps): DevMailbox | null {
  const m = mailerFor(deps);
  return m instanceof DevMailbox ? m : null;
}
