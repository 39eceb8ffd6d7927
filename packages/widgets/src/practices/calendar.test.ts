import { expect } from '@open-wc/testing';
import ICAL from 'ical.js';
import { practice, splitPractice } from '../../test/practices.js';
import { practiceCalendar } from './calendar.js';

const texts = {
  title: (name: string, n: number) => (n > 0 ? `Rata ${n}: ${name}` : `Scadenza: ${name}`),
  body: (amount: string, nav: string, url: string) =>
    `Importo: ${amount}\nCodice Avviso: ${nav}\nPaga su: ${url}`,
  alarm: (name: string) => `Tra 3 giorni: ${name}`,
};
const URL_ = 'https://www.comune.example.it/pagamenti.html#paga=abcdefghijklmnopqrstuvwxyz234567';

function events(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  expect(cal.name).to.equal('vcalendar');
  expect(cal.getFirstPropertyValue('version')).to.equal('2.0');
  expect(String(cal.getFirstPropertyValue('prodid'))).to.contain('Pagatore');
  return cal.getAllSubcomponents('vevent');
}

describe('practiceCalendar (.ics)', () => {
  it('one all-day event per option still to pay, an alarm 3 days before, the pay link in the description', () => {
    const text = practiceCalendar(splitPractice('5'), URL_, texts, 'it');
    expect(text).to.match(/^BEGIN:VCALENDAR\r\n/);
    const list = events(text);
    // The single payment is closed and installment 1 is paid: installments 2 and 3 remain.
    expect(list).to.have.length(2);
    const [second, third] = list;
    const start = second!.getFirstPropertyValue('dtstart') as ICAL.Time;
    expect(start.isDate).to.equal(true);
    expect(start.toString()).to.equal('2027-04-30');
    expect((third!.getFirstPropertyValue('dtstart') as ICAL.Time).toString()).to.equal('2027-07-31');
    expect(second!.getFirstPropertyValue('summary')).to.equal('Rata 2: Oneri di urbanizzazione');
    const description = String(second!.getFirstPropertyValue('description'));
    expect(description).to.contain('3.000,00 €');
    expect(description).to.contain('301900000000000786');
    expect(description).to.contain(URL_);
    expect(String(second!.getFirstPropertyValue('uid'))).to.contain('301900000000000786');
    const alarm = second!.getFirstSubcomponent('valarm');
    expect(alarm?.getFirstPropertyValue('action')).to.equal('DISPLAY');
    expect(String(alarm?.getFirstPropertyValue('trigger'))).to.equal('-P3D');
    expect(second!.getFirstPropertyValue('dtstamp')).to.not.equal(null);
  });

  it('a single payment gives one event; a paid practice gives none', () => {
    expect(events(practiceCalendar(practice('1'), URL_, texts, 'en'))).to.have.length(1);
    const paid = practice('2', {
      status: 'paid',
      single: { ...practice('2').single!, status: 'paid' },
    });
    expect(events(practiceCalendar(paid, URL_, texts, 'it'))).to.have.length(0);
  });
});
