/**
 * The reminder e-mail: sent by the mail outbox (kind `reminder`, ref: the ledger row) in the
 * account's language, with a "Paga ora" link to the practice (when the entity has a portal page),
 * the notice PDF attached, and a one-click unsubscribe (RFC 8058 `List-Unsubscribe` and
 * `List-Unsubscribe-Post` headers, and a link in the footer). Nothing goes if, by the time it is
 * sent, the practice was paid, cancelled or is being paid, or the citizen said no more.
 */
import { formatEuro, formatNav, type Lang } from '@pagatore/sdk';
import type { AppDeps } from '../core/deps.js';
import { langOf } from '../accounts/context.js';
import { transaction } from '../db/database.js';
import type { EntityRow, PaymentOptionRow, PositionRow, ReminderRow } from '../db/schema/index.js';
import { findReminder, finishReminder } from '../db/stores/reminders.js';
import { findEntity } from '../entities/entities.js';
import { sendDueMails } from '../events/mail-outbox.js';
import { appendEvent } from '../events/outbox.js';
import { renderMail } from '../mail/layout.js';
import { mailerFor } from '../mail/mailer.js';
import { renderNoticeForPosition } from '../notices/from-position.js';
import { createPayLink } from '../paylinks/paylinks.js';
import { REMINDABLE_POSITIONS } from './job.js';
import { issueUnsubscribeToken } from './preference.js';
import { reminderConfigOf } from './settings.js';

const LOCALES: Record<Lang, string> = { it: 'it-IT', en: 'en-GB', de: 'de-DE' };

/** A `YYYY-MM-DD` day as the language writes it. */
function longDate(date: string, lang: Lang): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

const TEXT = {
  it: {
    subject: (d: string, today: boolean) => (today ? `Scade oggi: ${d}` : `Promemoria: scadenza del ${d}`),
    heading: (today: boolean) => (today ? 'Il pagamento scade oggi' : 'Un pagamento in scadenza'),
    due: (what: string, d: string) => `"${what}" scade il ${d}.`,
    line: (label: string, amount: string, nav: string) => `${label}: ${amount}, Codice Avviso ${nav}.`,
    single: 'Rata unica',
    installment: (n: number) => `Rata ${n}`,
    notice:
      "In allegato trovi l'avviso di pagamento pagoPA, da pagare online o presso i prestatori abilitati.",
    action: 'Paga ora',
    fallback: 'Se il pulsante non funziona, copia questo indirizzo nel browser:',
    footer: (entity: string) =>
      `Ricevi questo promemoria perché lo hai chiesto nel tuo profilo del portale pagamenti di ${entity}. Se hai già pagato, ignoralo.`,
    unsubscribe: 'Non ricevere più promemoria:',
  },
  en: {
    subject: (d: string, today: boolean) => (today ? `Due today: ${d}` : `Reminder: due on ${d}`),
    heading: (today: boolean) => (today ? 'A payment is due today' : 'A payment falls due soon'),
    due: (what: string, d: string) => `"${what}" is due on ${d}.`,
    line: (label: string, amount: string, nav: string) => `${label}: ${amount}, notice code ${nav}.`,
    single: 'Single payment',
    installment: (n: number) => `Installment ${n}`,
    notice: 'The pagoPA payment notice is attached: pay it online or at any authorised provider.',
    action: 'Pay now',
    fallback: 'If the button does not work, copy this address into your browser:',
    footer: (entity: string) =>
      `You receive this reminder because you asked for it in your profile on the payment portal of ${entity}. If you have already paid, ignore it.`,
    unsubscribe: 'Stop these reminders:',
  },
  de: {
    subject: (d: string, today: boolean) => (today ? `Heute fällig: ${d}` : `Erinnerung: fällig am ${d}`),
    heading: (today: boolean) => (today ? 'Eine Zahlung ist heute fällig' : 'Eine Zahlung wird bald fällig'),
    due: (what: string, d: string) => `„${what}“ ist am ${d} fällig.`,
    line: (label: string, amount: string, nav: string) => `${label}: ${amount}, Zahlungshinweiscode ${nav}.`,
    single: 'Einmalzahlung',
    installment: (n: number) => `Rate ${n}`,
    notice:
      'Im Anhang finden Sie den pagoPA-Zahlungshinweis: online oder bei jedem zugelassenen Zahlungsdienstleister zu bezahlen.',
    action: 'Jetzt bezahlen',
    fallback: 'Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in Ihren Browser:',
    footer: (entity: string) =>
      `Sie erhalten diese Erinnerung, weil Sie sie in Ihrem Profil im Zahlungsportal von ${entity} angefordert haben. Wenn Sie bereits bezahlt haben, ignorieren Sie sie.`,
    unsubscribe: 'Keine Erinnerungen mehr erhalten:',
  },
} as const;

/** The URL of the one-click unsubscribe of a reminder mail. */
export function unsubscribeUrl(publicUrl: string, entity: string, token: string): string {
  return `${publicUrl}/api/v1/entities/${encodeURIComponent(entity)}/reminders/unsubscribe/${token}`;
}

/** Why a claimed reminder is no longer to send, or null when it is. */
function stale(position: PositionRow | undefined, options: PaymentOptionRow[]): string | null {
  if (!position || !(REMINDABLE_POSITIONS as readonly string[]).includes(position.status))
    return `practice ${position?.status ?? 'gone'}`;
  if (options.length === 0) return 'nothing due that day';
  return null;
}

