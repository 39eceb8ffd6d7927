/**
 * Drawing on one PDF page in the notice's own terms: points from the top-left corner (as LAYOUT.md
 * measures them), text by baseline, codes as vector modules. It writes the page's content stream
 * directly (compressed with Node's zlib) instead of going through pdf-lib's drawing API, which shapes
 * each string with fontkit: the notice draws ≈ 150 strings and must render in a few milliseconds.
 */
import { deflateSync } from 'node:zlib';
import { type PDFContext, PDFName, type PDFPage, PDFRawStream, type PDFRef } from 'pdf-lib';
import { type DocumentFonts, FONT_RESOURCE, type FontKey } from './fonts.js';
import type { BitMatrix } from './qr.js';
import type { Rgb, SvgArt } from './svg.js';

export const BLACK: Rgb = [0, 0, 0];
export const WHITE: Rgb = [1, 1, 1];

const n = (x: number) => (Math.round(x * 100) / 100).toString();
const rgb = (c: Rgb) => `${n(c[0])} ${n(c[1])} ${n(c[2])}`;

export interface TextStyle {
  font: FontKey;
  size: number;
  color?: Rgb;
  /** x is the left edge (default), the right edge, or the centre. */
  align?: 'left' | 'right' | 'center';
}

/**
 * The content-stream operators of artwork already drawn, by artwork and placement: the pagoPA
 * logo, the entity's logo and the guide's pictograms sit at the same places on every notice.
 */
const drawnArt = new WeakMap<SvgArt, Map<string, string>>();

/** One page being drawn. Call `finish()` once to attach the content stream. */
export class Canvas {
  readonly width: number;
  readonly height: number;
  readonly fonts: DocumentFonts;
  #ops: string[] = [];
  /** Fill colour and font currently set in the content stream (text state persists across BT/ET). */
  #fill = '';
  #font = '';
  #inText = false;
  readonly #page: PDFPage;
  readonly #context: PDFContext;
  readonly #images = new Map<PDFRef, string>();

  /** A dry canvas measures and lays out but draws nothing (to size a row before placing it). */
  readonly dry: boolean;

  constructor(page: PDFPage, context: PDFContext, fonts: DocumentFonts, dry = false) {
    this.dry = dry;
    this.#page = page;
    this.#context = context;
    this.fonts = fonts;
    const { width, height } = page.getSize();
    this.width = width;
    this.height = height;
  }

  /** Width of a string in points. */
  measure(text: string, font: FontKey, size: number): number {
    return this.fonts.faces[font].widthOf(text, size);
  }

