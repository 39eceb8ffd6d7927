/**
 * Demo data of the entity side: services for certificates and traffic fines (the
 * canteen top-up with an entered amount is seeded by seed-practices.ts), and positions of three
 * debtors — two persons and a company — in every state an operator meets: unpaid, paid, expired,
 * cancelled, and three installments with the first one paid. States are reached through the
 * state table, as expiry and cancellation would; what is paid is paid through `recordReceipt`, the
 * one path of real money, so its receipt shows in the payer's history ("Storico") like any other.
 * Idempotent: upsert by iupd and by service code.
 */
import {
  buildNav,
  formatNav,
  type PositionInput,
  PositionInput as PositionSchema,
  type ServiceInput,
  ServiceInput as ServiceSchema,
} from '@pagatore/sdk';
import * as v from 'valibot';
import type { Db, Tx } from '../db/database.js';
import { transaction } from '../db/database.js';
import { findEntity } from '../entities/entities.js';
import { recordReceipt } from '../payments/record-receipt.js';
import { SANDBOX_FEE } from '../payments/sandbox.js';
import { findPosition, writePositions } from '../positions/positions.js';
import { derivePositionStatus, nextOptionStatus, type OptionAction } from '../positions/states.js';
import { createService } from '../services/services.js';
import { DEMO_ENTITY } from './seed.js';

const TAXONOMY = '9/0101002IM/';
const SCHEME = { auxDigit: 3 as const, code: DEMO_ENTITY.segregationCode };

/** Fixed Codici Avviso, apart from seed-practices.ts (9…0001-0099) and the counter (from 1). */
function codes(n: number): { nav: string; iuv: string } {
  return buildNav(SCHEME, String(9_000_000_000_100 + n).padStart(13, '0'));
}

export const DEMO_POSITION_DEBTORS = {
  rossi: { fiscalCode: 'RSSMRA85T10A562S', type: 'F' as const, name: 'Mario Rossi' },
  bosco: { fiscalCode: 'BSCMTT83A12L719R', type: 'F' as const, name: 'Matteo Bosco' },
  company: { fiscalCode: '02345670125', type: 'G' as const, name: 'Esempio Costruzioni S.r.l.' },
};

function option(n: number, amount: number, dueDate: string, remittance: string) {
  return {
    amount,
    dueDate,
    ...codes(n),
    transfers: [{ iban: DEMO_ENTITY.iban, amount, remittance, taxonomy: TAXONOMY }],
  };
}

type Move = { installment: number; action: Exclude<OptionAction, 'pay'> };
/** A demo position, what happens to it (expiry, cancellation) and which options were paid (0 = single). */
type Seeded = { position: PositionInput; then?: Move[]; paid?: number[] };

/** How long before the seeding the demo's paid practices were paid: the history spans dates. */
export const DEMO_PAID_DAYS_AGO = 14;

function seeded(year: number): Seeded[] {
  const { rossi, bosco, company } = DEMO_POSITION_DEBTORS;
  const addr = { address: 'Via Garibaldi 12', city: 'Esempio', postalCode: '00100', province: 'RM' };
  return [
    {
      position: {
        iupd: 'DEMO-IMU-ROSSI',
        debtor: { ...rossi, ...addr },
        description: `IMU ${year} - saldo`,
        service: 'IMU',
        single: option(1, 32150, `${year}-12-16`, `IMU ${year} saldo`),
      },
      paid: [0],
    },
    {
      position: {
        iupd: 'DEMO-COSAP-BOSCO',
        debtor: { ...bosco, ...addr, address: 'Corso Italia 3' },
        description: 'Canone occupazione suolo pubblico, dehors estivo',
        service: 'CUP',
        single: option(2, 48000, `${year + 1}-01-31`, 'Canone dehors'),
      },
    },
    {
      position: {
        iupd: 'DEMO-LAMPADE-BOSCO',
        debtor: { ...bosco, ...addr, address: 'Corso Italia 3' },
        description: `Lampade votive ${year - 1}`,
        service: 'VOTIVE',
        single: option(3, 2500, `${year - 1}-03-31`, `Lampade votive ${year - 1}`),
      },
      then: [{ installment: 0, action: 'expire' }],
    },
    {
      position: {
        iupd: 'DEMO-CDS-BOSCO-ANNULLATO',
        debtor: { ...bosco, ...addr, address: 'Corso Italia 3' },
        description: 'Sanzione codice della strada, verbale n. 987/2026 (annullato in autotutela)',
        service: 'CDS',
        single: option(4, 10600, `${year}-12-31`, 'Verbale 987/2026'),
      },
      then: [{ installment: 0, action: 'cancel' }],
    },
    {
      position: {
        iupd: 'DEMO-ONERI-COMPANY',
        debtor: {
          ...company,
          address: 'Via dell’Industria 8',
          city: 'Esempio',
          postalCode: '00100',
          province: 'RM',
        },
        description: 'Oneri di urbanizzazione, permesso di costruire n. 45/2026',
        service: 'ONERI',
        single: option(5, 900000, `${year + 1}-02-28`, 'Oneri urbanizzazione PdC 45/2026'),
        installments: [1, 2, 3].map((i) =>
          option(
            5 + i,
            300000,
            `${year + 1}-0${[1, 4, 7][i - 1]}-${i === 2 ? '30' : '31'}`,
            `Oneri PdC 45/2026 rata ${i}`,
          ),
        ),
      },
      paid: [1],
    },
  ];
}

