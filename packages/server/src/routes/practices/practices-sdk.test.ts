/** The SDK's practices methods against the real server over HTTP on 127.0.0.1. */
import { createClient, PagatoreError, SessionStore } from '@pagatore/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEBTORS, demoCodes, seedDemoPractices } from '../../demo/seed-practices.js';
import { seedDemoEntity } from '../../demo/seed.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { account, ENTE } from '../../../test/support/practice-fixtures.js';

describe('SDK practices methods over HTTP', () => {
  let h: Harness;
  let server: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    h = await createHarness({ seed: seedDemoEntity });
    await seedDemoPractices(h.deps.db);
    server = await h.listen();
  });
  afterAll(async () => {
    await server.close();
    await h.close();
  });

  it('search, notice, link, list, get, unlink, services, spontaneous: typed and authorised', async () => {
    const client = createClient({ baseUrl: server.url, entity: ENTE, session: new SessionStore('p1') });
    const anna = { fiscalCode: DEMO_DEBTORS.anna.fiscalCode, nav: demoCodes(3).nav };
    const { practice } = await client.practices.search(anna);
    expect(practice.amount).toBe(12000);
    const pdf = await client.practices.searchNotice(anna, 'it-de');
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.filename).toBe('avviso-DEMO-MENSA-ANNA.pdf');

    const err = await client.practices.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PagatoreError);
    expect((err as PagatoreError).code).toBe('unauthorized');

    const parent = await account(h, { fiscalCode: DEMO_DEBTORS.mario.fiscalCode, username: 'papa' });
    client.session.set({ token: parent.token, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    const linked = await client.practices.link(anna);
    expect(linked).toMatchObject({ id: practice.id, origin: 'search', linked: true });
    expect((await client.practices.get(practice.id)).debtor.fiscalCode).toBe(anna.fiscalCode);
    expect((await client.practices.notice(practice.id)).contentType).toBe('application/pdf');

    const { items: services } = await client.services.list();
    expect(services.map((s) => s.code)).toContain('MENSA');
    const created = await client.spontaneous.create({
      service: 'MENSA',
      values: { child: 'Anna Rossi', school: 'rodari', amount: 2500 },
    });
    expect(created).toMatchObject({ origin: 'spontaneous', amount: 2500, payable: true });
    const page = await client.practices.list({ sort: '-createdAt', limit: 1 });
    expect(page.items[0]?.id).toBe(created.id);
    expect(page.total).toBe(2);

    await client.practices.unlink(practice.id);
    const gone = await client.practices.get(practice.id).catch((e: unknown) => e);
    expect((gone as PagatoreError).code).toBe('practice_not_found');
    const bad = await client.spontaneous
      .create({ service: 'MENSA', values: { child: 'Anna', school: 'x', amount: 1 } })
      .catch((e: unknown) => e);
    expect((bad as PagatoreError).fields.map((f) => f.path).sort()).toEqual([
      'values.amount',
      'values.school',
    ]);
  });

  it('"Aggiungi al calendario": searchCalendar, calendar, payLinkCalendar give the .ics file; a foreign page is refused', async () => {
    const client = createClient({ baseUrl: server.url, entity: ENTE, session: new SessionStore('p3') });
    const anna = { fiscalCode: DEMO_DEBTORS.anna.fiscalCode, nav: demoCodes(3).nav };
    const { practice } = await client.practices.search(anna);
    const page = `${h.deps.config.siteUrl}/pagamenti.html`;
    const found = await client.practices.searchCalendar(anna, { lang: 'en', page });
    expect(found.contentType).toBe('text/calendar; charset=utf-8');
    expect(found.filename).toBe(`scadenze-${practice.id}.ics`);
    const text = await found.blob.text();
    expect(text).toContain('BEGIN:VEVENT');
    expect(text).toContain('SUMMARY:Due: ');
    const foreign = await client.practices
      .searchCalendar(anna, { page: 'https://evil.example/' })
      .catch((e: unknown) => e);
    expect((foreign as PagatoreError).code).toBe('validation_failed');
    expect((foreign as PagatoreError).fields[0]).toMatchObject({
      path: 'query.page',
      code: 'invalid_origin',
    });

    const unknownLink = await client.practices.payLinkCalendar('a'.repeat(32)).catch((e: unknown) => e);
    expect((unknownLink as PagatoreError).code).toBe('paylink_not_found');

    const mine = await account(h, {
      fiscalCode: DEMO_DEBTORS.anna.fiscalCode,
      username: 'anna.cal',
      proven: true,
    });
    client.session.set({ token: mine.token, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    const own = await client.practices.calendar(practice.id, { lang: 'de', page });
    expect(own.filename).toBe(`scadenze-${practice.id}.ics`);
    expect(await own.blob.text()).toContain('SUMMARY:Fällig: ');
  });

  it('a company (11-digit code) creates a spontaneous practice as debtor G; creations are limited per account', async () => {
    const client = createClient({ baseUrl: server.url, entity: ENTE, session: new SessionStore('p2') });
    const company = await account(h, {
      fiscalCode: '12345670488',
      username: 'srl',
      name: ['Esempio', 'Costruzioni'],
    });
    client.session.set({ token: company.token, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    const p = await client.spontaneous.create({
      service: 'ACCESSO-ATTI',
      values: { protocol: '77/2026', requestDate: '2026-01-15' },
    });
    expect(p.debtor).toEqual({ fiscalCode: '12345670488', name: 'Esempio Costruzioni S.r.l.' });
    const row = await h.deps.db
      .selectFrom('positions')
      .select('debtor_type')
      .where('id', '=', Number(p.id))
      .executeTakeFirstOrThrow();
    expect(row.debtor_type).toBe('G');
    for (let i = 1; i < 20; i++) {
      await client.spontaneous.create({
        service: 'ACCESSO-ATTI',
        values: { protocol: `${i}/2026`, requestDate: '2026-01-15' },
      });
    }
    const limited = await client.spontaneous
      .create({ service: 'ACCESSO-ATTI', values: { protocol: '99/2026', requestDate: '2026-01-15' } })
      .catch((e: unknown) => e);
    expect((limited as PagatoreError).code).toBe('rate_limited');
    expect((limited as PagatoreError).retryAfter).toBeGreaterThan(0);
  });
});
