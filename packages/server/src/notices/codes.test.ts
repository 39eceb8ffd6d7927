import { PDFDocument, rgb } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { encodeDataMatrix } from './datamatrix.js';
import { posteDataMatrix } from './payloads.js';
import { type BitMatrix, encodeQr, QR_MAX_BYTES } from './qr.js';
import { decodePdf, FACTS_DATA_MATRIX, FACTS_QR } from '../../test/support/notice-pdf.js';

/** One symbol per A4 page, 25 mm wide, in the right-hand part where the notice puts Data Matrix codes. */
async function pdfOf(symbols: BitMatrix[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (const m of symbols) {
    const page = doc.addPage([595.28, 841.89]);
    const mod = 70.87 / m.size;
    for (let y = 0; y < m.size; y++)
      for (let x = 0; x < m.size; x++)
        if (m.dark[y * m.size + x])
          page.drawRectangle({
            x: 490 + x * mod,
            y: 500 - y * mod,
            width: mod,
            height: mod,
            color: rgb(0, 0, 0),
          });
  }
  return doc.save();
}

describe('QR encoder (version 4-M)', () => {
  it('always makes a 33×33 symbol that zbar reads back', async () => {
    const texts = [
      FACTS_QR,
      'PAGOPA|002|301000000000000144|01199250158|1',
      'PAGOPA|002|347123456789012389|80012345676|99999999999',
      'x'.repeat(QR_MAX_BYTES),
    ];
    const symbols = texts.map(encodeQr);
    for (const s of symbols) expect(s.size).toBe(33);
    const pages = decodePdf(await pdfOf(symbols));
    expect(pages.map((p) => p.qr[0])).toEqual(texts);
  });

  it('refuses payloads over the version 4-M capacity', () => {
    expect(() => encodeQr('x'.repeat(QR_MAX_BYTES + 1))).toThrow(RangeError);
  });
});

const FACTS_INPUT = {
  nav: '301000000000000144',
  postalAccount: '1234567',
  cents: 15000,
  entityFiscalCode: '01199250158',
  debtorFiscalCode: 'RSSMRA85T10A562S',
  debtorName: 'MARIO ROSSI',
  subject: 'TARI 2021',
};

describe('Data Matrix encoder (ECC 200)', () => {
  it('encodes Poste strings that dmtxread reads back exactly, in a 48×48 or 52×52 symbol', async () => {
    const lower = posteDataMatrix({
      nav: '347123456789012389',
      postalAccount: '000012345678',
      cents: 9_999_999_999,
      entityFiscalCode: '80012345676',
      debtorFiscalCode: null,
      debtorName: 'Società Cooperativa Sociale «La Città» a r.l.',
      subject:
        'Tassa sui rifiuti anno 2026 relativa agli immobili di via Garibaldi e di piazza della Repubblica',
    });
    const texts = [FACTS_DATA_MATRIX, lower];
    const symbols = texts.map((t) => encodeDataMatrix(t));
    for (const s of symbols) expect([48, 52]).toContain(s.size);
    const pages = decodePdf(await pdfOf(symbols), { dataMatrix: 1 });
    expect(pages.map((p) => p.dm[0])).toEqual(texts);
    expect(lower).toHaveLength(256);
    expect(() => posteDataMatrix({ ...FACTS_INPUT, cents: 10_000_000_000 })).toThrow(RangeError);
    expect(lower.slice(93, 133)).toBe('Societa Cooperativa Sociale  La Citta  a');
  });

  it('picks the smallest square symbol, padding the rest', async () => {
    const texts = [
      'codfase=NBPA;',
      'codfase=NBPA;18301000000000000144',
      'codfase=NBPA;' + 'A'.repeat(60) + ' '.repeat(40),
    ];
    const symbols = texts.map((t) => encodeDataMatrix(t));
    expect(symbols.map((s) => s.size)).toEqual([18, 22, 40]);
    const pages = decodePdf(await pdfOf(symbols), { dataMatrix: 1 });
    expect(pages.map((p) => p.dm[0])).toEqual(texts);
  });
});
