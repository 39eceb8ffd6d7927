import { expect } from '@open-wc/testing';
import de from './de.js';
import en from './en.js';
import { it as itCatalog } from './it.js';
import { loadLang, translate } from './index.js';

/** One name for one thing in each language: the labels a citizen meets in the bar and in the forms. */
describe('labels are consistent in each language', () => {
  before(async () => {
    await Promise.all([loadLang('en'), loadLang('de')]);
  });

  it('English says "Register" and "Spontaneous payment", never "Sign up" or "New payment"', () => {
    const all = Object.values(en).join('\n');
    expect(all).not.to.match(/sign up|sign-up|new payment/i);
    for (const k of [
      'portal.register',
      'portal.title.registrati',
      'register.title',
      'register.submit',
      'login.register',
      'practice.register',
    ])
      expect(translate('en', k), k).to.equal('Register');
    for (const k of [
      'portal.spontaneous',
      'portal.title.spontaneo',
      'practice.spontaneous',
      'practices.origin.spontaneous',
    ])
      expect(translate('en', k), k).to.equal('Spontaneous payment');
  });

  it('German says "Registrieren" and "Spontane Zahlung"; Italian keeps the manual\'s labels', () => {
    const all = Object.values(de).join('\n');
    expect(all).not.to.match(/neue zahlung/i);
    for (const k of [
      'portal.register',
      'register.title',
      'register.submit',
      'login.register',
      'practice.register',
    ])
      expect(translate('de', k), k).to.equal('Registrieren');
    for (const k of [
      'portal.spontaneous',
      'portal.title.spontaneo',
      'practice.spontaneous',
      'practices.origin.spontaneous',
    ])
      expect(translate('de', k), k).to.equal('Spontane Zahlung');
    expect(itCatalog).to.be.an('object');
    for (const k of ['portal.register', 'register.submit', 'practice.register'])
      expect(translate('it', k), k).to.equal('Registrati');
    expect(translate('it', 'portal.spontaneous')).to.equal('Inserimento spontaneo');
  });
});
