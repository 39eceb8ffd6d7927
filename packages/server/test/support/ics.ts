/**
 * An `.ics` text read back with ical.js, a reader independent of the library that writes it: the
 * calendar's product and name, and each event's fields and first alarm as plain strings, for the
 * tests of the downloaded "Aggiungi al calendario" file and of the subscribed feed.
 */
import ICAL from 'ical.js';

export interface IcsEvent {
  uid: string;
  /** `YYYY-MM-DD` for an all-day event. */
  start: string;
  allDay: boolean;
  summary: string;
  description: string;
  url: string | null;
  /** Whether it has a DTSTAMP (RFC 5545 requires one). */
  stamp: boolean;
  action: string;
  /** e.g. `-P3D`. */
  trigger: string;
  alarm: string;
}

export interface IcsCalendar {
  prodid: string;
  name: string;
  events: IcsEvent[];
}

/**
 * Parses an iCalendar 2.0 text; throws when it is not one.
 * @example parseIcs(await res.text()).events[0]?.summary // 'Scadenza rata 2: Oneri'
 */
export function parseIcs(ics: string): IcsCalendar {
  const cal = new ICAL.Component(ICAL.parse(ics));
  if (cal.name !== 'vcalendar') throw new Error(`not a VCALENDAR: ${cal.name}`);
  const version = String(cal.getFirstPropertyValue('version'));
  if (version !== '2.0') throw new Error(`iCalendar version ${version}`);
  const text = (c: ICAL.Component | null, name: string): string => String(c?.getFirstPropertyValue(name));
  return {
    prodid: text(cal, 'prodid'),
    name: text(cal, 'x-wr-calname'),
    events: cal.getAllSubcomponents('vevent').map((e) => {
      const start = e.getFirstPropertyValue('dtstart') as ICAL.Time;
      const alarm = e.getFirstSubcomponent('valarm');
      return {
        uid: text(e, 'uid'),
        start: start.toString(),
        allDay: start.isDate,
        summary: text(e, 'summary'),
        description: text(e, 'description'),
        url: e.getFirstPropertyValue('url') === null ? null : text(e, 'url'),
        stamp: e.getFirstPropertyValue('dtstamp') !== null,
        action: text(alarm, 'action'),
        trigger: text(alarm, 'trigger'),
        alarm: text(alarm, 'description'),
      };
    }),
  };
}
