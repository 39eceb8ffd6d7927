/**
 * English and German as the all-in-one bundle ships them: only their strings, in the order of the
 * Italian catalog's keys, since every key is already in `pagatore.js` with the Italian strings
 * (`packCatalogs` in rollup.config.mjs writes them; the keys are a third of a catalog's bytes).
 * From the sources (tests, the library build) a catalog is still the object itself.
 */
export type ShippedCatalog = Record<string, string> | readonly string[];

/**
 * A catalog as `translate` reads it: the object, or the strings given back their keys.
 * @example unpackCatalog(['Back', 'Continue'], ['accounts.back', 'accounts.continue'])
 */
export function unpackCatalog(shipped: ShippedCatalog, keys: readonly string[]): Record<string, string> {
  if (!Array.isArray(shipped)) return shipped as Record<string, string>;
  const out: Record<string, string> = {};
  keys.forEach((k, i) => {
    const s = shipped[i];
    if (typeof s === 'string') out[k] = s;
  });
  return out;
}
