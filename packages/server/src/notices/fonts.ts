/**
 * The notice's two typefaces (Titillium Web for text, Roboto Mono for codes: FACTS §3), embedded as
 * subsetted TrueType CID fonts.
 *
 * Why not pdf-lib's `embedFont(…, { subset: true })`: it re-parses each font for every document,
 * shapes every string through fontkit's OpenType engine and re-encodes the subset with a JS deflate,
 * ≈ 15 ms per notice, well over the bulk budget. Here each font is parsed once per process; text is
 * mapped through the font's cmap with advance widths (the notice needs no ligatures, and kerning is
 * below what a printed avviso shows); a document's subset keeps the glyph ids and drops every
 * outline it does not use (the "zeroing" subset), so building it is a byte copy.
 *
 * The few tables this needs (head, hhea, OS/2, name, cmap, hmtx, loca) are read here directly rather
 * than through fontkit: fontkit's module alone takes ≈ 30 MB of memory in every thread that loads it
 * (its Unicode and shaping data), and the notices of a batch render in their own worker thread.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import {
  PDFArray,
  type PDFContext,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  type PDFRef,
} from 'pdf-lib';

export type FontKey = 'regular' | 'bold' | 'mono' | 'monoBold';

const FONT_FILES: Record<FontKey, string> = {
  regular: '@expo-google-fonts/titillium-web/400Regular/TitilliumWeb_400Regular.ttf',
  bold: '@expo-google-fonts/titillium-web/700Bold/TitilliumWeb_700Bold.ttf',
  mono: '@expo-google-fonts/roboto-mono/400Regular/RobotoMono_400Regular.ttf',
  monoBold: '@expo-google-fonts/roboto-mono/700Bold/RobotoMono_700Bold.ttf',
};

/** A string as glyph ids: `hex` for Identity-H, `pairs` as [gid, code point, gid, code point, …]. */
export interface EncodedText {
  hex: string;
  pairs: Uint32Array;
}

interface Table {
  offset: number;
  length: number;
}

