/**
 * The pagoPA payment notice (avviso di pagamento, guide v3.x) as PDF. Geometry follows the guide's
 * Figma templates as measured in `shared/specs/pagopa/avviso/LAYOUT.md` (points from the top-left
 * corner); like pagoPA's own generator, long values flow and push the next module down instead of
 * overlapping it. Page plan:
 *
 * - page 1: header, Ente Creditore | Destinatario, Quanto e quando | Dove pagare, then the rata unica
 *   (and its Bollettino Postale PA when the entity has a c/c postale), then a first row of
 *   instalments when it fits and there are no bollettini;
 * - next pages: the header again, then rows of instalments (2 or 3 a row, one layout per notice as
 *   the guide asks), each row followed by its bollettini when the entity has a c/c postale. With 9
 *   or more instalments and no bollettini, rows use the compact "molte rate" cell under a shared strip.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatCents, formatNav, type Lang } from '@pagatore/sdk';
import { PDFDocument, type PDFRef } from 'pdf-lib';
import { BLACK, Canvas, type TextStyle, WHITE } from './canvas.js';
import { DocumentFonts, type FontKey } from './fonts.js';
import {
  formatNoticeDate,
  type NoticeData,
  type NoticeLanguage,
  type NoticeLogo,
  type NoticePayment,
  validateNoticeData,
} from './notice-data.js';
import { encodeDataMatrix } from './datamatrix.js';
import { posteDataMatrix, qrPayload } from './payloads.js';
import { type BitMatrix, encodeQr } from './qr.js';
import { encode as encodeUrlQr } from 'uqr';
import { parseSvg, type Rgb, type SvgArt } from './svg.js';
import { channelText, type NoticeTexts, TEXTS, type TextLang } from './texts.js';

const PAGE_W = 595.28;
const PAGE_H = 841.89;
/** 10 mm. */
const M = 28.35;
const RIGHT = PAGE_W - M;
const COL2 = 318;
const LEFT_BAR_END = 294.9;
const RIGHT_BAR_START = 299.1;
/** Lowest baseline a page may use (10 mm bottom margin, minus the descender). */
const BOTTOM = PAGE_H - M + 4;
const QR_SIZE = 70.87;
const DM_SIZE = 70.87;
const QUIET = 4;
/** The entity's own "Paga ora" code: smaller than pagoPA's, so nobody mistakes one for the other. */
const LINK_QR_SIZE = 50;

const GREY_BG: Rgb = [236 / 255, 236 / 255, 236 / 255];
const GREY_TEXT: Rgb = [124 / 255, 124 / 255, 123 / 255];
const AUTH_GREY: Rgb = [111 / 255, 111 / 255, 110 / 255];
const CUT_GREY: Rgb = [134 / 255, 134 / 255, 134 / 255];
const CROP_GREY: Rgb = [217 / 255, 217 / 255, 217 / 255];

interface Art {
  pagopa: SvgArt;
  info: SvgArt;
  devices: SvgArt;
  places: SvgArt;
}

let art: Art | undefined;

function assetsDir(): string {
  for (const rel of ['../assets', '../../assets']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(`${dir}/logo-pagopa.svg`)) return dir;
  }
  throw new Error('notice assets not found');
}

/** The pagoPA logo and the guide's pictograms, parsed once. */
function artwork(): Art {
  if (!art) {
    const dir = assetsDir();
    const load = (f: string) => {
      const a = parseSvg(readFileSync(`${dir}/${f}`, 'utf8'));
      if (!a) throw new Error(`cannot draw ${f}`);
      return a;
    };
    art = {
      pagopa: load('logo-pagopa.svg'),
      info: load('avviso-info.svg'),
      devices: load('avviso-dispositivi.svg'),
      places: load('avviso-punti-fisici.svg'),
    };
  }
  return art;
}

const svgLogos = new WeakMap<Uint8Array, SvgArt | null>();
/** Images already embedded in a document: a merged PDF holds the entity's logo once. */
const embedded = new WeakMap<PDFDocument, Map<Uint8Array, Logo>>();

type Logo =
  { kind: 'svg'; art: SvgArt } | { kind: 'image'; ref: PDFRef; width: number; height: number } | null;

async function embedLogo(doc: PDFDocument, logo: NoticeLogo | null | undefined): Promise<Logo> {
  if (!logo) return null;
  if (logo.type === 'svg') {
    let a = svgLogos.get(logo.bytes);
    if (a === undefined) {
      a = parseSvg(new TextDecoder().decode(logo.bytes)) ?? null;
      svgLogos.set(logo.bytes, a);
    }
    return a ? { kind: 'svg', art: a } : null;
  }
  let perDoc = embedded.get(doc);
  if (!perDoc) {
    perDoc = new Map();
    embedded.set(doc, perDoc);
  }
  const known = perDoc.get(logo.bytes);
  if (known !== undefined) return known;
  try {
    const img = logo.type === 'png' ? await doc.embedPng(logo.bytes) : await doc.embedJpg(logo.bytes);
    const out: Logo = { kind: 'image', ref: img.ref, width: img.width, height: img.height };
    perDoc.set(logo.bytes, out);
    return out;
  } catch {
    // A broken logo must not stop the notice: the entity's name is printed anyway.
    perDoc.set(logo.bytes, null);
    return null;
  }
}

