/** Practice data for widget tests, shaped as the API answers it. */
import type { MyPractice, PublicService } from '@pagatore/sdk';
import { ENTE } from './fetch-stub.js';

const option = (installment: number, amount: number, dueDate: string, nav: string, status = 'unpaid') => ({
  installment,
  amount,
  dueDate,
  description: null,
  iuv: nav.slice(1),
  nav,
  status: status as MyPractice['status'],
  paidAt: status === 'paid' ? '2026-05-02T09:00:00.000Z' : null,
});

/** A practice; `over` changes any field. */
export function practice(id: string, over: Partial<MyPractice> = {}): MyPractice {
  return {
    id,
    entity: { code: ENTE, name: 'Comune di Esempio' },
    description: `TARI 2026 pratica ${id}`,
    debtor: { fiscalCode: 'RSSMRA85T10A562S', name: 'Mario Rossi' },
    service: 'TARI',
    status: 'unpaid',
    amount: 18650,
    dueDate: '2026-12-16',
    single: option(0, 18650, '2026-12-16', '301900000000000180'),
    installments: [],
    payable: true,
    createdAt: '2026-01-10T10:00:00.000Z',
    origin: 'assigned',
    linked: false,
    ...over,
  };
}

/** A practice in three installments. */
export function installmentPractice(id: string): MyPractice {
  return practice(id, {
    single: null,
    amount: 3000,
    dueDate: '2026-03-15',
    installments: [
      option(1, 1000, '2026-03-15', '301900000000000281', 'paid'),
      option(2, 1000, '2026-04-15', '301900000000000382'),
      option(3, 1000, '2026-05-15', '301900000000000483'),
    ],
    status: 'partially_paid',
  });
}

/**
 * The demo's case: a single payment and three installments, installment 1 paid (so the single is
 * closed), found by the Codice Avviso of installment 2.
 */
export function splitPractice(id: string, over: Partial<MyPractice> = {}): MyPractice {
  return practice(id, {
    description: 'Oneri di urbanizzazione',
    amount: 900000,
    dueDate: '2027-01-31',
    single: option(0, 900000, '2027-02-28', '301900000000000584', 'cancelled'),
    installments: [
      option(1, 300000, '2027-01-31', '301900000000000685', 'paid'),
      option(2, 300000, '2027-04-30', '301900000000000786'),
      option(3, 300000, '2027-07-31', '301900000000000887'),
    ],
    status: 'partially_paid',
    found: 2,
    ...over,
  });
}

export const SERVICES: PublicService[] = [
  {
    code: 'MENSA',
    name: { it: 'Mensa scolastica', en: 'School canteen' },
    notes: 'La ricarica è disponibile dal giorno dopo.',
    fields: [
      {
        name: 'child',
        type: 'text',
        label: 'Nome del bambino',
        required: true,
        pattern: "[\\p{L} '.-]+",
        maxLength: 40,
        help: 'Come all’iscrizione.',
      },
      {
        name: 'school',
        type: 'select',
        label: 'Scuola',
        required: true,
        options: [
          { value: 'rodari', label: 'Rodari' },
          { value: 'verdi', label: 'Verdi' },
        ],
      },
      {
        name: 'amount',
        type: 'amount',
        label: 'Importo della ricarica',
        required: true,
        min: 1000,
        max: 30000,
      },
    ],
    amount: { kind: 'entered', field: 'amount', min: 1000, max: 30000 },
  },
  {
    code: 'ATTI',
    name: 'Accesso agli atti',
    fields: [
      {
        name: 'protocol',
        type: 'text',
        label: 'Protocollo',
        required: true,
        pattern: '[0-9]{1,7}/[0-9]{4}',
        maxLength: 140,
      },
      { name: 'requestDate', type: 'date', label: 'Data della richiesta', required: true, min: '2020-01-01' },
    ],
    amount: { kind: 'fixed', amount: 1000 },
  },
  {
    code: 'CDU',
    name: 'Certificato di destinazione urbanistica',
    fields: [
      {
        name: 'parcels',
        type: 'number',
        label: 'Particelle',
        required: true,
        min: 1,
        max: 50,
        integer: true,
      },
      { name: 'urgent', type: 'checkbox', label: 'Procedura urgente', required: false },
    ],
    amount: {
      kind: 'computed',
      base: 5000,
      terms: [
        { field: 'parcels', cents: 200 },
        { field: 'urgent', cents: 2500 },
      ],
      min: 1,
    },
  },
];

export const PROFILE = {
  id: 'acc-1',
  username: 'mario.rossi',
  email: 'mario.rossi@example.it',
  pendingEmail: null,
  fiscalCode: 'RSSMRA85T10A562S',
  subjectKind: 'person',
  firstName: 'Mario',
  lastName: 'Rossi',
  companyName: null,
  address: 'Via Roma 1',
  country: 'IT',
  city: 'Esempio',
  province: 'RM',
  postalCode: '00100',
  phone: '+39061234567',
  lang: 'it',
  privacy: { version: '2026-01', acceptedAt: '2026-01-01T00:00:00.000Z' },
  provenFiscalCodes: [],
  createdAt: '2026-01-01T00:00:00.000Z',
};
