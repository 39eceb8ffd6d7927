/**
 * Demo practices and services: a few positions of the demo entity for two debtors (a
 * parent and a child, to show paying for someone else) with fixed Codici Avviso the demo prints,
 * and services for spontaneous payments covering every field type and amount rule. Idempotent:
 * positions are upserted by iupd (while unpaid), services by code.
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
import type { Db } from '../db/database.js';
import { transaction } from '../db/database.js';
import { findEntity } from '../entities/entities.js';
import { findPosition, writePositions } from '../positions/positions.js';
import { createService } from '../services/services.js';
import { DEMO_ENTITY } from './seed.js';

const TAXONOMY = '9/0101002IM/';
const SCHEME = { auxDigit: 3 as const, code: DEMO_ENTITY.segregationCode };

/** NAV and IUV from a fixed base, far from the counter's numbers (which start at 1). */
export function demoCodes(n: number): { nav: string; iuv: string } {
  return buildNav(SCHEME, String(9_000_000_000_000 + n).padStart(13, '0'));
}

/** The demo debtors: Mario Rossi and his daughter Anna (whose notices he pays). */
export const DEMO_DEBTORS = {
  mario: { fiscalCode: 'RSSMRA85T10A562S', name: 'Mario Rossi' },
  anna: { fiscalCode: 'RSSNNA10A41H501S', name: 'Anna Rossi' },
} as const;

function single(n: number, amount: number, dueDate: string, remittance: string): PositionInput['single'] {
  return {
    amount,
    dueDate,
    ...demoCodes(n),
    transfers: [{ iban: DEMO_ENTITY.iban, amount, remittance, taxonomy: TAXONOMY }],
  };
}

/** The demo positions; `n` numbers give their fixed Codici Avviso. */
export function demoPositions(year = new Date().getFullYear()): PositionInput[] {
  const address = { address: 'Via Roma 1', city: 'Esempio', postalCode: '00100', province: 'RM' };
  return [
    {
      iupd: 'DEMO-TARI-1',
      debtor: { ...DEMO_DEBTORS.mario, ...address },
      description: `TARI ${year} - Tassa rifiuti, abitazione di Via Roma 1`,
      service: 'TARI',
      single: single(1, 18650, `${year}-12-16`, `TARI ${year}`),
      installments: [1, 2, 3].map((i) => ({
        amount: [6216, 6216, 6218][i - 1] as number,
        dueDate: `${year}-${['07-31', '09-30', '12-16'][i - 1]}`,
        ...demoCodes(10 + i),
        transfers: [
          {
            iban: DEMO_ENTITY.iban,
            amount: [6216, 6216, 6218][i - 1] as number,
            remittance: `TARI ${year} rata ${i}`,
            taxonomy: TAXONOMY,
          },
        ],
      })),
    },
    {
      iupd: 'DEMO-MULTA-1',
      debtor: { ...DEMO_DEBTORS.mario, ...address },
      description: 'Sanzione codice della strada, verbale n. 1234/2026',
      service: 'CDS',
      single: single(2, 4200, `${year}-12-31`, 'Verbale 1234/2026'),
    },
    {
      iupd: 'DEMO-MENSA-ANNA',
      debtor: { ...DEMO_DEBTORS.anna, ...address },
      description: 'Mensa scolastica, primo quadrimestre - Anna Rossi',
      service: 'MENSA',
      single: single(3, 12000, `${year}-11-30`, 'Mensa scolastica Anna Rossi'),
    },
  ];
}