async function content(
  deps: AppDeps,
  entity: EntityRow,
  reminder: ReminderRow,
  position: PositionRow,
  options: PaymentOptionRow[],
  lang: Lang,
) {
  const T = TEXT[lang];
  const today = reminder.kind === 'due_date';
  const date = longDate(reminder.due_date, lang);
  const lines = options.map((o) =>
    T.line(
      o.installment === 0 ? T.single : T.installment(o.installment),
      formatEuro(o.amount, lang),
      formatNav(o.nav),
    ),
  );
  let payUrl: string | null = null;
  if (entity.portal_url) {
    const daysLeft = Math.ceil(
      (Date.parse(`${reminder.due_date}T23:59:59Z`) - deps.now().getTime()) / 86_400_000,
    );
    const link = await createPayLink(
      deps.db,
      entity,
      position.iupd,
      {
        installment: options.length === 1 ? options[0]!.installment : undefined,
        validDays: Math.min(366, Math.max(1, daysLeft) + 30),
      },
      deps.now(),
    );
    payUrl = link.url;
  }
  return {
    subject: `${T.subject(date, today)} – ${entity.name}`,
    heading: T.heading(today),
    paragraphs: [T.due(position.description, date), ...lines, T.notice],
    action: payUrl ? { label: T.action, url: payUrl, fallback: T.fallback } : undefined,
    footer: T.footer(entity.name),
    unsubscribeLabel: T.unsubscribe,
  };
}

/**
 * Sends one claimed reminder (reminders.id): the outbox's sender for `reminder` mails. Throws when
 * the mail could not be sent, so the outbox tries again; marks the ledger row sent and announces
 * `reminder.sent` once the SMTP server took it.
 */
export async function mailReminder(deps: AppDeps, reminderId: number): Promise<void> {
  const { db } = deps;
  const reminder = await findReminder(db, reminderId);
  if (!reminder || reminder.state !== 'pending' || !reminder.account_id) return;
  const skip = (why: string) => finishReminder(db, reminder.id, { state: 'failed', error: why }, deps.now());
  const entity = await findEntity(db, reminder.entity_code);
  const account = await db
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', reminder.account_id)
    .executeTakeFirst();
  if (!entity || !account?.email || account.status !== 'active' || account.email_reminders !== 1)
    return skip('the citizen no longer asks for reminders');
  if (!reminderConfigOf(entity).email) return skip('the entity sends no reminders');
  const position = await db
    .selectFrom('positions')
    .selectAll()
    .where('id', '=', reminder.position_id)
    .where('entity_code', '=', entity.code)
    .executeTakeFirst();
  const options = (
    await db
      .selectFrom('payment_options')
      .selectAll()
      .where('position_id', '=', reminder.position_id)
      .where('due_date', '=', reminder.due_date)
      .where('status', '=', 'unpaid')
      .orderBy('installment')
      .execute()
  ).filter((o) => !(position?.status === 'partially_paid' && o.installment === 0));
  const why = stale(position, options);
  if (why || !position) return skip(why ?? 'practice gone');
  const lang = langOf(account);
  const c = await content(deps, entity, reminder, position, options, lang);
  const unsubscribe = unsubscribeUrl(
    deps.config.publicUrl,
    entity.code,
    await issueUnsubscribeToken(db, account.id, deps.now()),
  );
  const mail = renderMail({
    entityName: entity.name,
    logoUrl: entity.logo_url,
    lang,
    subject: c.subject,
    heading: c.heading,
    paragraphs: c.paragraphs,
    ...(c.action ? { action: c.action } : {}),
    footer: `${c.footer} ${c.unsubscribeLabel} ${unsubscribe}`,
  });
  let notice: Uint8Array | null = null;
  try {
    notice = await renderNoticeForPosition(db, entity.code, position.id, {
      language: lang === 'it' ? 'it' : `it-${lang}`,
      publicUrl: deps.config.publicUrl,
      payLinkUrl: c.action?.url,
    });
  } catch (e) {
    deps.logger.warn('reminder notice not rendered', { reminder: reminder.id, error: String(e) });
  }
  await mailerFor(deps).send({
    to: account.email,
    ...mail,
    headers: {
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    ...(notice
      ? {
          attachments: [
            { filename: `avviso-${options[0]!.iuv}.pdf`, content: notice, contentType: 'application/pdf' },
          ],
        }
      : {}),
  });
  const sentAt = deps.now();
  const first = options[0]!;
  await transaction(db, async (tx) => {
    await finishReminder(tx, reminder.id, { state: 'sent' }, sentAt);
    await appendEvent(tx, {
      entityCode: entity.code,
      type: 'reminder.sent',
      payload: {
        practice: { iupd: position.iupd, nav: first.nav, iuv: first.iuv, amount: Number(first.amount) },
        reminder: {
          id: reminder.id,
          kind: reminder.kind,
          channel: reminder.channel,
          installment: reminder.installment,
          dueDate: reminder.due_date,
          sentAt: sentAt.toISOString(),
        },
      },
      now: sentAt,
    });
  });
}

/** One round of the outbox's due reminder mails (the server's loop, tests). */
export function sendDueReminderMails(
  deps: AppDeps,
  signal?: AbortSignal,
): Promise<{ attempted: number; sent: number }> {
  return sendDueMails(deps, { reminder: (id) => mailReminder(deps, id) }, 50, signal);
}
