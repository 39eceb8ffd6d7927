/**
 * The citizen's private calendar feed, parsed with ical.js: every due date still to pay of the
 * practices the account reaches (not paid, not cancelled, not someone else's), all-day with an
 * alarm, in the account's language; a new URL revokes the old one, revoking ends it; bad tokens 404.
 */
import { formatNav } from '@pagatore/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { parseIcs } from '../../test/support/ics.js';
import { account, addPosition, at } from '../../test/support/practice-fixtures.js';

const MARIO = 'RSSMRA85T10A562S';
const ANNA = 'RSSNNA10A41H501S';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

type Feed = { active: boolean; createdAt: string | null; url?: string };

async function feed(url: string) {
  const res = await h.request(new URL(url).pathname);
  return res;
}

const events = (ics: string) => parseIcs(ics).events;

describe('calendar feed', () => {
  it('lists the unpaid due dates of my practices; a new URL revokes the old; revoking ends it', async () => {
    const a = await account(h, { fiscalCode: MARIO, username: 'mario', proven: true });
    const single = await addPosition(h, 'TARI-1', MARIO, { description: 'TARI 2026' });
    const rate = await addPosition(h, 'RATE-1', MARIO, { description: 'Mensa', installments: 3 });
    const paid = await addPosition(h, 'PAID-1', MARIO, { description: 'Pagata' });
    await addPosition(h, 'ANNA-1', ANNA, { description: 'Non mia' });
    await h.deps.db
      .updateTable('payment_options')
      .set({ status: 'paid' })
      .where('position_id', '=', paid.id)
      .execute();
    await h.deps.db.updateTable('positions').set({ status: 'paid' }).where('id', '=', paid.id).execute();
    // The first installment paid: the practice is partially paid, two installments left.
    await h.deps.db
      .updateTable('payment_options')
      .set({ status: 'paid' })
      .where('position_id', '=', rate.id)
      .where('installment', '=', 1)
      .execute();
    await h.deps.db
      .updateTable('positions')
      .set({ status: 'partially_paid' })
      .where('id', '=', rate.id)
      .execute();

    expect(await (await h.json('GET', at('/me/calendar-feed'), undefined, a.auth)).json()).toEqual({
      active: false,
      createdAt: null,
    });
    const made = await h.json('POST', at('/me/calendar-feed'), undefined, a.auth);
    expect(made.status).toBe(201);
    const first = (await made.json()) as Feed;
    expect(first.url).toMatch(/\/api\/v1\/entities\/80012345676\/calendar\/[a-z2-7]{32}\.ics$/);

    const res = await feed(first.url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const list = events(await res.text());
    expect(list.map((e) => [e.start, e.summary])).toEqual([
      ['2026-04-15', 'Scadenza rata 2: Mensa'],
      ['2026-05-15', 'Scadenza rata 3: Mensa'],
      ['2026-12-31', 'Scadenza: TARI 2026'],
    ]);
    expect(list.every((e) => e.allDay && e.trigger === '-P3D')).toBe(true);
    const portal = `${h.deps.config.siteUrl}/pagamenti.html`;
    expect(list[2]).toMatchObject({
      uid: `pagatore-80012345676-${single.navs[0]}@pagatore`,
      description: `Importo: 150,00 €\nCodice Avviso: ${formatNav(single.navs[0]!)}\nPaga su: ${portal}`,
      url: portal,
      alarm: 'Tra 3 giorni scade: TARI 2026',
    });
    expect(list[0]!.alarm).toBe('Tra 3 giorni scade la rata 2: Mensa');
    // The same events, word for word, as the practice's downloaded file.
    const file = await h.request(at(`/me/practices/${rate.id}/calendar.ics?lang=it`), { headers: a.auth });
    expect(events(await file.text())).toEqual(list.slice(0, 2));

    // In the account's language.
    await h.deps.db.updateTable('accounts').set({ lang: 'en' }).where('id', '=', a.id).execute();
    const en = events(await (await feed(first.url!)).text());
    expect(en.map((e) => e.summary)).toEqual([
      'Installment 2 due: Mensa',
      'Installment 3 due: Mensa',
      'Due: TARI 2026',
    ]);
    expect(en[0]!.alarm).toBe('Installment 2 due in 3 days: Mensa');
    await h.deps.db.updateTable('accounts').set({ lang: 'de' }).where('id', '=', a.id).execute();
    const de = events(await (await feed(first.url!)).text());
    expect(de[0]).toMatchObject({
      summary: 'Rate 2 fällig: Mensa',
      description: `Betrag: 10,01 €\nZahlungshinweiscode: ${formatNav(rate.navs[1]!)}\nBezahlen unter: ${portal}`,
      alarm: 'Rate 2 in 3 Tagen fällig: Mensa',
    });

    // The token is kept hashed: the status says since when, not the URL.
    const status = (await (await h.json('GET', at('/me/calendar-feed'), undefined, a.auth)).json()) as Feed;
    expect(status).toEqual({ active: true, createdAt: first.createdAt });
    const row = await h.deps.db.selectFrom('calendar_feeds').selectAll().executeTakeFirstOrThrow();
    expect(first.url).not.toContain(row.token_hash);

    // A new URL: the old one is gone.
    const second = (await (await h.json('POST', at('/me/calendar-feed'), undefined, a.auth)).json()) as Feed;
    expect(second.url).not.toBe(first.url);
    expect((await feed(first.url!)).status).toBe(404);
    expect((await feed(second.url!)).status).toBe(200);

    // Revoked: nothing.
    expect((await h.json('DELETE', at('/me/calendar-feed'), undefined, a.auth)).status).toBe(204);
    expect((await feed(second.url!)).status).toBe(404);
    expect(await (await h.json('GET', at('/me/calendar-feed'), undefined, a.auth)).json()).toMatchObject({
      active: false,
    });
  });

  it('refuses what is not a feed: bad tokens, another entity, no session', async () => {
    const a = await account(h, { fiscalCode: MARIO, username: 'mario', proven: true });
    const { url } = (await (await h.json('POST', at('/me/calendar-feed'), undefined, a.auth)).json()) as Feed;
    const token = /calendar\/([a-z2-7]{32})\.ics$/.exec(url!)![1]!;
    expect((await h.request(at(`/calendar/${'b'.repeat(32)}.ics`))).status).toBe(404);
    expect((await h.request(at('/calendar/short.ics'))).status).toBe(422);
    expect((await h.request(at(`/calendar/${token}.ics`, '80012345677'))).status).toBe(404);
    expect((await h.json('POST', at('/me/calendar-feed'))).status).toBe(401);
  });
});
