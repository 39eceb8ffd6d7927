/**
 * A small SVG reader for flat vector artwork: the pagoPA logo, the guide's pictograms and simple
 * entity crests. pdf-lib cannot embed SVG (TOOLCHAIN G10), so the shapes are turned into PDF path
 * operators once and replayed on every notice. Only what flat logos use is supported (path, rect,
 * circle, ellipse, polygon; solid fill/stroke; even-odd); anything else (transforms, gradients,
 * text, images, arcs) makes `parseSvg` return undefined and the caller falls back to no logo.
 */

export type Rgb = readonly [number, number, number];

/** One filled and/or stroked shape, as PDF path operators in the SVG's user units. */
export interface SvgShape {
  ops: string;
  fill: Rgb | null;
  stroke: Rgb | null;
  strokeWidth: number;
  evenOdd: boolean;
}

/** Parsed artwork: its viewBox and shapes. */
export interface SvgArt {
  minX: number;
  minY: number;
  width: number;
  height: number;
  shapes: SvgShape[];
}

const NAMED: Record<string, Rgb> = { black: [0, 0, 0], white: [1, 1, 1] };

function parseColor(value: string | undefined, inherited: Rgb | null): Rgb | null | undefined {
  if (value === undefined) return inherited;
  const v = value.trim().toLowerCase();
  if (v === 'none' || v === 'transparent') return null;
  if (NAMED[v]) return NAMED[v];
  let m = /^#([0-9a-f]{6})$/.exec(v);
  if (m) {
    const n = parseInt(m[1]!, 16);
    return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
  }
  m = /^#([0-9a-f]{3})$/.exec(v);
  if (m) {
    const [r, g, b] = [...m[1]!].map((c) => parseInt(c + c, 16) / 255);
    return [r!, g!, b!];
  }
  return undefined;
}

const n = (x: number) => (Math.round(x * 1000) / 1000).toString();

/** SVG path data → PDF path operators (absolute and relative M L H V C S Q T Z). */
export function pathToOps(d: string): string | undefined {
  const tokens = d.match(/[a-zA-Z]|-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/g) ?? [];
  let i = 0;
  let cmd = '';
  let x = 0;
  let y = 0;
  let sx = 0;
  let sy = 0;
  let cx = 0;
  let cy = 0;
  let out = '';
  const num = () => Number(tokens[i++]);
  while (i < tokens.length) {
    if (/[a-zA-Z]/.test(tokens[i]!)) cmd = tokens[i++]!;
    const rel = cmd === cmd.toLowerCase();
    const ox = rel ? x : 0;
    const oy = rel ? y : 0;
    switch (cmd.toUpperCase()) {
      case 'M':
        x = ox + num();
        y = oy + num();
        sx = x;
        sy = y;
        out += `${n(x)} ${n(y)} m\n`;
        cmd = rel ? 'l' : 'L';
        cx = x;
        cy = y;
        break;
      case 'L':
        x = ox + num();
        y = oy + num();
        out += `${n(x)} ${n(y)} l\n`;
        cx = x;
        cy = y;
        break;
      case 'H':
        x = (rel ? x : 0) + num();
        out += `${n(x)} ${n(y)} l\n`;
        cx = x;
        cy = y;
        break;
      case 'V':
        y = (rel ? y : 0) + num();
        out += `${n(x)} ${n(y)} l\n`;
        cx = x;
        cy = y;
        break;
      case 'C': {
        const x1 = ox + num();
        const y1 = oy + num();
        const x2 = ox + num();
        const y2 = oy + num();
        x = ox + num();
        y = oy + num();
        out += `${n(x1)} ${n(y1)} ${n(x2)} ${n(y2)} ${n(x)} ${n(y)} c\n`;
        cx = x2;
        cy = y2;
        break;
      }
      case 'S': {
        const x1 = 2 * x - cx;
        const y1 = 2 * y - cy;
        const x2 = ox + num();
        const y2 = oy + num();
        x = ox + num();
        y = oy + num();
        out += `${n(x1)} ${n(y1)} ${n(x2)} ${n(y2)} ${n(x)} ${n(y)} c\n`;
        cx = x2;
        cy = y2;
        break;
      }
      case 'Q':
      case 'T': {
        let qx: number;
        let qy: number;
        if (cmd.toUpperCase() === 'Q') {
          qx = ox + num();
          qy = oy + num();
        } else {
          qx = 2 * x - cx;
          qy = 2 * y - cy;
        }
        const ex = ox + num();
        const ey = oy + num();
        out += `${n(x + (2 / 3) * (qx - x))} ${n(y + (2 / 3) * (qy - y))} ${n(ex + (2 / 3) * (qx - ex))} ${n(ey + (2 / 3) * (qy - ey))} ${n(ex)} ${n(ey)} c\n`;
        x = ex;
        y = ey;
        cx = qx;
        cy = qy;
        break;
      }
      case 'Z':
        out += 'h\n';
        x = sx;
        y = sy;
        cx = x;
        cy = y;
        break;
      default:
        return undefined;
    }
    if (Number.isNaN(x) || Number.isNaN(y)) return undefined;
  }
  return out;
}

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z:-]+)\s*=\s*"([^"]*)"/g)) out[m[1]!] = m[2]!;
  const style = out.style;
  if (style)
    for (const part of style.split(';')) {
      const [k, v] = part.split(':').map((s) => s.trim());
      if (k && v) out[k] = v;
    }
  return out;
}