/** Services of the demo: certificate fees (select + fixed parts) and a traffic fine with notes. */
export const DEMO_ENTITY_SERVICES: ServiceInput[] = [
  {
    code: 'CERTIFICATI',
    name: {
      it: 'Diritti per certificati anagrafici',
      en: 'Registry certificate fees',
      de: 'Gebühren für Meldebescheinigungen',
    },
    description: 'Diritti di segreteria e imposta di bollo per i certificati anagrafici.',
    notes:
      'Il certificato è inviato all’indirizzo email dell’account entro 2 giorni lavorativi dal pagamento.',
    fields: [
      {
        name: 'certificate',
        type: 'select',
        label: { it: 'Certificato', en: 'Certificate', de: 'Bescheinigung' },
        required: true,
        options: [
          { value: 'residenza', label: { it: 'Residenza', en: 'Residence', de: 'Wohnsitz' }, cents: 52 },
          {
            value: 'stato-famiglia',
            label: { it: 'Stato di famiglia', en: 'Family status', de: 'Familienstand' },
            cents: 52,
          },
          { value: 'nascita', label: { it: 'Nascita', en: 'Birth', de: 'Geburt' }, cents: 0 },
        ],
      },
      {
        name: 'copies',
        type: 'number',
        label: { it: 'Numero di copie', en: 'Copies', de: 'Anzahl der Kopien' },
        required: true,
        min: 1,
        max: 10,
      },
      {
        name: 'exempt',
        type: 'checkbox',
        label: { it: 'Uso esente da bollo', en: 'Stamp-duty exempt use', de: 'Stempelsteuerfrei' },
        help: {
          it: 'Indica l’esenzione nella causale.',
          en: 'State the exemption.',
          de: 'Befreiung angeben.',
        },
      },
    ],
    amount: { kind: 'computed', base: 0, terms: [{ field: 'copies', cents: 1600 }], min: 52 },
    position: {
      description: 'Certificato di {certificate}, {copies} copie',
      dueInDays: 5,
      iban: DEMO_ENTITY.iban,
      taxonomy: TAXONOMY,
    },
  },
  {
    code: 'CDS',
    name: { it: 'Sanzione codice della strada', en: 'Traffic fine', de: 'Verkehrsstrafe' },
    notes:
      'Importo ridotto del 30% se il pagamento avviene entro 5 giorni dalla notifica del verbale (art. 202 C.d.S.). Conserva la ricevuta.',
    fields: [
      {
        name: 'report',
        type: 'text',
        label: { it: 'Numero del verbale', en: 'Report number', de: 'Protokollnummer' },
        required: true,
        pattern: '[0-9]{1,6}/[0-9]{4}',
        help: { it: 'Ad esempio 1234/2026', en: 'For example 1234/2026', de: 'Zum Beispiel 1234/2026' },
      },
      {
        name: 'plate',
        type: 'text',
        label: { it: 'Targa', en: 'Number plate', de: 'Kennzeichen' },
        required: true,
        pattern: '[A-Za-z0-9]{5,8}',
      },
      {
        name: 'notified',
        type: 'date',
        label: { it: 'Data di notifica', en: 'Date of notification', de: 'Zustellungsdatum' },
        required: true,
      },
    ],
    amount: { kind: 'fixed', amount: 4200 },
    position: {
      description: 'Sanzione C.d.S. verbale {report}, targa {plate}',
      dueInDays: 60,
      iban: DEMO_ENTITY.iban,
      taxonomy: '9/0301101SP/',
    },
  },
];

