/**
 * Test support for notices: FACTS vectors as notice data, and the poppler / zbar / dmtx command
 * line tools that read a rendered PDF back the way a printer and a payment app would.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildNav } from '@pagatore/sdk';
import type { NoticeData, NoticePayment } from '../../src/notices/notice-data.js';

/** FACTS §2.1/§2.2 vector: NAV 301000000000000144, CF 01199250158, 150,00 €, c/c 1234567. */
export const FACTS_QR = 'PAGOPA|002|301000000000000144|01199250158|15000';
export const FACTS_DATA_MATRIX =
  'codfase=NBPA;183010000000000001441200000123456710000001500038961P101199250158RSSMRA85T10A562SMARIO ROSSI                             TARI 2021                                                                                                                 A';

/** A payment with the NAV of IUV base `k` for aux 3, segregation 01. */
export function payment(
  k: number,
  amountCents: number,
  dueDate: string | null = '2026-12-31',
): NoticePayment {
  const { nav, iuv } = buildNav({ auxDigit: 3, code: '01' }, String(k).padStart(13, '0'));
  return { nav, iuv, amountCents, dueDate };
}

/** The FACTS notice: single payment of 150,00 € with the Bollettino Postale PA. */
export function factsNotice(): NoticeData {
  return {
    entity: {
      fiscalCode: '01199250158',
      name: 'Comune di Esempio',
      sector: 'Servizi al cittadino',
      info: 'Piazza del Municipio 1 · 00100 Esempio (RM)',
      cbill: 'A0EDT',
      onlineChannel: 'sul sito di Comune di Esempio,',
      postal: {
        account: '1234567',
        holder: 'Comune di Esempio - Servizio Tesoreria',
        authorization: 'AUT. DB/SISB/E 12345 DEL 01/01/2024',
      },
    },
    debtor: {
      fiscalCode: 'RSSMRA85T10A562S',
      name: 'MARIO ROSSI',
      address: 'Via Roma 1, 00100 Esempio (RM)',
    },
    subject: 'TARI 2021',
    single: payment(1, 15000),
  };
}

const quiet = {
  stdio: ['ignore', 'pipe', 'ignore'] as ['ignore', 'pipe', 'ignore'],
  encoding: 'utf8' as const,
};

/**
 * Renders each page at 150 dpi and reads back QR codes and Data Matrix symbols, page by page.
 * `dataMatrix`: how many symbols to look for on every page, or per page (dmtxread searches until
 * it has found that many or its time runs out).
 */
export function decodePdf(
  pdf: Uint8Array,
  opts: { dataMatrix?: number | number[] } = {},
): { qr: string[]; dm: string[] }[] {
  const dir = mkdtempSync(join(tmpdir(), 'pagatore-notice-'));
  try {
    writeFileSync(join(dir, 'n.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', '150', '-png', join(dir, 'n.pdf'), join(dir, 'p')], quiet);
    const pages = readdirSync(dir)
      .filter((f) => f.endsWith('.png'))
      .sort((a, b) => Number(/(\d+)\.png$/.exec(a)?.[1]) - Number(/(\d+)\.png$/.exec(b)?.[1]));
    return pages.map((png, index) => {
      const wanted = Array.isArray(opts.dataMatrix) ? (opts.dataMatrix[index] ?? 0) : (opts.dataMatrix ?? 0);
      const file = join(dir, png);
      let qr: string[] = [];
      try {
        qr = execFileSync('zbarimg', ['--quiet', '--raw', file], quiet).split('\n').filter(Boolean);
      } catch {
        // zbarimg exits 4 when a page has no code.
      }
      let dm: string[] = [];
      if (wanted > 0) {
        try {
          // dmtxread ends each symbol with a newline only between symbols: split on the fixed prefix.
          // Symbols sit in the right-hand fifth of the page: scanning only there keeps dmtxread
          // inside its time limit on a busy machine.
          const out = execFileSync(
            'dmtxread',
            ['-n', `-N${wanted}`, '-m', '10000', '-x', '78%', file],
            quiet,
          );
          dm = out
            .split(/(?=codfase=)/)
            .map((s) => s.replace(/\n$/, ''))
            .filter(Boolean);
        } catch {
          // dmtxread exits non-zero when it finds nothing.
        }
      }
      return { qr, dm };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `pdftotext -layout` of the whole document. */
export function pdfText(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'pagatore-notice-'));
  try {
    writeFileSync(join(dir, 'n.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'n.pdf'), '-'], quiet);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `pdffonts` rows: name, type, embedded, subset. */
export function pdfFonts(pdf: Uint8Array): { name: string; emb: boolean; sub: boolean }[] {
  const dir = mkdtempSync(join(tmpdir(), 'pagatore-notice-'));
  try {
    writeFileSync(join(dir, 'n.pdf'), pdf);
    const out = execFileSync('pdffonts', [join(dir, 'n.pdf')], quiet);
    return out
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((line) => {
        const cols = line.trim().split(/\s+/);
        // name type… encoding emb sub uni object ID
        const n = cols.length;
        return { name: cols[0] ?? '', emb: cols[n - 5] === 'yes', sub: cols[n - 4] === 'yes' };
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Number of pages (pdfinfo). */
export function pageCount(pdf: Uint8Array): number {
  const dir = mkdtempSync(join(tmpdir(), 'pagatore-notice-'));
  try {
    writeFileSync(join(dir, 'n.pdf'), pdf);
    const out = execFileSync('pdfinfo', [join(dir, 'n.pdf')], quiet);
    return Number(/Pages:\s+(\d+)/.exec(out)?.[1] ?? 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Number of images (pdfimages -list), the codes aside (1-bit stencil masks). */
export function pdfImages(pdf: Uint8Array): number {
  const dir = mkdtempSync(join(tmpdir(), 'pagatore-notice-'));
  try {
    writeFileSync(join(dir, 'n.pdf'), pdf);
    const out = execFileSync('pdfimages', ['-list', join(dir, 'n.pdf')], quiet);
    return out
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() && !/\bsmask\b/.test(l) && !/^\s*\d+\s+\d+\s+stencil\b/.test(l)).length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