/** One parsed font: metrics for layout and the raw tables for subsetting. */
export class FontFace {
  readonly postscriptName: string;
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly capHeight: number;
  readonly bbox: [number, number, number, number];
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #tables = new Map<string, Table>();
  readonly #loca: Uint32Array;
  /** The Unicode cmap subtable glyphs are looked up in: its offset and format (4 or 12). */
  readonly #cmap: { offset: number; format: number };

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const v = this.#view;
    const n = v.getUint16(4);
    for (let i = 0; i < n; i++) {
      const rec = 12 + i * 16;
      const tag = String.fromCharCode(bytes[rec]!, bytes[rec + 1]!, bytes[rec + 2]!, bytes[rec + 3]!);
      this.#tables.set(tag, { offset: v.getUint32(rec + 8), length: v.getUint32(rec + 12) });
    }
    this.postscriptName = this.#name(6).replace(/[^A-Za-z0-9-]/g, '');
    const head = this.#table('head');
    const hhea = this.#table('hhea');
    this.unitsPerEm = v.getUint16(head.offset + 18);
    this.bbox = [
      v.getInt16(head.offset + 36),
      v.getInt16(head.offset + 38),
      v.getInt16(head.offset + 40),
      v.getInt16(head.offset + 42),
    ];
    this.ascent = v.getInt16(hhea.offset + 4);
    this.descent = v.getInt16(hhea.offset + 6);
    // sCapHeight exists from OS/2 version 2 on; without it the ascent stands in.
    const os2 = this.#tables.get('OS/2');
    this.capHeight = os2 && v.getUint16(os2.offset) >= 2 ? v.getInt16(os2.offset + 88) : this.ascent;
    this.#cmap = this.#unicodeCmap();
    const maxp = this.#table('maxp');
    const loca = this.#table('loca');
    const numGlyphs = v.getUint16(maxp.offset + 4);
    const long = v.getInt16(head.offset + 50) === 1;
    this.#loca = new Uint32Array(numGlyphs + 1);
    for (let i = 0; i <= numGlyphs; i++)
      this.#loca[i] = long ? v.getUint32(loca.offset + i * 4) : v.getUint16(loca.offset + i * 2) * 2;
  }

  #table(tag: string): Table {
    const t = this.#tables.get(tag);
    if (!t) throw new Error(`font ${this.postscriptName ?? ''} has no ${tag} table`);
    return t;
  }

  /** A name table string (Windows UTF-16 record first, else the Macintosh Roman one), '' if absent. */
  #name(id: number): string {
    const v = this.#view;
    const name = this.#table('name');
    const count = v.getUint16(name.offset + 2);
    const strings = name.offset + v.getUint16(name.offset + 4);
    let mac = '';
    for (let i = 0; i < count; i++) {
      const rec = name.offset + 6 + i * 12;
      if (v.getUint16(rec + 6) !== id) continue;
      const platform = v.getUint16(rec);
      const length = v.getUint16(rec + 8);
      const at = strings + v.getUint16(rec + 10);
      if (platform === 3 || platform === 0) {
        let text = '';
        for (let k = 0; k + 1 < length; k += 2) text += String.fromCharCode(v.getUint16(at + k));
        return text;
      }
      if (platform === 1 && !mac) mac = String.fromCharCode(...this.#bytes.subarray(at, at + length));
    }
    return mac;
  }

  /**
   * The cmap subtable for Unicode, chosen in the order font renderers prefer (full repertoire
   * first: Windows UCS-4, Unicode full; then the BMP ones). Formats 4 and 12 are read.
   */
  #unicodeCmap(): { offset: number; format: number } {
    const v = this.#view;
    const cmap = this.#table('cmap');
    const count = v.getUint16(cmap.offset + 2);
    for (const [platform, encoding] of [
      [3, 10],
      [0, 6],
      [0, 4],
      [3, 1],
      [0, 3],
      [0, 2],
      [0, 1],
      [0, 0],
    ] as const) {
      for (let i = 0; i < count; i++) {
        const rec = cmap.offset + 4 + i * 8;
        if (v.getUint16(rec) !== platform || v.getUint16(rec + 2) !== encoding) continue;
        const offset = cmap.offset + v.getUint32(rec + 4);
        const format = v.getUint16(offset);
        if (format !== 4 && format !== 12)
          throw new Error(`font ${this.postscriptName}: cmap format ${format} is not supported`);
        return { offset, format };
      }
    }
    throw new Error(`font ${this.postscriptName} has no Unicode cmap`);
  }

  /** The glyph id the cmap maps a code point to (0: none). */
  #cmapGlyph(cp: number): number {
    const v = this.#view;
    const { offset, format } = this.#cmap;
    if (format === 4) {
      if (cp > 0xffff) return 0;
      const segs = v.getUint16(offset + 6) >> 1;
      const ends = offset + 14;
      const starts = ends + segs * 2 + 2;
      const deltas = starts + segs * 2;
      const ranges = deltas + segs * 2;
      let lo = 0;
      let hi = segs - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const start = v.getUint16(starts + mid * 2);
        if (cp < start) hi = mid - 1;
        else if (cp > v.getUint16(ends + mid * 2)) lo = mid + 1;
        else {
          const delta = v.getInt16(deltas + mid * 2);
          const range = v.getUint16(ranges + mid * 2);
          if (range === 0) return (cp + delta) & 0xffff;
          const gid = v.getUint16(ranges + mid * 2 + range + (cp - start) * 2);
          return gid === 0 ? 0 : (gid + delta) & 0xffff;
        }
      }
      return 0;
    }
    const groups = v.getUint32(offset + 12);
    let lo = 0;
    let hi = groups - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const g = offset + 16 + mid * 12;
      if (cp < v.getUint32(g)) hi = mid - 1;
      else if (cp > v.getUint32(g + 4)) lo = mid + 1;
      else return v.getUint32(g + 8) + (cp - v.getUint32(g));
    }
    return 0;
  }

  /**
   * Glyph id and advance (font units) of each code point looked up so far, indexed by code point
   * for the Basic Multilingual Plane (-1: not looked up yet): measuring and encoding a notice's
   * ≈ 150 strings reads these arrays instead of allocating a record per character.
   */
  readonly #bmpGid = new Int32Array(0x10000).fill(-1);
  readonly #bmpWidth = new Uint16Array(0x10000);
  /** The same for code points above the BMP. */
  readonly #astral = new Map<number, { gid: number; width: number }>();

  /** Glyph id and advance (font units) of a code point; U+FFFD or "?" when the font lacks it. */
  glyph(cp: number): { gid: number; width: number } {
    if (cp < 0x10000) return { gid: this.gidOf(cp), width: this.#bmpWidth[cp]! };
    let g = this.#astral.get(cp);
    if (!g) {
      g = this.#lookup(cp);
      this.#astral.set(cp, g);
    }
    return g;
  }

  /** Glyph id of a BMP code point (the cmap lookup is made once per code point). */
  gidOf(cp: number): number {
    const known = this.#bmpGid[cp]!;
    if (known >= 0) return known;
    const g = this.#lookup(cp);
    this.#bmpGid[cp] = g.gid;
    this.#bmpWidth[cp] = g.width;
    return g.gid;
  }

  #lookup(cp: number): { gid: number; width: number } {
    let gid = this.#cmapGlyph(cp);
    if (!gid) gid = this.#cmapGlyph(0xfffd) || this.#cmapGlyph(0x3f);
    return { gid, width: this.advance(gid) };
  }

  /** Advance width of a glyph id in font units (hmtx). */
  advance(gid: number): number {
    const hhea = this.#table('hhea');
    const hmtx = this.#table('hmtx');
    const count = this.#view.getUint16(hhea.offset + 34);
    return this.#view.getUint16(hmtx.offset + Math.min(gid, count - 1) * 4);
  }

  /** True when the font draws this character itself. */
  has(cp: number): boolean {
    return this.#cmapGlyph(cp) !== 0;
  }

  /** Width of a string in points. */
  widthOf(text: string, size: number): number {
    let w = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < text.length) {
        const cp = text.codePointAt(i)!;
        if (cp > 0xffff) {
          w += this.glyph(cp).width;
          i++;
          continue;
        }
      }
      this.gidOf(unit);
      w += this.#bmpWidth[unit]!;
    }
    return (w * size) / this.unitsPerEm;
  }

  /**
   * A string's glyph ids (and the character each stands for, U+FFFD when the font lacks it) with
   * their hex encoding, cached: a notice repeats the same labels and paragraphs on every page and
   * every notice of a batch repeats them again.
   */
  encoded(text: string): EncodedText {
    let e = this.#encoded.get(text);
    if (!e) {
      const pairs: number[] = [];
      let hex = '';
      for (const ch of text) {
        const cp = ch.codePointAt(0) ?? 0x20;
        const { gid } = this.glyph(cp);
        pairs.push(gid, this.has(cp) ? cp : 0xfffd);
        hex += gid.toString(16).padStart(4, '0');
      }
      e = { hex, pairs: Uint32Array.from(pairs) };
      if (this.#encoded.size >= 8192) this.#encoded.clear();
      this.#encoded.set(text, e);
    }
    return e;
  }

  readonly #encoded = new Map<string, EncodedText>();

  readonly #compressed = new Map<string, { bytes: Uint8Array; length1: number }>();
  readonly #baseChars = new Map<number, number>();
  readonly #cmaps = new Map<string, Uint8Array>();

  /** Deflated ToUnicode CMap for a subset: the base characters plus the document's own. */
  compressedCMap(key: string, used: Map<number, number>): Uint8Array {
    let bytes = this.#cmaps.get(key);
    if (!bytes) {
      this.baseGlyphs();
      const all = new Map(this.#baseChars);
      for (const [g, cp] of used) if (!all.has(g)) all.set(g, cp);
      bytes = deflateSync(toUnicodeCMap(all), { level: 6 });
      if (this.#cmaps.size >= 64) this.#cmaps.delete(this.#cmaps.keys().next().value!);
      this.#cmaps.set(key, bytes);
    }
    return bytes;
  }
  #base: Set<number> | undefined;

  /**
   * Glyphs of the characters nearly every notice uses (printable ASCII, Italian and German letters,
   * €, ·). A document whose glyphs all fall in this set embeds one subset compressed once per
   * process; others get their own (and a small cache of them), so deflating fonts is rarely paid.
   */
  baseGlyphs(): Set<number> {
    if (!this.#base) {
      const chars = new Set<number>();
      // Roboto Mono prints codes and amounts only: digits, capitals and a few signs.
      const mono = this.postscriptName.startsWith('RobotoMono');
      for (let cp = 0x20; cp < 0x7f; cp++)
        if (!mono || /[0-9A-Z ,./\-+]/.test(String.fromCharCode(cp))) chars.add(cp);
      if (!mono) for (const ch of 'àèéìíòóùúÀÈÉÌÒÙäöüÄÖÜß€·’‘“”–—«»°') chars.add(ch.codePointAt(0)!);
      this.#base = new Set();
      for (const cp of chars) {
        if (!this.has(cp)) continue;
        const gid = this.glyph(cp).gid;
        this.#base.add(gid);
        if (!this.#baseChars.has(gid)) this.#baseChars.set(gid, cp);
      }
    }
    return this.#base;
  }

  /** The deflated subset font program for a glyph set, cached. */
  compressedSubset(gids: Set<number>): { bytes: Uint8Array; length1: number; gids: number[]; key: string } {
    const base = this.baseGlyphs();
    let all = base;
    for (const g of gids)
      if (!base.has(g)) {
        all = new Set([...base, ...gids]);
        break;
      }
    const sorted = [...all].sort((a, b) => a - b);
    const key = sorted.join(',');
    let program = this.#compressed.get(key);
    if (!program) {
      const raw = this.subset(all);
      program = { bytes: deflateSync(raw, { level: 6 }), length1: raw.byteLength };
      if (this.#compressed.size >= 64) this.#compressed.delete(this.#compressed.keys().next().value!);
      this.#compressed.set(key, program);
    }
    return { ...program, gids: sorted, key };
  }

  /** Adds the components of composite glyphs to a glyph set. */
  #closeComposites(gids: Set<number>): void {
    const glyf = this.#table('glyf');
    const v = this.#view;
    const queue = [...gids];
    while (queue.length) {
      const gid = queue.pop()!;
      const start = this.#loca[gid]!;
      if (this.#loca[gid + 1]! <= start) continue;
      let p = glyf.offset + start;
      if (v.getInt16(p) >= 0) continue;
      p += 10;
      for (;;) {
        const flags = v.getUint16(p);
        const component = v.getUint16(p + 2);
        if (!gids.has(component)) {
          gids.add(component);
          queue.push(component);
        }
        p += 4 + (flags & 0x0001 ? 4 : 2);
        if (flags & 0x0008) p += 2;
        else if (flags & 0x0040) p += 4;
        else if (flags & 0x0080) p += 8;
        if (!(flags & 0x0020)) break;
      }
    }
  }

  /**
   * A TrueType font with the same glyph ids whose glyf table holds only the given glyphs' outlines
   * (and those of their components). Tables a PDF TrueType font does not need (cmap, name, post,
   * GSUB, GPOS…) are left out.
   */
  subset(used: Set<number>): Uint8Array {
    const gids = new Set(used);
    gids.add(0);
    this.#closeComposites(gids);
    const src = this.#bytes;
    const glyf = this.#table('glyf');
    const numGlyphs = this.#loca.length - 1;
    let glyfLen = 0;
    for (const gid of gids) glyfLen += (this.#loca[gid + 1]! - this.#loca[gid]! + 3) & ~3;
    const newGlyf = new Uint8Array(glyfLen);
    const newLoca = new Uint8Array((numGlyphs + 1) * 4);
    const locaView = new DataView(newLoca.buffer);
    let at = 0;
    for (let gid = 0; gid < numGlyphs; gid++) {
      locaView.setUint32(gid * 4, at);
      if (!gids.has(gid)) continue;
      const s = this.#loca[gid]!;
      const e = this.#loca[gid + 1]!;
      newGlyf.set(src.subarray(glyf.offset + s, glyf.offset + e), at);
      at += (e - s + 3) & ~3;
    }
    locaView.setUint32(numGlyphs * 4, at);
    const copy = (tag: string) => {
      const t = this.#tables.get(tag);
      return t ? src.slice(t.offset, t.offset + t.length) : undefined;
    };
    const head = copy('head')!;
    const hv = new DataView(head.buffer);
    hv.setUint32(8, 0); // checkSumAdjustment: not checked by PDF consumers
    hv.setInt16(50, 1); // long loca
    const tables: [string, Uint8Array][] = [];
    for (const tag of ['OS/2', 'cvt ', 'fpgm', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'prep']) {
      const data = tag === 'glyf' ? newGlyf : tag === 'loca' ? newLoca : tag === 'head' ? head : copy(tag);
      if (data) tables.push([tag, data]);
    }
    return buildSfnt(tables);
  }
}

function checksum(data: Uint8Array): number {
  let sum = 0;
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const whole = data.byteLength & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + v.getUint32(i)) >>> 0;
  if (whole < data.byteLength) {
    let last = 0;
    for (let i = whole; i < whole + 4; i++) last = (last << 8) | (i < data.byteLength ? data[i]! : 0);
    sum = (sum + (last >>> 0)) >>> 0;
  }
  return sum;
}

function buildSfnt(tables: [string, Uint8Array][]): Uint8Array {
  const n = tables.length;
  let size = 12 + n * 16;
  for (const [, d] of tables) size += (d.byteLength + 3) & ~3;
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x00010000);
  v.setUint16(4, n);
  const pow = 2 ** Math.floor(Math.log2(n));
  v.setUint16(6, pow * 16);
  v.setUint16(8, Math.log2(pow));
  v.setUint16(10, n * 16 - pow * 16);
  let at = 12 + n * 16;
  tables.forEach(([tag, d], i) => {
    const rec = 12 + i * 16;
    for (let k = 0; k < 4; k++) out[rec + k] = tag.charCodeAt(k);
    v.setUint32(rec + 4, checksum(d));
    v.setUint32(rec + 8, at);
    v.setUint32(rec + 12, d.byteLength);
    out.set(d, at);
    at += (d.byteLength + 3) & ~3;
  });
  return out;
}

let faces: Record<FontKey, FontFace> | undefined;

/** The four faces, parsed once per process from the npm font packages. */
export function fontFaces(): Record<FontKey, FontFace> {
  if (!faces) {
    const require = createRequire(import.meta.url);
    const load = (key: FontKey) =>
      new FontFace(new Uint8Array(readFileSync(require.resolve(FONT_FILES[key]))));
    faces = { regular: load('regular'), bold: load('bold'), mono: load('mono'), monoBold: load('monoBold') };
  }
  return faces;
}

/** PDF resource names of the faces. */
export const FONT_RESOURCE: Record<FontKey, string> = {
  regular: 'TR',
  bold: 'TB',
  mono: 'MR',
  monoBold: 'MB',
};

/**
 * The fonts of one PDF: records which glyphs the document draws, hands out the hex string for each
 * run of text, and writes the subset fonts when the document is finished.
 */
export class DocumentFonts {
  readonly faces = fontFaces();
  readonly #used: Record<FontKey, Map<number, number>> = {
    regular: new Map(),
    bold: new Map(),
    mono: new Map(),
    monoBold: new Map(),
  };
  readonly refs: Record<FontKey, PDFRef>;
  readonly #context: PDFContext;

  constructor(context: PDFContext) {
    this.#context = context;
    this.refs = {
      regular: context.nextRef(),
      bold: context.nextRef(),
      mono: context.nextRef(),
      monoBold: context.nextRef(),
    };
  }

  /** The string as a PDF hex string of glyph ids (Identity-H), recording the glyphs used. */
  encode(key: FontKey, text: string): string {
    const { hex, pairs } = this.faces[key].encoded(text);
    const used = this.#used[key];
    for (let i = 0; i < pairs.length; i += 2) if (!used.has(pairs[i]!)) used.set(pairs[i]!, pairs[i + 1]!);
    return hex;
  }

  /** Writes the four fonts (those the document used) into the PDF. */
  finish(): void {
    for (const key of Object.keys(this.refs) as FontKey[]) this.#write(key);
  }

  #write(key: FontKey): void {
    const ctx = this.#context;
    const face = this.faces[key];
    const used = this.#used[key];
    const program = face.compressedSubset(new Set(used.keys()));
    const gids = program.gids;
    const scale = 1000 / face.unitsPerEm;
    // A stable tag per glyph set, as PDF subset names require (six capital letters).
    let h = 2166136261;
    for (const g of gids) h = Math.imul(h ^ g, 16777619) >>> 0;
    let tag = '';
    for (let i = 0; i < 6; i++) {
      tag += String.fromCharCode(65 + (h % 26));
      h = Math.floor(h / 26) + i * 7919;
    }
    const baseName = `${tag}+${face.postscriptName}`;
    const fontFile = PDFRawStream.of(
      ctx.obj({ Filter: 'FlateDecode', Length1: program.length1 }),
      program.bytes,
    );
    const descriptor = ctx.obj({
      Type: 'FontDescriptor',
      FontName: baseName,
      Flags: 4 | (key.startsWith('mono') ? 1 : 0),
      FontBBox: face.bbox.map((n) => Math.round(n * scale)),
      ItalicAngle: 0,
      Ascent: Math.round(face.ascent * scale),
      Descent: Math.round(face.descent * scale),
      CapHeight: Math.round(face.capHeight * scale),
      StemV: key === 'bold' || key === 'monoBold' ? 140 : 80,
      FontFile2: ctx.register(fontFile),
    });
    const widths = PDFArray.withContext(ctx);
    for (const g of [...used.keys()].sort((a, b) => a - b)) {
      widths.push(PDFNumber.of(g));
      const w = PDFArray.withContext(ctx);
      w.push(PDFNumber.of(Math.round(face.advance(g) * scale)));
      widths.push(w);
    }
    const cid = ctx.obj({
      Type: 'Font',
      Subtype: 'CIDFontType2',
      BaseFont: baseName,
      CIDSystemInfo: {
        Registry: PDFHexString.fromText('Adobe'),
        Ordering: PDFHexString.fromText('Identity'),
        Supplement: 0,
      },
      FontDescriptor: ctx.register(descriptor),
      W: widths,
      CIDToGIDMap: 'Identity',
    });
    const toUnicode = PDFRawStream.of(
      ctx.obj({ Filter: 'FlateDecode' }),
      // Cached per glyph set: the base characters and this document's own.
      face.compressedCMap(program.key, used),
    );
    const font = ctx.obj({
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: baseName,
      Encoding: 'Identity-H',
      DescendantFonts: [ctx.register(cid)],
      ToUnicode: ctx.register(toUnicode),
    });
    ctx.assign(this.refs[key], font);
  }
}

function utf16Hex(cp: number): string {
  if (cp < 0x10000) return cp.toString(16).padStart(4, '0');
  const c = cp - 0x10000;
  return ((0xd800 + (c >> 10)).toString(16) + (0xdc00 + (c & 0x3ff)).toString(16)).padStart(8, '0');
}

function toUnicodeCMap(used: Map<number, number>): Uint8Array {
  const entries = [...used.entries()].sort((a, b) => a[0] - b[0]);
  let body = '';
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    body += `${chunk.length} beginbfchar\n`;
    for (const [gid, cp] of chunk) body += `<${gid.toString(16).padStart(4, '0')}> <${utf16Hex(cp)}>\n`;
    body += 'endbfchar\n';
  }
  const text = `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <ffff>
endcodespacerange
${body}endcmap
CMapName currentdict /CMapResource defineresource pop
end
end
`;
  return new TextEncoder().encode(text);
}

/** Name object helper (re-exported for the canvas). */
export const fontName = (key: FontKey): PDFName => PDFName.of(FONT_RESOURCE[key]);
