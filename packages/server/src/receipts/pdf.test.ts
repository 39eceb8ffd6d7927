/**
 * The receipt PDF as a reader sees it: rendered by poppler to pixels and read back word by word.
 * The entity's address stays above the title band and visible, no rule runs through a word, every
 * word is visible ink, and each label reads beside its value (debtor, payer, amounts, codes).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lang } from '@pagatore/sdk';
import { describe, expect, it } from 'vitest';
import type { EntityRow, ReceiptRow } from '../db/schema/index.js';
import { crosses, darkest, type RenderedPage, renderPages, stripes } from '../../test/support/pdf-layout.js';
import { renderReceiptPdf } from './pdf.js';

const MM = 72 / 25.4;
/** The content column of the receipt, in points. */
const COLUMN = [15 * MM, 195 * MM] as const;
const INFO =
  'Piazza del Municipio 1 · 00100 Esempio (RM) · www.comune.esempio.it · PEC protocollo@pec.comune.esempio.it · tel. 06 0000000 · C.F. 80012345676';

const entity = {
  code: '80012345676',
  name: 'Comune di Esempio',
  info: INFO,
} as EntityRow;

function receipt(transfers = 1): ReceiptRow {
  return {
    id: 1,
    entity_code: '80012345676',
    option_id: 1,
    position_id: 1,
    payment_id: null,
    receipt_id: 'SBXABCDEF1234',
    nav: '301900000000000180',
    iuv: '01900000000000180',
    amount: 18_650,
    fee: 100,
    description:
      'TARI 2026 - Tassa rifiuti, abitazione di Via Roma 1 e pertinenze, saldo con conguaglio degli anni precedenti e tributo provinciale',
    psp_id: 'SANDBOX_PSP',
    psp_name: 'Banca Sandbox (dimostrativa)',
    psp_fiscal_code: '00000000000',
    channel: 'SANDBOX_CHANNEL_ONLINE',
    method: 'CP',
    paid_at: '2026-11-20T09:30:00.000Z',
    debtor_fiscal_code: 'RSSNNA10A41H501S',
    debtor_name: 'Anna Rossi',
    payer_fiscal_code: 'RSSMRA85T10A562S',
    payer_name: 'Mario Rossi',
    payer_email: null,
    transfers: JSON.stringify(
      Array.from({ length: transfers }, (_, i) => ({
        idx: i + 1,
        iban: 'IT60X0542811101000000123456',
        amount: i === 0 ? 18_650 - (transfers - 1) * 10 : 10,
        remittance: `TARI 2026 quota ${i + 1}, ripartizione verso il conto di tesoreria dell'ente`,
        taxonomy: '9/0101002IM/',
      })),
    ),
    flag: null,
    received_at: '2026-11-20T09:30:00.000Z',
    creditor_fiscal_code: '80012345676',
    company_name: 'Comune di Esempio',
    office_name: null,
    outcome: 'OK',
    channel_description: null,
    psp_partita_iva: null,
    payment_note: null,
    primary_ci_incurred_fee: null,
    id_bundle: null,
    id_ci_bundle: null,
    application_date: null,
    transfer_date: null,
    metadata: null,
    stand_in: null,
    raw: null,
    personal_data_erased_at: null,
  };
}

/** Words that are letters or digits (a lone "·" is too small to tell ink from antialiasing). */
const readable = (p: RenderedPage) => p.words.filter((w) => /[\p{L}\p{N}]/u.test(w.text));

/** What holds on every page: no rule through a word, every word visible, bands around whole words. */
function checkPage(p: RenderedPage): { rules: number; bands: { top: number; bottom: number }[] } {
  const found = stripes(p, COLUMN[0], COLUMN[1]);
  const rules = found.filter((s) => s.bottom - s.top <= 2);
  const bands = found.filter((s) => s.bottom - s.top > 8);
  for (const w of readable(p)) {
    for (const r of rules)
      expect(crosses(r, w), `rule at ${r.top.toFixed(1)} crosses "${w.text}"`).toBe(false);
    for (const b of bands) {
      const inside = w.yMin >= b.top && w.yMax <= b.bottom;
      expect(
        inside || !crosses(b, w),
        `band ${b.top.toFixed(1)}-${b.bottom.toFixed(1)} cuts "${w.text}"`,
      ).toBe(true);
    }
    expect(darkest(p, w), `"${w.text}" is not visible`).toBeLessThan(170);
  }
  return { rules: rules.length, bands };
}

