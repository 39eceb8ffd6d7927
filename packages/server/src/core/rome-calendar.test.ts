import { describe, expect, it } from 'vitest';
import { addDays, romeDate, romeDayEnd, romeDayStart, romeOffsetMinutes } from './rome-calendar.js';

describe('Italian calendar days', () => {
  it('name the Rome day of an instant, across midnight and in both seasons', () => {
    expect(romeDate('2026-11-25T22:59:59Z')).toBe('2026-11-25');
    expect(romeDate('2026-11-25T23:00:00Z')).toBe('2026-11-26');
    expect(romeDate(new Date('2026-07-01T21:59:59Z'))).toBe('2026-07-01');
    expect(romeDate(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });

  it('give every instant the day a fresh formatter gives, minute by minute around midnight and the clock changes', () => {
    const fresh = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' });
    // Midnights of both seasons and the two nights the clocks change (29 March, 25 October 2026),
    // each from two hours before to two hours after, in the order a server meets them and backwards.
    const starts = [
      '2026-03-28T21:00:00Z',
      '2026-03-29T00:00:00Z',
      '2026-07-01T20:00:00Z',
      '2026-10-24T21:00:00Z',
      '2026-10-25T00:00:00Z',
    ];
    for (const start of starts) {
      const minutes = Array.from({ length: 240 }, (_, m) => new Date(Date.parse(start) + m * 60_000 + 7_000));
      for (const instant of [...minutes, ...minutes.reverse()])
        expect(romeDate(instant), instant.toISOString()).toBe(fresh.format(instant));
    }
    expect(romeDate('1890-06-01T23:30:00Z')).toBe(fresh.format(new Date('1890-06-01T23:30:00Z')));
    expect(() => romeDate('not a date')).toThrow(RangeError);
  });

  it('add days across months, years and 29 February', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-07-01', 30)).toBe('2026-07-31');
  });

  it("know Rome's offset: one hour in winter, two in summer", () => {
    expect(romeOffsetMinutes(new Date('2026-11-26T10:00:00Z'))).toBe(60);
    expect(romeOffsetMinutes(new Date('2026-07-01T10:00:00Z'))).toBe(120);
  });

  it('start and end a day at Rome midnight, also on the days the clocks change', () => {
    expect(romeDayStart('2026-11-26')).toBe('2026-11-25T23:00:00.000Z');
    expect(romeDayEnd('2026-11-26')).toBe('2026-11-26T23:00:00.000Z');
    expect(romeDayStart('2026-07-01')).toBe('2026-06-30T22:00:00.000Z');
    // 29 March 2026: 02:00 becomes 03:00, a day of 23 hours; 25 October: one of 25.
    expect(romeDayStart('2026-03-29')).toBe('2026-03-28T23:00:00.000Z');
    expect(romeDayEnd('2026-03-29')).toBe('2026-03-29T22:00:00.000Z');
    expect(romeDayStart('2026-10-25')).toBe('2026-10-24T22:00:00.000Z');
    expect(romeDayEnd('2026-10-25')).toBe('2026-10-25T23:00:00.000Z');
  });
});
