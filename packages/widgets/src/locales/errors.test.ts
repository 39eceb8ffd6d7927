import { expect } from '@open-wc/testing';
import { ERROR_CODES, FIELD_CODES, PagatoreError, Transport } from '@pagatore/sdk';
import { errorMessage, loadLang, registerMessages } from './index.js';

/** The error codes the widgets say in their own words: those a browser meets without the server's. */
const OWN = [
  'bad_request',
  'not_found',
  'conflict',
  'invalid_state',
  'spontaneous_disabled',
  'internal',
  'unavailable',
];

/** The field codes only the server gives (staff data, the search's notice code, a privacy text replaced meanwhile). */
const SERVERS = [
  'too_many',
  'too_few',
  'invalid_entity_code',
  'invalid_nav',
  'invalid_nav_check',
  'invalid_iuv',
  'invalid_iban',
  'invalid_taxonomy',
  'invalid_url',
  'https_required',
  'private_address',
  'invalid_origin',
  'mismatch',
  'privacy_outdated',
];

/** The SDK gives codes; the widgets' catalogs or the server's error body hold what a citizen reads for each. */
describe('error and field codes in the widgets’ words', () => {
  before(async () => {
    await Promise.all([loadLang('en'), loadLang('de')]);
  });

  it('every field code the forms check, and every error code a browser meets without the server’s words, has its own text in it, en and de', () => {
    const codes = [...OWN, ...FIELD_CODES.filter((c) => !SERVERS.includes(c))];
    for (const lang of ['it', 'en', 'de'] as const) {
      const texts = codes.map((code) => errorMessage(lang, code, 'the server says'));
      for (const [i, text] of texts.entries()) {
        expect(text, `${lang} ${codes[i]}`).not.to.match(/^(apiError|fieldCode)\./);
        expect(text, `${lang} ${codes[i]}`).not.to.equal('the server says');
        expect(text.length, `${lang} ${codes[i]}`).to.be.greaterThan(5);
      }
    }
    // Languages differ: no catalog answers another's words.
    expect(errorMessage('en', 'unavailable')).not.to.equal(errorMessage('it', 'unavailable'));
    expect(errorMessage('de', 'required')).not.to.equal(errorMessage('en', 'required'));
  });

  it('the other error and field codes read as the server said them, after an embedder’s own words', () => {
    const others = Object.keys(ERROR_CODES).filter((c) => !OWN.includes(c));
    expect(others).to.include.members([
      'cart_full',
      'payment_in_progress',
      'paylink_expired',
      'rate_limited',
    ]);
    for (const code of others) {
      expect(errorMessage('de', code, `Der Server: ${code}`), code).to.equal(`Der Server: ${code}`);
      // No message (an embedder's own call): a failed operation, in the language asked for.
      expect(errorMessage('de', code), code).to.equal('Der Vorgang ist nicht gelungen.');
      expect(errorMessage('it', code), code).to.equal('L’operazione non è riuscita.');
    }
    for (const code of SERVERS) {
      expect(FIELD_CODES, code).to.include(code);
      expect(errorMessage('en', code, `The server: ${code}`), code).to.equal(`The server: ${code}`);
      expect(errorMessage('en', code), code).to.equal(errorMessage('en', 'invalid_format'));
    }
    registerMessages({ en: { 'apiError.cart_full': 'Your basket is full.' } });
    expect(errorMessage('en', 'cart_full', 'The cart already holds 25 practices')).to.equal(
      'Your basket is full.',
    );
    expect(errorMessage('de', 'cart_full', 'Der Warenkorb ist voll.')).to.equal('Der Warenkorb ist voll.');
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
