/**
 * Demo data: "Comune di Esempio" and what the demo shows. Runs only in demo mode (`npm start`,
 * `pagatore demo seed`). Seeding creates only what is missing: every start finds the demo in
 * place, and what the operator changed since (settings, services, positions) stays as changed.
 */
import { ofEntity } from '@pagatore/sdk';
import type { Config } from '../config/index.js';
import type { Db } from '../db/database.js';
import { modeProblems } from '../entities/entity-settings.js';

export const DEMO_ENTITY = {
  code: '80012345676',
  name: 'Comune di Esempio',
  sector: 'Servizi al cittadino',
  info: 'Piazza del Municipio 1 · 00100 Esempio (RM) · www.comune.esempio.it',
  segregationCode: '01',
  iban: 'IT60X0542811101000000123456',
  postalAccount: '1234567',
} as const;

export const DEMO_PRIVACY_TEXT =
  'Il Comune di Esempio, titolare del trattamento, tratta i dati personali forniti con la registrazione al solo fine di consentire la consultazione e il pagamento delle posizioni debitorie tramite pagoPA (art. 6, par. 1, lett. c ed e, Reg. UE 2016/679). I dati delle ricevute sono conservati per i tempi previsti dalla legge. Puoi revocare il consenso in ogni momento dal menu del tuo account.';

/** The same notice for citizens who read the portal in English or German. */
export const DEMO_PRIVACY_TEXTS = {
  en: 'The Comune di Esempio, data controller, processes the personal data given at registration only to let you look up and pay debt positions through pagoPA (Art. 6(1)(c) and (e) GDPR, EU Regulation 2016/679). Receipt data are kept for the periods the law requires. You can withdraw your consent at any time from your account menu.',
  de: 'Die Gemeinde Comune di Esempio verarbeitet als Verantwortliche die bei der Registrierung angegebenen personenbezogenen Daten ausschließlich, um die Einsicht und Zahlung von Zahlungspositionen über pagoPA zu ermöglichen (Art. 6 Abs. 1 Buchst. c und e DSGVO, Verordnung (EU) 2016/679). Quittungsdaten werden für die gesetzlich vorgeschriebene Dauer aufbewahrt. Sie können Ihre Einwilligung jederzeit im Menü Ihres Kontos widerrufen.',
};

/** Creates the demo entity when it does not exist; an existing one keeps its settings. */
export async function seedDemoEntity(db: Db, config: Config): Promise<void> {
  const now = new Date().toISOString();
  const origins = [config.siteUrl, `http://localhost:${config.sitePort}`];
  const logoUrl = `${config.publicUrl}/assets/logo-comune-esempio.svg`;
  // The seed writes the row itself: it honours the logo rule the admin API and the CLI apply.
  if (modeProblems({ logoUrl }, config.mode, 'en').length > 0)
    throw new Error(
      `demo seed: the logo URL ${logoUrl} (from PUBLIC_URL) must be https:// (http:// in demo mode)`,
    );
  const values = {
    name: DEMO_ENTITY.name,
    article: 'il',
    sector: DEMO_ENTITY.sector,
    info: DEMO_ENTITY.info,
    logo_url: logoUrl,
    aux_digit: 3,
    segregation_code: DEMO_ENTITY.segregationCode,
    ibans: JSON.stringify([DEMO_ENTITY.iban]),
    postal_account_number: DEMO_ENTITY.postalAccount,
    postal_account_holder: 'Comune di Esempio - Servizio Tesoreria',
    postal_authorization: 'AUT. DB/SISB/E 12345 DEL 01/01/2024',
    cbill_code: 'A0EDT',
    allowed_origins: JSON.stringify(origins),
    portal_url: `${config.siteUrl}/pagamenti.html`,
    spontaneous_enabled: 1,
    privacy_text: DEMO_PRIVACY_TEXT,
    privacy_texts: JSON.stringify(DEMO_PRIVACY_TEXTS),
    privacy_version: '2026-01',
    online_channel: `sul sito ${ofEntity(DEMO_ENTITY.name, 'il')},`,
    pagopa_settings: JSON.stringify({}),
    updated_at: now,
  };
  await db
    .insertInto('entities')
    .values({ code: DEMO_ENTITY.code, created_at: now, ...values })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}