/**
 * Lines already wrapped, by font, size, width and text: the guide's paragraphs and most labels are
 * the same on every notice, and wrapping measures each growing line again.
 */
const wrapped = new Map<string, readonly string[]>();

/** Word-wraps a string to a width; words longer than a line are cut. */
function wrap(c: Canvas, text: string, font: FontKey, size: number, width: number): readonly string[] {
  const key = `${font} ${size} ${width} ${text}`;
  let lines = wrapped.get(key);
  if (!lines) {
    lines = wrapLines(c, text, font, size, width);
    if (wrapped.size >= 4096) wrapped.clear();
    wrapped.set(key, lines);
  }
  return lines;
}

function wrapLines(c: Canvas, text: string, font: FontKey, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (c.measure(candidate, font, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (c.measure(line, font, size) > width && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && c.measure(line.slice(0, cut), font, size) > width) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line) lines.push(line);
  return lines;
}

type Run = { text: string; style: TextStyle };

/** Word-wraps styled runs (the "codice QR" hint has a bold middle). */
function wrapRuns(c: Canvas, runs: readonly Run[], width: number): Run[][] {
  const words: Run[] = [];
  for (const r of runs)
    for (const part of r.text.split(/(\s+)/)) if (part) words.push({ text: part, style: r.style });
  const lines: Run[][] = [];
  let line: Run[] = [];
  let w = 0;
  for (const word of words) {
    const ww = c.measure(word.text, word.style.font, word.style.size);
    if (/^\s+$/.test(word.text)) {
      if (line.length) {
        line.push(word);
        w += ww;
      }
      continue;
    }
    if (w + ww > width && line.length) {
      while (line.length && /^\s+$/.test(line[line.length - 1]!.text)) line.pop();
      lines.push(line);
      line = [];
      w = 0;
    }
    line.push(word);
    w += ww;
  }
  if (line.length) lines.push(line);
  return lines;
}

/** Everything one notice needs while its pages are drawn. */
class NoticeLayout {
  readonly data: NoticeData;
  readonly logo: Logo;
  readonly t: NoticeTexts;
  readonly t2: NoticeTexts | undefined;
  readonly lang: TextLang;
  readonly lang2: TextLang | undefined;
  readonly installments: readonly NoticePayment[];
  readonly qr = new Map<string, BitMatrix>();

  constructor(data: NoticeData, logo: Logo) {
    this.data = data;
    this.logo = logo;
    const language: NoticeLanguage = data.language ?? 'it';
    const [l1, l2] = language.split('-') as [TextLang, TextLang | undefined];
    this.lang = l1;
    this.lang2 = l2;
    this.t = TEXTS[l1];
    this.t2 = l2 ? TEXTS[l2] : undefined;
    this.installments = data.installments ?? [];
  }

  /** The "Paga ora" link as a QR code (any version, medium error correction), made once per notice. */
  linkQr(): BitMatrix | null {
    const url = this.data.payLinkUrl;
    if (!url) return null;
    if (this.#link === undefined) {
      const { size, data } = encodeUrlQr(url, { ecc: 'M', border: 0 });
      const dark = new Uint8Array(size * size);
      data.forEach((row, r) => row.forEach((on, c) => (dark[r * size + c] = on ? 1 : 0)));
      this.#link = { size, dark };
    }
    return this.#link;
  }

  #link: BitMatrix | undefined;

  qrOf(p: NoticePayment): BitMatrix {
    let m = this.qr.get(p.nav);
    if (!m) {
      m = encodeQr(qrPayload(p.nav, this.data.entity.fiscalCode, p.amountCents));
      this.qr.set(p.nav, m);
    }
    return m;
  }

  /**
   * A label in the notice's language, with the second language after it in grey (smaller beside
   * titles). When both do not fit in `maxWidth`, the second language goes just above, small.
   */
  label(
    c: Canvas,
    pick: (t: NoticeTexts) => string,
    x: number,
    baseline: number,
    style: TextStyle,
    maxWidth = Infinity,
  ): number {
    const first = pick(this.t);
    const second = this.t2 ? pick(this.t2) : first;
    // Words the two languages share ("Euro") are printed once.
    if (second === first) return c.text(first, x, baseline, style);
    const style2: TextStyle = { ...style, size: style.size >= 10 ? 8 : style.size, color: GREY_TEXT };
    const w1 = c.measure(`${first} / `, style.font, style.size);
    const w2 = c.measure(second, style2.font, style2.size);
    if (w1 + w2 > maxWidth) {
      c.text(second, x, baseline - style.size - 0.5, { ...style2, size: 6.5 });
      return c.text(first, x, baseline, style);
    }
    if (style.align === 'right') {
      c.text(second, x, baseline, { ...style2, align: 'right' });
      return w2 + c.text(`${first} / `, x - w2, baseline, style);
    }
    c.text(`${first} / `, x, baseline, { ...style, align: 'left' });
    return w1 + c.text(second, x + w1, baseline, { ...style2, align: 'left' });
  }

  /** A paragraph (and its second-language version in grey below); returns the last baseline. */
  paragraph(
    c: Canvas,
    pick: (t: NoticeTexts) => string,
    x: number,
    baseline: number,
    width: number,
    style: TextStyle,
    leading: number,
  ): number {
    let y = baseline;
    let first = true;
    for (const [t, color] of [
      [this.t, style.color ?? BLACK],
      [this.t2, GREY_TEXT],
    ] as const) {
      if (!t) continue;
      for (const line of wrap(c, pick(t), style.font, style.size, width)) {
        if (!first) y += leading;
        first = false;
        c.text(line, x, y, { ...style, color });
      }
    }
    return y;
  }

  /** A value that may wrap onto a few lines; returns the last baseline. */
  value(
    c: Canvas,
    text: string,
    x: number,
    baseline: number,
    width: number,
    style: TextStyle,
    leading: number,
    maxLines = 3,
  ): number {
    const lines = wrap(c, text, style.font, style.size, width).slice(0, maxLines);
    lines.forEach((line, i) => c.text(line, x, baseline + i * leading, style));
    return baseline + Math.max(0, lines.length - 1) * leading;
  }

  amount(cents: number): string {
    return formatCents(cents, 'it');
  }
}

const bold = (size: number, color?: Rgb): TextStyle => ({ font: 'bold', size, ...(color ? { color } : {}) });
const reg = (size: number, color?: Rgb): TextStyle => ({
  font: 'regular',
  size,
  ...(color ? { color } : {}),
});
const monoBold = (size: number): TextStyle => ({ font: 'monoBold', size });

/** Module 1, repeated on every page. Returns the top of the next module. */
function drawHeader(c: Canvas, L: NoticeLayout): number {
  const a = artwork();
  c.svg(a.pagopa, 28.98, 29, 34.7, 23);
  L.label(c, (t) => t.title, 72.97, 39.23, bold(10));
  if (L.logo?.kind === 'svg') c.svg(L.logo.art, 480.98, 28, 84.05, 84.05, { align: 'right' });
  else if (L.logo?.kind === 'image')
    c.image(L.logo.ref, L.logo.width, L.logo.height, 480.98, 28, 84.05, 84.05);
  else {
    // No usable logo: the entity's name takes its place, so the header still says who writes.
    const name = wrap(c, L.data.entity.name, 'bold', 10, 120).slice(0, 4);
    name.forEach((line, i) => c.text(line, RIGHT, 39.23 + i * 12, { ...bold(10), align: 'right' }));
  }
  const lines = wrap(c, L.data.subject, 'bold', 16, 480.98 - 12 - M).slice(0, 3);
  const first = lines.length > 2 ? 74 : 88.94;
  lines.forEach((line, i) => c.text(line, M, first + i * 19, bold(16)));
  return 128.05;
}

/** Module 2: Ente Creditore | Destinatario. Returns the top of the next module. */
function drawParties(c: Canvas, L: NoticeLayout, top: number): number {
  const e = L.data.entity;
  const d = L.data.debtor;
  c.rect(0, top, LEFT_BAR_END, 20, GREY_BG);
  c.rect(RIGHT_BAR_START, top, PAGE_W - RIGHT_BAR_START, 20, GREY_BG);
  L.label(c, (t) => t.creditor, M, top + 13.7, bold(10), 284.9 - M - 58);
  L.label(c, (t) => t.recipient, COL2, top + 13.7, bold(10), RIGHT - COL2 - 84);
  c.text(e.fiscalCode, 284.9, top + 13.1, { font: 'mono', size: 8, align: 'right' });
  if (d.fiscalCode)
    c.text(d.fiscalCode.toUpperCase(), RIGHT, top + 13.1, { font: 'mono', size: 8, align: 'right' });
  const width = 284.9 - M;
  let y = L.value(c, e.name, M, top + 50.2, width, bold(14), 17, 3);
  if (e.sector) y = L.value(c, e.sector, M, y + 29.3, width, reg(12), 16.5, 2);
  if (e.info) y = L.value(c, e.info, M, y + 27.5, width, reg(8), 10, 2);
  let y2 = L.value(c, d.name, COL2, top + 50.2, RIGHT - COL2, bold(14), 17, 3);
  if (d.address) y2 = L.value(c, d.address, COL2, y2 + 30.3, RIGHT - COL2, reg(12), 16.5, 4);
  return Math.max(top + 125, Math.max(y, y2) + 18);
}

/** Module 3: Quanto e quando pagare? | Dove pagare? Returns the top of the next module. */
function drawHowMuchWhere(c: Canvas, L: NoticeLayout, top: number): number {
  const a = artwork();
  c.rect(0, top, LEFT_BAR_END, 20, GREY_BG);
  c.rect(RIGHT_BAR_START, top, PAGE_W - RIGHT_BAR_START, 20, GREY_BG);
  L.label(c, (t) => t.howMuch, M, top + 13.7, bold(L.t2 ? 9 : 10));
  L.label(c, (t) => t.where, COL2, top + 13.7, bold(L.t2 ? 9 : 10));
  const site = c.measure('pagopa.gov.it', 'bold', 10);
  c.text('pagopa.gov.it', RIGHT, top + 13.7, { ...bold(10), align: 'right' });
  c.text(`${L.t.goTo} `, RIGHT - site, top + 13.7, { ...reg(8), align: 'right' });

  const single = L.data.single;
  const inst = L.installments;
  const total = single?.amountCents ?? inst.reduce((s, p) => s + p.amountCents, 0);
  const due = single ? single.dueDate : null;
  L.label(c, (t) => t.amount, M, top + 45, bold(8));
  c.text(`${L.amount(total)} Euro`, M, top + 65, bold(16));
  if (due) {
    L.label(c, (t) => t.dueBy, 196, top + 45, bold(8));
    c.text(formatNoticeDate(due), 196, top + 65, bold(16));
  } else if (!single) drawPayLink(c, L, LEFT_BAR_END - 10 - LINK_QR_SIZE, top + 26, 'left');
  let y = top + 83;
  const textX = 47.2;
  const textW = LEFT_BAR_END - 10 - textX;
  if (inst.length >= 2) {
    c.svg(a.info, M, y, 11, 11);
    y = L.paragraph(
      c,
      (t) => t.installmentsInfo(inst.length, Boolean(single)),
      textX,
      y + 8,
      textW,
      reg(8),
      10,
    );
    y += 11;
  }
  c.svg(a.info, M, y, 11, 11);
  const leftBottom = L.paragraph(c, (t) => t.disclaimer, textX, y + 8, textW, reg(8), 10);

  const rightW = 530 - COL2;
  L.label(c, (t) => t.appTitle, COL2, top + 44.7, bold(10));
  c.svg(a.devices, 537, top + 36, 28.7, 26.8);
  let r = L.paragraph(
    c,
    (t) => t.appText(channelText(L.data.entity.onlineChannel, t === L.t ? L.lang : (L.lang2 ?? L.lang))),
    COL2,
    top + 55,
    rightW,
    reg(8),
    10,
  );
  const terr = Math.max(top + 89.7, r + 24.7);
  L.label(c, (t) => t.territoryTitle, COL2, terr, bold(10));
  c.svg(a.places, 535, terr - 8.7, 30.3, 30.6);
  r = L.paragraph(c, (t) => t.territoryText, COL2, terr + 10.3, rightW, reg(8), 10);
  return Math.max(top + 148, Math.max(leftBottom, r) + 18);
}

function qrHintRuns(L: NoticeLayout, t: NoticeTexts, size: number, above: boolean, color?: Rgb): Run[] {
  const [a, b, z] = above ? t.qrHintAbove : t.qrHint;
  return [
    { text: a, style: reg(size, color) },
    { text: b, style: bold(size, color) },
    { text: z, style: reg(size, color) },
  ];
}

function drawHint(
  c: Canvas,
  L: NoticeLayout,
  x: number,
  baseline: number,
  width: number,
  size: number,
  above: boolean,
  leading: number,
): number {
  let y = baseline - leading;
  for (const [t, color] of [
    [L.t, undefined],
    [L.t2, GREY_TEXT],
  ] as const) {
    if (!t) continue;
    for (const line of wrapRuns(c, qrHintRuns(L, t, size, above, color), width)) {
      y += leading;
      c.runs(line, x, y);
    }
  }
  return y;
}

/**
 * The "Paga ora" code with its two-line caption, `x` its left edge: beside pagoPA's code in the rata
 * unica's module (caption under it), or in the free place of module 3 when the notice has only
 * rate (caption on its left, clear of the paragraphs under it).
 */
function drawPayLink(c: Canvas, L: NoticeLayout, x: number, top: number, caption: 'below' | 'left'): void {
  const m = L.linkQr();
  if (!m) return;
  c.matrix(m, x, top, LINK_QR_SIZE, 2);
  const [a, b] = L.t.payLink;
  if (caption === 'below') {
    c.text(a, x + LINK_QR_SIZE / 2, top + LINK_QR_SIZE + 10, { ...bold(7), align: 'center' });
    c.text(b, x + LINK_QR_SIZE / 2, top + LINK_QR_SIZE + 18, { ...reg(7), align: 'center' });
  } else {
    c.text(a, x - 6, top + 19, { ...bold(7), align: 'right' });
    c.text(b, x - 6, top + 27, { ...reg(7), align: 'right' });
  }
}

/** Module 4 with the rata unica. Returns the baseline of the code values. */
function drawSingle(c: Canvas, L: NoticeLayout, top: number, p: NoticePayment): number {
  const e = L.data.entity;
  c.rect(0, top, PAGE_W, 20, GREY_BG);
  L.label(c, (t) => t.paymentData, M, top + 13.7, bold(10));
  L.label(c, (t) => (p.dueDate ? t.singleDue(formatNoticeDate(p.dueDate)) : t.single), RIGHT, top + 13.7, {
    ...bold(10),
    align: 'right',
  });
  c.matrix(L.qrOf(p), M, top + 40, QR_SIZE, QUIET);
  drawPayLink(c, L, M + QR_SIZE + QUIET + 14, top + 40, 'below');
  drawHint(c, L, M, top + 130, 150, 8, false, 10);
  const mid = 194;
  const midW = 430 - mid;
  L.label(c, (t) => t.recipientLabel, mid, top + 45, reg(8));
  L.value(c, L.data.debtor.name, mid, top + 55, midW, bold(8), 9, 1);
  L.label(c, (t) => t.creditorLabel, mid, top + 70, reg(8));
  L.value(c, e.name, mid, top + 80, RIGHT - mid, bold(8), 9, 1);
  L.label(c, (t) => t.subjectLabel, mid, top + 95, reg(8));
  L.value(c, L.data.subject, mid, top + 105, RIGHT - mid, bold(8), 9, 2);
  const amount = L.amount(p.amountCents);
  const aw = c.text(amount, RIGHT, top + 44.7, { ...monoBold(12), align: 'right' });
  c.text('Euro', RIGHT - aw - 5, top + 44.7, { ...reg(10), align: 'right' });
  const codes = top + 145;
  if (e.cbill) {
    L.label(c, (t) => t.cbill, mid, top + 130, reg(8), 276 - mid - 6);
    c.text(e.cbill, mid, codes, monoBold(10));
  }
  L.label(c, (t) => t.noticeCode, 276, top + 130, reg(8), 140);
  c.text(formatNav(p.nav), 276, codes, monoBold(10));
  L.label(c, (t) => t.entityCf, RIGHT, top + 130, { ...reg(8), align: 'right' }, 140);
  c.text(e.fiscalCode, RIGHT, codes, { ...monoBold(10), align: 'right' });
  return codes;
}

type RowKind = 'two' | 'three' | 'compact';

interface BoxGeom {
  x: number;
  w: number;
}

function boxes(kind: RowKind): BoxGeom[] {
  return kind === 'two'
    ? [
        { x: 20, w: 265 },
        { x: 309, w: 265 },
      ]
    : [
        { x: 20, w: 171.33 },
        { x: 211.33, w: 171.33 },
        { x: 402.67, w: 171.33 },
      ];
}

/** One instalment box. Returns its last baseline. */
function drawInstallment(
  c: Canvas,
  L: NoticeLayout,
  kind: RowKind,
  box: BoxGeom,
  top: number,
  p: NoticePayment,
  index: number,
): number {
  const e = L.data.entity;
  c.rect(box.x, top, box.w, 20, GREY_BG);
  const tx = box.x + 8;
  L.label(c, (t) => `${t.installment} ${index + 1}`, tx, top + 13.7, bold(10));
  const qrX = box.x + box.w - 7.9 - QR_SIZE;
  c.matrix(L.qrOf(p), qrX, top + 36, QR_SIZE, QUIET);
  const colW = qrX - QUIET - 4 - tx;
  L.label(c, (t) => t.euro, tx, top + 43, reg(8), colW);
  c.text(L.amount(p.amountCents), tx, top + 56.9, monoBold(10));
  if (p.dueDate) {
    L.label(c, (t) => t.dueByLabel, tx, top + 73, reg(8), colW);
    c.text(formatNoticeDate(p.dueDate), tx, top + 86.9, monoBold(10));
  }
  // 2 a row: codes beside the QR code; 3 a row: below it (the boxes are narrower).
  const codesTop = kind === 'two' ? top + 103 : top + 117.9;
  L.label(c, (t) => t.noticeCode, tx, codesTop, reg(8), kind === 'two' ? colW : box.w - 16);
  c.text(formatNav(p.nav), tx, codesTop + 13.9, monoBold(10));
  const cbillX = tx + (kind === 'two' ? 88.3 : 85.5);
  // Second-language labels that do not fit beside go above their label: make room for them.
  const cfTop = codesTop + 30 + (L.t2 ? 7 : 0);
  L.label(c, (t) => t.entityCf, tx, cfTop, reg(8), e.cbill ? cbillX - tx - 4 : box.w - 16);
  c.text(e.fiscalCode, tx, cfTop + 13.9, monoBold(10));
  if (e.cbill) {
    L.label(c, (t) => t.cbill, cbillX, cfTop, reg(8), box.x + box.w - 8 - cbillX);
    c.text(e.cbill, cbillX, cfTop + 13.9, monoBold(10));
  }
  let y = cfTop + 13.9;
  const w = box.w - 16;
  if (kind !== 'compact') {
    L.label(c, (t) => t.creditorLabel, tx, y + 20, reg(8));
    y = L.value(c, e.name, tx, y + 30, w, bold(8), 9, 2);
    L.label(c, (t) => t.subjectLabel, tx, y + 15, reg(8));
    y = L.value(c, L.data.subject, tx, y + 25, w, bold(8), 9, 3);
  }
  return drawHint(c, L, tx, y + 13, w, kind === 'two' ? 8 : 7, true, 8.5);
}

/** A row of instalment boxes. Returns the lowest baseline. */
function drawRow(
  c: Canvas,
  L: NoticeLayout,
  kind: RowKind,
  top: number,
  items: readonly { p: NoticePayment; i: number }[],
): number {
  const geo = boxes(kind);
  let bottom = top;
  items.forEach((it, k) => {
    bottom = Math.max(bottom, drawInstallment(c, L, kind, geo[k]!, top, it.p, it.i));
  });
  return bottom;
}

/** The shared strip of a "molte rate" page: who, to whom, what. Returns the top of the rows. */
function drawSharedStrip(c: Canvas, L: NoticeLayout, top: number): number {
  c.rect(0, top, PAGE_W, 20, GREY_BG);
  L.label(c, (t) => t.paymentData, M, top + 13.7, bold(10));
  const cols: [number, (t: NoticeTexts) => string, string][] = [
    [M, (t) => t.recipientLabel, L.data.debtor.name],
    [M + 180, (t) => t.creditorLabel, L.data.entity.name],
    [M + 360, (t) => t.subjectLabel, L.data.subject],
  ];
  let y = top;
  for (const [x, pick, value] of cols) {
    L.label(c, pick, x, top + 36, reg(8));
    y = Math.max(y, L.value(c, value, x, top + 46, 172, bold(8), 9, 3));
  }
  return y + 16;
}

interface BollettinoGeom {
  compact: boolean;
}

/** One Bollettino Postale PA below a cut line at `cut`. */
function drawBollettino(
  c: Canvas,
  L: NoticeLayout,
  cut: number,
  p: NoticePayment,
  title: string,
  g: BollettinoGeom,
): void {
  const e = L.data.entity;
  const postal = e.postal;
  if (!postal) return;
  const d = L.data.debtor;
  c.line(0.5, cut, PAGE_W - 0.5, cut, 0.75, CUT_GREY);
  drawScissors(c, 548, cut - 10.1);
  c.rect(0, cut, PAGE_W, 18.45, GREY_BG);
  c.text(L.t.postalTitle, M, cut + 13.9, bold(10));
  const bp = c.text('Banco', 179.3, cut + 12.9, reg(9));
  c.text('Posta', 179.3 + bp, cut + 12.9, bold(9));
  c.text(title, RIGHT, cut + 14.2, { ...bold(10), align: 'right' });

  const logoY = g.compact ? cut + 42 : cut + 69;
  const pw = c.text('Poste', M, logoY, bold(17));
  c.text('italiane', M + pw, logoY, reg(17));
  const euroX = g.compact ? 177.35 : 179.73;
  const euroTop = g.compact ? cut + 26.2 : cut + 53.4;
  c.rect(euroX, euroTop, 19.91, 19.91, BLACK);
  c.text('€', euroX + 9.95, euroTop + 14.6, { ...bold(13), color: WHITE, align: 'center' });
  const line1 = g.compact ? cut + 40.3 : cut + 67.5;
  const ccw = c.text(`${L.t.postalAccount} `, euroX + 26.7, line1, reg(10));
  c.text(postal.account, euroX + 26.7 + ccw, line1, monoBold(12));
  const amw = c.text(L.amount(p.amountCents), RIGHT, line1, { ...monoBold(12), align: 'right' });
  c.text('Euro', RIGHT - amw - 5, line1, { ...reg(10), align: 'right' });

  const labelX = euroX;
  const rows = g.compact ? [cut + 64.7, cut + 81.4, cut + 97.4] : [cut + 99, cut + 117.7, cut + 134.7];
  const dmX = g.compact ? 489.15 : 491.15;
  const dmTop = g.compact ? cut + 63.5 : cut + 98.5;
  const valueRight = dmX - 14;
  const row = (label: string, value: string, y: number) => {
    const lw = c.text(`${label}  `, labelX, y, reg(8));
    const avail = valueRight - labelX - lw;
    let size = 8;
    while (size > 5.5 && c.measure(value, 'bold', size) > avail) size -= 0.25;
    const lines = wrap(c, value, 'bold', size, avail).slice(0, 2);
    lines.forEach((ln, i) => c.text(ln, labelX + lw, y + i * (size + 1), bold(size)));
  };
  row(L.t.postalHolder, postal.holder, rows[0]!);
  row(L.t.postalRecipient, d.name, rows[1]!);
  row(L.t.postalSubject, L.data.subject, rows[2]!);

  const codeLabels = g.compact ? cut + 122.6 : cut + 156.8;
  const codeValues = g.compact ? cut + 133.4 : cut + 167.6;
  c.text(L.t.postalCode, labelX, codeLabels, reg(8));
  c.text(formatNav(p.nav), labelX, codeValues, monoBold(10));
  c.text(L.t.postalType, 328.67, codeLabels, reg(8));
  c.text('P1', 328.67, codeValues, monoBold(10));
  c.text(L.t.postalEntityCf, 477, codeLabels, { ...reg(8), align: 'right' });
  c.text(e.fiscalCode, 477, codeValues, { ...monoBold(10), align: 'right' });

  const textTop = g.compact ? cut + 93.4 : cut + 128.7;
  const textLines = wrap(c, L.t.postalText, 'regular', g.compact ? 7 : 8, 140);
  textLines
    .slice(0, 5)
    .forEach((ln, i) => c.text(ln, M, textTop + i * (g.compact ? 8.4 : 9.6), reg(g.compact ? 7 : 8)));
  const authY = g.compact ? cut + 140 : cut + 172;
  c.text(postal.authorization, M, authY, reg(6, AUTH_GREY));

  const dm = encodeDataMatrix(
    posteDataMatrix({
      nav: p.nav,
      postalAccount: postal.account,
      cents: p.amountCents,
      entityFiscalCode: e.fiscalCode,
      debtorFiscalCode: d.fiscalCode ?? null,
      debtorName: d.name,
      subject: L.data.subject,
    }),
  );
  c.matrix(dm, dmX, dmTop, DM_SIZE, QUIET);
  drawCropMarks(c, dmX - 10.5, dmTop - 9.6, DM_SIZE + 21, DM_SIZE + 19.2);
}

const SCISSORS = parseSvg(
  '<svg viewBox="0 0 15 10"><circle cx="2.4" cy="2.4" r="1.8" fill="none" stroke="#868686" stroke-width="0.8"/>' +
    '<circle cx="2.4" cy="7.6" r="1.8" fill="none" stroke="#868686" stroke-width="0.8"/>' +
    '<line x1="3.9" y1="3.4" x2="14.6" y2="8.6" stroke="#868686" stroke-width="0.8"/>' +
    '<line x1="3.9" y1="6.6" x2="14.6" y2="1.4" stroke="#868686" stroke-width="0.8"/></svg>',
)!;

function drawScissors(c: Canvas, x: number, y: number): void {
  c.svg(SCISSORS, x, y, 14.6, 10.2);
}

function drawCropMarks(c: Canvas, x: number, y: number, w: number, h: number): void {
  const leg = 9.5;
  const corners: [number, number, number, number][] = [
    [x, y, 1, 1],
    [x + w, y, -1, 1],
    [x, y + h, 1, -1],
    [x + w, y + h, -1, -1],
  ];
  for (const [cx, cy, dx, dy] of corners) {
    c.line(cx, cy, cx + dx * leg, cy, 1, CROP_GREY);
    c.line(cx, cy, cx, cy + dy * leg, 1, CROP_GREY);
  }
}

/** How instalments are grouped: 3 a row when N is a multiple of 3, else 2 when even, else 3. */
function rowKind(n: number, postal: boolean): RowKind {
  if (n >= 9 && !postal) return 'compact';
  return n % 3 === 0 ? 'three' : n % 2 === 0 ? 'two' : 'three';
}

/** Draws all pages of one notice into a document (shared fonts when several notices share it). */
async function drawNotice(doc: PDFDocument, fonts: DocumentFonts, data: NoticeData): Promise<void> {
  const L = new NoticeLayout(data, await embedLogo(doc, data.entity.logo));
  const postal = Boolean(data.entity.postal);
  const newPage = () => new Canvas(doc.addPage([PAGE_W, PAGE_H]), doc.context, fonts);
  const firstPage = doc.addPage([PAGE_W, PAGE_H]);
  // Rows are sized by laying them out on a canvas that draws nothing.
  const dry = new Canvas(firstPage, doc.context, fonts, true);

  const c1 = new Canvas(firstPage, doc.context, fonts);
  drawHeader(c1, L);
  let y = drawParties(c1, L, 128.05);
  y = drawHowMuchWhere(c1, L, y);
  const single = data.single;
  const inst = L.installments.map((p, i) => ({ p, i: (p.number ?? i + 1) - 1 }));
  const kind = rowKind(inst.length, postal);
  const per = kind === 'two' ? 2 : 3;
  const rows: (typeof inst)[] = [];
  for (let k = 0; k < inst.length; k += per) rows.push(inst.slice(k, k + per));

  let current = c1;
  if (single) {
    const codes = drawSingle(c1, L, y, single);
    if (postal) {
      const due = single.dueDate ? L.t.singleDue(formatNoticeDate(single.dueDate)) : L.t.single;
      drawBollettino(c1, L, codes + 27, single, due, { compact: false });
      y = PAGE_H;
    } else y = codes + 18;
  } else if (!postal && rows.length) {
    // No rata unica: the instalments start on page 1 under the "Dati per il pagamento" bar.
    c1.rect(0, y, PAGE_W, 20, GREY_BG);
    L.label(c1, (t) => t.paymentData, M, y + 13.7, bold(10));
    if (inst.length >= 2)
      L.label(c1, (t) => t.installmentsInfo(inst.length, false), RIGHT, y + 13.7, {
        ...reg(8),
        align: 'right',
      });
    y += 28;
  } else y = PAGE_H;

  let rowHeight: number | undefined;
  for (const row of rows) {
    if (postal) {
      // A page per row: header, the row, then one bollettino per instalment (2 full or 3 compact).
      current.finish();
      current = newPage();
      drawHeader(current, L);
      drawRow(current, L, kind, 114, row);
      const compact = kind !== 'two';
      const first = compact ? 364.87 : 371.56;
      const pitch = compact ? 156.9 : 233;
      row.forEach((it, k) => {
        const title = it.p.dueDate
          ? L.t.installmentDue(it.i + 1, formatNoticeDate(it.p.dueDate))
          : `${L.t.installment} ${it.i + 1}`;
        drawBollettino(current, L, first + k * pitch, it.p, title, { compact });
      });
      y = PAGE_H;
      continue;
    }
    // Every row of a notice has the same height (same entity name and subject): size it once.
    rowHeight ??= drawRow(dry, L, kind, 0, row);
    if (y + rowHeight > BOTTOM) {
      current.finish();
      current = newPage();
      y = drawHeader(current, L) - 14;
      if (kind === 'compact') y = drawSharedStrip(current, L, y);
    }
    y = drawRow(current, L, kind, y, row) + 14;
  }
  current.finish();
}

/** Options of a render. */
export interface RenderOptions {
  /** Language of validation messages. */
  lang?: Lang;
}

function newDocument(): Promise<PDFDocument> {
  return PDFDocument.create({ updateMetadata: false });
}

function setInfo(doc: PDFDocument, title: string): void {
  doc.setTitle(title);
  doc.setProducer('Pagatore');
  doc.setCreator('Pagatore');
}

/**
 * Renders one notice as PDF bytes; throws `NoticeDataError` when a field breaks the guide's limits.
 * @example const pdf = await renderNotice({ entity, debtor, subject: 'TARI 2026', single: { nav, iuv, amountCents: 15000, dueDate: '2026-12-31' } });
 */
export async function renderNotice(data: NoticeData, options: RenderOptions = {}): Promise<Uint8Array> {
  validateNoticeData(data, options.lang);
  const doc = await newDocument();
  const fonts = new DocumentFonts(doc.context);
  await drawNotice(doc, fonts, data);
  fonts.finish();
  setInfo(doc, `Avviso di pagamento - ${data.subject}`);
  return doc.save({ useObjectStreams: false, objectsPerTick: Infinity });
}

/**
 * Several notices in one PDF, one after the other, sharing fonts (and the entity logo).
 * Call `add()` for each notice, then `save()`.
 */
export class MergedNotices {
  #doc: PDFDocument | undefined;
  #fonts: DocumentFonts | undefined;
  #count = 0;

  /** Number of notices added. */
  get count(): number {
    return this.#count;
  }

  /** Adds a notice (validated first). */
  async add(data: NoticeData, options: RenderOptions = {}): Promise<void> {
    validateNoticeData(data, options.lang);
    if (!this.#doc) {
      this.#doc = await newDocument();
      this.#fonts = new DocumentFonts(this.#doc.context);
    }
    await drawNotice(this.#doc, this.#fonts!, data);
    this.#count++;
  }

  /** The merged PDF. */
  async save(): Promise<Uint8Array> {
    if (!this.#doc) this.#doc = await newDocument();
    this.#fonts?.finish();
    setInfo(this.#doc, 'Avvisi di pagamento');
    return this.#doc.save({ useObjectStreams: false, objectsPerTick: Infinity });
  }
}
