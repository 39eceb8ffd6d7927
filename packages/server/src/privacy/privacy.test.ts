/**
 * Privacy end to end on a real database (SQLite, or PostgreSQL with DB_ENGINE=postgres): versioned
 * consent texts and fresh consent at login, the append-only ledger (the database refuses UPDATE and
 * DELETE, and no code in src writes one), the data export against the whole schema, what closing
 * an account keeps, and the retention job under a moved clock.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { personalCheckLetter } from '@pagatore/sdk';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../accounts/crypto.js';
import { romeDate } from '../core/rome-calendar.js';
import { engineOf } from '../db/database.js';
import { recordReceipt } from '../payments/record-receipt.js';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { as, testKey } from '../../test/support/admin-fixtures.js';
import { account, addPosition, ENTE } from '../../test/support/practice-fixtures.js';
import { sha256 } from './consents.js';
import { EXPORTED_COLUMNS } from './export.js';
import { eraseExpiredPaymentData } from './retention.js';
import { NOT_EXPORTED } from './schema-coverage.js';

const BASE = `/api/v1/entities/${ENTE}`;
/** A valid personal fiscal code from its first 15 characters. */
const cf = (first15: string) => `${first15}${personalCheckLetter(first15)}`;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let h: Harness;
let admin: ReturnType<typeof as>;

beforeAll(async () => {
  h = await createHarness();
  admin = as(h, await testKey(h));
});
afterAll(async () => {
  await h.close();
});

const ledgerOf = async (accountId: string) =>
  (await (await admin('GET', `/api/v1/admin/consent-ledger?account=${accountId}`)).json()).items as Json[];

/** An active account with a password, on the privacy version in force. */
async function withPassword(username: string, fiscalCode: string) {
  const a = await account(h, { fiscalCode, username, proven: true });
  const entity = await h.deps.db
    .selectFrom('entities')
    .select('privacy_version')
    .where('code', '=', ENTE)
    .executeTakeFirstOrThrow();
  await h.deps.db
    .updateTable('accounts')
    .set({
      password_hash: await hashPassword('Una-password-lunga-9'),
      privacy_version: entity.privacy_version,
    })
    .where('id', '=', a.id)
    .execute();
  return a;
}

