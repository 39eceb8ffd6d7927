/**
 * The receipt by e-mail: once a payment's receipt is recorded, the payer gets the quietanza as a
 * PDF attachment, in the payment's language, with the entity's name and logo. Recording the receipt
 * queues the mail in the outbox (events/mail-outbox.ts); the outbox worker sends it.
 */
import { formatEuro, formatNav, type Lang } from '@pagatore/sdk';
import { findEntity } from '../entities/entities.js';
import type { AppDeps } from '../core/deps.js';
import { sendDueMails } from '../events/mail-outbox.js';
import { renderMail } from '../mail/layout.js';
import { mailerFor } from '../mail/mailer.js';
import { renderReceiptPdf, romeDateTime } from './pdf.js';

const TEXT = {
  it: {
    subject: (n: string) => `Ricevuta di pagamento - ${n}`,
    heading: 'Pagamento ricevuto',
    body: (d: string, a: string, at: string) => `Abbiamo ricevuto il pagamento di ${a} per "${d}" del ${at}.`,
    code: (nav: string) => `Codice Avviso: ${nav}. In allegato trovi la ricevuta (quietanza) in PDF.`,
    footer: 'Messaggio automatico inviato tramite pagoPA: non rispondere a questa email.',
  },
  en: {
    subject: (n: string) => `Payment receipt - ${n}`,
    heading: 'Payment received',
    body: (d: string, a: string, at: string) => `We received the payment of ${a} for "${d}" on ${at}.`,
    code: (nav: string) => `Notice code: ${nav}. The receipt is attached as a PDF.`,
    footer: 'Automatic message sent through pagoPA: do not reply to this e-mail.',
  },
  de: {
    subject: (n: string) => `Zahlungsbestätigung - ${n}`,
    heading: 'Zahlung eingegangen',
    body: (d: string, a: string, at: string) =>
      `Wir haben die Zahlung von ${a} für „${d}“ am ${at} erhalten.`,
    code: (nav: string) => `Zahlungshinweiscode: ${nav}. Die Quittung finden Sie als PDF im Anhang.`,
    footer: 'Automatische Nachricht über pagoPA: Bitte antworten Sie nicht auf diese E-Mail.',
  },
} as const;

/**
 * Mails a recorded receipt (receipts.id) to its payer, if it has an address: the outbox's sender
 * for `receipt` mails (events/mail-outbox.ts). Throws when the mail could not be sent, so the
 * outbox tries again.
 */
export async function mailReceipt(deps: AppDeps, receiptId: number): Promise<void> {
  const { db } = deps;
  const receipt = await db.selectFrom('receipts').selectAll().where('id', '=', receiptId).executeTakeFirst();
  if (!receipt?.payer_email) return;
  const entity = await findEntity(db, receipt.entity_code);
  if (!entity) return;
  const payment = receipt.payment_id
    ? await db.selectFrom('payments').select('lang').where('id', '=', receipt.payment_id).executeTakeFirst()
    : undefined;
  const lang: Lang = payment?.lang === 'en' || payment?.lang === 'de' ? payment.lang : 'it';
  const T = TEXT[lang];
  const mail = renderMail({
    entityName: entity.name,
    logoUrl: entity.logo_url,
    lang,
    subject: T.subject(entity.name),
    heading: T.heading,
    paragraphs: [
      T.body(receipt.description, formatEuro(receipt.amount, lang), romeDateTime(receipt.paid_at)),
      T.code(formatNav(receipt.nav)),
    ],
    footer: T.footer,
  });
  const pdf = await renderReceiptPdf(receipt, entity, lang);
  await mailerFor(deps).send({
    to: receipt.payer_email,
    ...mail,
    attachments: [{ filename: `ricevuta-${receipt.iuv}.pdf`, content: pdf, contentType: 'application/pdf' }],
  });
}

/** One round of the outbox's due mails, with this area's sender (the server's loop, tests). */
export function sendDueReceiptMails(
  deps: AppDeps,
  signal?: AbortSignal,
): Promise<{ attempted: number; sent: number }> {
  return sendDueMails(deps, { receipt: (id) => mailReceipt(deps, id) }, 50, signal);
}
