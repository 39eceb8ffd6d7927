import { describe, expect, it } from 'vitest';
import { mergedNoticesPdf, noticesZip, writeNoticesZip } from './bulk.js';
import { type NoticeData, NoticeDataError } from './notice-data.js';
import { posteDataMatrix, qrPayload } from './payloads.js';
import { renderNotice } from './render.js';
import {
  decodePdf,
  FACTS_DATA_MATRIX,
  FACTS_QR,
  factsNotice,
  pageCount,
  payment,
  pdfFonts,
  pdfImages,
  pdfText,
} from '../../test/support/notice-pdf.js';
import bwipjs from 'bwip-js/node';
import { unzipSync } from 'fflate';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

const withInstallments = (n: number, base = factsNotice()): NoticeData => ({
  ...base,
  installments: Array.from({ length: n }, (_, i) =>
    payment(10 + i, 1000 + i, `2026-${String((i % 12) + 1).padStart(2, '0')}-28`),
  ),
});

const noPostal = (d: NoticeData): NoticeData => ({ ...d, entity: { ...d.entity, postal: null } });

describe('notice payloads (FACTS vectors)', () => {
  it('builds the QR payload', () => {
    expect(qrPayload('301000000000000144', '01199250158', 15000)).toBe(FACTS_QR);
  });

  it('builds the 256-character Poste Data Matrix string', () => {
    const s = posteDataMatrix({
      nav: '301000000000000144',
      postalAccount: '1234567',
      cents: 15000,
      entityFiscalCode: '01199250158',
      debtorFiscalCode: 'RSSMRA85T10A562S',
      debtorName: 'MARIO ROSSI',
      subject: 'TARI 2021',
    });
    expect(s).toBe(FACTS_DATA_MATRIX);
    expect(s).toHaveLength(256);
  });
});

