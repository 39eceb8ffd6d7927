/**
 * "Aggiungi al calendario" made on the server, parsed with ical.js: the search hit's file (same keys
 * and limits as the search), my practice's (session, reachable only), a "Paga ora" link's (its
 * token, limited like an opening, not counted as one); the events, alarms, texts and pay link in the
 * three languages; the page the events point at only on the entity's origins; bad input 4xx.
 */
import { formatNav } from '@pagatore/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { as, testKey } from '../../../test/support/admin-fixtures.js';
import { parseIcs } from '../../../test/support/ics.js';
import { account, addPosition, at, ENTE } from '../../../test/support/practice-fixtures.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MARIO = 'RSSMRA85T10A562S';
const LUCA = 'BSCMTT83A12L719R';

let ipSeq = 0;
/** A new client address per call, so the per-client limit stays out of the way unless tested. */
const fresh = () => ({ 'x-forwarded-for': `10.9.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}` });

async function errorOf(res: Response): Promise<{ code: string; fields?: { path: string; code: string }[] }> {
  return ((await res.json()) as { error: { code: string; fields?: { path: string; code: string }[] } }).error;
}

describe('"Aggiungi al calendario" on the server', () => {
  let h: Harness;
  let site = '';
  let page = '';
  let tari: Awaited<ReturnType<typeof addPosition>>;
  let rate: Awaited<ReturnType<typeof addPosition>>;
  beforeAll(async () => {
    h = await createHarness({ config: { trustProxy: true } });
    site = h.deps.config.siteUrl;
    page = `${site}/pagamenti.html?sezione=tributi`;
    tari = await addPosition(h, 'CAL-TARI', MARIO, { amount: 18650, description: 'TARI 2026' });
    rate = await addPosition(h, 'CAL-RATE', MARIO, { installments: 3, description: 'Oneri' });
    // Installment 1 paid: its due date is no longer one to keep.
    await h.deps.db
      .updateTable('payment_options')
      .set({ status: 'paid' })
      .where('nav', '=', rate.navs[0] as string)
      .execute();
  });
  afterAll(() => h.close());

  const searchCal = (body: unknown, query = `?lang=it&page=${encodeURIComponent(page)}`, ip = fresh()) =>
    h.json('POST', at(`/practices/search/calendar.ics${query}`), body, ip);

  describe('search hit (no account)', () => {
    it('one all-day event per option still to pay, an alarm 3 days before, amount, Codice Avviso and page', async () => {
      const res = await searchCal({ fiscalCode: MARIO, nav: rate.navs[1] });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="scadenze-${rate.id}.ics"`);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const text = await res.text();
      expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
      const cal = parseIcs(text);
      expect(cal.prodid).toContain('Pagatore');
      expect(cal.prodid).toContain('IT');
      expect(cal.name).toBe('Comune di Esempio');
      expect(cal.events).toEqual([
        {
          uid: `pagatore-${ENTE}-${rate.navs[1]}@pagatore`,
          start: '2026-04-15',
          allDay: true,
          summary: 'Scadenza rata 2: Oneri',
          description: `Importo: 10,01 €\nCodice Avviso: ${formatNav(rate.navs[1]!)}\nPaga su: ${page}`,
          url: page,
          stamp: true,
          action: 'DISPLAY',
          trigger: '-P3D',
          alarm: 'Tra 3 giorni scade la rata 2: Oneri',
        },
        expect.objectContaining({
          uid: `pagatore-${ENTE}-${rate.navs[2]}@pagatore`,
          start: '2026-05-15',
          summary: 'Scadenza rata 3: Oneri',
        }),
      ]);
    });

    it('speaks English and German (by lang, else Accept-Language); a single payment gives one event', async () => {
      const en = parseIcs(
        await (
          await searchCal(
            { fiscalCode: MARIO, nav: tari.navs[0] },
            `?lang=en&page=${encodeURIComponent(page)}`,
          )
        ).text(),
      );
      expect(en.prodid).toContain('EN');
      expect(en.events).toHaveLength(1);
      expect(en.events[0]).toMatchObject({
        start: '2026-12-31',
        summary: 'Due: TARI 2026',
        description: `Amount: €186.50\nNotice code: ${formatNav(tari.navs[0]!)}\nPay at: ${page}`,
        alarm: 'Due in 3 days: TARI 2026',
      });
      const de = parseIcs(
        await (
          await searchCal(
            { fiscalCode: MARIO, nav: rate.navs[2] },
            `?lang=de&page=${encodeURIComponent(page)}`,
          )
        ).text(),
      );
      expect(de.events[0]).toMatchObject({
        summary: 'Rate 2 fällig: Oneri',
        description: `Betrag: 10,01 €\nZahlungshinweiscode: ${formatNav(rate.navs[1]!)}\nBezahlen unter: ${page}`,
        alarm: 'Rate 2 in 3 Tagen fällig: Oneri',
      });
      const byHeader = await h.json(
        'POST',
        at(`/practices/search/calendar.ics?page=${encodeURIComponent(page)}`),
        { fiscalCode: MARIO, nav: tari.navs[0] },
        { ...fresh(), 'accept-language': 'de-DE,de;q=0.9' },
      );
      expect(parseIcs(await byHeader.text()).events[0]?.summary).toBe('Fällig: TARI 2026');
    });

    it('drops the page fragment; without a page the entity portal page', async () => {
      const withHash = parseIcs(
        await (
          await searchCal(
            { fiscalCode: MARIO, nav: tari.navs[0] },
            `?page=${encodeURIComponent(`${page}#lista`)}`,
          )
        ).text(),
      );
      expect(withHash.events[0]?.url).toBe(page);
      const none = parseIcs(await (await searchCal({ fiscalCode: MARIO, nav: tari.navs[0] }, '')).text());
      expect(none.events[0]?.url).toBe(`${site}/pagamenti.html`);
      expect(none.events[0]?.description).toContain(`Paga su: ${site}/pagamenti.html`);
    });

    it('refuses a page off the entity origins, a bad page or language, malformed keys: 422; a miss: the search 404', async () => {
      const good = { fiscalCode: MARIO, nav: tari.navs[0] };
      const evil = await searchCal(
        good,
        `?page=${encodeURIComponent('https://evil.example/pagamenti.html')}`,
      );
      expect(evil.status).toBe(422);
      expect(await errorOf(evil)).toMatchObject({
        code: 'validation_failed',
        fields: [expect.objectContaining({ path: 'query.page', code: 'invalid_origin' })],
      });
      for (const bad of ['javascript:alert(1)', 'not a url', `ftp://${new URL(site).host}/x`]) {
        const res = await searchCal(good, `?page=${encodeURIComponent(bad)}`);
        expect(res.status).toBe(422);
        expect((await errorOf(res)).fields?.[0]).toMatchObject({ path: 'query.page', code: 'invalid_url' });
      }
      const creds = await searchCal(
        good,
        `?page=${encodeURIComponent(`${site.replace('://', '://u:p@')}/x`)}`,
      );
      expect(creds.status).toBe(422);
      const lang = await searchCal(good, '?lang=fr');
      expect(lang.status).toBe(422);
      expect((await errorOf(lang)).fields?.[0]).toMatchObject({ path: 'query.lang', code: 'invalid_choice' });
      expect((await searchCal(good, '?other=1')).status).toBe(422);
      expect((await searchCal({ fiscalCode: MARIO })).status).toBe(422);
      expect((await searchCal({ fiscalCode: 'XX', nav: tari.navs[0] })).status).toBe(422);
      expect((await searchCal({ ...good, extra: 1 })).status).toBe(422);
      const miss = await searchCal({ fiscalCode: LUCA, nav: tari.navs[0] });
      expect(miss.status).toBe(404);
      expect((await errorOf(miss)).code).toBe('practice_not_found');
      const entity = await h.json(
        'POST',
        '/api/v1/entities/01199250158/practices/search/calendar.ics',
        good,
        fresh(),
      );
      expect(entity.status).toBe(404);
      expect((await errorOf(entity)).code).toBe('entity_not_found');
    });

    it('shares the search limits: 30 per client address; misses per code and client', async () => {
      h.setNow(new Date('2026-03-01T10:00:00Z'));
      const ip = { 'x-forwarded-for': '192.0.2.41' };
      const good = { fiscalCode: MARIO, nav: tari.navs[0] };
      for (let i = 0; i < 15; i++) {
        expect((await searchCal(good, '', ip)).status).toBe(200);
        expect((await h.json('POST', at('/practices/search'), good, ip)).status).toBe(200);
      }
      const limited = await searchCal(good, '', ip);
      expect(limited.status).toBe(429);
      expect((await errorOf(limited)).code).toBe('rate_limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await h.json('POST', at('/practices/search'), good, ip)).status).toBe(429);
      // Misses on a code through the calendar count as the search's: ten, then the client waits.
      const guesser = { 'x-forwarded-for': '192.0.2.42' };
      const wrong = { fiscalCode: LUCA, nav: tari.navs[0] };
      for (let i = 0; i < 10; i++) expect((await searchCal(wrong, '', guesser)).status).toBe(404);
      expect((await h.json('POST', at('/practices/search'), wrong, guesser)).status).toBe(429);
      expect((await searchCal(wrong, '', guesser)).status).toBe(429);
      h.setNow(null);
    });
  });

  describe('my practice (session)', () => {
    it('gives the file of a practice I reach; 401 without a session, 404 for one I do not reach', async () => {
      const mario = await account(h, { fiscalCode: MARIO, username: 'mario.cal', proven: true });
      const res = await h.request(
        at(`/me/practices/${rate.id}/calendar.ics?lang=en&page=${encodeURIComponent(page)}`),
        {
          headers: mario.auth,
        },
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="scadenze-${rate.id}.ics"`);
      const cal = parseIcs(await res.text());
      expect(cal.events.map((e) => [e.start, e.summary, e.url])).toEqual([
        ['2026-04-15', 'Installment 2 due: Oneri', page],
        ['2026-05-15', 'Installment 3 due: Oneri', page],
      ]);
      expect(cal.events[0]?.description).toBe(
        `Amount: €10.01\nNotice code: ${formatNav(rate.navs[1]!)}\nPay at: ${page}`,
      );
      expect((await h.request(at(`/me/practices/${rate.id}/calendar.ics`))).status).toBe(401);
      const luca = await account(h, { fiscalCode: LUCA, username: 'luca.cal', proven: true });
      for (const id of [String(rate.id), '999999']) {
        const other = await h.request(at(`/me/practices/${id}/calendar.ics`), { headers: luca.auth });
        expect(other.status).toBe(404);
        expect((await errorOf(other)).code).toBe('practice_not_found');
      }
      for (const id of ['abc', '1e3', '0']) {
        const odd = await h.request(at(`/me/practices/${id}/calendar.ics`), { headers: luca.auth });
        expect(odd.status).toBe(422);
        expect((await errorOf(odd)).code).toBe('validation_failed');
      }
      const evil = await h.request(
        at(`/me/practices/${rate.id}/calendar.ics?page=${encodeURIComponent('https://evil.example/')}`),
        { headers: mario.auth },
      );
      expect(evil.status).toBe(422);
    });
  });

  describe('"Paga ora" link', () => {
    let api: ReturnType<typeof as>;
    let token = '';
    let linkId = '';
    beforeAll(async () => {
      api = as(h, await testKey(h));
      const link = (await (
        await api('POST', '/api/v1/admin/positions/CAL-RATE/pay-links', {})
      ).json()) as Json;
      token = link.token as string;
      linkId = link.id as string;
    });
    const linkCal = (t: string, query = `?lang=it&page=${encodeURIComponent(page)}`, ip = fresh()) =>
      h.json('POST', at(`/pay-links/calendar.ics${query}`), { token: t }, ip);

    it('gives the link practice file, each event pointing at the link; no opening counted', async () => {
      const res = await linkCal(token);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="scadenze-${rate.id}.ics"`);
      const cal = parseIcs(await res.text());
      const link = `${page}#paga=${token}`;
      expect(cal.events.map((e) => [e.start, e.summary, e.url])).toEqual([
        ['2026-04-15', 'Scadenza rata 2: Oneri', link],
        ['2026-05-15', 'Scadenza rata 3: Oneri', link],
      ]);
      expect(cal.events[0]?.description).toBe(
        `Importo: 10,01 €\nCodice Avviso: ${formatNav(rate.navs[1]!)}\nPaga su: ${link}`,
      );
      const row = await h.deps.db
        .selectFrom('pay_links')
        .select('opened_count')
        .where('id', '=', linkId)
        .executeTakeFirstOrThrow();
      expect(Number(row.opened_count)).toBe(0);
      // Without a page: the entity's portal page with the link.
      const bare = parseIcs(await (await linkCal(token, '')).text());
      expect(bare.events[0]?.url).toBe(`${site}/pagamenti.html#paga=${token}`);
    });

    it('refuses what opening refuses (unknown, malformed, revoked) and a foreign page', async () => {
      const unknown = await linkCal('a'.repeat(32));
      expect(unknown.status).toBe(404);
      expect((await errorOf(unknown)).code).toBe('paylink_not_found');
      expect((await linkCal('not-a-token')).status).toBe(422);
      expect((await linkCal(token, `?page=${encodeURIComponent('https://evil.example/')}`)).status).toBe(422);
      const other = (await (
        await api('POST', '/api/v1/admin/positions/CAL-TARI/pay-links', {})
      ).json()) as Json;
      expect((await api('DELETE', `/api/v1/admin/pay-links/${other.id as string}`)).status).toBe(204);
      const revoked = await linkCal(other.token as string);
      expect(revoked.status).toBe(410);
      expect((await errorOf(revoked)).code).toBe('paylink_revoked');
    });

    it('counts in the per-client budget of the search and of opening links', async () => {
      h.setNow(new Date('2026-03-02T10:00:00Z'));
      const ip = { 'x-forwarded-for': '192.0.2.51' };
      for (let i = 0; i < 30; i++) expect((await linkCal(token, '', ip)).status).toBe(200);
      const limited = await linkCal(token, '', ip);
      expect(limited.status).toBe(429);
      expect((await errorOf(limited)).code).toBe('rate_limited');
      expect((await h.json('POST', at('/pay-links/open'), { token }, ip)).status).toBe(429);
      h.setNow(null);
    });
  });
});