/** Moves options by the state table and stores the derived position status. */
async function apply(tx: Tx, positionId: number, moves: Move[], now: Date) {
  const options = await tx
    .selectFrom('payment_options')
    .select(['id', 'installment', 'status'])
    .where('position_id', '=', positionId)
    .execute();
  for (const m of moves) {
    const target = options.find((o) => o.installment === m.installment);
    if (!target) continue;
    const list = m.action === 'cancel' ? options : [target];
    for (const o of list) {
      const next = nextOptionStatus(o.status, m.action);
      if (!next) continue;
      await tx.updateTable('payment_options').set({ status: next }).where('id', '=', o.id).execute();
      o.status = next;
    }
  }
  await tx
    .updateTable('positions')
    .set({ status: derivePositionStatus(options), updated_at: now.toISOString() })
    .where('id', '=', positionId)
    .execute();
}

/** Seeds the entity-side demo data; answers the lines `npm start` prints. */
export async function seedDemoPositions(db: Db, now = new Date()): Promise<string[]> {
  const entity = await findEntity(db, DEMO_ENTITY.code);
  if (!entity) return [];
  // Only missing services are created: one the entity changed or disabled stays as it is.
  for (const s of DEMO_ENTITY_SERVICES) await createService(db, entity.code, v.parse(ServiceSchema, s), now);
  const list = seeded(now.getFullYear());
  await transaction(db, async (tx) => {
    const fresh = [];
    for (const [i, s] of list.entries()) {
      const row = await findPosition(tx, entity.code, s.position.iupd);
      // Seeded once: later starts leave paid/cancelled demo positions as they are.
      if (!row) fresh.push({ i, item: { row: i + 1, position: v.parse(PositionSchema, s.position) } });
    }
    await writePositions(
      tx,
      entity,
      fresh.map((f) => f.item),
      'create',
      now,
    );
    for (const { i } of fresh) {
      const s = list[i];
      if (!s?.then) continue;
      const row = await findPosition(tx, entity.code, s.position.iupd);
      if (row) await apply(tx, row.id, s.then, now);
    }
  });
  // The demo's payments: a receipt each, as pagoPA would send it, for an option still unpaid (a
  // first start, or one stopped before this step); recordReceipt moves the states.
  const paidAt = new Date(now.getTime() - DEMO_PAID_DAYS_AGO * 86_400_000);
  for (const s of list) {
    for (const n of s.paid ?? []) {
      const opt = n === 0 ? s.position.single : s.position.installments?.[n - 1];
      if (!opt?.nav) continue;
      const current = await db
        .selectFrom('payment_options')
        .select('status')
        .where('entity_code', '=', entity.code)
        .where('nav', '=', opt.nav)
        .executeTakeFirst();
      if (current?.status !== 'unpaid') continue;
      const { debtor } = s.position;
      const recorded = await recordReceipt(
        db,
        {
          entityCode: entity.code,
          nav: opt.nav,
          receiptId: `DEMO-${opt.iuv}`,
          amount: opt.amount,
          fee: SANDBOX_FEE,
          pspId: 'SANDBOX_PSP',
          pspName: 'Banca Sandbox (dimostrativa)',
          pspFiscalCode: '00000000000',
          channel: 'SANDBOX_CHANNEL_ONLINE',
          method: 'CP',
          paidAt,
          payer: { fiscalCode: debtor.fiscalCode, name: debtor.name, email: null },
        },
        now,
      );
      // The demo's past payments stand for ones made before the portal existed: nothing for the
      // entity to look into, though no payment of the portal held the notice.
      if (recorded.status === 'recorded' && recorded.receipt.flag === 'not_activated')
        await db.updateTable('receipts').set({ flag: null }).where('id', '=', recorded.receipt.id).execute();
    }
  }
  const { bosco, company } = DEMO_POSITION_DEBTORS;
  return [
    `Demo practice (unpaid): codice fiscale ${bosco.fiscalCode}, Codice Avviso ${formatNav(codes(2).nav)}`,
    `Demo practice (3 installments, 1 paid): codice fiscale ${company.fiscalCode}, Codice Avviso ${formatNav(codes(7).nav)} (rata 2)`,
    `Admin API key for the demo entity: npx pagatore apikey create ${DEMO_ENTITY.code}`,
  ];
}
