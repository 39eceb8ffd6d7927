import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { renderNoticeForPosition } from '../../notices/from-position.js';
import { decodePdf, pageCount, pdfText } from '../../../test/support/notice-pdf.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { as, testKey, installments, otherEntityKey, position } from '../../../test/support/admin-fixtures.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('notice routes (admin)', () => {
  let h: Harness;
  let api: ReturnType<typeof as>;
  let other: ReturnType<typeof as>;
  const created: Record<string, Json> = {};

  beforeAll(async () => {
    h = await createHarness();
    api = as(h, await testKey(h));
    other = as(h, await otherEntityKey(h));
    for (const [iupd, body] of [
      ['N-1', position('N-1')],
      ['N-RATE', { ...position('N-RATE', {}, 15001), installments: installments() }],
      ['N-LONG', position('N-LONG', { description: 'x'.repeat(120) })],
    ] as const) {
      const res = await api('POST', '/api/v1/admin/positions', body);
      expect(res.status, iupd).toBe(201);
      created[iupd] = (await res.json()) as Json;
    }
  });
  afterAll(() => h.close());

  it("downloads one position's notice: the QR and the Poste Data Matrix carry its NAV and amount", async () => {
    const res = await api('GET', '/api/v1/admin/positions/N-1/notice.pdf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('avviso-N-1.pdf');
    const pdf = new Uint8Array(await res.arrayBuffer());
    const [page] = decodePdf(pdf, { dataMatrix: 1 });
    const nav = created['N-1']!.single.nav as string;
    expect(page?.qr).toEqual([`PAGOPA|002|${nav}|${TEST_ENTITY.code}|15000`]);
    expect(page?.dm[0]).toHaveLength(256);
    expect(page?.dm[0]?.slice(15, 33)).toBe(nav);
    const text = pdfText(pdf);
    expect(text).toContain('Comune di Esempio');
    expect(text).toContain('Mario Rossi');
    expect(text).toContain('TARI 2026');
  });

  it('prints a position with installments, one QR each, in German and Italian', async () => {
    const res = await api('GET', '/api/v1/admin/positions/N-RATE/notice.pdf?lang=it-de');
    expect(res.status).toBe(200);
    const pdf = new Uint8Array(await res.arrayBuffer());
    const qr = decodePdf(pdf).flatMap((p) => p.qr);
    const p = created['N-RATE']!;
    const navs = [p.single.nav, ...p.installments.map((o: Json) => o.nav)] as string[];
    expect(qr.map((s) => s.split('|')[2]).sort()).toEqual(navs.sort());
    expect(pdfText(pdf)).toContain('ZAHLUNGSMITTEILUNG');
  });

  it('answers 422 with the position field when the description is over the 90 characters of the guide', async () => {
    const res = await api('GET', '/api/v1/admin/positions/N-LONG/notice.pdf');
    expect(res.status).toBe(422);
    const body = (await res.json()) as Json;
    expect(body.error).toMatchObject({
      code: 'validation_failed',
      fields: [expect.objectContaining({ path: 'description', code: 'too_long' })],
    });
  });

  it("answers 404 for an unknown position and for another entity's", async () => {
    expect((await api('GET', '/api/v1/admin/positions/NOPE/notice.pdf')).status).toBe(404);
    expect((await other('GET', '/api/v1/admin/positions/N-1/notice.pdf')).status).toBe(404);
    expect((await h.request('/api/v1/admin/positions/N-1/notice.pdf')).status).toBe(401);
  });

  it('answers 409 invalid_state for a cancelled position', async () => {
    await api('POST', '/api/v1/admin/positions', position('N-GONE'));
    const del = await api('DELETE', '/api/v1/admin/positions/N-GONE');
    expect(del.status).toBeLessThan(300);
    const res = await api('GET', '/api/v1/admin/positions/N-GONE/notice.pdf');
    expect(res.status).toBe(409);
  });

  it('streams a ZIP of the named positions, listing the missing and unprintable ones', async () => {
    const res = await api('POST', '/api/v1/admin/notices', { iupds: ['N-1', 'N-RATE', 'N-LONG', 'NOPE'] });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(['ERRORS.txt', 'N-1.pdf', 'N-RATE.pdf']);
    const errors = new TextDecoder().decode(files['ERRORS.txt']);
    expect(errors).toContain('N-LONG: subject too_long');
    expect(errors).toContain('NOPE: not found');
    expect(decodePdf(files['N-1.pdf']!)[0]?.qr).toHaveLength(1);
  });

  it('merges every payable position into one PDF', async () => {
    const res = await api('POST', '/api/v1/admin/notices', { format: 'pdf', dueTo: '2027-12-31' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('x-notices-count')).toBe('2');
    const pdf = new Uint8Array(await res.arrayBuffer());
    expect(pageCount(pdf)).toBeGreaterThanOrEqual(3);
    expect(decodePdf(pdf).flatMap((p) => p.qr)).toHaveLength(5);
  });

  it('validates the bundle request', async () => {
    const res = await api('POST', '/api/v1/admin/notices', { iupds: [], format: 'tar' });
    expect(res.status).toBe(422);
    const body = (await res.json()) as Json;
    expect(body.error.fields.map((f: Json) => f.path).sort()).toEqual(['format', 'iupds']);
  });

  it('prints a new "Paga ora" link as a second QR code when asked, one link per notice, each opening its practice', async () => {
    const tokenOf = (url: string) => new URL(url).hash.replace('#paga=', '');
    const opens = async (url: string) =>
      h.json('POST', `/api/v1/entities/${TEST_ENTITY.code}/pay-links/open`, { token: tokenOf(url) });

    const one = await api('GET', '/api/v1/admin/positions/N-1/notice.pdf?payLinkDays=30');
    expect(one.status).toBe(200);
    const codes = decodePdf(new Uint8Array(await one.arrayBuffer()))[0]!.qr;
    const nav = created['N-1']!.single.nav as string;
    expect(codes).toContain(`PAGOPA|002|${nav}|${TEST_ENTITY.code}|15000`);
    const link = codes.find((c) => c.includes('#paga='))!;
    expect(link.startsWith(`${h.deps.config.siteUrl}/pagamenti.html#paga=`)).toBe(true);
    const opened = await opens(link);
    expect(opened.status).toBe(200);
    expect(((await opened.json()) as Json).practice.single.nav).toBe(nav);
    const stored = await h.deps.db
      .selectFrom('pay_links')
      .select(['created_at', 'expires_at'])
      .where('token_hash', 'is not', null)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(Date.parse(stored.expires_at) - Date.parse(stored.created_at)).toBe(30 * 86_400_000);

    const zip = await api('POST', '/api/v1/admin/notices', { iupds: ['N-1', 'N-RATE'], payLinkDays: 7 });
    expect(zip.status).toBe(200);
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    const links = ['N-1.pdf', 'N-RATE.pdf'].map((f) =>
      decodePdf(files[f]!)
        .flatMap((p) => p.qr)
        .filter((c) => c.includes('#paga=')),
    );
    expect(links.map((l) => l.length)).toEqual([1, 1]);
    expect(new Set([link, links[0]![0], links[1]![0]]).size).toBe(3);
    expect(((await (await opens(links[1]![0]!)).json()) as Json).practice.single.nav).toBe(
      created['N-RATE']!.single.nav,
    );
    // Without asking, no link is made or printed.
    const plain = await api('GET', '/api/v1/admin/positions/N-1/notice.pdf');
    expect(decodePdf(new Uint8Array(await plain.arrayBuffer()))[0]!.qr).toHaveLength(1);
  });

  it('refuses pay links on notices with a bad number of days, or for an entity with no portal page', async () => {
    for (const days of ['0', '367', 'abc', '-1']) {
      const res = await api('GET', `/api/v1/admin/positions/N-1/notice.pdf?payLinkDays=${days}`);
      expect(res.status, days).toBe(422);
      expect(((await res.json()) as Json).error.fields[0].path).toBe('query.payLinkDays');
    }
    const bad = await api('POST', '/api/v1/admin/notices', { payLinkDays: 1.5 });
    expect(bad.status).toBe(422);
    const count = async () =>
      Number(
        (
          await h.deps.db
            .selectFrom('pay_links')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const portal = await h.deps.db
      .selectFrom('entities')
      .select('portal_url')
      .where('code', '=', TEST_ENTITY.code)
      .executeTakeFirstOrThrow();
    await h.deps.db
      .updateTable('entities')
      .set({ portal_url: null })
      .where('code', '=', TEST_ENTITY.code)
      .execute();
    try {
      for (const res of [
        await api('GET', '/api/v1/admin/positions/N-1/notice.pdf?payLinkDays=30'),
        await api('POST', '/api/v1/admin/notices', { payLinkDays: 30 }),
      ]) {
        expect(res.status).toBe(409);
        expect(((await res.json()) as Json).error.code).toBe('portal_url_missing');
      }
      expect(await count()).toBe(before);
    } finally {
      await h.deps.db
        .updateTable('entities')
        .set({ portal_url: portal.portal_url })
        .where('code', '=', TEST_ENTITY.code)
        .execute();
    }
  });

  it('renderNoticeForPosition renders by numeric id in one call', async () => {
    const row = await h.deps.db
      .selectFrom('positions')
      .select('id')
      .where('iupd', '=', 'N-1')
      .executeTakeFirstOrThrow();
    const pdf = await renderNoticeForPosition(h.deps.db, TEST_ENTITY.code, row.id, { language: 'en' });
    expect(pdfText(pdf)).toContain('PAYMENT NOTICE');
    await expect(renderNoticeForPosition(h.deps.db, '12345670488', row.id)).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
