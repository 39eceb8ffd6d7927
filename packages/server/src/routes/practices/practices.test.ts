import { applyOmocodia, buildNav, formatNav, type MyPractice, type ServiceInput } from '@pagatore/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeAccount } from '../../accounts/closing.js';
import { transaction } from '../../db/database.js';
import { DEMO_ENTITY, seedDemoEntity } from '../../demo/seed.js';
import { addDays, romeDate } from '../../core/rome-calendar.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { DEMO_DEBTORS, demoCodes, seedDemoPractices } from '../../demo/seed-practices.js';
import { seedDemoPositions } from '../../demo/seed-positions.js';
import { ENTITY_KEPT_MS } from '../../entities/entities.js';
import {
  account,
  addPosition,
  addService,
  at,
  ENTE,
  OTHER_ENTE,
  otherEntity,
  TAXONOMY,
} from '../../../test/support/practice-fixtures.js';

const MARIO = 'RSSMRA85T10A562S';
const ANNA = 'RSSNNA10A41H501S';
const LUCA = 'BSCMTT83A12L719R';
/** A well-formed Codice Avviso of the demo entity that no position has. */
const UNKNOWN = buildNav({ auxDigit: 3, code: '01' }, '0000000777777');

let ipSeq = 0;
/** A new client address per call, so the per-client limit stays out of the way unless tested. */
const fresh = () => ({ 'x-forwarded-for': `10.0.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}` });

async function body<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