describe('renderNotice, read back with poppler, zbar and dmtx', () => {
  it('single payment with bollettino: the QR and the Data Matrix decode to the FACTS strings', async () => {
    const pdf = await renderNotice(factsNotice());
    expect(pageCount(pdf)).toBe(1);
    const [page] = decodePdf(pdf, { dataMatrix: 1 });
    expect(page?.qr).toEqual([FACTS_QR]);
    expect(page?.dm).toEqual([FACTS_DATA_MATRIX]);
  });

  it('a "Paga ora" link prints as a second QR beside pagoPA\'s, which stays unchanged, on the same page', async () => {
    const url = 'https://www.comune.esempio.it/pagamenti#paga=Qm9ndXNUb2tlbkZvclRoZVRlc3QxMjM0NTY3ODkw';
    const pdf = await renderNotice({ ...factsNotice(), payLinkUrl: url });
    expect(pageCount(pdf)).toBe(1);
    const [page] = decodePdf(pdf, { dataMatrix: 1 });
    expect(page?.qr.sort()).toEqual([FACTS_QR, url].sort());
    expect(page?.dm).toEqual([FACTS_DATA_MATRIX]);
    expect(pdfText(pdf)).toContain('Paga online');
    // Without a link, no second code and no caption.
    const plain = await renderNotice(factsNotice());
    expect(decodePdf(plain)[0]?.qr).toEqual([FACTS_QR]);
    expect(pdfText(plain)).not.toContain('Paga online');
  });

  it('a notice of rate only carries the "Paga ora" code in its amount module, in the notice\'s language', async () => {
    const url = 'https://www.comune.esempio.it/pagamenti#paga=T25seVJhdGVUb2tlbg';
    const d = {
      ...withInstallments(3, noPostal(factsNotice())),
      single: null,
      payLinkUrl: url,
      language: 'en' as const,
    };
    const pdf = await renderNotice(d);
    const found = decodePdf(pdf).flatMap((p) => p.qr);
    expect(found.sort()).toEqual(
      [url, ...d.installments!.map((p) => qrPayload(p.nav, '01199250158', p.amountCents))].sort(),
    );
    expect(pdfText(pdf)).toContain('Pay online');
  });

  it('embeds Titillium Web and Roboto Mono as subsets', async () => {
    const fonts = pdfFonts(await renderNotice(factsNotice()));
    const titillium = fonts.filter((f) => /^[A-Z]{6}\+TitilliumWeb/.test(f.name));
    const mono = fonts.filter((f) => /^[A-Z]{6}\+RobotoMono/.test(f.name));
    expect(titillium.length).toBeGreaterThanOrEqual(2);
    expect(mono.length).toBeGreaterThanOrEqual(2);
    for (const f of [...titillium, ...mono]) expect(f).toMatchObject({ emb: true, sub: true });
    expect(fonts.every((f) => f.emb)).toBe(true);
  });

  it('shows the modules in the guide order with the fixed Italian texts', async () => {
    const text = pdfText(await renderNotice(withInstallments(3, noPostal(factsNotice()))));
    const order = [
      'AVVISO DI PAGAMENTO',
      'TARI 2021',
      'ENTE CREDITORE',
      'DESTINATARIO',
      'Comune di Esempio',
      'QUANTO E QUANDO PAGARE?',
      'DOVE PAGARE?',
      'Importo',
      "PAGA CON L'APP IO",
      'Puoi pagare per intero oppure in 3 rate.',
      'PAGA SUL TERRITORIO',
      'DATI PER IL PAGAMENTO',
      'Rata unica entro il 31/12/2026',
      'Cod. Avviso',
      '3010 0000 0000 0001 44',
      'Rata 1',
      'Rata 3',
    ];
    let at = -1;
    for (const s of order) {
      const i = text.indexOf(s, at + 1);
      expect(i, `"${s}" after position ${at}`).toBeGreaterThan(at);
      at = i;
    }
    expect(text).toContain('150,00 Euro');
    expect(text).toContain('oppure sul sito di Comune di Esempio, dal tuo Home Banking');
    expect(text).toContain('01199250158');
    expect(text).toContain('RSSMRA85T10A562S');
    expect(text).toContain('A0EDT');
  });

  it('prints the Bollettino Postale PA texts after the payment data', async () => {
    const text = pdfText(await renderNotice(factsNotice()));
    const data = text.indexOf('DATI PER IL PAGAMENTO');
    const bollettino = text.indexOf('BOLLETTINO POSTALE PA');
    expect(data).toBeGreaterThan(0);
    expect(bollettino).toBeGreaterThan(data);
    for (const s of [
      'sul C/C n.',
      '1234567',
      'Comune di Esempio - Servizio Tesoreria',
      'AUT. DB/SISB/E 12345 DEL 01/01/2024',
      'P1',
    ])
      expect(text.slice(bollettino)).toContain(s);
  });

  it.each([2, 3, 5])('%i instalments: every instalment has its own decodable QR code', async (n) => {
    const d = withInstallments(n, noPostal(factsNotice()));
    const pdf = await renderNotice(d);
    const found = decodePdf(pdf).flatMap((p) => p.qr);
    const expected = [d.single!, ...d.installments!].map((p) =>
      qrPayload(p.nav, '01199250158', p.amountCents),
    );
    expect(found.sort()).toEqual(expected.sort());
    expect(pdfText(pdf)).toContain(`Puoi pagare per intero oppure in ${n} rate.`);
  });

  it('many instalments (12, "molte rate"): all 13 QR codes decode', async () => {
    const d = withInstallments(12, noPostal(factsNotice()));
    const pdf = await renderNotice(d);
    const found = decodePdf(pdf).flatMap((p) => p.qr);
    expect(found).toHaveLength(13);
    expect(new Set(found)).toEqual(
      new Set([d.single!, ...d.installments!].map((p) => qrPayload(p.nav, '01199250158', p.amountCents))),
    );
  });

  it('3 instalments with bollettini: one QR and one Data Matrix per instalment', async () => {
    const d = withInstallments(3);
    const pdf = await renderNotice(d);
    const pages = decodePdf(pdf, { dataMatrix: [1, 3] });
    expect(pages).toHaveLength(2);
    expect(pages[0]?.dm).toEqual([FACTS_DATA_MATRIX]);
    const dms = pages[1]!.dm;
    expect(dms).toHaveLength(3);
    for (const p of d.installments!) {
      expect(pages[1]!.qr).toContain(qrPayload(p.nav, '01199250158', p.amountCents));
      expect(
        dms.some(
          (s) => s.slice(15, 33) === p.nav && s.slice(49, 59) === String(p.amountCents).padStart(10, '0'),
        ),
      ).toBe(true);
      expect(dms.every((s) => s.length === 256)).toBe(true);
    }
  });

  it('instalments without a rata unica start on page 1 with "Puoi pagare in N rate"', async () => {
    const d = { ...withInstallments(2, noPostal(factsNotice())), single: null };
    const pdf = await renderNotice(d);
    expect(pageCount(pdf)).toBe(1);
    expect(decodePdf(pdf)[0]?.qr).toHaveLength(2);
    expect(pdfText(pdf)).toContain('Puoi pagare in 2 rate.');
  });

  it('no due date: no "entro il" anywhere', async () => {
    const d = { ...factsNotice(), single: payment(1, 15000, null) };
    const pdf = await renderNotice(d);
    const text = pdfText(pdf);
    expect(text).not.toMatch(/entro il/i);
    expect(text).toContain('Rata unica');
    expect(decodePdf(pdf)[0]?.qr).toEqual([FACTS_QR]);
  });

  it('English', async () => {
    const pdf = await renderNotice({ ...withInstallments(2, noPostal(factsNotice())), language: 'en' });
    const text = pdfText(pdf);
    let at = -1;
    for (const s of [
      'PAYMENT NOTICE',
      'CREDITOR ENTITY',
      'RECIPIENT',
      'HOW MUCH AND WHEN TO PAY?',
      'WHERE TO PAY?',
      'PAY WITH THE IO APP',
      'PAYMENT DETAILS',
      'Instalment 1',
    ]) {
      const i = text.indexOf(s, at + 1);
      expect(i, s).toBeGreaterThan(at);
      at = i;
    }
    expect(text).toContain('on the website of Comune di Esempio,');
    expect(text).toContain('You can pay in full or in 2 instalments.');
    expect(text).not.toContain('AVVISO DI PAGAMENTO');
  });

  it('bilingual Italian + German: both languages, Italian first', async () => {
    const pdf = await renderNotice({ ...withInstallments(2), language: 'it-de' });
    const text = pdfText(pdf);
    for (const [it, de] of [
      ['AVVISO DI PAGAMENTO', 'ZAHLUNGSMITTEILUNG'],
      ['QUANTO E QUANDO PAGARE?', 'WIE VIEL UND BIS WANN ZAHLEN?'],
      ['DOVE PAGARE?', 'WO ZAHLEN?'],
      ['Puoi pagare per intero oppure in 2 rate.', 'Sie können den Gesamtbetrag oder in 2 Raten zahlen.'],
      ["PAGA CON L'APP IO", 'MIT DER APP IO ZAHLEN'],
      ['DATI PER IL PAGAMENTO', 'ZAHLUNGSDATEN'],
    ] as const) {
      expect(text).toContain(it);
      expect(text).toContain(de);
      expect(text.indexOf(it)).toBeLessThan(text.indexOf(de));
    }
    expect(text).toContain('GLÄUBIGERKÖRPERSCHAFT');
    expect(text).toContain('auf der Website von Comune di Esempio,');
    const codes = decodePdf(pdf, { dataMatrix: [1, 2] });
    expect(codes.flatMap((p) => p.qr)).toHaveLength(3);
    expect(codes.flatMap((p) => p.dm)).toHaveLength(3);
  });

  it('prints values at their maximum lengths without losing the codes', async () => {
    const d = factsNotice();
    const long: NoticeData = {
      ...withInstallments(3, d),
      subject:
        'Tassa sui rifiuti anno 2026 relativa agli immobili di via Garibaldi e di piazza della Repubblica',
      entity: {
        ...d.entity,
        name: 'Unione dei Comuni della Bassa Valle del Fiume Esem',
        sector: 'S'.repeat(50),
        info: 'i · '.repeat(25),
      },
      debtor: {
        fiscalCode: 'RSSMRA85T10A562S',
        name: 'Maria Giovanna '.repeat(5).slice(0, 70),
        address: 'Via '.repeat(35),
      },
    };
    long.subject = long.subject.slice(0, 90);
    const pdf = await renderNotice(long);
    const pages = decodePdf(pdf, { dataMatrix: [1, 3] });
    expect(pages.flatMap((p) => p.qr)).toHaveLength(4);
    expect(pages.flatMap((p) => p.dm)).toHaveLength(4);
  });
});

