import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildNav,
  formatNav,
  isValidIuv,
  iuvToNav,
  navCheckDigits,
  navToIuv,
  parseNav,
} from '../src/codes/nav.js';

describe('NAV and IUV (FACTS.md §1)', () => {
  it.each([
    [{ auxDigit: 0, code: '01' } as const, '0000000000001', '001000000000000141', '000000000000141'],
    [{ auxDigit: 0, code: '12' } as const, '3456789012345', '012345678901234542', '345678901234542'],
    [{ auxDigit: 2 } as const, '000000000000001', '200000000000000103', '00000000000000103'],
    [{ auxDigit: 2 } as const, '012345678901200', '201234567890120074', '01234567890120074'],
    [{ auxDigit: 3, code: '01' } as const, '0000000000001', '301000000000000144', '01000000000000144'],
    [{ auxDigit: 3, code: '47' } as const, '1234567890123', '347123456789012389', '47123456789012389'],
    [{ auxDigit: 1 } as const, '12345678901234567', '112345678901234567', '12345678901234567'],
  ])('builds %j base %s → NAV %s, IUV %s', (scheme, base, nav, iuv) => {
    expect(buildNav(scheme, base)).toEqual({ nav, iuv });
    expect(navToIuv(nav)).toBe(iuv);
    expect(iuvToNav(iuv, scheme)).toBe(nav);
    expect(parseNav(nav)).toMatchObject({ ok: true, value: { nav, iuv, auxDigit: scheme.auxDigit } });
  });

  it('accepts the published Poste vector 300715700000000032', () => {
    expect(parseNav('300715700000000032').ok).toBe(true);
  });

  it.each(['302012387654312384', '302012387654312385', '311111111112222222', '244012345678901200'])(
    'rejects pagoPA example %s (wrong mod-93 digits, FACTS trap 3)',
    (nav) => {
      expect(parseNav(nav)).toEqual({ ok: false, problem: 'checksum' });
    },
  );

  it('reads a NAV printed in groups of four and prints it back', () => {
    expect(parseNav('3010 0000 0000 0001 44').ok).toBe(true);
    expect(formatNav('301000000000000144')).toBe('3010 0000 0000 0001 44');
  });

  it.each([
    ['', 'empty'],
    ['30100000000000014', 'length'],
    ['3010000000000001440', 'length'],
    ['30100000000000014A', 'format'],
    ['401000000000000144', 'aux'],
  ])('rejects %j as %s', (nav, problem) => {
    expect(parseNav(nav)).toEqual({ ok: false, problem });
  });

  it('refuses an IUV of another segregation code', () => {
    expect(isValidIuv('01000000000000144', { auxDigit: 3, code: '01' })).toBe(true);
    expect(isValidIuv('01000000000000144', { auxDigit: 3, code: '02' })).toBe(false);
    expect(isValidIuv('01000000000000145', { auxDigit: 3, code: '01' })).toBe(false);
  });

  it('check digits are the first 16 digits mod 93, zero padded', () => {
    expect(navCheckDigits('2000000000000001')).toBe('03');
    expect(() => navCheckDigits('123')).toThrow(RangeError);
  });

  const twoDigits = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
  const digits = (n: number) =>
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

  it('property: every scheme round-trips base → NAV → IUV → NAV and only valid NAVs come out', () => {
    const scheme = fc.oneof(
      twoDigits.map((code) => ({ auxDigit: 0 as const, code })),
      fc.constant({ auxDigit: 1 as const }),
      fc.constant({ auxDigit: 2 as const }),
      twoDigits.map((code) => ({ auxDigit: 3 as const, code })),
    );
    fc.assert(
      fc.property(scheme, digits(17), (s, d) => {
        const base = d.slice(0, s.auxDigit === 1 ? 17 : s.auxDigit === 2 ? 15 : 13);
        const { nav, iuv } = buildNav(s, base);
        expect(nav).toMatch(/^[0-9]{18}$/);
        const parsed = parseNav(nav);
        expect(parsed.ok).toBe(true);
        expect(navToIuv(nav)).toBe(iuv);
        expect(iuvToNav(iuv, s)).toBe(nav);
      }),
    );
  });

  it('property: changing one digit of the checked part is caught', () => {
    fc.assert(
      fc.property(
        twoDigits,
        digits(13),
        fc.integer({ min: 1, max: 17 }),
        fc.integer({ min: 1, max: 9 }),
        (code, base, pos, delta) => {
          const { nav } = buildNav({ auxDigit: 3, code }, base);
          const d = (Number(nav[pos]) + delta) % 10;
          const broken = nav.slice(0, pos) + d + nav.slice(pos + 1);
          expect(parseNav(broken).ok).toBe(false);
        },
      ),
    );
  });
});
