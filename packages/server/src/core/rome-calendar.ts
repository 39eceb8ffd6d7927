/**
 * Italian calendar days. pagoPA's dates (due, validity, the days an export or a search covers) are
 * `YYYY-MM-DD` days in Europe/Rome, while instants are stored in UTC: these turn one into the other.
 */
const ROME = 'Europe/Rome';
const DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: ROME,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const OFFSET = new Intl.DateTimeFormat('en-US', { timeZone: ROME, timeZoneName: 'shortOffset' });

/**
 * Europe/Rome's offset from UTC has been whole hours since 1894 and changes only at whole UTC hours,
 * so every instant of one UTC hour from then on falls on the same Rome day: the last hour's day is
 * kept (formatting costs tens of microseconds, and every citizen's view asks for today).
 */
const WHOLE_HOURS_SINCE = Date.UTC(1894, 0, 1);
const HOUR = 3_600_000;
let lastHour = Number.NaN;
let lastDay = '';

/** `YYYY-MM-DD` of an instant in Europe/Rome. */
export function romeDate(instant: Date | string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const t = date.getTime();
  if (!(t >= WHOLE_HOURS_SINCE)) return DAY.format(date);
  const hour = Math.floor(t / HOUR);
  if (hour !== lastHour) {
    lastDay = DAY.format(date);
    lastHour = hour;
  }
  return lastDay;
}

/** `YYYY-MM-DD` plus some days (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

/** Rome's offset from UTC at an instant, in minutes: 60 in winter, 120 in summer. */
export function romeOffsetMinutes(instant: Date): number {
  const name = OFFSET.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const m = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
}

/** The UTC instant (ISO) when a calendar day starts in Europe/Rome. */
export function romeDayStart(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  // The clocks change at 01:00 UTC, so the offset at UTC midnight is Rome's at its own midnight
  // (22:00 or 23:00 UTC the evening before), also on the days of 23 and 25 hours.
  return new Date(utcMidnight - romeOffsetMinutes(new Date(utcMidnight)) * 60_000).toISOString();
}

/** The UTC instant (ISO) when a calendar day ends in Europe/Rome: the next day's start, excluded. */
export function romeDayEnd(date: string): string {
  return romeDayStart(addDays(date, 1));
}
