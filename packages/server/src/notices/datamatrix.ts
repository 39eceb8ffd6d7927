/**
 * Data Matrix (ECC 200, square symbols) encoder for the Poste "Bollettino Postale PA" string
 * (FACTS §2.2). bwip-js encodes the same symbol through its PostScript emulation in ≈ 4 ms, which
 * is most of the cost of a notice with bollettini; this one takes well under a millisecond.
 *
 * Encodation is ASCII (digit pairs packed) for the head of the string and C40 or Text for the long
 * run of names, subject and padding spaces, whichever needs fewer shifts; symbol placement is the
 * ISO/IEC 16022 Annex F algorithm.
 */
import type { BitMatrix } from './qr.js';

/** Square ECC 200 sizes: [symbol size, data codewords, error codewords, interleaved blocks, regions per side]. */
const SIZES: readonly [number, number, number, number, number][] = [
  [10, 3, 5, 1, 1],
  [12, 5, 7, 1, 1],
  [14, 8, 10, 1, 1],
  [16, 12, 12, 1, 1],
  [18, 18, 14, 1, 1],
  [20, 22, 18, 1, 1],
  [22, 30, 20, 1, 1],
  [24, 36, 24, 1, 1],
  [26, 44, 28, 1, 1],
  [32, 62, 36, 1, 2],
  [36, 86, 42, 1, 2],
  [40, 114, 48, 1, 2],
  [44, 144, 56, 1, 2],
  [48, 174, 68, 1, 2],
  [52, 204, 84, 2, 2],
  [64, 280, 112, 2, 4],
  [72, 368, 144, 4, 4],
  [80, 456, 192, 4, 4],
  [88, 576, 224, 4, 4],
  [96, 696, 272, 4, 4],
  [104, 816, 336, 6, 4],
  [120, 1050, 408, 6, 6],
  [132, 1304, 496, 8, 6],
];

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x12d;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
}
const mul = (a: number, b: number) => (a && b ? EXP[LOG[a]! + LOG[b]!]! : 0);

const generators = new Map<number, number[]>();
/** Generator polynomial ∏ (x − α^i), i = 1..n, highest degree first (leading 1 dropped). */
function generator(n: number): number[] {
  let g = generators.get(n);
  if (!g) {
    let poly = [1];
    for (let i = 1; i <= n; i++) {
      const next = new Array<number>(poly.length + 1).fill(0);
      for (let j = 0; j < poly.length; j++) {
        next[j] = next[j]! ^ poly[j]!;
        next[j + 1] = next[j + 1]! ^ mul(poly[j]!, EXP[i]!);
      }
      poly = next;
    }
    g = poly.slice(1);
    generators.set(n, g);
  }
  return g;
}

function reedSolomon(data: readonly number[], n: number): number[] {
  const g = generator(n);
  const ecc = new Array<number>(n).fill(0);
  for (const d of data) {
    const factor = d ^ ecc[0]!;
    ecc.shift();
    ecc.push(0);
    if (factor) for (let i = 0; i < n; i++) ecc[i] = ecc[i]! ^ mul(g[i]!, factor);
  }
  return ecc;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

function asciiCodewords(text: string, out: number[]): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const d = text.charCodeAt(i + 1);
    if (isDigit(c) && i + 1 < text.length && isDigit(d)) {
      out.push(130 + (c - 48) * 10 + (d - 48));
      i++;
    } else if (c < 128) out.push(c + 1);
    else {
      out.push(235, c - 127);
    }
  }
}

/** C40 (upper case basic) or Text (lower case basic) values of one ASCII character. */
function tripletValues(c: number, text: boolean): number[] {
  if (c === 32) return [3];
  if (isDigit(c)) return [c - 44];
  if (c >= 65 && c <= 90) return text ? [2, c - 64] : [c - 51];
  if (c >= 97 && c <= 122) return text ? [c - 83] : [2, c - 96];
  if (c < 32) return [0, c];
  if (c >= 33 && c <= 47) return [1, c - 33];
  if (c >= 58 && c <= 64) return [1, c - 43];
  if (c >= 91 && c <= 95) return [1, c - 69];
  // ` { | } ~ DEL: Shift 3 (96 → 0); in Text mode the letters there are upper case.
  return [2, c - 96];
}

