/**
 * The English and German catalogs as the bundle ships them (their strings in the Italian keys'
 * order, `packedCatalog` in rollup.config.mjs) give back, once `unpackCatalog` restores the keys
 * in the browser, exactly the catalogs of the sources: no string shifted to another key.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the Rollup config is plain JavaScript without types.
import { packedCatalog } from '../rollup.config.mjs';
import de from '../src/locales/de.js';
import en from '../src/locales/en.js';
import { it as italian } from '../src/locales/it.js';
import { unpackCatalog } from '../src/locales/packed.js';

const locales = resolve(dirname(fileURLToPath(import.meta.url)), '../src/locales');

describe('catalogs shipped as strings only', () => {
  for (const [lang, catalog] of [
    ['en', en],
    ['de', de],
  ] as const) {
    it(`${lang}: unpacked with the Italian keys, it is the source catalog`, async () => {
      const packed = (await packedCatalog(resolve(locales, `${lang}.ts`))) as string[];
      expect(packed.every((s) => typeof s === 'string')).toBe(true);
      expect(packed).toHaveLength(Object.keys(italian).length);
      const unpacked = unpackCatalog(packed, Object.keys(italian));
      expect(unpacked).toEqual(catalog);
      expect(Object.keys(unpacked)).toEqual(Object.keys(italian));
    });
  }

  it('a catalog from the sources (an object) is used as it is', () => {
    expect(unpackCatalog(en, Object.keys(italian))).toBe(en);
  });
});