  /** Draws one line of text at a baseline (y from the top); returns its width. */
  text(text: string, x: number, baseline: number, style: TextStyle): number {
    if (!text) return 0;
    const w = this.measure(text, style.font, style.size);
    if (this.dry) return w;
    const left = style.align === 'right' ? x - w : style.align === 'center' ? x - w / 2 : x;
    const hex = this.fonts.encode(style.font, text);
    let op = this.#inText ? '' : 'BT ';
    this.#inText = true;
    const fill = rgb(style.color ?? BLACK);
    if (fill !== this.#fill) op += `${fill} rg `;
    this.#fill = fill;
    const font = `/${FONT_RESOURCE[style.font]} ${n(style.size)} Tf `;
    if (font !== this.#font) op += font;
    this.#font = font;
    this.#ops.push(`${op}1 0 0 1 ${n(left)} ${n(this.height - baseline)} Tm <${hex}> Tj`);
    return w;
  }

  /** Runs of text in different styles on one baseline, left to right; returns the total width. */
  runs(parts: readonly { text: string; style: TextStyle }[], x: number, baseline: number): number {
    let at = x;
    for (const p of parts) at += this.text(p.text, at, baseline, { ...p.style, align: 'left' });
    return at - x;
  }

  rect(x: number, top: number, w: number, h: number, color: Rgb): void {
    if (this.dry) return;
    this.#endText();
    this.#fill = rgb(color);
    this.#ops.push(`${this.#fill} rg ${n(x)} ${n(this.height - top - h)} ${n(w)} ${n(h)} re f`);
  }

  line(x1: number, y1: number, x2: number, y2: number, width: number, color: Rgb): void {
    if (this.dry) return;
    this.#endText();
    this.#ops.push(
      `${rgb(color)} RG ${n(width)} w ${n(x1)} ${n(this.height - y1)} m ${n(x2)} ${n(this.height - y2)} l S`,
    );
  }

  /**
   * A 2D code over a white quiet zone, as a 1-bit image mask painted black (one bit per module, no
   * smoothing): a few hundred bytes where a rectangle per run of dark modules took up to 15 KB of
   * content stream for a Data Matrix, most of what a notice deflated.
   */
  matrix(m: BitMatrix, x: number, top: number, size: number, quiet: number): void {
    if (this.dry) return;
    this.rect(x - quiet, top - quiet, size + 2 * quiet, size + 2 * quiet, WHITE);
    const cols = m.cols ?? m.size;
    const rows = m.rows ?? m.size;
    this.#endText();
    const stride = (cols + 7) >> 3;
    const bits = new Uint8Array(stride * rows);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++)
        if (m.dark[r * cols + c] === 1) bits[r * stride + (c >> 3)]! |= 0x80 >> (c & 7);
    const image = PDFRawStream.of(
      this.#context.obj({
        Type: 'XObject',
        Subtype: 'Image',
        Width: cols,
        Height: rows,
        ImageMask: true,
        BitsPerComponent: 1,
        // 1 marks a dark module, painted in the fill colour.
        Decode: [1, 0],
        Interpolate: false,
      }),
      bits,
    );
    const name = this.#page.node.newXObject('Code', this.#context.register(image)).asString();
    const mod = size / Math.max(cols, rows);
    // The symbol's bottom edge on the box's bottom edge, modules square.
    this.#ops.push(
      `q ${rgb(BLACK)} rg ${n(cols * mod)} 0 0 ${n(rows * mod)} ${n(x)} ${n(this.height - top - size)} cm ${name} Do Q`,
    );
  }

  /** Vector artwork fitted into a box (top-left x, top), keeping its aspect ratio. */
  svg(
    art: SvgArt,
    x: number,
    top: number,
    w: number,
    h: number,
    opts: { align?: 'left' | 'right' | 'center'; color?: Rgb } = {},
  ): void {
    const key = `${x} ${top} ${w} ${h} ${opts.align ?? ''} ${opts.color?.join(' ') ?? ''} ${this.height}`;
    let perArt = drawnArt.get(art);
    if (!perArt) drawnArt.set(art, (perArt = new Map()));
    let ops = perArt.get(key);
    if (!ops) {
      ops = this.#svgOps(art, x, top, w, h, opts);
      if (perArt.size >= 64) perArt.clear();
      perArt.set(key, ops);
    }
    this.#ops.push(ops);
  }

  #svgOps(
    art: SvgArt,
    x: number,
    top: number,
    w: number,
    h: number,
    opts: { align?: 'left' | 'right' | 'center'; color?: Rgb },
  ): string {
    const s = Math.min(w / art.width, h / art.height);
    const dw = art.width * s;
    const left = opts.align === 'right' ? x + w - dw : opts.align === 'center' ? x + (w - dw) / 2 : x;
    const parts = [
      `q 1 0 0 -1 ${n(left)} ${n(this.height - top)} cm ${s} 0 0 ${s} ${-art.minX * s} ${-art.minY * s} cm`,
    ];
    for (const shape of art.shapes) {
      const fill = shape.fill ? (opts.color ?? shape.fill) : null;
      const stroke = shape.stroke ? (opts.color ?? shape.stroke) : null;
      if (!fill && !stroke) continue;
      let paint = '';
      if (fill) paint += `${rgb(fill)} rg `;
      if (stroke) paint += `${rgb(stroke)} RG ${shape.strokeWidth} w `;
      const op = fill && stroke ? (shape.evenOdd ? 'B*' : 'B') : fill ? (shape.evenOdd ? 'f*' : 'f') : 'S';
      parts.push(`${paint}\n${shape.ops}${op}`);
    }
    parts.push('Q');
    return parts.join('\n');
  }

  /** An embedded image (XObject) in a box (top-left x, top), keeping its aspect ratio. */
  image(
    ref: PDFRef,
    imgW: number,
    imgH: number,
    x: number,
    top: number,
    w: number,
    h: number,
    align: 'left' | 'right' = 'right',
  ): void {
    if (this.dry) return;
    let name = this.#images.get(ref);
    if (!name) {
      name = this.#page.node.newXObject('Logo', ref).asString().slice(1);
      this.#images.set(ref, name);
    }
    const s = Math.min(w / imgW, h / imgH);
    const dw = imgW * s;
    const dh = imgH * s;
    const left = align === 'right' ? x + w - dw : x;
    this.#endText();
    this.#ops.push(`q ${n(dw)} 0 0 ${n(dh)} ${n(left)} ${n(this.height - top - dh)} cm /${name} Do Q`);
  }

  #endText(): void {
    if (this.#inText) this.#ops.push('ET');
    this.#inText = false;
  }

  /** Attaches the content stream and the font resources to the page. */
  finish(): void {
    if (this.dry) return;
    this.#endText();
    for (const key of Object.keys(FONT_RESOURCE) as FontKey[])
      this.#page.node.setFontDictionary(PDFName.of(FONT_RESOURCE[key]), this.fonts.refs[key]);
    const bytes = new TextEncoder().encode(this.#ops.join('\n'));
    const stream = PDFRawStream.of(
      this.#context.obj({ Filter: 'FlateDecode' }),
      // zlib's native deflate: a JavaScript one took a fifth of a notice's time.
      deflateSync(bytes, { level: 1 }),
    );
    this.#page.node.set(PDFName.of('Contents'), this.#context.register(stream));
    this.#ops = [];
  }
}
