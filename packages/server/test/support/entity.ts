/**
 * The entity the tests run against, owned by the tests: a change to the demo (src/demo) never moves
 * what a test expects. Created through the same domain function as the admin API's entities.
 */
import type { Config } from '../../src/config/index.js';
import type { Db } from '../../src/db/database.js';
import { createEntity } from '../../src/entities/entity-settings.js';

export const TEST_ENTITY = {
  code: '80012345676',
  name: 'Comune di Esempio',
  sector: 'Servizi al cittadino',
  info: 'Piazza del Municipio 1 · 00100 Esempio (RM) · www.comune.esempio.it',
  segregationCode: '01',
  iban: 'IT60X0542811101000000123456',
  postalAccount: '1234567',
} as const;

/** Its privacy notice, in the three languages the portal speaks. */
export const TEST_PRIVACY_TEXTS = {
  it: 'Il Comune di Esempio tratta i dati della registrazione per la consultazione e il pagamento delle posizioni tramite pagoPA.',
  en: 'The Comune di Esempio processes registration data to let you look up and pay positions through pagoPA.',
  de: 'Die Gemeinde Comune di Esempio verarbeitet die Registrierungsdaten zur Einsicht und Zahlung von Positionen über pagoPA.',
};

/**
 * Creates the test entity: every setting filled (logo, postal account, CBILL, origins of the
 * configured site, portal page, spontaneous payments), no pagoPA station until a test configures one.
 */
export async function seedTestEntity(db: Db, config: Config): Promise<void> {
  await createEntity(
    db,
    {
      code: TEST_ENTITY.code,
      name: TEST_ENTITY.name,
      article: 'il',
      sector: TEST_ENTITY.sector,
      info: TEST_ENTITY.info,
      logoUrl: `${config.publicUrl}/assets/logo-comune-esempio.svg`,
      auxDigit: 3,
      segregationCode: TEST_ENTITY.segregationCode,
      ibans: [TEST_ENTITY.iban],
      postalAccount: {
        number: TEST_ENTITY.postalAccount,
        holder: 'Comune di Esempio - Servizio Tesoreria',
        authorization: 'AUT. DB/SISB/E 12345 DEL 01/01/2024',
      },
      cbillCode: 'A0EDT',
      allowedOrigins: [config.siteUrl, `http://localhost:${config.sitePort}`],
      portalUrl: `${config.siteUrl}/pagamenti.html`,
      spontaneousPayments: true,
      privacy: { text: TEST_PRIVACY_TEXTS, version: '2026-01' },
      onlineChannel: 'sul sito del Comune di Esempio,',
    },
    new Date(),
  );
}

/** A second entity (aux 3, segregation 02), for what one entity must not see of another. */
export const OTHER_ENTE = '12345670488';

/** The taxonomy code the tests' transfers carry. */
export const TAXONOMY = '9/0101002IM/';

/** Creates the second entity. */
export async function otherEntity(db: Db): Promise<void> {
  await createEntity(
    db,
    { code: OTHER_ENTE, name: 'Comune di Altrove', auxDigit: 3, segregationCode: '02', ibans: [] },
    new Date(),
  );
}