function layoutText(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'pagatore-receipt-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const LABELS: Record<Lang, { title: string; debtor: string; payer: string; amount: string; total: string }> =
  {
    it: {
      title: 'Ricevuta',
      debtor: 'Debitore',
      payer: 'Pagatore',
      amount: 'Importo pagato',
      total: 'Totale addebitato',
    },
    en: { title: 'Payment', debtor: 'Debtor', payer: 'Payer', amount: 'Amount paid', total: 'Total charged' },
    de: {
      title: 'Zahlungsbestätigung',
      debtor: 'Schuldner',
      payer: 'Zahler',
      amount: 'Gezahlter Betrag',
      total: 'Belasteter Gesamtbetrag',
    },
  };

describe('receipt PDF layout', () => {
  for (const lang of ['it', 'en', 'de'] as const) {
    it(`${lang}: the address above the title band and visible, rules between the rows`, async () => {
      const pdf = await renderReceiptPdf(receipt(), entity, lang);
      const [page, ...rest] = renderPages(pdf);
      expect(rest).toEqual([]);
      if (!page) throw new Error('no page');
      const { rules, bands } = checkPage(page);
      // One title band; a rule above the first row and under each of the 16 rows and the transfer.
      expect(bands).toHaveLength(1);
      expect(rules).toBeGreaterThanOrEqual(18);
      const band = bands[0] ?? { top: 0, bottom: 0 };
      // The address, wrapped as long as it is, lies wholly above the band, every word of it.
      const infoWords = INFO.split(/\s+/).filter((t) => /[\p{L}\p{N}]/u.test(t));
      const infoBoxes = page.words.filter((w) => w.yMax <= band.top + 0.01 && infoWords.includes(w.text));
      expect(new Set(infoBoxes.map((w) => w.text))).toEqual(new Set(infoWords));
      for (const w of infoBoxes) expect(darkest(page, w)).toBeLessThan(170);
      // The title is inside it.
      const title = page.words.find((w) => w.text === LABELS[lang].title);
      expect(title && title.yMin >= band.top && title.yMax <= band.bottom).toBe(true);
    });
  }

  it('reads back debtor, payer, amounts and codes, each beside its label', async () => {
    for (const lang of ['it', 'en', 'de'] as const) {
      const L = LABELS[lang];
      const text = layoutText(await renderReceiptPdf(receipt(), entity, lang));
      const line = (label: string, value: string) =>
        expect(text).toMatch(new RegExp(`${label}\\s+${value.replace(/[.()€·]/g, (c) => `\\${c}`)}`));
      line(L.debtor, 'Anna Rossi · RSSNNA10A41H501S');
      line(L.payer, 'Mario Rossi · RSSMRA85T10A562S');
      const euro = (s: string) => (lang === 'en' ? `€${s.replace(',', '.')}` : `${s} €`);
      line(L.amount, euro('186,50'));
      line(L.total, euro('187,50'));
      expect(text).toContain(euro('1,00'));
      expect(text).toContain('3019 0000 0000 0001 80');
      expect(text).toContain('01900000000000180');
      expect(text).toContain('SBXABCDEF1234');
      expect(text).toContain('80012345676');
      expect(text).toContain('Banca Sandbox (dimostrativa)');
      expect(text).toContain('IT60X0542811101000000123456');
    }
  });

  it('a payment split between entities names each beneficiary, and the office, inside the layout', async () => {
    const r = receipt(2);
    const transfers = JSON.parse(r.transfers) as Record<string, unknown>[];
    transfers[0] = { ...transfers[0], fiscalCode: '80012345676', companyName: null };
    transfers[1] = { ...transfers[1], fiscalCode: '01199250158', companyName: 'Provincia di Esempio' };
    const pdf = await renderReceiptPdf(
      { ...r, transfers: JSON.stringify(transfers), office_name: 'Ufficio Tributi' },
      entity,
      'it',
    );
    const pages = renderPages(pdf);
    for (const p of pages) checkPage(p);
    const text = layoutText(pdf);
    expect(text).toMatch(/Ufficio\s+Ufficio Tributi/);
    expect(text).toContain('Beneficiario: Comune di Esempio · 80012345676');
    expect(text).toContain('Beneficiario: Provincia di Esempio · 01199250158');
  });

  it('a receipt longer than a page goes on, with the same rules, on a second page', async () => {
    const pdf = await renderReceiptPdf(receipt(30), entity, 'it');
    const pages = renderPages(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const p of pages) {
      checkPage(p);
      expect(p.words.some((w) => w.text === 'Pagatore')).toBe(true);
    }
    const text = layoutText(pdf);
    for (let i = 1; i <= 30; i++) expect(text).toContain(`quota ${i},`);
  });
});
