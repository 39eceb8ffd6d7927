/** What the money pages share: Rome days, euro amounts, the range form, saving a downloaded file. */
import { formatEuro } from '@pagatore/sdk';
import { html } from 'lit';
import { type ConsoleLang, t } from './i18n.js';

const ROME_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today in Europe/Rome, `YYYY-MM-DD`. */
export function romeToday(now: Date = new Date()): string {
  return ROME_DAY.format(now);
}

/** A `YYYY-MM-DD` day plus some days. */
export function plusDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function euro(lang: ConsoleLang, cents: number): string {
  return formatEuro(cents, lang);
}

/** Saves a blob the console client fetched, under its name. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** The file name a response's Content-Disposition gives, or the fallback. */
export function fileNameOf(res: Response, fallback: string): string {
  const m = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '');
  return m?.[1] ?? fallback;
}

/** The "from / to / Show" form of a range of days; `onShow` gets the days chosen. */
export function rangeForm(
  lang: ConsoleLang,
  range: { from: string; to: string },
  onShow: (r: { from: string; to: string }) => void,
) {
  const submit = (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    onShow({ from: String(f.get('from')), to: String(f.get('to')) });
  };
  return html`<form class="row" @submit=${submit} aria-label=${t(lang, 'money.range')}>
    <div class="field">
      <label for="from">${t(lang, 'money.from')}</label>
      <input id="from" name="from" type="date" required .value=${range.from} />
    </div>
    <div class="field">
      <label for="to">${t(lang, 'money.to')}</label>
      <input id="to" name="to" type="date" required .value=${range.to} />
    </div>
    <div><button class="btn" type="submit">${t(lang, 'money.show')}</button></div>
  </form>`;
}