describe('edge cases', () => {
  it('10 instalments with bollettini: a page per row of two, every code readable', async () => {
    const d = withInstallments(10);
    const pdf = await renderNotice(d);
    expect(pageCount(pdf)).toBe(6);
    expect(decodePdf(pdf).flatMap((p) => p.qr)).toHaveLength(11);
  });

  it('a lone remaining instalment keeps its number; characters outside the fonts do not break it', async () => {
    const d = noPostal(factsNotice());
    const pdf = await renderNotice({
      ...d,
      debtor: { ...d.debtor, name: 'Łukasz Wróbel 王小明 😀' },
      single: null,
      installments: [{ ...payment(3, 5000), number: 3 }],
    });
    const text = pdfText(pdf);
    expect(text).toContain('Rata 3');
    expect(text).not.toContain('Puoi pagare');
    expect(text).toContain('Łukasz Wróbel');
    expect(decodePdf(pdf)[0]?.qr).toHaveLength(1);
  });
});

describe('entity logo', () => {
  it('embeds a PNG logo as an image, and prints the name in its place when there is none', async () => {
    const png = new Uint8Array(
      await bwipjs.toBuffer({ bcid: 'qrcode', text: 'logo', scale: 8, backgroundcolor: 'FFFFFF' }),
    );
    const d = factsNotice();
    const withLogo = await renderNotice({ ...d, entity: { ...d.entity, logo: { type: 'png', bytes: png } } });
    expect(pdfImages(withLogo)).toBe(1);
    expect(decodePdf(withLogo)[0]?.qr).toEqual(expect.arrayContaining([FACTS_QR]));
    const broken = await renderNotice({
      ...d,
      entity: { ...d.entity, logo: { type: 'png', bytes: png.slice(0, 40) } },
    });
    expect(pdfImages(broken)).toBe(0);
    const unsupported = await renderNotice({
      ...d,
      entity: {
        ...d.entity,
        logo: { type: 'svg', bytes: new TextEncoder().encode('<svg><text>x</text></svg>') },
      },
    });
    // The name appears twice: in the header instead of the logo, and under Ente Creditore.
    expect(pdfText(unsupported).match(/Comune di Esempio(?! -)/g)?.length).toBeGreaterThanOrEqual(3);
  });
});

