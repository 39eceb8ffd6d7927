import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import { FontFace } from './fonts.js';

const require = createRequire(import.meta.url);
const FILES = [
  '@expo-google-fonts/titillium-web/400Regular/TitilliumWeb_400Regular.ttf',
  '@expo-google-fonts/titillium-web/700Bold/TitilliumWeb_700Bold.ttf',
  '@expo-google-fonts/roboto-mono/400Regular/RobotoMono_400Regular.ttf',
  '@expo-google-fonts/roboto-mono/700Bold/RobotoMono_700Bold.ttf',
];

interface Reference {
  postscriptName: string;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  capHeight: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  numGlyphs: number;
  hasGlyphForCodePoint(cp: number): boolean;
  glyphForCodePoint(cp: number): { id: number; advanceWidth: number };
  getGlyph(gid: number): { advanceWidth: number };
}

// The notice reads its fonts' tables itself; fontkit (what PDF libraries read fonts with) is the
// reference for every value it takes from them.
describe.each(FILES)('font tables of %s, as fontkit reads them', (file) => {
  const bytes = new Uint8Array(readFileSync(require.resolve(file)));
  const ours = new FontFace(bytes);
  const ref = fontkit.create(Buffer.from(bytes)) as unknown as Reference;

  it('has the same name and metrics', () => {
    expect(ours.postscriptName).toBe(ref.postscriptName.replace(/[^A-Za-z0-9-]/g, ''));
    expect([ours.unitsPerEm, ours.ascent, ours.descent, ours.capHeight]).toEqual([
      ref.unitsPerEm,
      ref.ascent,
      ref.descent,
      ref.capHeight,
    ]);
    expect(ours.bbox).toEqual([ref.bbox.minX, ref.bbox.minY, ref.bbox.maxX, ref.bbox.maxY]);
  });

  it('maps every code point to the same glyph and advance, U+FFFD or "?" when missing', () => {
    const fallback = ref.hasGlyphForCodePoint(0xfffd) ? 0xfffd : 0x3f;
    const mismatches: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp += cp < 0x30000 ? 1 : 0x101) {
      if (cp >= 0xd800 && cp < 0xe000) continue;
      const has = ref.hasGlyphForCodePoint(cp);
      const g = ref.glyphForCodePoint(has ? cp : fallback);
      const mine = ours.glyph(cp);
      if (ours.has(cp) !== has || mine.gid !== g.id || mine.width !== g.advanceWidth)
        mismatches.push(`U+${cp.toString(16)}`);
      if (mismatches.length > 5) break;
    }
    expect(mismatches).toEqual([]);
  });

  it('gives every glyph its hmtx advance', () => {
    for (let gid = 0; gid < ref.numGlyphs; gid++)
      expect(ours.advance(gid), `glyph ${gid}`).toBe(ref.getGlyph(gid).advanceWidth);
  });
});