function ellipseOps(cx: number, cy: number, rx: number, ry: number): string {
  const k = 0.5523;
  return (
    `${n(cx + rx)} ${n(cy)} m\n` +
    `${n(cx + rx)} ${n(cy + k * ry)} ${n(cx + k * rx)} ${n(cy + ry)} ${n(cx)} ${n(cy + ry)} c\n` +
    `${n(cx - k * rx)} ${n(cy + ry)} ${n(cx - rx)} ${n(cy + k * ry)} ${n(cx - rx)} ${n(cy)} c\n` +
    `${n(cx - rx)} ${n(cy - k * ry)} ${n(cx - k * rx)} ${n(cy - ry)} ${n(cx)} ${n(cy - ry)} c\n` +
    `${n(cx + k * rx)} ${n(cy - ry)} ${n(cx + rx)} ${n(cy - k * ry)} ${n(cx + rx)} ${n(cy)} c\nh\n`
  );
}

/**
 * Parses flat SVG artwork, or undefined when it uses something this reader does not draw.
 * @example parseSvg(readFileSync('logo.svg', 'utf8'))?.shapes.length
 */
export function parseSvg(svg: string): SvgArt | undefined {
  if (
    /<(image|text|use|linearGradient|radialGradient|pattern|filter|clipPath|mask)\b|transform\s*=/i.test(svg)
  )
    return undefined;
  const root = /<svg\b[^>]*>/i.exec(svg);
  if (!root) return undefined;
  const ra = attrs(root[0]);
  let box = (ra.viewBox ?? '').split(/[\s,]+/).map(Number);
  if (box.length !== 4 || box.some((v) => !Number.isFinite(v))) {
    const w = parseFloat(ra.width ?? '');
    const h = parseFloat(ra.height ?? '');
    if (!(w > 0 && h > 0)) return undefined;
    box = [0, 0, w, h];
  }
  const rootFill = parseColor(ra.fill, [0, 0, 0]);
  const shapes: SvgShape[] = [];
  for (const m of svg.matchAll(/<(path|rect|circle|ellipse|polygon|polyline|line)\b[^>]*>/gi)) {
    const a = attrs(m[0]);
    const kind = m[1]!.toLowerCase();
    let ops: string | undefined;
    const num = (k: string) => parseFloat(a[k] ?? '0') || 0;
    if (kind === 'path') ops = pathToOps(a.d ?? '');
    else if (kind === 'rect')
      ops = `${n(num('x'))} ${n(num('y'))} ${n(num('width'))} ${n(num('height'))} re\n`;
    else if (kind === 'circle') ops = ellipseOps(num('cx'), num('cy'), num('r'), num('r'));
    else if (kind === 'ellipse') ops = ellipseOps(num('cx'), num('cy'), num('rx'), num('ry'));
    else if (kind === 'line') ops = `${n(num('x1'))} ${n(num('y1'))} m\n${n(num('x2'))} ${n(num('y2'))} l\n`;
    else {
      const pts = (a.points ?? '')
        .trim()
        .split(/[\s,]+/)
        .map(Number);
      if (pts.length < 4 || pts.some((v) => !Number.isFinite(v))) return undefined;
      ops = '';
      for (let k = 0; k + 1 < pts.length; k += 2) ops += `${n(pts[k]!)} ${n(pts[k + 1]!)} ${k ? 'l' : 'm'}\n`;
      if (kind === 'polygon') ops += 'h\n';
    }
    if (ops === undefined) return undefined;
    const fill =
      kind === 'line' || kind === 'polyline'
        ? parseColor(a.fill, null)
        : parseColor(a.fill, rootFill ?? null);
    const stroke = parseColor(a.stroke, null);
    if (fill === undefined || stroke === undefined) return undefined;
    if (a.opacity !== undefined || a['fill-opacity'] !== undefined) return undefined;
    shapes.push({
      ops,
      fill,
      stroke,
      strokeWidth: parseFloat(a['stroke-width'] ?? '1') || 1,
      evenOdd: a['fill-rule'] === 'evenodd',
    });
  }
  if (!shapes.length) return undefined;
  return { minX: box[0]!, minY: box[1]!, width: box[2]!, height: box[3]!, shapes };
}
