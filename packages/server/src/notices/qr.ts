/**
 * QR code encoder for the one symbol the pagoPA notice prints: version 4 (33×33), error correction
 * level M, byte mode (FACTS §2.1). bwip-js draws the same symbol, but through its PostScript
 * emulation it costs ≈ 3 ms per code, and a notice with three instalments carries four codes; this
 * direct encoder (ISO/IEC 18004, after Project Nayuki's reference design) takes tens of microseconds.
 */

const SIZE = 33;
const DATA_CODEWORDS = 64;
const BLOCKS = 2;
const EC_PER_BLOCK = 18;
/** Byte-mode capacity of version 4-M. */
export const QR_MAX_BYTES = 62;

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
}

function gfMul(x: number, y: number): number {
  return x && y ? EXP[LOG[x]! + LOG[y]!]! : 0;
}

function rsDivisor(degree: number): number[] {
  const result = new Array<number>(degree).fill(0);
  result[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      result[j] = gfMul(result[j] ?? 0, root);
      if (j + 1 < degree) result[j] = (result[j] ?? 0) ^ (result[j + 1] ?? 0);
    }
    root = gfMul(root, 0x02);
  }
  return result;
}

const DIVISOR = rsDivisor(EC_PER_BLOCK);

function rsRemainder(data: readonly number[]): number[] {
  const result = new Uint8Array(EC_PER_BLOCK);
  for (const b of data) {
    const factor = b ^ result[0]!;
    result.copyWithin(0, 1);
    result[EC_PER_BLOCK - 1] = 0;
    if (factor) for (let i = 0; i < EC_PER_BLOCK; i++) result[i] = result[i]! ^ gfMul(DIVISOR[i]!, factor);
  }
  return [...result];
}

