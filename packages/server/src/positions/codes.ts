/**
 * IUV and NAV of payment options: checks codes the entity gives against its scheme (aux digit,
 * segregation/application code), and turns numbers of the per-entity counter (reserved in the
 * database by `reserveIuvNumbers`, so several server processes never hand out the same number) into
 * new ones.
 */
import {
  buildNav,
  type FieldError,
  iuvBaseLength,
  iuvToNav,
  type Lang,
  type NavScheme,
  parseNav,
} from '@pagatore/sdk';
import { fieldMessage } from '../core/messages.js';

/** Checks the IUV and/or NAV an option came with; returns both, or the field errors. */
export function givenCodes(
  scheme: NavScheme,
  given: { iuv?: string | undefined; nav?: string | undefined },
  path: string,
  lang: Lang,
): { iuv: string; nav: string } | { errors: FieldError[] } | null {
  if (given.nav === undefined && given.iuv === undefined) return null;
  const fail = (field: 'nav' | 'iuv'): { errors: FieldError[] } => {
    const code = field === 'nav' ? 'invalid_nav' : 'invalid_iuv';
    return { errors: [{ path: `${path}.${field}`, code, message: fieldMessage(code, lang) }] };
  };
  let nav: string;
  if (given.nav !== undefined) {
    const parsed = parseNav(given.nav);
    if (!parsed.ok) return fail('nav');
    // The NAV must be one this entity can issue: same aux digit and code.
    try {
      if (iuvToNav(parsed.value.iuv, scheme) !== parsed.value.nav) return fail('nav');
    } catch {
      return fail('nav');
    }
    nav = parsed.value.nav;
    if (given.iuv !== undefined && given.iuv !== parsed.value.iuv) return fail('iuv');
    return { iuv: parsed.value.iuv, nav };
  }
  try {
    nav = iuvToNav(given.iuv ?? '', scheme);
  } catch {
    return fail('iuv');
  }
  return { iuv: given.iuv ?? '', nav };
}

/** IUV and NAV for the n-th number of an entity's counter. */
export function codesFor(scheme: NavScheme, n: number): { iuv: string; nav: string } {
  const len = iuvBaseLength(scheme.auxDigit);
  const base = String(n).padStart(len, '0');
  if (base.length > len) throw new RangeError('IUV counter exhausted');
  return buildNav(scheme, base);
}