describe('field limits', () => {
  const failing = async (d: NoticeData) => {
    try {
      await renderNotice(d);
    } catch (e) {
      expect(e).toBeInstanceOf(NoticeDataError);
      return (e as NoticeDataError).fields.map((f) => `${f.path}:${f.code}`);
    }
    throw new Error('rendered');
  };

  it('refuses a subject over 90 characters', async () => {
    expect(await failing({ ...factsNotice(), subject: 'x'.repeat(91) })).toEqual(['subject:too_long']);
  });

  it('refuses names and addresses over their limits, all at once', async () => {
    const d = factsNotice();
    const fields = await failing({
      ...d,
      entity: { ...d.entity, name: 'E'.repeat(51), info: 'i'.repeat(101) },
      debtor: { ...d.debtor, name: 'N'.repeat(71), address: 'A'.repeat(141) },
    });
    expect(fields.sort()).toEqual(
      [
        'debtor.address:too_long',
        'debtor.name:too_long',
        'entity.info:too_long',
        'entity.name:too_long',
      ].sort(),
    );
  });

  it('refuses bad codes, a lone instalment and a notice with nothing to pay', async () => {
    const d = factsNotice();
    expect(await failing({ ...d, single: { ...d.single!, nav: '301000000000000145' } })).toEqual([
      'single.nav:invalid_nav',
    ]);
    expect(await failing({ ...d, installments: [payment(2, 100)] })).toEqual(['installments:too_few']);
    expect(await failing({ ...d, single: null })).toEqual(['single:required']);
    expect(
      await failing({
        ...d,
        entity: { ...d.entity, postal: { ...d.entity.postal!, account: '1234567890123' } },
      }),
    ).toEqual(['entity.postal.account:invalid_format']);
    expect(await failing({ ...d, single: { ...d.single!, amountCents: 0 } })).toEqual([
      'single.amountCents:invalid_cents',
    ]);
    // 10 digits of cents at most: the Poste field and the IO app's QR reader.
    expect(await failing({ ...d, single: { ...d.single!, amountCents: 10_000_000_000 } })).toEqual([
      'single.amountCents:too_large',
    ]);
  });
});

