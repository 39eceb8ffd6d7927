/**
 * What the portal says on IO: one message per option of a practice and due date, in Italian, with
 * IO's `payment_data` (amount, Codice Avviso, payee) so the citizen pays from the app, the due date,
 * and a link to the practice on the entity's site (its "Paga ora" link when it has a portal page).
 * The text fits IO's bounds (subject 10–120, markdown 80–10000 characters).
 */
import { formatEuro, formatNav } from '@pagatore/sdk';
import { romeDayEnd } from '../../core/rome-calendar.js';
import { IO_MARKDOWN, IO_ORGANIZATION_FISCAL_CODE, IO_SUBJECT, type IoNewMessage } from './types.js';

/** Why the message is sent: a new position, a due date ahead, the due date itself. */
export type IoMessageKind = 'new_position' | 'before_due' | 'due_date';

export interface IoMessageInput {
  kind: IoMessageKind;
  fiscalCode: string;
  /** The entity's name as the citizen knows it ("Comune di Esempio"). */
  entityName: string;
  /** The entity's fiscal code on pagoPA (idPA): the payee when it is an organization's (11 digits). */
  payeeFiscalCode: string;
  description: string;
  /** 0 the single payment, 1..n an installment of `installments`. */
  installment: number;
  installments: number;
  amount: number;
  nav: string;
  /** `YYYY-MM-DD`, Europe/Rome. */
  dueDate: string;
  /** Days from today to the due date (reminders ahead of it). */
  daysLeft: number;
  /** The practice on the entity's site, when there is one. */
  link: string | null;
}

/** `2026-12-31` → `31/12/2026`. */
function italianDate(d: string): string {
  const [y, m, day] = d.split('-');
  return `${day}/${m}/${y}`;
}

/** Cuts a text to `max` characters with an ellipsis. */
function cut(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`;
}

/** Markdown's special characters in a text taken from the practice, shown as they are. */
function plain(s: string): string {
  return s.replace(/([\\`*_[\]{}()#+!|<>~-])/g, '\\$1');
}

function subjectOf(i: IoMessageInput): string {
  const head =
    i.kind === 'new_position'
      ? 'Nuovo avviso di pagamento'
      : i.kind === 'due_date'
        ? 'Scade oggi'
        : `Scadenza il ${italianDate(i.dueDate)}`;
  const rest = IO_SUBJECT.max - head.length - 3;
  return `${head}: ${cut(i.description, rest)}`;
}

function openingOf(i: IoMessageInput): string {
  const who = plain(i.entityName);
  if (i.kind === 'new_position')
    return `${who.charAt(0).toUpperCase()}${who.slice(1)} ti ha inviato un nuovo avviso di pagamento.`;
  if (i.kind === 'due_date') return `Ti ricordiamo che **oggi** scade un avviso di pagamento di ${who}.`;
  const days = i.daysLeft === 1 ? 'domani' : `tra ${i.daysLeft} giorni`;
  return `Ti ricordiamo che un avviso di pagamento di ${who} scade ${days}, il ${italianDate(i.dueDate)}.`;
}

/**
 * The message for one option and due date.
 * @example buildIoMessage({ kind: 'before_due', fiscalCode: 'RSSMRA85T10A562S', entityName: 'Comune di Esempio', … })
 */
export function buildIoMessage(i: IoMessageInput): IoNewMessage {
  const lines = [
    openingOf(i),
    '',
    `- **Pratica:** ${plain(cut(i.description, 500))}`,
    ...(i.installment > 0 ? [`- **Rata:** ${i.installment} di ${i.installments}`] : []),
    `- **Importo:** ${formatEuro(i.amount, 'it')}`,
    `- **Scadenza:** ${italianDate(i.dueDate)}`,
    `- **Codice Avviso:** ${formatNav(i.nav)}`,
    '',
    'Puoi pagare subito con pagoPA dal pulsante di questo messaggio.',
    ...(i.link
      ? ['', `Trovi la pratica anche sul sito di ${plain(i.entityName)}: [Paga ora](${i.link})`]
      : []),
  ];
  let markdown = lines.join('\n');
  if (markdown.length < IO_MARKDOWN.min)
    markdown += '\n\nSe hai già pagato, non considerare questo messaggio.';
  markdown = markdown.slice(0, IO_MARKDOWN.max);
  // The last instant of the due date in Rome, so the app shows that day.
  const dueDate = new Date(Date.parse(romeDayEnd(i.dueDate)) - 1000).toISOString();
  return {
    fiscal_code: i.fiscalCode,
    content: {
      subject: subjectOf(i),
      markdown,
      payment_data: {
        amount: i.amount,
        notice_number: i.nav,
        // Positions stay payable after their due date (GPD's switchToExpired false, gpd/model.ts).
        invalid_after_due_date: false,
        ...(IO_ORGANIZATION_FISCAL_CODE.test(i.payeeFiscalCode)
          ? { payee: { fiscal_code: i.payeeFiscalCode } }
          : {}),
      },
      due_date: dueDate,
    },
  };
}