/**
 * Codewords for the text: ASCII for `head` characters, then C40/Text for the rest as far as it
 * fills whole triplets, then ASCII again for what is left.
 */
function encodeCodewords(text: string, head: number): number[] {
  const out: number[] = [];
  asciiCodewords(text.slice(0, head), out);
  const tail = text.slice(head);
  if (tail.length < 6 || [...tail].some((ch) => ch.charCodeAt(0) > 127)) {
    asciiCodewords(tail, out);
    return out;
  }
  let lower = 0;
  let upper = 0;
  for (const ch of tail) {
    if (ch >= 'a' && ch <= 'z') lower++;
    else if (ch >= 'A' && ch <= 'Z') upper++;
  }
  const textMode = lower > upper;
  // C40/Text packs three values into two codewords: stop at the last character that completes a
  // triplet and finish the few characters after it in ASCII.
  const values: number[] = [];
  let end = 0;
  let whole = 0;
  for (let i = 0; i < tail.length; i++) {
    values.push(...tripletValues(tail.charCodeAt(i), textMode));
    if (values.length % 3 === 0) {
      end = i + 1;
      whole = values.length;
    }
  }
  out.push(textMode ? 239 : 230);
  for (let i = 0; i < whole; i += 3) {
    const v = 1600 * values[i]! + 40 * values[i + 1]! + values[i + 2]! + 1;
    out.push(v >> 8, v & 0xff);
  }
  out.push(254);
  asciiCodewords(tail.slice(end), out);
  return out;
}

/** Module placement by symbol size, computed once: every Poste string of a notice has the same size. */
const placements = new Map<number, Int32Array>();

function place(nrow: number, ncol: number): Int32Array {
  const array = new Int32Array(nrow * ncol);
  const module = (row: number, col: number, chr: number, bit: number) => {
    if (row < 0) {
      row += nrow;
      col += 4 - ((nrow + 4) % 8);
    }
    if (col < 0) {
      col += ncol;
      row += 4 - ((ncol + 4) % 8);
    }
    array[row * ncol + col] = 10 * chr + bit;
  };
  const utah = (row: number, col: number, chr: number) => {
    module(row - 2, col - 2, chr, 1);
    module(row - 2, col - 1, chr, 2);
    module(row - 1, col - 2, chr, 3);
    module(row - 1, col - 1, chr, 4);
    module(row - 1, col, chr, 5);
    module(row, col - 2, chr, 6);
    module(row, col - 1, chr, 7);
    module(row, col, chr, 8);
  };
  const corner = (chr: number, cells: [number, number][]) =>
    cells.forEach(([r, c], k) => module(r, c, chr, k + 1));
  let chr = 1;
  let row = 4;
  let col = 0;
  do {
    if (row === nrow && col === 0)
      corner(chr++, [
        [nrow - 1, 0],
        [nrow - 1, 1],
        [nrow - 1, 2],
        [0, ncol - 2],
        [0, ncol - 1],
        [1, ncol - 1],
        [2, ncol - 1],
        [3, ncol - 1],
      ]);
    if (row === nrow - 2 && col === 0 && ncol % 4)
      corner(chr++, [
        [nrow - 3, 0],
        [nrow - 2, 0],
        [nrow - 1, 0],
        [0, ncol - 4],
        [0, ncol - 3],
        [0, ncol - 2],
        [0, ncol - 1],
        [1, ncol - 1],
      ]);
    if (row === nrow - 2 && col === 0 && ncol % 8 === 4)
      corner(chr++, [
        [nrow - 3, 0],
        [nrow - 2, 0],
        [nrow - 1, 0],
        [0, ncol - 2],
        [0, ncol - 1],
        [1, ncol - 1],
        [2, ncol - 1],
        [3, ncol - 1],
      ]);
    if (row === nrow + 4 && col === 2 && !(ncol % 8))
      corner(chr++, [
        [nrow - 1, 0],
        [nrow - 1, ncol - 1],
        [0, ncol - 3],
        [0, ncol - 2],
        [0, ncol - 1],
        [1, ncol - 3],
        [1, ncol - 2],
        [1, ncol - 1],
      ]);
    do {
      if (row < nrow && col >= 0 && !array[row * ncol + col]) utah(row, col, chr++);
      row -= 2;
      col += 2;
    } while (row >= 0 && col < ncol);
    row += 1;
    col += 3;
    do {
      if (row >= 0 && col < ncol && !array[row * ncol + col]) utah(row, col, chr++);
      row += 2;
      col -= 2;
    } while (row < nrow && col >= 0);
    row += 3;
    col += 1;
  } while (row < nrow || col < ncol);
  // The fixed pattern of the unused lower-right corner: dark, light / light, dark.
  if (!array[nrow * ncol - 1]) {
    array[nrow * ncol - 1] = 1;
    array[nrow * ncol - ncol - 2] = 1;
  }
  return array;
}