describe('practices: anonymous search', () => {
  let h: Harness;
  let tari: Awaited<ReturnType<typeof addPosition>>;
  let rate: Awaited<ReturnType<typeof addPosition>>;
  let foreign: Awaited<ReturnType<typeof addPosition>>;
  beforeAll(async () => {
    h = await createHarness({ seed: seedDemoEntity, config: { trustProxy: true } });
    await otherEntity(h);
    tari = await addPosition(h, 'TARI-1', MARIO, { amount: 18650, description: 'TARI 2026' });
    rate = await addPosition(h, 'RATE-1', MARIO, { installments: 3 });
    foreign = await addPosition(h, 'ALTROVE-1', MARIO, { entity: OTHER_ENTE });
  });
  afterAll(() => h.close());

  const search = (b: unknown, ente: string = ENTE, headers: Record<string, string> = fresh()) =>
    h.json('POST', at('/practices/search', ente), b, headers);

  it('shows the practice when fiscal code and Codice Avviso (spaces allowed) both match', async () => {
    const res = await search({ fiscalCode: MARIO.toLowerCase(), nav: formatNav(tari.navs[0] as string) });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { practice } = await body<{ practice: Record<string, unknown> }>(res);
    expect(practice).toMatchObject({
      id: String(tari.id),
      entity: { code: ENTE, name: 'Comune di Esempio' },
      description: 'TARI 2026',
      amount: 18650,
      dueDate: '2026-12-31',
      status: 'unpaid',
      payable: true,
      single: { nav: tari.navs[0], iuv: tari.iuvs[0], amount: 18650 },
      installments: [],
    });
    expect(JSON.stringify(practice)).not.toContain(DEMO_ENTITY.iban);
  });

  it('served by Node: the answer is JSON, not cached, with the security headers', async () => {
    const server = await h.listen();
    try {
      const res = await fetch(`${server.url}${at('/practices/search')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...fresh() },
        body: JSON.stringify({ fiscalCode: MARIO, nav: tari.navs[0] }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await body<{ practice: { id: string } }>(res)).practice.id).toBe(String(tari.id));
      const miss = await fetch(`${server.url}${at('/practices/search')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...fresh() },
        body: JSON.stringify({ fiscalCode: MARIO, nav: UNKNOWN.nav }),
      });
      expect(miss.status).toBe(404);
      expect(miss.headers.get('cache-control')).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('finds by IUV, by both codes, by any installment, and by another spelling (omocodia) of the code', async () => {
    expect((await search({ fiscalCode: MARIO, iuv: tari.iuvs[0] })).status).toBe(200);
    expect((await search({ fiscalCode: MARIO, iuv: tari.iuvs[0], nav: tari.navs[0] })).status).toBe(200);
    const res = await search({ fiscalCode: applyOmocodia(MARIO, 3), nav: rate.navs[1] });
    expect(res.status).toBe(200);
    const { practice } = await body<{ practice: { installments: unknown[]; amount: number } }>(res);
    expect(practice.installments).toHaveLength(3);
    expect(practice.amount).toBe(1000 + 1001 + 1002);
  });

  it('says which option the code found, and each option as it is (the demo: installment 1 paid, single closed)', async () => {
    const printed = await seedDemoPositions(h.deps.db);
    const m = /codice fiscale ([0-9]{11}), Codice Avviso ([0-9 ]{18,24}) \(rata 2\)/.exec(printed.join('\n'));
    expect(m).not.toBeNull();
    const [cf, nav] = [m?.[1] as string, (m?.[2] as string).replace(/ /g, '')];
    const res = await search({ fiscalCode: cf, nav });
    expect(res.status).toBe(200);
    const { practice } = await body<{
      practice: {
        found: number;
        status: string;
        payable: boolean;
        single: { status: string; amount: number };
        installments: {
          installment: number;
          status: string;
          amount: number;
          dueDate: string;
          nav: string;
          paidAt: string | null;
        }[];
      };
    }>(res);
    expect(practice.found).toBe(2);
    expect(practice.status).toBe('partially_paid');
    expect(practice.payable).toBe(true);
    expect(practice.single).toMatchObject({ status: 'cancelled', amount: 900000 });
    expect(practice.installments.map((o) => [o.installment, o.status, o.amount])).toEqual([
      [1, 'paid', 300000],
      [2, 'unpaid', 300000],
      [3, 'unpaid', 300000],
    ]);
    expect(practice.installments[0]?.paidAt).not.toBeNull();
    expect(practice.installments[1]?.nav).toBe(nav);
    // The single payment's own code says so too; a position with no installments as well.
    const single = await body<{ practice: { found: number } }>(
      await search({ fiscalCode: MARIO, nav: tari.navs[0] }),
    );
    expect(single.practice.found).toBe(0);
    const byIuv = await body<{ practice: { found: number } }>(
      await search({ fiscalCode: MARIO, iuv: rate.iuvs[2] }),
    );
    expect(byIuv.practice.found).toBe(3);
  });

  it('answers the same miss for a wrong fiscal code, NAV, IUV, mismatched pair or another entity', async () => {
    const misses = [
      { fiscalCode: LUCA, nav: tari.navs[0] },
      { fiscalCode: MARIO, nav: UNKNOWN.nav },
      { fiscalCode: MARIO, iuv: UNKNOWN.iuv },
      { fiscalCode: MARIO, nav: tari.navs[0], iuv: rate.iuvs[0] },
      { fiscalCode: MARIO, nav: foreign.navs[0] },
      { fiscalCode: LUCA, iuv: tari.iuvs[0] },
    ];
    const bodies = new Set<string>();
    for (const m of misses) {
      const res = await search(m);
      expect(res.status, JSON.stringify(m)).toBe(404);
      const b = await body<{ error: { code: string; message: string } }>(res);
      expect(b.error.code).toBe('practice_not_found');
      bodies.add(JSON.stringify({ code: b.error.code, message: b.error.message }));
    }
    expect(bodies.size).toBe(1);
    // The other entity's own search finds its practice.
    expect((await search({ fiscalCode: MARIO, nav: foreign.navs[0] }, OTHER_ENTE)).status).toBe(200);
  });

  it('shows a change to the entity by staff within ENTITY_KEPT_MS', async () => {
    const start = new Date('2026-07-01T10:00:00Z');
    h.setNow(start);
    const keys = { fiscalCode: MARIO, nav: tari.navs[0] };
    const nameIn = async (res: Response) =>
      (await body<{ practice: { entity: { name: string } } }>(res)).practice.entity.name;
    expect(await nameIn(await search(keys))).toBe('Comune di Esempio');
    await h.database.db
      .updateTable('entities')
      .set({ name: 'Comune di Prova' })
      .where('code', '=', ENTE)
      .execute();
    h.setNow(new Date(start.getTime() + ENTITY_KEPT_MS));
    expect(await nameIn(await search(keys))).toBe('Comune di Prova');
    await h.database.db
      .updateTable('entities')
      .set({ name: 'Comune di Esempio' })
      .where('code', '=', ENTE)
      .execute();
    h.setNow(new Date(start.getTime() + 2 * ENTITY_KEPT_MS));
    expect(await nameIn(await search(keys))).toBe('Comune di Esempio');
    h.setNow(null);
  });

  it('refuses malformed identifiers field by field, and an unknown entity', async () => {
    const bad = await body<{ error: { code: string; fields: { path: string; code: string }[] } }>(
      await search({ fiscalCode: 'RSSMRA85T10A562X', nav: '301000000000000145' }),
    );
    expect(bad.error.code).toBe('validation_failed');
    expect(bad.error.fields.map((f) => [f.path, f.code])).toEqual([
      ['fiscalCode', 'invalid_fiscal_code'],
      ['nav', 'invalid_nav_check'],
    ]);
    // The message says what is wrong with 18 digits: the check digits, not the length.
    const en = await body<{ error: { fields: { path: string; code: string; message: string }[] } }>(
      await search({ fiscalCode: MARIO, nav: '3010 0000 0000 0001 45' }, ENTE, {
        ...fresh(),
        'accept-language': 'en',
      }),
    );
    expect(en.error.fields).toEqual([
      {
        path: 'nav',
        code: 'invalid_nav_check',
        message:
          'Invalid notice code: its last two digits (the check digits) do not match the others. Check that you copied it correctly.',
      },
    ]);
    const none = await body<{ error: { fields: { path: string; code: string }[] } }>(
      await search({ fiscalCode: MARIO }),
    );
    expect(none.error.fields).toEqual([expect.objectContaining({ path: 'nav', code: 'required' })]);
    expect((await search({ fiscalCode: MARIO, nav: tari.navs[0], extra: 1 })).status).toBe(422);
    expect((await search({ fiscalCode: MARIO, nav: tari.navs[0] }, '01199250158')).status).toBe(404);
  });
});

describe('practices: rate limits of the search', () => {
  let h: Harness;
  let tari: Awaited<ReturnType<typeof addPosition>>;
  beforeAll(async () => {
    h = await createHarness({ seed: seedDemoEntity, config: { trustProxy: true } });
    tari = await addPosition(h, 'TARI-1', MARIO);
  });
  afterAll(() => h.close());

  it('limits one client address to 30 searches in 10 minutes, with Retry-After', async () => {
    h.setNow(new Date('2026-03-01T10:00:00Z'));
    const ip = { 'x-forwarded-for': '192.0.2.1' };
    for (let i = 0; i < 30; i++) {
      const res = await h.json('POST', at('/practices/search'), { fiscalCode: MARIO, nav: tari.navs[0] }, ip);
      expect(res.status).toBe(200);
    }
    const res = await h.json('POST', at('/practices/search'), { fiscalCode: MARIO, nav: tari.navs[0] }, ip);
    expect(res.status).toBe(429);
    expect((await body<{ error: { code: string } }>(res)).error.code).toBe('rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not affected; the next window lets the first one in again.
    expect(
      (await h.json('POST', at('/practices/search'), { fiscalCode: MARIO, nav: tari.navs[0] }, fresh()))
        .status,
    ).toBe(200);
    h.setNow(new Date('2026-03-01T10:10:00Z'));
    expect(
      (await h.json('POST', at('/practices/search'), { fiscalCode: MARIO, nav: tari.navs[0] }, ip)).status,
    ).toBe(200);
  });

  const searchFrom = (ip: string, b: unknown, headers: Record<string, string> = {}) =>
    h.json('POST', at('/practices/search'), b, { 'x-forwarded-for': ip, ...headers });
  const wrong = { fiscalCode: MARIO, nav: UNKNOWN.nav };

  it('an unknown entity answers 404 and counts no search of the address', async () => {
    h.setNow(new Date('2026-03-01T12:00:00Z'));
    const ip = { 'x-forwarded-for': '192.0.2.2' };
    for (let i = 0; i < 31; i++) {
      const res = await h.json(
        'POST',
        at('/practices/search', '01199250158'),
        { fiscalCode: MARIO, nav: tari.navs[0] },
        ip,
      );
      expect(res.status).toBe(404);
      expect((await body<{ error: { code: string } }>(res)).error.code).toBe('entity_not_found');
    }
    const res = await h.json('POST', at('/practices/search'), { fiscalCode: MARIO, nav: tari.navs[0] }, ip);
    expect(res.status).toBe(200);
  });

  it('answers while another transaction holds the database, counting the search once', async () => {
    h.setNow(new Date('2026-03-01T14:00:00Z'));
    const ip = { 'x-forwarded-for': '192.0.2.3' };
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    let started = () => {};
    const open = new Promise<void>((r) => (started = r));
    const other = transaction(h.deps.db, async (tx) => {
      await tx.selectFrom('entities').select('code').execute();
      started();
      await held;
    });
    await open;
    const pending = h.json('POST', at('/practices/search'), { fiscalCode: MARIO, nav: tari.navs[0] }, ip);
    release();
    await other;
    expect((await pending).status).toBe(200);
    for (let i = 0; i < 29; i++) {
      const res = await h.json('POST', at('/practices/search'), { fiscalCode: MARIO, nav: tari.navs[0] }, ip);
      expect(res.status).toBe(200);
    }
    expect(
      (await h.json('POST', at('/practices/search'), { fiscalCode: MARIO, nav: tari.navs[0] }, ip)).status,
    ).toBe(429);
  });

  it('a stranger guessing from one address is stopped after 10 misses; the owner still finds the practice', async () => {
    h.setNow(new Date('2026-03-02T10:00:00Z'));
    const attacker = '198.51.100.9';
    for (let i = 0; i < 10; i++) expect((await searchFrom(attacker, wrong)).status).toBe(404);
    for (let i = 0; i < 3; i++) {
      const res = await searchFrom(attacker, wrong);
      expect(res.status).toBe(429);
      expect((await body<{ error: { code: string } }>(res)).error.code).toBe('rate_limited');
    }
    // The attacker is still limited, even on a right guess: the answer tells nothing.
    expect((await searchFrom(attacker, { fiscalCode: MARIO, nav: tari.navs[0] })).status).toBe(429);
    // The owner, right fiscal code and right Codice Avviso, from his own address: found.
    const owner = await searchFrom('203.0.113.20', { fiscalCode: MARIO, nav: tari.navs[0] });
    expect(owner.status).toBe(200);
    const pdf = await h.json(
      'POST',
      at('/practices/search/notice.pdf'),
      { fiscalCode: MARIO, nav: tari.navs[0] },
      { 'x-forwarded-for': '203.0.113.20' },
    );
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    // Other fiscal codes are not affected.
    expect((await searchFrom(attacker, { fiscalCode: LUCA, nav: tari.navs[0] })).status).toBe(404);
    // The next hour the attacker gets 10 more, no more.
    h.setNow(new Date('2026-03-02T11:00:00Z'));
    for (let i = 0; i < 10; i++) expect((await searchFrom(attacker, wrong)).status).toBe(404);
    expect((await searchFrom(attacker, wrong)).status).toBe(429);
  });

  it('a code guessed from many addresses: one miss per address and hour, the owner still gets through', async () => {
    h.setNow(new Date('2026-03-03T10:00:00Z'));
    // Ten addresses, one miss each: the code has had its ten misses of the hour.
    for (let i = 1; i <= 10; i++) expect((await searchFrom(`198.51.100.${i}`, wrong)).status).toBe(404);
    // Every address that missed it already waits for the next hour, right guess or not.
    for (let i = 1; i <= 10; i++) {
      expect((await searchFrom(`198.51.100.${i}`, wrong)).status).toBe(429);
      expect((await searchFrom(`198.51.100.${i}`, { fiscalCode: MARIO, nav: tari.navs[0] })).status).toBe(
        429,
      );
    }
    // A new address gets one answer: a miss, then it waits too.
    expect((await searchFrom('198.51.100.77', wrong)).status).toBe(404);
    expect((await searchFrom('198.51.100.77', wrong)).status).toBe(429);
    // The owner's first search, right fiscal code and Codice Avviso: found.
    expect((await searchFrom('203.0.113.30', { fiscalCode: MARIO, nav: tari.navs[0] })).status).toBe(200);
    // Rotating through an IPv6 /64 is one address.
    expect((await searchFrom('2001:db8:7:7::1', wrong)).status).toBe(404);
    expect((await searchFrom('2001:db8:7:7::2', wrong)).status).toBe(429);
    expect((await searchFrom('2001:db8:7:7:ffff::9', wrong)).status).toBe(429);
  });

  it('a signed-in owner is never locked out by strangers: search, link and list', async () => {
    h.setNow(new Date('2026-03-04T10:00:00Z'));
    const attacker = '198.51.100.200';
    for (let i = 0; i < 12; i++) await searchFrom(attacker, wrong);
    for (let i = 1; i <= 10; i++) await searchFrom(`192.0.2.${100 + i}`, wrong);
    expect((await searchFrom(attacker, { fiscalCode: MARIO, nav: tari.navs[0] })).status).toBe(429);

    // The owner proved his code earlier: even from the attacker's own address he is not limited on it.
    const mario = await account(h, { fiscalCode: MARIO, username: 'mario-owner', proven: true });
    const found = await searchFrom(attacker, { fiscalCode: MARIO, nav: tari.navs[0] }, mario.auth);
    expect(found.status).toBe(200);
    const link = await h.json(
      'POST',
      at('/me/practices'),
      { fiscalCode: MARIO, iuv: tari.iuvs[0] },
      { ...mario.auth, 'x-forwarded-for': attacker },
    );
    expect(link.status).toBe(200);
    const list = await h.request(at('/me/practices'), {
      headers: { ...mario.auth, 'x-forwarded-for': attacker },
    });
    expect(list.status).toBe(200);
    expect((await body<{ items: { id: string }[] }>(list)).items.map((p) => p.id)).toContain(String(tari.id));

    // A new account that declared the code (not proven yet) is one client: its first search with the
    // right Codice Avviso is answered and proves the code.
    const fresh = await account(h, { fiscalCode: MARIO, username: 'mario-new' });
    const first = await searchFrom(attacker, { fiscalCode: MARIO, nav: tari.navs[0] }, fresh.auth);
    expect(first.status).toBe(200);
    // A signed-in stranger guessing the code is limited like any client: one miss while it is guessed.
    const stranger = await account(h, { fiscalCode: LUCA, username: 'stranger' });
    expect((await searchFrom('192.0.2.250', wrong, stranger.auth)).status).toBe(404);
    expect((await searchFrom('192.0.2.251', wrong, stranger.auth)).status).toBe(429);
  });
});

describe('practices: my practices, proof of the fiscal code, links', () => {
  let h: Harness;
  let tari: Awaited<ReturnType<typeof addPosition>>;
  let multa: Awaited<ReturnType<typeof addPosition>>;
  let mensaAnna: Awaited<ReturnType<typeof addPosition>>;
  let other: Awaited<ReturnType<typeof addPosition>>;
  beforeAll(async () => {
    h = await createHarness({ seed: seedDemoEntity, config: { trustProxy: true } });
    await otherEntity(h);
    // Loaded before Mario registered.
    tari = await addPosition(h, 'TARI-1', MARIO, { amount: 18650 });
    multa = await addPosition(h, 'MULTA-1', applyOmocodia(MARIO, 1), { amount: 4200 });
    mensaAnna = await addPosition(h, 'MENSA-ANNA', ANNA, { amount: 12000 });
    other = await addPosition(h, 'ALTROVE-1', MARIO, { entity: OTHER_ENTE });
  });
  afterAll(() => h.close());

  const list = async (auth: Record<string, string>, query = '') => {
    const res = await h.request(at(`/me/practices${query}`), { headers: auth });
    expect(res.status).toBe(200);
    return body<{ items: MyPractice[]; total: number; limit: number; offset: number }>(res);
  };

  it('needs a session of this entity', async () => {
    expect((await h.request(at('/me/practices'))).status).toBe(401);
    const foreigner = await account(h, {
      fiscalCode: MARIO,
      username: 'mario.altrove',
      entity: OTHER_ENTE,
      proven: true,
    });
    expect((await h.request(at('/me/practices'), { headers: foreigner.auth })).status).toBe(401);
    // Its own entity shows its own practice only.
    const own = await h.request(at('/me/practices', OTHER_ENTE), { headers: foreigner.auth });
    const items = (await body<{ items: MyPractice[] }>(own)).items;
    expect(items.map((p) => p.id)).toEqual([String(other.id)]);
    expect(items[0]?.entity.code).toBe(OTHER_ENTE);
  });

  it('shows nothing of a declared fiscal code before it is proven; a Codice Avviso of it proves it', async () => {
    const mario = await account(h, { fiscalCode: MARIO, username: 'mario' });
    expect((await list(mario.auth)).total).toBe(0);
    expect((await h.request(at(`/me/practices/${tari.id}`), { headers: mario.auth })).status).toBe(404);

    // An anonymous search (no session) proves nothing.
    await h.json('POST', at('/practices/search'), { fiscalCode: MARIO, nav: tari.navs[0] }, fresh());
    expect((await list(mario.auth)).total).toBe(0);

    // The IUV alone links but does not prove.
    const byIuv = await h.json(
      'POST',
      at('/me/practices'),
      { fiscalCode: MARIO, iuv: tari.iuvs[0] },
      { ...mario.auth, ...fresh() },
    );
    expect(byIuv.status).toBe(200);
    expect(await body(byIuv)).toMatchObject({ id: String(tari.id), origin: 'search', linked: true });
    expect((await list(mario.auth)).items.map((p) => p.id)).toEqual([String(tari.id)]);

    // The Codice Avviso on his own code proves it: every practice of the code shows, any spelling.
    const byNav = await h.json(
      'POST',
      at('/me/practices'),
      { fiscalCode: MARIO, nav: tari.navs[0] },
      { ...mario.auth, ...fresh() },
    );
    expect(byNav.status).toBe(200);
    expect(await body(byNav)).toMatchObject({ origin: 'assigned', linked: true });
    const after = await list(mario.auth);
    expect(after.items.map((p) => p.id).sort()).toEqual([String(tari.id), String(multa.id)].sort());
    expect(after.items.every((p) => p.origin === 'assigned')).toBe(true);
    const me = await body<{ provenFiscalCodes: { code: string; method: string }[] }>(
      await h.request(at('/me'), { headers: mario.auth }),
    );
    expect(me.provenFiscalCodes).toEqual([expect.objectContaining({ code: MARIO, method: 'notice' })]);
  });

  it('a logged-in search with the Codice Avviso of the own code proves it too', async () => {
    const m2 = await account(h, { fiscalCode: MARIO, username: 'mario2' });
    const res = await h.json(
      'POST',
      at('/practices/search'),
      { fiscalCode: MARIO, nav: multa.navs[0] },
      { ...m2.auth, ...fresh() },
    );
    expect(res.status).toBe(200);
    expect((await list(m2.auth)).total).toBe(2);
    // A bad token on the anonymous search is ignored, not an error.
    const anon = await h.json(
      'POST',
      at('/practices/search'),
      { fiscalCode: MARIO, nav: multa.navs[0] },
      { authorization: 'Bearer nope', ...fresh() },
    );
    expect(anon.status).toBe(200);
  });

  it('pays for someone else: a parent keeps the child’s notice found by search, and only that one', async () => {
    const parent = await account(h, { fiscalCode: MARIO, username: 'papa', proven: true });
    const annaOther = await addPosition(h, 'MENSA-ANNA-2', ANNA, { amount: 9000 });
    const res = await h.json(
      'POST',
      at('/me/practices'),
      { fiscalCode: ANNA, nav: mensaAnna.navs[0] },
      { ...parent.auth, ...fresh() },
    );
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({
      id: String(mensaAnna.id),
      origin: 'search',
      linked: true,
      payable: true,
      debtor: { fiscalCode: ANNA },
    });
    const ids = (await list(parent.auth)).items.map((p) => p.id);
    expect(ids).toContain(String(mensaAnna.id));
    expect(ids).not.toContain(String(annaOther.id));
    expect((await h.request(at(`/me/practices/${annaOther.id}`), { headers: parent.auth })).status).toBe(404);
    // Anna's code is not proven by the parent's search.
    const me = await body<{ provenFiscalCodes: { code: string }[] }>(
      await h.request(at('/me'), { headers: parent.auth }),
    );
    expect(me.provenFiscalCodes.map((c) => c.code)).toEqual([MARIO]);
    const bySearch = (await list(parent.auth, '?origin=search')).items;
    expect(bySearch.map((p) => p.id)).toEqual([String(mensaAnna.id)]);
    // The list remembers which option the linked code named; assigned practices name none.
    expect(bySearch[0]?.found).toBe(0);
    expect((await list(parent.auth, '?origin=assigned')).items.every((p) => p.found === undefined)).toBe(
      true,
    );
    expect((await list(parent.auth, '?origin=assigned')).total).toBe(2);

    // Linking twice is harmless; unlinking removes it; assigned practices cannot be unlinked.
    expect(
      (
        await h.json(
          'POST',
          at('/me/practices'),
          { fiscalCode: ANNA, nav: mensaAnna.navs[0] },
          { ...parent.auth, ...fresh() },
        )
      ).status,
    ).toBe(200);
    expect(
      (await h.request(at(`/me/practices/${tari.id}`), { method: 'DELETE', headers: parent.auth })).status,
    ).toBe(409);
    expect(
      (await h.request(at(`/me/practices/${mensaAnna.id}`), { method: 'DELETE', headers: parent.auth }))
        .status,
    ).toBe(204);
    expect((await h.request(at(`/me/practices/${mensaAnna.id}`), { headers: parent.auth })).status).toBe(404);
  });

  it('answers 404 for anything not reachable: other accounts’ links, other entities, unknown or odd ids', async () => {
    const stranger = await account(h, { fiscalCode: LUCA, username: 'luca', proven: true });
    for (const id of [tari.id, mensaAnna.id, other.id, 999999, 0, 'abc', '1e3', '9'.repeat(30)]) {
      const res = await h.request(at(`/me/practices/${id}`), { headers: stranger.auth });
      expect([404, 422], String(id)).toContain(res.status);
      if (res.status === 404)
        expect((await body<{ error: { code: string } }>(res)).error.code).toBe('practice_not_found');
    }
    const miss = await h.json(
      'POST',
      at('/me/practices'),
      { fiscalCode: LUCA, nav: tari.navs[0] },
      { ...stranger.auth, ...fresh() },
    );
    expect(miss.status).toBe(404);
  });

  it('sorts and pages', async () => {
    const p = await account(h, { fiscalCode: LUCA, username: 'luca.sort', proven: true });
    for (let i = 0; i < 5; i++) await addPosition(h, `SORT-${i}`, LUCA, { amount: 1000 * (5 - i) });
    const byAmount = await list(p.auth, '?sort=amount&limit=2');
    expect(byAmount.total).toBe(5);
    expect(byAmount.items.map((x) => x.amount)).toEqual([1000, 2000]);
    const page2 = await list(p.auth, '?sort=amount&limit=2&offset=2');
    expect(page2.items.map((x) => x.amount)).toEqual([3000, 4000]);
    const desc = await list(p.auth, '?sort=-amount&limit=1');
    expect(desc.items[0]?.amount).toBe(5000);
    const bad = await h.request(at('/me/practices?sort=iban&limit=1000'), { headers: p.auth });
    expect(bad.status).toBe(422);
  });
});

const MENSA: ServiceInput = {
  code: 'MENSA',
  name: 'Mensa scolastica',
  notes: 'La ricarica è disponibile dal giorno dopo.',
  fields: [
    {
      name: 'child',
      type: 'text',
      label: 'Bambino',
      required: true,
      pattern: "[\\p{L} '.-]+",
      maxLength: 40,
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
    { name: 'amount', type: 'amount', label: 'Importo', required: true },
  ],
  amount: { kind: 'entered', field: 'amount', min: 1000, max: 30000 },
  position: {
    description: 'Mensa {child} - {school}',
    dueInDays: 10,
    iban: DEMO_ENTITY.iban,
    taxonomy: TAXONOMY,
  },
};
const ATTI: ServiceInput = {
  code: 'ATTI',
  name: 'Accesso agli atti',
  fields: [
    { name: 'protocol', type: 'text', label: 'Protocollo', required: true, pattern: '[0-9]{1,7}/[0-9]{4}' },
    {
      name: 'requestDate',
      type: 'date',
      label: 'Data',
      required: true,
      min: '2020-01-01',
      max: '2030-12-31',
    },
  ],
  amount: { kind: 'fixed', amount: 1000 },
  position: {
    description: 'Accesso atti {protocol} del {requestDate}',
    iban: DEMO_ENTITY.iban,
    taxonomy: TAXONOMY,
  },
};
const CDU: ServiceInput = {
  code: 'CDU',
  name: 'Certificato',
  fields: [
    { name: 'parcels', type: 'number', label: 'Particelle', required: true, min: 1, max: 50 },
    { name: 'urgent', type: 'checkbox', label: 'Urgente' },
    {
      name: 'delivery',
      type: 'select',
      label: 'Consegna',
      required: true,
      options: [
        { value: 'pec', label: 'PEC' },
        { value: 'posta', label: 'Raccomandata', cents: 800 },
      ],
    },
    { name: 'consent', type: 'checkbox', label: 'Dichiaro', required: true },
  ],
  amount: {
    kind: 'computed',
    base: 5000,
    terms: [
      { field: 'parcels', cents: 200 },
      { field: 'urgent', cents: 2500 },
    ],
    max: 20000,
  },
  position: {
    description: 'CDU {parcels} particelle',
    remittance: 'CDU {delivery}',
    dueInDays: 0,
    iban: DEMO_ENTITY.iban,
    postal: false,
    taxonomy: TAXONOMY,
  },
};
const OFF: ServiceInput = { ...ATTI, code: 'OFF', enabled: false };

describe('practices: services and spontaneous payments', () => {
  let h: Harness;
  let user: Awaited<ReturnType<typeof account>>;
  beforeAll(async () => {
    h = await createHarness({ seed: seedDemoEntity, config: { trustProxy: true } });
    for (const s of [MENSA, ATTI, CDU, OFF]) await addService(h, s);
    user = await account(h, { fiscalCode: LUCA, username: 'luca', name: ['Luca', 'Bianchi'] });
  });
  beforeEach(() => h.setNow(new Date('2026-06-30T22:30:00Z')));
  afterAll(() => h.close());

  const create = (service: string, values: unknown, auth = user.auth) =>
    h.json('POST', at('/me/spontaneous'), { service, values }, auth);
  const positions = async () =>
    Number(
      (
        await h.deps.db
          .selectFrom('positions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('lists the enabled services with their forms and notes, never where the money goes', async () => {
    const res = await h.request(at('/services'));
    expect(res.status).toBe(200);
    const { items } = await body<{ items: { code: string; notes?: string }[] }>(res);
    expect(items.map((s) => s.code)).toEqual(['ATTI', 'CDU', 'MENSA']);
    expect(items.find((s) => s.code === 'MENSA')?.notes).toBe(MENSA.notes);
    expect(JSON.stringify(items)).not.toMatch(/IT60X|iban|taxonomy/);
  });

  it('entered amount: creates the position within bounds, with IUV, NAV, transfer, description and due date', async () => {
    const res = await create('MENSA', { child: 'Anna Bianchi', school: 'rodari', amount: 5000 });
    expect(res.status).toBe(201);
    const p = await body<MyPractice>(res);
    // 22:30 UTC on 30 June is already 1 July in Rome.
    expect(romeDate(h.deps.now())).toBe('2026-07-01');
    expect(p).toMatchObject({
      origin: 'spontaneous',
      linked: true,
      description: 'Mensa Anna Bianchi - Rodari',
      amount: 5000,
      dueDate: addDays('2026-07-01', 10),
      service: 'MENSA',
      status: 'unpaid',
      payable: true,
      debtor: { fiscalCode: LUCA, name: 'Luca Bianchi' },
    });
    expect(p.single?.nav).toMatch(/^301[0-9]{15}$/);
    const transfers = await h.deps.db
      .selectFrom('transfers')
      .innerJoin('payment_options', 'payment_options.id', 'transfers.option_id')
      .selectAll('transfers')
      .where('payment_options.nav', '=', p.single?.nav ?? '')
      .execute();
    expect(transfers).toEqual([
      expect.objectContaining({
        iban: DEMO_ENTITY.iban,
        amount: 5000,
        taxonomy: '0101002IM',
        remittance: 'Mensa Anna Bianchi - Rodari',
      }),
    ]);
    // It shows in the list and by id, although the fiscal code is not proven.
    const list = await body<{ items: MyPractice[] }>(
      await h.request(at('/me/practices'), { headers: user.auth }),
    );
    expect(list.items.map((x) => x.id)).toContain(p.id);
    expect((await h.request(at(`/me/practices/${p.id}`), { headers: user.auth })).status).toBe(200);
  });

  it.each([
    ['below the minimum', { child: 'Anna', school: 'rodari', amount: 999 }, 'values.amount'],
    ['above the maximum', { child: 'Anna', school: 'rodari', amount: 30001 }, 'values.amount'],
    ['not cents', { child: 'Anna', school: 'rodari', amount: 10.5 }, 'values.amount'],
    ['a string amount', { child: 'Anna', school: 'rodari', amount: '50,00' }, 'values.amount'],
    ['a pattern miss', { child: 'Anna<script>', school: 'rodari', amount: 5000 }, 'values.child'],
    ['a required field missing', { school: 'rodari', amount: 5000 }, 'values.child'],
    ['a choice not offered', { child: 'Anna', school: 'x', amount: 5000 }, 'values.school'],
    ['an unknown field', { child: 'Anna', school: 'rodari', amount: 5000, iban: 'IT00' }, 'values.iban'],
  ])('entered amount: refuses %s, writing nothing', async (_name, values, path) => {
    const before = await positions();
    const res = await create('MENSA', values);
    expect(res.status).toBe(422);
    const b = await body<{ error: { code: string; fields: { path: string }[] } }>(res);
    expect(b.error.code).toBe('validation_failed');
    expect(b.error.fields.map((f) => f.path)).toContain(path);
    expect(await positions()).toBe(before);
  });

  it('fixed amount with text pattern and date bounds', async () => {
    const ok = await create('ATTI', { protocol: '1234/2026', requestDate: '2026-06-01' });
    expect(ok.status).toBe(201);
    expect(await body(ok)).toMatchObject({
      amount: 1000,
      description: 'Accesso atti 1234/2026 del 2026-06-01',
    });
    for (const values of [
      { protocol: '1234', requestDate: '2026-06-01' },
      { protocol: '1234/2026', requestDate: '2019-12-31' },
      { protocol: '1234/2026', requestDate: '2026-02-30' },
      { protocol: '1234/2026', requestDate: '2031-01-01' },
      { protocol: 1234, requestDate: '2026-06-01' },
    ]) {
      expect((await create('ATTI', values)).status, JSON.stringify(values)).toBe(422);
    }
  });

  it('computed amount: base + number × cents + checked boxes + chosen option, within the rule bounds', async () => {
    const a = await create('CDU', { parcels: 3, urgent: true, delivery: 'posta', consent: true });
    expect(a.status).toBe(201);
    const pa = await body<MyPractice>(a);
    expect(pa.amount).toBe(5000 + 3 * 200 + 2500 + 800);
    expect(pa.dueDate).toBe('2026-07-01');
    const b = await create('CDU', { parcels: 1, delivery: 'pec', consent: true });
    expect((await body<MyPractice>(b)).amount).toBe(5200);
    for (const values of [
      { parcels: 0, delivery: 'pec', consent: true },
      { parcels: 2.5, delivery: 'pec', consent: true },
      { parcels: 51, delivery: 'pec', consent: true },
      { parcels: 1, delivery: 'pec', consent: false },
      { parcels: 1, delivery: 'pec' },
      { parcels: 1, delivery: 'pec', consent: true, urgent: 'yes' },
      // 5000 + 50 × 200 + 2500 + 800 = 18300 ≤ 20000 is fine, but not with a bigger base (below)
    ]) {
      expect((await create('CDU', values)).status, JSON.stringify(values)).toBe(422);
    }
    await addService(h, {
      ...CDU,
      code: 'CDU2',
      amount: { ...CDU.amount, max: 6000 } as ServiceInput['amount'],
    });
    const over = await create('CDU2', { parcels: 20, delivery: 'pec', consent: true });
    expect(over.status).toBe(422);
    expect((await body<{ error: { fields: { code: string }[] } }>(over)).error.fields[0]?.code).toBe(
      'invalid_amount',
    );
  });

  it('refuses disabled or unknown services, and entities that do not allow spontaneous payments', async () => {
    const before = await positions();
    const off = await create('OFF', { protocol: '1/2026', requestDate: '2026-06-01' });
    expect(off.status).toBe(404);
    expect((await body<{ error: { code: string } }>(off)).error.code).toBe('service_not_found');
    expect((await create('NOPE', {})).status).toBe(404);
    expect((await create('bad code!', {})).status).toBe(422);
    await h.deps.db
      .updateTable('entities')
      .set({ spontaneous_enabled: 0 })
      .where('code', '=', ENTE)
      .execute();
    try {
      const disabled = await create('ATTI', { protocol: '1/2026', requestDate: '2026-06-01' });
      expect(disabled.status).toBe(403);
      expect((await body<{ error: { code: string } }>(disabled)).error.code).toBe('spontaneous_disabled');
      expect(await body(await h.request(at('/services')))).toEqual({ items: [] });
    } finally {
      await h.deps.db
        .updateTable('entities')
        .set({ spontaneous_enabled: 1 })
        .where('code', '=', ENTE)
        .execute();
    }
    expect(await positions()).toBe(before);
    expect((await h.json('POST', at('/me/spontaneous'), { service: 'ATTI', values: {} })).status).toBe(401);
  });

  it('revoking the consent (DELETE /me/consent) cancels the unpaid spontaneous positions of the account', async () => {
    const leaving = await account(h, { fiscalCode: MARIO, username: 'leaving' });
    const p = await body<MyPractice>(
      await create('ATTI', { protocol: '8/2026', requestDate: '2026-06-01' }, leaving.auth),
    );
    const res = await h.request(at('/me/consent'), { method: 'DELETE', headers: leaving.auth });
    expect(res.status).toBe(204);
    const row = await h.deps.db
      .selectFrom('positions')
      .select('status')
      .where('id', '=', Number(p.id))
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('cancelled');
    expect(
      await h.deps.db.selectFrom('practice_links').selectAll().where('account_id', '=', leaving.id).execute(),
    ).toEqual([]);
  });

  it('closing the account cancels its unpaid spontaneous positions and drops its links', async () => {
    const closing = await account(h, { fiscalCode: MARIO, username: 'closing' });
    const p = await body<MyPractice>(
      await create('ATTI', { protocol: '9/2026', requestDate: '2026-06-01' }, closing.auth),
    );
    await transaction(h.deps.db, (tx) =>
      closeAccount(tx, {
        account: { id: closing.id, entity_code: ENTE, privacy_version: '2026-01', lang: 'it' },
        now: h.deps.now(),
      }),
    );
    const row = await h.deps.db
      .selectFrom('positions')
      .select('status')
      .where('id', '=', Number(p.id))
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('cancelled');
    const links = await h.deps.db
      .selectFrom('practice_links')
      .selectAll()
      .where('account_id', '=', closing.id)
      .execute();
    expect(links).toEqual([]);
  });
});

describe('practices: demo data', () => {
  it('seeds services and practices idempotently, findable with the printed codes', async () => {
    const h = await createHarness({ seed: seedDemoEntity, config: { trustProxy: true } });
    try {
      const notes = await seedDemoPractices(h.deps.db);
      await seedDemoPractices(h.deps.db);
      expect(notes.join('\n')).toContain(formatNav(demoCodes(1).nav));
      const res = await h.json('POST', at('/practices/search'), {
        fiscalCode: DEMO_DEBTORS.anna.fiscalCode,
        nav: demoCodes(3).nav,
      });
      expect(res.status).toBe(200);
      const services = await body<{ items: { code: string }[] }>(await h.request(at('/services')));
      expect(services.items.map((s) => s.code)).toEqual(['ACCESSO-ATTI', 'CDU', 'MENSA']);
    } finally {
      await h.close();
    }
  });
});

describe('practices: "Stampa bollettino"', () => {
  let h: Harness;
  let tari: Awaited<ReturnType<typeof addPosition>>;
  beforeAll(async () => {
    h = await createHarness({ seed: seedDemoEntity, config: { trustProxy: true } });
    tari = await addPosition(h, 'TARI-PDF', MARIO, { amount: 18650 });
  });
  afterAll(() => h.close());

  it('gives the notice of a search hit without login, and nothing on a miss', async () => {
    const res = await h.json(
      'POST',
      at('/practices/search/notice.pdf'),
      { fiscalCode: MARIO, nav: tari.navs[0] },
      fresh(),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('avviso-TARI-PDF.pdf');
    expect(new TextDecoder().decode((await res.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
    const miss = await h.json(
      'POST',
      at('/practices/search/notice.pdf'),
      { fiscalCode: LUCA, nav: tari.navs[0] },
      fresh(),
    );
    expect(miss.status).toBe(404);
    expect((await body<{ error: { code: string } }>(miss)).error.code).toBe('practice_not_found');
  });

  it('gives the notice of my practice, and 404 for one I do not reach', async () => {
    const mario = await account(h, { fiscalCode: MARIO, username: 'mario.pdf', proven: true });
    const res = await h.request(at(`/me/practices/${tari.id}/notice.pdf?lang=it-de`), {
      headers: mario.auth,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const luca = await account(h, { fiscalCode: LUCA, username: 'luca.pdf', proven: true });
    expect((await h.request(at(`/me/practices/${tari.id}/notice.pdf`), { headers: luca.auth })).status).toBe(
      404,
    );
  });
});