/** Services for spontaneous payments: every field type, the three amount rules, one disabled. */
export const DEMO_SERVICES: ServiceInput[] = [
  {
    code: 'MENSA',
    name: { it: 'Mensa scolastica - ricarica', en: 'School canteen - top-up', de: 'Schulmensa - Aufladung' },
    description: 'Ricarica del borsellino elettronico della mensa scolastica.',
    notes:
      'La ricarica è disponibile il giorno lavorativo successivo al pagamento. Per informazioni: ufficio scuola, tel. 06 0000000.',
    fields: [
      {
        name: 'child',
        type: 'text',
        label: {
          it: 'Nome e cognome del bambino',
          en: "Child's full name",
          de: 'Vor- und Nachname des Kindes',
        },
        required: true,
        maxLength: 60,
        pattern: "[\\p{L} '.-]+",
        help: { it: 'Come risulta all’iscrizione.', en: 'As enrolled.', de: 'Wie bei der Anmeldung.' },
      },
      {
        name: 'school',
        type: 'select',
        label: { it: 'Scuola', en: 'School', de: 'Schule' },
        required: true,
        options: [
          { value: 'rodari', label: 'Scuola primaria G. Rodari' },
          { value: 'montessori', label: 'Scuola dell’infanzia M. Montessori' },
        ],
      },
      {
        name: 'amount',
        type: 'amount',
        label: { it: 'Importo della ricarica', en: 'Top-up amount', de: 'Aufladebetrag' },
        required: true,
        min: 1000,
        max: 30000,
      },
    ],
    amount: { kind: 'entered', field: 'amount', min: 1000, max: 30000 },
    position: {
      description: 'Ricarica mensa {child} - {school}',
      dueInDays: 10,
      iban: DEMO_ENTITY.iban,
      taxonomy: TAXONOMY,
    },
  },
  {
    code: 'ACCESSO-ATTI',
    name: { it: 'Diritti di accesso agli atti', en: 'Access to records fee', de: 'Gebühr für Akteneinsicht' },
    fields: [
      {
        name: 'protocol',
        type: 'text',
        label: {
          it: 'Numero di protocollo della richiesta',
          en: 'Request reference number',
          de: 'Protokollnummer',
        },
        required: true,
        pattern: '[0-9]{1,7}/[0-9]{4}',
        help: { it: 'Ad esempio 1234/2026', en: 'For example 1234/2026', de: 'Zum Beispiel 1234/2026' },
      },
      {
        name: 'requestDate',
        type: 'date',
        label: { it: 'Data della richiesta', en: 'Date of the request', de: 'Datum des Antrags' },
        required: true,
        min: '2020-01-01',
      },
    ],
    amount: { kind: 'fixed', amount: 1000 },
    position: {
      description: 'Diritti di accesso agli atti, protocollo {protocol}',
      dueInDays: 30,
      iban: DEMO_ENTITY.iban,
      taxonomy: TAXONOMY,
    },
  },
  {
    code: 'CDU',
    name: {
      it: 'Certificato di destinazione urbanistica',
      en: 'Zoning certificate',
      de: 'Raumordnungsbescheinigung',
    },
    notes:
      'Il certificato viene rilasciato entro 30 giorni dalla richiesta (5 giorni con la procedura urgente).',
    fields: [
      {
        name: 'parcels',
        type: 'number',
        label: {
          it: 'Numero di particelle catastali',
          en: 'Number of land parcels',
          de: 'Anzahl der Parzellen',
        },
        required: true,
        min: 1,
        max: 50,
      },
      {
        name: 'delivery',
        type: 'select',
        label: { it: 'Modalità di consegna', en: 'Delivery', de: 'Zustellung' },
        required: true,
        options: [
          {
            value: 'pec',
            label: { it: 'PEC', en: 'Certified e-mail', de: 'Zertifizierte E-Mail' },
            cents: 0,
          },
          {
            value: 'ufficio',
            label: { it: 'Ritiro allo sportello', en: 'Pick-up at the office', de: 'Abholung' },
            cents: 0,
          },
          {
            value: 'posta',
            label: { it: 'Raccomandata', en: 'Registered mail', de: 'Einschreiben' },
            cents: 800,
          },
        ],
      },
      {
        name: 'urgent',
        type: 'checkbox',
        label: { it: 'Procedura urgente', en: 'Urgent procedure', de: 'Eilverfahren' },
      },
    ],
    amount: {
      kind: 'computed',
      base: 5000,
      terms: [
        { field: 'parcels', cents: 200 },
        { field: 'urgent', cents: 2500 },
      ],
    },
    position: {
      description: 'Certificato di destinazione urbanistica, {parcels} particelle',
      dueInDays: 15,
      iban: DEMO_ENTITY.iban,
      taxonomy: TAXONOMY,
    },
  },
  {
    code: 'OCCUPAZIONE-2019',
    name: 'Occupazione suolo pubblico (fino al 2019)',
    enabled: false,
    fields: [],
    amount: { kind: 'fixed', amount: 5000 },
    position: { description: 'Occupazione suolo pubblico', iban: DEMO_ENTITY.iban, taxonomy: TAXONOMY },
  },
];

/** Seeds the demo positions and services; answers the lines `npm start` prints. */
export async function seedDemoPractices(db: Db, now = new Date()): Promise<string[]> {
  const entity = await findEntity(db, DEMO_ENTITY.code);
  if (!entity) return [];
  // Only missing services are created: one the entity changed or disabled stays as it is.
  for (const s of DEMO_SERVICES) await createService(db, entity.code, v.parse(ServiceSchema, s), now);
  const items = demoPositions(now.getFullYear()).map((p, i) => ({
    row: i + 1,
    position: v.parse(PositionSchema, p),
  }));
  // Only missing positions are created: one the entity changed, paid or cancelled stays as it is.
  await transaction(db, async (tx) => {
    const fresh = [];
    for (const item of items)
      if (!(await findPosition(tx, entity.code, item.position.iupd))) fresh.push(item);
    await writePositions(tx, entity, fresh, 'create', now);
  });
  const { mario, anna } = DEMO_DEBTORS;
  return [
    `Demo practice: codice fiscale ${mario.fiscalCode}, Codice Avviso ${formatNav(demoCodes(1).nav)} (TARI)`,
    `Demo practice for someone else: codice fiscale ${anna.fiscalCode}, Codice Avviso ${formatNav(demoCodes(3).nav)} (mensa)`,
  ];
}