describe('bulk', () => {
  it('streams a ZIP of PDFs and lists the notices it could not print', async () => {
    const items = [
      { name: 'a', data: factsNotice() },
      { name: 'b', data: withInstallments(2, noPostal(factsNotice())) },
      { name: 'bad', data: { ...factsNotice(), subject: 'x'.repeat(91) } },
    ];
    const stream = noticesZip(items);
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual(['ERRORS.txt', 'a.pdf', 'b.pdf']);
    expect(new TextDecoder().decode(files['ERRORS.txt'])).toContain('bad: subject too_long');
    expect(decodePdf(files['a.pdf']!)[0]?.qr).toEqual([FACTS_QR]);
  });

  it('writes the ZIP to a file and frees each chunk once it is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pagatore-notices-zip-'));
    try {
      const chunks: Uint8Array[] = [];
      const seen = new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          chunks.push(chunk);
          controller.enqueue(chunk);
        },
      });
      const file = join(dir, 'out.zip');
      const items = [
        { name: 'a', data: factsNotice() },
        { name: 'bad', data: { ...factsNotice(), subject: 'x'.repeat(91) } },
      ];
      await writeNoticesZip(noticesZip(items).pipeThrough(seen), createWriteStream(file));
      const files = unzipSync(new Uint8Array(readFileSync(file)));
      expect(Object.keys(files).sort()).toEqual(['ERRORS.txt', 'a.pdf']);
      expect(chunks.length).toBeGreaterThan(0);
      // Detached: their memory went back as soon as the file had the bytes.
      expect(chunks.map((c) => c.byteLength)).toEqual(chunks.map(() => 0));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops the ZIP and throws when the output fails', async () => {
    let cancelled = false;
    const watched = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.enqueue(new Uint8Array(1024)),
      cancel() {
        cancelled = true;
      },
    });
    const broken = new Writable({ write: (_chunk, _enc, cb) => cb(new Error('disk full')) });
    await expect(writeNoticesZip(watched, broken)).rejects.toThrow('disk full');
    expect(cancelled).toBe(true);
    expect(broken.destroyed).toBe(true);
  });

  it('merges notices into one PDF with shared fonts', async () => {
    const { pdf, count } = await mergedNoticesPdf([
      { name: 'a', data: factsNotice() },
      { name: 'b', data: withInstallments(3, noPostal(factsNotice())) },
    ]);
    expect(count).toBe(2);
    expect(pageCount(pdf)).toBe(2);
    expect(decodePdf(pdf).flatMap((p) => p.qr)).toHaveLength(5);
    expect(pdfFonts(pdf)).toHaveLength(4);
  });
});
