/**
 * pagoPA taxonomy codes (transferCategory): `<entity type 2n><macro area 2n><service type 3n><legal
 * reason IM|TS|SP|SA|AP>`, written on transfers as `9/<code>/` (FACTS.md §6).
 */

const TAXONOMY = /^[0-9]{7}(IM|TS|SP|SA|AP)$/;

/** Strips the `9/…/` wrapper and upper-cases. */
export function normalizeTaxonomy(input: string): string {
  const s = input.trim().toUpperCase();
  const m = /^9\/(.+)\/$/.exec(s);
  return m ? (m[1] ?? '') : s;
}

/**
 * True for a taxonomy code with or without its `9/…/` wrapper.
 * @example isValidTaxonomy('9/0101002IM/') // true
 */
export function isValidTaxonomy(input: string): boolean {
  return TAXONOMY.test(normalizeTaxonomy(input));
}

/** The form transfers carry: `9/0101002IM/`. */
export function formatTaxonomy(code: string): string {
  return `9/${normalizeTaxonomy(code)}/`;
}