describe('consent texts', () => {
  it('publishes versions, serves the one in force and each version, and never changes a published one', async () => {
    const first = await (await h.request(`${BASE}/consents/privacy`)).json();
    expect(first).toMatchObject({ kind: 'privacy', current: true, publishedBy: null });
    expect(first.sha256.it).toBe(sha256(first.text.it));

    const text = {
      it: 'Informativa 2027: i dati servono a pagare.',
      en: 'Notice 2027: data is used to pay.',
    };
    const published = await admin('POST', '/api/v1/admin/consents/privacy/versions', {
      version: '2027-01',
      text,
    });
    expect(published.status).toBe(201);
    expect(await published.json()).toMatchObject({
      version: '2027-01',
      text,
      sha256: { it: sha256(text.it), en: sha256(text.en) },
      requiresReconsent: false,
      publishedBy: 'api-key',
      current: true,
    });
    // The entity's notice in force follows, in every language.
    const entity = await (await h.request(`${BASE}`)).json();
    expect(entity.privacy).toMatchObject({ version: '2027-01' });
    // The same version again: the same words are a retry, other words a conflict.
    expect(
      (await admin('POST', '/api/v1/admin/consents/privacy/versions', { version: '2027-01', text })).status,
    ).toBe(201);
    const changed = await admin('POST', '/api/v1/admin/consents/privacy/versions', {
      version: '2027-01',
      text: { it: 'Altre parole.' },
    });
    expect(changed.status).toBe(409);
    expect((await changed.json()).error.code).toBe('already_exists');
    // The settings may not rewrite a published version either.
    const viaSettings = await admin('PATCH', '/api/v1/admin/entity', {
      privacy: { version: '2027-01', text: 'Parole cambiate' },
    });
    expect(viaSettings.status).toBe(409);

    // The former version stays readable, as it was.
    const old = await (
      await h.request(`${BASE}/consents/privacy/versions/${encodeURIComponent(first.version)}`)
    ).json();
    expect(old).toMatchObject({ version: first.version, text: first.text, current: false });
    const list = (await (await admin('GET', '/api/v1/admin/consents?kind=privacy')).json()).items as Json[];
    expect(list.map((v) => v.version)).toEqual(['2027-01', first.version]);

    // Another kind: reminders.
    expect(
      (
        await admin('POST', '/api/v1/admin/consents/reminders/versions', {
          version: '1',
          text: 'Promemoria via e-mail.',
        })
      ).status,
    ).toBe(201);
    expect((await (await h.request(`${BASE}/consents/reminders`)).json()).version).toBe('1');
  });

  it('serves the full text as an escaped page in the language asked for', async () => {
    await admin('POST', '/api/v1/admin/consents/terms/versions', {
      version: 'v1',
      text: { it: 'Testo <script>alert(1)</script> italiano', de: 'Deutscher Text' },
    });
    const page = await h.request(`${BASE}/consents/terms/versions/v1/page?lang=it`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('Testo &lt;script&gt;alert(1)&lt;/script&gt; italiano');
    expect(html).not.toContain('<script>');
    expect(await (await h.request(`${BASE}/consents/terms/versions/v1/page?lang=de`)).text()).toContain(
      'Deutscher Text',
    );
    // English is not there: the Italian text is shown.
    expect(await (await h.request(`${BASE}/consents/terms/versions/v1/page?lang=en`)).text()).toContain(
      'italiano',
    );
  });

  it('refuses bad kinds, versions and bodies, and answers 404 for what is not published', async () => {
    const bad = [
      ['POST', '/api/v1/admin/consents/Privacy!/versions', { version: '1', text: 'x' }],
      ['POST', '/api/v1/admin/consents/privacy/versions', { version: ' ', text: 'x' }],
      ['POST', '/api/v1/admin/consents/privacy/versions', { version: '3', text: '' }],
      [
        'POST',
        '/api/v1/admin/consents/privacy/versions',
        { version: '3', text: 'x', requiresReconsent: 'yes' },
      ],
      ['POST', '/api/v1/admin/consents/privacy/versions', { version: '3', text: 'x', extra: 1 }],
    ] as const;
    for (const [method, path, body] of bad) {
      const r = await admin(method, path, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect((await r.json()).error.code).toBe('validation_failed');
    }
    expect((await h.request(`${BASE}/consents/nothing-here`)).status).toBe(404);
    expect((await h.request(`${BASE}/consents/privacy/versions/does-not-exist`)).status).toBe(404);
    expect((await h.request(`/api/v1/entities/99999999999/consents/privacy`)).status).toBe(404);
    expect((await h.request(`/api/v1/admin/consents`)).status).toBe(401);
  });

  it('asks for fresh consent at the next login when a version requires it, and records the answer', async () => {
    const a = await withPassword('nuovo.consenso', cf('VRDGPP80A01H501'));
    const login = (body: Json) => h.json('POST', `${BASE}/sessions`, body);
    // A version without fresh consent: the login goes through.
    expect(
      (
        await admin('POST', '/api/v1/admin/consents/privacy/versions', {
          version: '2027-02',
          text: 'Piccola correzione.',
        })
      ).status,
    ).toBe(201);
    expect((await login({ username: 'nuovo.consenso', password: 'Una-password-lunga-9' })).status).toBe(201);

    const fresh = { it: 'Nuove finalità: serve un nuovo consenso.', en: 'New purposes: consent again.' };
    await admin('POST', '/api/v1/admin/consents/privacy/versions', {
      version: '2027-03',
      text: fresh,
      requiresReconsent: true,
    });
    const sessionsBefore = (
      await h.deps.db.selectFrom('sessions').select('id').where('account_id', '=', a.id).execute()
    ).length;
    const asked = await login({ username: 'nuovo.consenso', password: 'Una-password-lunga-9' });
    expect(asked.status).toBe(409);
    expect((await asked.json()).error.code).toBe('reconsent_required');
    // No session was made.
    expect(
      await h.deps.db.selectFrom('sessions').select('id').where('account_id', '=', a.id).execute(),
    ).toHaveLength(sessionsBefore);
    // A wrong password still answers 401, never the consent state.
    expect((await login({ username: 'nuovo.consenso', password: 'sbagliata-sbagliata' })).status).toBe(401);
    // Accepting an older version is refused.
    const old = await login({
      username: 'nuovo.consenso',
      password: 'Una-password-lunga-9',
      privacyVersion: '2027-02',
    });
    expect(old.status).toBe(422);
    expect((await old.json()).error.fields[0]).toMatchObject({
      path: 'privacyVersion',
      code: 'privacy_outdated',
    });

    const ok = await h.json(
      'POST',
      `${BASE}/sessions`,
      { username: 'nuovo.consenso', password: 'Una-password-lunga-9', privacyVersion: '2027-03' },
      { 'accept-language': 'en' },
    );
    expect(ok.status).toBe(201);
    expect((await ok.json()).account.privacy.version).toBe('2027-03');
    const grant = (await ledgerOf(a.id)).at(-1)!;
    expect(grant).toMatchObject({
      kind: 'privacy',
      action: 'grant',
      version: '2027-03',
      channel: 'widget',
      lang: 'en',
    });
    expect(grant.textSha256).toBe(sha256(fresh.en));
    expect(grant.ipHash).toMatch(/^[0-9a-f]{64}$/);
    // Next time nothing is asked.
    expect((await login({ username: 'nuovo.consenso', password: 'Una-password-lunga-9' })).status).toBe(201);
  });
});

describe('consent ledger', () => {
  it('records the registration consent with the hash of the exact text and a salted address hash', async () => {
    const entity = await (await h.request(`${BASE}`)).json();
    const r = await h.json(
      'POST',
      `${BASE}/accounts`,
      {
        fiscalCode: cf('BNCLRA90A41F205'),
        subjectKind: 'person',
        firstName: 'Laura',
        lastName: 'Bianchi',
        address: 'Via Verdi 2',
        country: 'IT',
        city: 'Milano',
        province: 'MI',
        postalCode: '20100',
        email: 'laura.bianchi@example.it',
        phone: '+39021234567',
        username: 'laura.bianchi',
        password: 'Una-password-lunga-9',
        privacyConsent: true,
        privacyVersion: entity.privacy.version,
      },
      { 'x-forwarded-for': '203.0.113.7' },
    );
    expect(r.status).toBe(202);
    const row = await h.deps.db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', 'laura.bianchi')
      .executeTakeFirstOrThrow();
    const grant = (await ledgerOf(row.id))[0]!;
    const text = await (await h.request(`${BASE}/consents/privacy`)).json();
    expect(grant).toMatchObject({
      kind: 'privacy',
      action: 'grant',
      version: entity.privacy.version,
      channel: 'widget',
      textSha256: text.sha256.it,
    });
    // Salted: not the bare SHA-256 of the address.
    expect(grant.ipHash).toMatch(/^[0-9a-f]{64}$/);
    expect(grant.ipHash).not.toBe(sha256('127.0.0.1'));
  });

  it('records the reminders consent, given and withdrawn from the profile, as kind reminders', async () => {
    const a = await account(h, { fiscalCode: cf('RSSGNN70A01H501'), username: 'promemoria' });
    for (const email of [true, false]) {
      const r = await h.json('PUT', `${BASE}/me/reminders`, { email }, a.auth);
      expect(r.status).toBe(200);
    }
    const rows = (await ledgerOf(a.id)).filter((r) => r.kind === 'reminders');
    const text = await (await h.request(`${BASE}/consents/reminders`)).json();
    expect(rows.map((r) => [r.action, r.version, r.textSha256, r.channel])).toEqual([
      ['grant', text.version, text.sha256.it, 'widget'],
      ['revoke', text.version, text.sha256.it, 'widget'],
    ]);
  });

  it('refuses UPDATE and DELETE in the database itself, on texts and records', async () => {
    const db = h.deps.db;
    expect((await db.selectFrom('consent_ledger').select('id').execute()).length).toBeGreaterThan(0);
    await expect(sql`update consent_ledger set channel = 'forged'`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from consent_ledger`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`update consent_texts set text_it = 'forged'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from consent_texts`.execute(db)).rejects.toThrow(/append-only/);
    await expect(db.updateTable('consent_ledger').set({ actor: 'x' }).execute()).rejects.toThrow(
      /append-only/,
    );
    expect(
      (await db.selectFrom('consent_ledger').select('channel').where('channel', '=', 'forged').execute())
        .length,
    ).toBe(0);
  });

  it('no code path in src updates or deletes a ledger record or a published text', () => {
    const src = fileURLToPath(new URL('..', import.meta.url));
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.ts$/.test(name) && !/\.test\.ts$/.test(name)) files.push(p);
      }
    };
    walk(src);
    expect(files.length).toBeGreaterThan(100);
    const forbidden = [
      /(updateTable|deleteFrom|replaceInto|mergeInto)\(\s*['"`](consent_ledger|consent_texts)['"`]/,
      /\b(update|delete\s+from|truncate(\s+table)?)\s+"?(consent_ledger|consent_texts)\b/i,
      /onConflict[^;]*doUpdateSet[^;]*consent_(ledger|texts)|consent_(ledger|texts)[^;]*doUpdateSet/s,
    ];
    const offenders = files.filter((f) => {
      const text = readFileSync(f, 'utf8');
      return forbidden.some((re) => re.test(text));
    });
    expect(offenders).toEqual([]);
  });

  it('exports per account and per period, as JSON and CSV', async () => {
    const all = (await (await admin('GET', '/api/v1/admin/consent-ledger')).json()).items as Json[];
    expect(all.length).toBeGreaterThan(1);
    // The ledger's periods are Rome's days, which begin an hour or two before UTC's.
    const today = romeDate(new Date());
    const inPeriod = (
      await (await admin('GET', `/api/v1/admin/consent-ledger?from=${today}&to=${today}`)).json()
    ).items;
    expect(inPeriod.length).toBe(all.length);
    const none = (
      await (await admin('GET', '/api/v1/admin/consent-ledger?from=2020-01-01&to=2020-12-31')).json()
    ).items;
    expect(none).toEqual([]);
    const csv = await admin('GET', '/api/v1/admin/consent-ledger?format=csv');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('id,accountId,kind,action,version,lang,textSha256,channel,actor,ipHash,at');
    expect(lines).toHaveLength(all.length + 1);
    for (const q of [
      'account=not-a-uuid',
      'from=2026-13-01',
      'from=2026-02-01&to=2026-01-01',
      'format=xml',
    ]) {
      const r = await admin('GET', `/api/v1/admin/consent-ledger?${q}`);
      expect(r.status, q).toBe(422);
    }
  });
});

/** A practice of the account paid through the portal, with its receipt (payer's e-mail included). */
async function paidPractice(
  a: { id: string; auth: Record<string, string> },
  fiscalCode: string,
  iupd: string,
  paidAt: Date,
) {
  const p = await addPosition(h, iupd, fiscalCode, { amount: 2500 });
  const started = await h.json('POST', `${BASE}/payments`, { options: [p.navs[0]] }, a.auth);
  expect(started.status).toBe(201);
  const payment = (await started.json()) as { id: string };
  await h.deps.db
    .updateTable('payments')
    .set({ payer_email: 'pagante@example.it' })
    .where('id', '=', payment.id)
    .execute();
  const r = await recordReceipt(
    h.deps.db,
    {
      entityCode: ENTE,
      nav: p.navs[0]!,
      receiptId: `IUR-${iupd}`,
      amount: 2500,
      fee: 100,
      pspId: 'PSP1',
      pspName: 'Banca di prova',
      pspFiscalCode: null,
      channel: 'WEB',
      method: 'CP',
      paidAt,
      payer: { fiscalCode, name: 'Anna Neri', email: 'pagante@example.it' },
    },
    paidAt,
  );
  expect(r.status).toBe('recorded');
  return { paymentId: payment.id, positionId: p.id };
}

describe('data export', () => {
  it('names every column of the schema: exported, or declared not exported with a reason', async () => {
    const db = h.deps.db;
    const rows =
      engineOf(db) === 'sqlite'
        ? (
            await sql<{
              t: string;
              c: string;
            }>`select m.name as t, p.name as c from sqlite_master m, pragma_table_info(m.name) p
              where m.type = 'table' and m.name not like 'sqlite_%' and m.name not like 'kysely_%'`.execute(
              db,
            )
          ).rows
        : (
            await sql<{
              t: string;
              c: string;
            }>`select table_name as t, column_name as c from information_schema.columns
              where table_schema = current_schema() and table_name not like 'kysely_%'`.execute(db)
          ).rows;
    expect(rows.length).toBeGreaterThan(300);
    const exported = EXPORTED_COLUMNS as Record<string, readonly string[]>;
    const unclassified = rows
      .filter(({ t, c }) => !exported[t]?.includes(c) && !NOT_EXPORTED[t]?.columns.includes(c))
      .map(({ t, c }) => `${t}.${c}`);
    expect(unclassified, 'columns neither exported nor declared in privacy/schema-coverage.ts').toEqual([]);
    // And both lists name only columns that exist, each once.
    const have = new Set(rows.map(({ t, c }) => `${t}.${c}`));
    const named = [
      ...Object.entries(exported).flatMap(([t, cs]) => cs.map((c) => `${t}.${c}`)),
      ...Object.entries(NOT_EXPORTED).flatMap(([t, e]) => e.columns.map((c) => `${t}.${c}`)),
    ];
    expect(named.filter((n) => !have.has(n))).toEqual([]);
    expect(named.length).toBe(new Set(named).size);
  });

  it('gives the citizen everything held about them, as JSON and as a PDF', async () => {
    const code = cf('NREANN75C41H501');
    const a = await account(h, {
      fiscalCode: code,
      username: 'anna.neri',
      proven: true,
      name: ['Anna', 'Neri'],
    });
    await paidPractice(a, code, 'EXP-1', new Date());
    const unpaid = await addPosition(h, 'EXP-2', code);
    expect((await h.json('POST', `${BASE}/me/cart/items`, { nav: unpaid.navs[0] }, a.auth)).status).toBe(200);
    await h.deps.db
      .insertInto('account_audit')
      .values({
        id: crypto.randomUUID(),
        entity_code: ENTE,
        account_id: a.id,
        event: 'login',
        ip: '198.51.100.4',
        detail: '{}',
        created_at: new Date().toISOString(),
      })
      .execute();

    const res = await h.request(`${BASE}/me/data-export`, { headers: a.auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/no-store/);
    const data = (await res.json()) as Json;
    expect(data.format).toBe('pagatore-data-export/1');
    expect(data.account).toMatchObject({
      id: a.id,
      fiscal_code: code,
      first_name: 'Anna',
      email: 'anna.neri@example.it',
    });
    expect(data.account).not.toHaveProperty('password_hash');
    const s = data.sections;
    expect(s.fiscalCodes).toEqual([expect.objectContaining({ fiscal_code: code, method: 'notice' })]);
    expect(
      s.practices
        .map((p: Json) => p.iupd)
        .filter(Boolean)
        .sort(),
    ).toEqual(['EXP-1', 'EXP-2']);
    expect(s.cart).toHaveLength(1);
    expect(s.payments).toEqual([
      expect.objectContaining({ account_id: a.id, payer_email: 'pagante@example.it' }),
    ]);
    expect(s.paymentItems).toHaveLength(1);
    expect(s.receipts).toEqual([
      expect.objectContaining({ receipt_id: 'IUR-EXP-1', payer_email: 'pagante@example.it' }),
    ]);
    expect(s.receipts[0]).not.toHaveProperty('raw');
    expect(s.sessions).toHaveLength(1);
    expect(s.sessions[0]).not.toHaveProperty('secret_hash');
    expect(s.activity.map((x: Json) => x.ip)).toContain('198.51.100.4');

    const pdf = await h.request(`${BASE}/me/data-export.pdf`, { headers: a.auth });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const { PDFDocument } = await import('pdf-lib');
    expect((await PDFDocument.load(bytes)).getTitle()).toMatch(/I tuoi dati personali/);

    // Without a session: nothing.
    expect((await h.request(`${BASE}/me/data-export`)).status).toBe(401);

    // Staff produce the same for a request received by post.
    const found = (await (await admin('GET', `/api/v1/admin/accounts?fiscalCode=${code}`)).json())
      .items as Json[];
    expect(found).toEqual([expect.objectContaining({ id: a.id, name: 'Anna Neri', status: 'active' })]);
    const byStaff = (await (await admin('GET', `/api/v1/admin/accounts/${a.id}/data-export`)).json()) as Json;
    expect(byStaff.sections).toEqual(data.sections);
    const staffPdf = await admin('GET', `/api/v1/admin/accounts/${a.id}/data-export.pdf`);
    expect(staffPdf.headers.get('content-type')).toBe('application/pdf');
    expect((await admin('GET', `/api/v1/admin/accounts/${crypto.randomUUID()}/data-export`)).status).toBe(
      404,
    );
    expect((await admin('GET', '/api/v1/admin/accounts/nope/data-export')).status).toBe(422);
  });
});

describe('closing and retention', () => {
  it('closing keeps exactly the retained fields, and the ledger shows the revocation', async () => {
    const code = cf('GLLMRC70B12F839');
    const a = await account(h, {
      fiscalCode: code,
      username: 'marco.gialli',
      proven: true,
      name: ['Marco', 'Gialli'],
    });
    const { paymentId } = await paidPractice(a, code, 'CLS-1', new Date());
    const receiptBefore = await h.deps.db
      .selectFrom('receipts')
      .selectAll()
      .where('payment_id', '=', paymentId)
      .executeTakeFirstOrThrow();

    expect((await h.request(`${BASE}/me/consent`, { method: 'DELETE', headers: a.auth })).status).toBe(204);

    const row = await h.deps.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    // What names nobody stays; every other column is empty (the reminders preference is off).
    expect(row.email_reminders).toBe(0);
    const kept = Object.entries(row)
      .filter(([k, v]) => v !== null && k !== 'email_reminders')
      .map(([k]) => k)
      .sort();
    expect(kept).toEqual(
      [
        'activated_at',
        'closed_at',
        'created_at',
        'entity_code',
        'id',
        'lang',
        'privacy_accepted_at',
        'privacy_version',
        'status',
        'updated_at',
      ].sort(),
    );
    const payment = await h.deps.db
      .selectFrom('payments')
      .selectAll()
      .where('id', '=', paymentId)
      .executeTakeFirstOrThrow();
    expect(payment).toMatchObject({
      account_id: a.id,
      payer_email: null,
      return_url: null,
      redirect_url: null,
      amount: 2500,
    });
    // The receipt is an accounting record: kept whole.
    const receiptAfter = await h.deps.db
      .selectFrom('receipts')
      .selectAll()
      .where('payment_id', '=', paymentId)
      .executeTakeFirstOrThrow();
    expect(receiptAfter).toEqual(receiptBefore);
    for (const t of [
      'sessions',
      'account_fiscal_codes',
      'account_identities',
      'cart_items',
      'practice_links',
    ] as const)
      expect(
        await h.deps.db.selectFrom(t).select('account_id').where('account_id', '=', a.id).execute(),
        t,
      ).toEqual([]);
    expect(
      (
        await h.deps.db.selectFrom('account_audit').select('ip').where('account_id', '=', a.id).execute()
      ).every((r) => r.ip === null),
    ).toBe(true);
    const revoke = (await ledgerOf(a.id)).at(-1)!;
    expect(revoke).toMatchObject({
      kind: 'privacy',
      action: 'revoke',
      version: '2026-01',
      channel: 'widget',
      actor: null,
    });
  });

  it("staff close an account on the citizen's request; the ledger names the channel and who acted", async () => {
    const a = await account(h, { fiscalCode: cf('RSSLGU66D15L219'), username: 'luigi.rossi' });
    expect((await admin('DELETE', `/api/v1/admin/accounts/${a.id}/consent`)).status).toBe(204);
    expect((await ledgerOf(a.id)).at(-1)).toMatchObject({
      action: 'revoke',
      channel: 'console',
      actor: 'api-key',
    });
    const again = await admin('DELETE', `/api/v1/admin/accounts/${a.id}/consent`);
    expect(again.status).toBe(409);
    expect((await admin('DELETE', `/api/v1/admin/accounts/${crypto.randomUUID()}/consent`)).status).toBe(404);
  });

  it('the retention job erases what payment records kept only after the retention, once, whoever runs it', async () => {
    const code = cf('BLUSRA80A41L736');
    const a = await account(h, {
      fiscalCode: code,
      username: 'sara.blu',
      proven: true,
      name: ['Sara', 'Blu'],
    });
    const open = await account(h, {
      fiscalCode: cf('VRDLCU85M01F205'),
      username: 'luca.verdi',
      proven: true,
    });
    const t0 = new Date();
    const closed = await paidPractice(a, code, 'RET-1', t0);
    const stillOpen = await paidPractice(open, cf('VRDLCU85M01F205'), 'RET-2', t0);
    expect((await h.request(`${BASE}/me/consent`, { method: 'DELETE', headers: a.auth })).status).toBe(204);
    const years = h.deps.config.retentionYears;
    expect(years).toBe(10);

    const receipt = (id: string) =>
      h.deps.db.selectFrom('receipts').selectAll().where('payment_id', '=', id).executeTakeFirstOrThrow();
    // A day before the retention ends: nothing is erased.
    const almost = new Date(t0);
    almost.setUTCFullYear(almost.getUTCFullYear() + years);
    almost.setUTCDate(almost.getUTCDate() - 1);
    expect(await eraseExpiredPaymentData(h.deps.db, almost, years)).toEqual({ receipts: 0, payments: 0 });
    expect((await receipt(closed.paymentId)).debtor_fiscal_code).toBe(code);

    // After it: two processes at once erase each record once.
    const after = new Date(t0);
    after.setUTCFullYear(after.getUTCFullYear() + years);
    after.setUTCDate(after.getUTCDate() + 1);
    const runs = await Promise.all([
      eraseExpiredPaymentData(h.deps.db, after, years),
      eraseExpiredPaymentData(h.deps.db, after, years),
    ]);
    const erasedAt = (t: 'receipts' | 'payments') =>
      h.deps.db
        .selectFrom(t)
        .select('id')
        .where('personal_data_erased_at', '=', after.toISOString())
        .execute();
    // This account's record and the one closed earlier in this file, each counted by one run only.
    expect(runs.reduce((n, r) => n + r.receipts, 0)).toBe((await erasedAt('receipts')).length);
    expect(runs.reduce((n, r) => n + r.payments, 0)).toBe((await erasedAt('payments')).length);
    expect((await erasedAt('receipts')).length).toBe(2);
    const erased = await receipt(closed.paymentId);
    expect(erased).toMatchObject({
      debtor_fiscal_code: '',
      debtor_name: '',
      payer_fiscal_code: null,
      payer_name: null,
      payer_email: null,
      raw: null,
      personal_data_erased_at: after.toISOString(),
      amount: 2500,
      iuv: expect.any(String),
      receipt_id: 'IUR-RET-1',
    });
    const payment = await h.deps.db
      .selectFrom('payments')
      .selectAll()
      .where('id', '=', closed.paymentId)
      .executeTakeFirstOrThrow();
    expect(payment).toMatchObject({
      account_id: null,
      personal_data_erased_at: after.toISOString(),
      amount: 2500,
    });
    // An open account's records are not touched.
    expect((await receipt(stillOpen.paymentId)).debtor_fiscal_code).toBe(cf('VRDLCU85M01F205'));
    expect(await eraseExpiredPaymentData(h.deps.db, after, years)).toEqual({ receipts: 0, payments: 0 });
  });
});
