/**
 * Test support: a rendered PDF page as poppler draws it (pdftoppm, grey pixels) and as it reads
 * it (pdftotext -bbox, word boxes), to check a layout by what is visible: text not covered by
 * shapes drawn after it, rules not running through words.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A word and its box in points, from the page's top-left corner (pdftotext -bbox). */
export interface WordBox {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** One page: its size in points, its words, and its pixels (grey, 0 black .. 255 white). */
export interface RenderedPage {
  width: number;
  height: number;
  words: WordBox[];
  /** Pixels per point. */
  scale: number;
  pixels: { width: number; height: number; data: Uint8Array };
}

const quiet = { stdio: ['ignore', 'pipe', 'ignore'] as ['ignore', 'pipe', 'ignore'] };

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Parses a binary PGM (P5) file. */
function readPgm(buf: Buffer): { width: number; height: number; data: Uint8Array } {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not a PGM file');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return {
    width,
    height,
    data: new Uint8Array(buf.subarray(header[0].length, header[0].length + width * height)),
  };
}

/** Every page of a PDF, rendered at `dpi` and read back word by word. */
export function renderPages(pdf: Uint8Array, dpi = 144): RenderedPage[] {
  const dir = mkdtempSync(join(tmpdir(), 'pagatore-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    const html = execFileSync('pdftotext', ['-bbox', file, '-'], { ...quiet, encoding: 'utf8' });
    const pages = [...html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)];
    return pages.map((m, i) => {
      const words = [
        ...(m[3] ?? '').matchAll(
          /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
        ),
      ].map((w) => ({
        xMin: Number(w[1]),
        yMin: Number(w[2]),
        xMax: Number(w[3]),
        yMax: Number(w[4]),
        text: decodeEntities(w[5] ?? ''),
      }));
      const out = join(dir, `p${i + 1}`);
      execFileSync(
        'pdftoppm',
        ['-gray', '-r', String(dpi), '-f', String(i + 1), '-l', String(i + 1), '-singlefile', file, out],
        quiet,
      );
      return {
        width: Number(m[1]),
        height: Number(m[2]),
        words,
        scale: dpi / 72,
        pixels: readPgm(readFileSync(`${out}.pgm`)),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The darkest pixel inside a box given in points. */
export function darkest(page: RenderedPage, box: Omit<WordBox, 'text'>): number {
  const { width, height, data } = page.pixels;
  const x0 = Math.max(0, Math.floor(box.xMin * page.scale));
  const x1 = Math.min(width - 1, Math.ceil(box.xMax * page.scale));
  const y0 = Math.max(0, Math.floor(box.yMin * page.scale));
  const y1 = Math.min(height - 1, Math.ceil(box.yMax * page.scale));
  let min = 255;
  for (let y = y0; y <= y1; y++)
    for (let x = x0; x <= x1; x++) min = Math.min(min, data[y * width + x] ?? 255);
  return min;
}

/** A horizontal band of pixel rows painted across the given span, in points from the top. */
export interface Stripe {
  top: number;
  bottom: number;
}

/**
 * Rows painted (not white) over at least `coverage` of the span `[x0, x1]` (points): rules and
 * filled bands, as runs of consecutive rows. Text never covers a span that way; shapes do.
 */
export function stripes(page: RenderedPage, x0: number, x1: number, coverage = 0.97): Stripe[] {
  const { width, height, data } = page.pixels;
  const a = Math.ceil(x0 * page.scale) + 1;
  const b = Math.floor(x1 * page.scale) - 1;
  const runs: Stripe[] = [];
  let start = -1;
  for (let y = 0; y <= height; y++) {
    let painted = 0;
    if (y < height) for (let x = a; x <= b; x++) if ((data[y * width + x] ?? 255) < 252) painted++;
    const full = y < height && painted >= coverage * (b - a + 1);
    if (full && start < 0) start = y;
    if (!full && start >= 0) {
      runs.push({ top: start / page.scale, bottom: y / page.scale });
      start = -1;
    }
  }
  return runs;
}

/** Whether a stripe and a word box share any row. */
export function crosses(s: Stripe, w: WordBox): boolean {
  return s.top < w.yMax && s.bottom > w.yMin;
}
