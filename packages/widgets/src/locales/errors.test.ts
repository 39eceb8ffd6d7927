import { expect } from '@open-wc/testing';
import { ERROR_CODES, FIELD_CODES, PagatoreError, Transport } from '@pagatore/sdk';
import { errorMessage, loadLang } from './index.js';

/** The SDK gives codes; the widgets' catalogs hold what a citizen reads for each, in every language. */
describe('error and field codes in the widgets’ words', () => {
  before(async () => {
    await Promise.all([loadLang('en'), loadLang('de')]);
  });

  it('every error code and field code of the contract has its own text in it, en and de', () => {
    const codes = [...Object.keys(ERROR_CODES), ...FIELD_CODES];
    for (const lang of ['it', 'en', 'de'] as const) {
      const texts = codes.map((code) => errorMessage(lang, code));
      for (const [i, text] of texts.entries()) {
        expect(text, `${lang} ${codes[i]}`).not.to.match(/^(apiError|fieldCode)\./);
        expect(text.length, `${lang} ${codes[i]}`).to.be.greaterThan(5);
      }
    }
    expect(errorMessage('it', 'cart_full')).to.match(/5 pratiche/);
    expect(errorMessage('en', 'cart_full')).to.match(/5 practices/);
    expect(errorMessage('de', 'cart_full')).to.match(/5 Zahlungspositionen/);
    // Languages differ: no catalog answers another's words.
    expect(errorMessage('en', 'unavailable')).not.to.equal(errorMessage('it', 'unavailable'));
    expect(errorMessage('de', 'required')).not.to.equal(errorMessage('en', 'required'));
  });

  it('an unknown code reads as a format problem', () => {
    expect(errorMessage('it', 'no_such_code')).to.equal(errorMessage('it', 'invalid_format'));
  });

  it('a network failure reaches the widgets as a code; the words are the catalog’s, not the SDK’s', async () => {
    const t = new Transport({
      baseUrl: 'http://127.0.0.1:9',
      lang: () => 'de',
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    const err = await t.call({ method: 'GET', path: '/api/v1/health', produces: 'json' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(PagatoreError);
    expect((err as PagatoreError).code).to.equal('unavailable');
    expect((err as PagatoreError).message).not.to.contain(errorMessage('de', 'unavailable'));
    expect(errorMessage('de', 'unavailable')).to.equal('Dienst vorübergehend nicht verfügbar.');
  });
});