/**
 * Encodes ASCII text as the smallest square ECC 200 Data Matrix that holds it.
 * @example encodeDataMatrix(posteDataMatrix(input)).size // 48 for a typical Poste string
 */
export function encodeDataMatrix(text: string, asciiHead = 93): BitMatrix {
  const data = encodeCodewords(text, Math.min(asciiHead, text.length));
  const spec = SIZES.find((s) => s[1] >= data.length);
  if (!spec) throw new RangeError('Data Matrix: text too long');
  const [size, capacity, eccTotal, blocks, regions] = spec;
  // Padding: 129 first, then the 253-state randomised pad.
  if (data.length < capacity) {
    // An unlatch right at capacity may be dropped, but a trailing one before padding is fine.
    data.push(129);
    while (data.length < capacity) {
      const pos = data.length + 1;
      let pad = 129 + ((149 * pos) % 253) + 1;
      if (pad > 254) pad -= 254;
      data.push(pad);
    }
  }
  const eccPer = eccTotal / blocks;
  const codewords = new Array<number>(capacity + eccTotal).fill(0);
  for (let b = 0; b < blocks; b++) {
    const block: number[] = [];
    for (let i = b; i < capacity; i += blocks) block.push(data[i]!);
    const ecc = reedSolomon(block, eccPer);
    block.forEach((v, k) => (codewords[b + k * blocks] = v));
    ecc.forEach((v, k) => (codewords[capacity + b + k * blocks] = v));
  }
  const inner = size - 2 * regions;
  let mapping = placements.get(inner);
  if (!mapping) placements.set(inner, (mapping = place(inner, inner)));
  const region = inner / regions;
  const dark = new Uint8Array(size * size);
  for (let r = 0; r < inner; r++)
    for (let c = 0; c < inner; c++) {
      const v = mapping[r * inner + c]!;
      const on = v === 1 || (v > 9 && ((codewords[Math.floor(v / 10) - 1]! >> (8 - (v % 10))) & 1) === 1);
      if (!on) continue;
      const y = r + 2 * Math.floor(r / region) + 1;
      const x = c + 2 * Math.floor(c / region) + 1;
      dark[y * size + x] = 1;
    }
  // Finder and clock patterns around every data region.
  const span = region + 2;
  for (let ry = 0; ry < regions; ry++)
    for (let rx = 0; rx < regions; rx++) {
      const top = ry * span;
      const left = rx * span;
      for (let k = 0; k < span; k++) {
        dark[(top + k) * size + left] = 1;
        dark[(top + span - 1) * size + left + k] = 1;
        if (k % 2 === 0) dark[top * size + left + k] = 1;
        if (k % 2 === 1) dark[(top + k) * size + left + span - 1] = 1;
      }
    }
  return { size, dark };
}