function codewords(bytes: Uint8Array): number[] {
  const bits: number[] = [];
  const push = (value: number, len: number) => {
    for (let i = len - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  push(0b0100, 4);
  push(bytes.length, 8);
  for (const b of bytes) push(b, 8);
  const capacity = DATA_CODEWORDS * 8;
  push(0, Math.min(4, capacity - bits.length));
  push(0, (8 - (bits.length % 8)) % 8);
  const data: number[] = [];
  for (let i = 0; i < bits.length; i += 8) {
    let v = 0;
    for (let j = 0; j < 8; j++) v = (v << 1) | (bits[i + j] ?? 0);
    data.push(v);
  }
  for (let pad = 0xec; data.length < DATA_CODEWORDS; pad ^= 0xec ^ 0x11) data.push(pad);
  const per = DATA_CODEWORDS / BLOCKS;
  const blocks = Array.from({ length: BLOCKS }, (_, k) => data.slice(k * per, (k + 1) * per));
  const ecs = blocks.map(rsRemainder);
  const out: number[] = [];
  for (let i = 0; i < per; i++) for (const b of blocks) out.push(b[i] ?? 0);
  for (let i = 0; i < EC_PER_BLOCK; i++) for (const e of ecs) out.push(e[i] ?? 0);
  return out;
}

class Grid {
  readonly dark = new Uint8Array(SIZE * SIZE);
  readonly fn = new Uint8Array(SIZE * SIZE);
  get(x: number, y: number): boolean {
    return this.dark[y * SIZE + x] === 1;
  }
  set(x: number, y: number, dark: boolean, fn = false): void {
    this.dark[y * SIZE + x] = dark ? 1 : 0;
    if (fn) this.fn[y * SIZE + x] = 1;
  }
  isFn(x: number, y: number): boolean {
    return this.fn[y * SIZE + x] === 1;
  }
}

function drawFormat(g: Grid, mask: number): void {
  // Level M is 00 in the format field.
  const data = (0 << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  const bits = ((data << 10) | rem) ^ 0x5412;
  const bit = (i: number) => ((bits >>> i) & 1) === 1;
  for (let i = 0; i <= 5; i++) g.set(8, i, bit(i), true);
  g.set(8, 7, bit(6), true);
  g.set(8, 8, bit(7), true);
  g.set(7, 8, bit(8), true);
  for (let i = 9; i < 15; i++) g.set(14 - i, 8, bit(i), true);
  for (let i = 0; i < 8; i++) g.set(SIZE - 1 - i, 8, bit(i), true);
  for (let i = 8; i < 15; i++) g.set(8, SIZE - 15 + i, bit(i), true);
  g.set(8, SIZE - 8, true, true);
}

function drawFunctionPatterns(g: Grid): void {
  for (let i = 0; i < SIZE; i++) {
    g.set(6, i, i % 2 === 0, true);
    g.set(i, 6, i % 2 === 0, true);
  }
  for (const [cx, cy] of [
    [3, 3],
    [SIZE - 4, 3],
    [3, SIZE - 4],
  ] as const) {
    for (let dy = -4; dy <= 4; dy++)
      for (let dx = -4; dx <= 4; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        if (x < 0 || y < 0 || x >= SIZE || y >= SIZE) continue;
        const d = Math.max(Math.abs(dx), Math.abs(dy));
        g.set(x, y, d !== 2 && d !== 4, true);
      }
  }
  // Version 4 has one alignment pattern, centred at (26, 26).
  for (let dy = -2; dy <= 2; dy++)
    for (let dx = -2; dx <= 2; dx++)
      g.set(26 + dx, 26 + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1, true);
  drawFormat(g, 0);
}

function maskBit(mask: number, x: number, y: number): boolean {
  switch (mask) {
    case 0:
      return (x + y) % 2 === 0;
    case 1:
      return y % 2 === 0;
    case 2:
      return x % 3 === 0;
    case 3:
      return (x + y) % 3 === 0;
    case 4:
      return (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0;
    case 5:
      return ((x * y) % 2) + ((x * y) % 3) === 0;
    case 6:
      return (((x * y) % 2) + ((x * y) % 3)) % 2 === 0;
    default:
      return (((x + y) % 2) + ((x * y) % 3)) % 2 === 0;
  }
}

/**
 * What every version-4-M symbol shares, computed once: the order in which data bits fill the
 * modules, and for each of the eight masks the symbol with no data (finders, timing, alignment,
 * format bits of that mask, and the mask itself over the data area). A symbol is then its mask's
 * template XOR its placed data bits, and trying the eight masks allocates nothing.
 */
const DATA_ORDER: Uint16Array = (() => {
  const g = new Grid();
  drawFunctionPatterns(g);
  const order: number[] = [];
  for (let right = SIZE - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let vert = 0; vert < SIZE; vert++)
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        const y = ((right + 1) & 2) === 0 ? SIZE - 1 - vert : vert;
        if (!g.isFn(x, y)) order.push(y * SIZE + x);
      }
  }
  return Uint16Array.from(order);
})();

const TEMPLATES: Uint8Array[] = Array.from({ length: 8 }, (_, mask) => {
  const g = new Grid();
  drawFunctionPatterns(g);
  drawFormat(g, mask);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) if (!g.isFn(x, y) && maskBit(mask, x, y)) g.dark[y * SIZE + x] = 1;
  return g.dark;
});

/**
 * ISO 18004 penalty (N1 runs, N2 blocks, N3 finder-like patterns, N4 balance). N3 slides an
 * 11-module window over each line padded with four light modules at both ends, one shift per module.
 */
function penalty(d: Uint8Array): number {
  let score = 0;
  for (let k = 0; k < 2 * SIZE; k++)
    score += linePenalty(d, k < SIZE ? k * SIZE : k - SIZE, k < SIZE ? 1 : SIZE);
  let dark = 0;
  for (let at = 0; at < SIZE * SIZE; at++) dark += d[at]!;
  for (let y = 0; y < SIZE - 1; y++)
    for (let x = 0, at = y * SIZE; x < SIZE - 1; x++, at++) {
      const c = d[at];
      if (c === d[at + 1] && c === d[at + SIZE] && c === d[at + SIZE + 1]) score += 3;
    }
  const total = SIZE * SIZE;
  const k = Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1;
  return score + Math.max(0, k) * 10;
}

/** N1 and N3 of one row or column. */
function linePenalty(d: Uint8Array, start: number, step: number): number {
  let score = 0;
  let run = 0;
  let color = 2;
  // Four light modules before the line: the window starts empty.
  let window = 0;
  for (let i = 0, at = start; i < SIZE; i++, at += step) {
    const v = d[at]!;
    if (v === color) run++;
    else {
      if (run >= 5) score += run - 2;
      color = v;
      run = 1;
    }
    window = ((window << 1) | v) & 0x7ff;
    if (i >= 6 && (window === 0x5d0 || window === 0x05d)) score += 40;
  }
  if (run >= 5) score += run - 2;
  // Four light modules after the line.
  for (let i = 0; i < 4; i++) {
    window = (window << 1) & 0x7ff;
    if (window === 0x5d0) score += 40;
  }
  return score;
}

/** A square symbol: `size` modules a side, `dark[y * size + x]` is 1 for a dark module. */
export interface BitMatrix {
  size: number;
  dark: Uint8Array;
  /** For rectangular symbols: columns and rows (row-major `dark`). */
  cols?: number;
  rows?: number;
}

/**
 * Encodes text (UTF-8) as a version-4-M QR code.
 * @example encodeQr('PAGOPA|002|301000000000000144|01199250158|15000').size // 33
 */
export function encodeQr(text: string): BitMatrix {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > QR_MAX_BYTES) throw new RangeError(`QR payload too long: ${bytes.length} bytes`);
  const data = codewords(bytes);
  // The data bits in module order; the remainder bits after the last codeword stay light.
  const placed = new Uint8Array(SIZE * SIZE);
  const total = Math.min(data.length * 8, DATA_ORDER.length);
  for (let i = 0; i < total; i++) placed[DATA_ORDER[i]!] = ((data[i >>> 3] ?? 0) >>> (7 - (i & 7))) & 1;
  const trial = new Uint8Array(SIZE * SIZE);
  let best = 0;
  let bestScore = Infinity;
  for (let mask = 0; mask < 8; mask++) {
    const t = TEMPLATES[mask]!;
    for (let i = 0; i < SIZE * SIZE; i++) trial[i] = t[i]! ^ placed[i]!;
    const s = penalty(trial);
    if (s < bestScore) {
      bestScore = s;
      best = mask;
    }
  }
  const t = TEMPLATES[best]!;
  for (let i = 0; i < SIZE * SIZE; i++) trial[i] = t[i]! ^ placed[i]!;
  return { size: SIZE, dark: trial };
}
