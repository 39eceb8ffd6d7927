import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { sendKeys } from '@web/test-runner-commands';
import { expectAccessible, deepActiveElement } from '../../test/a11y.js';
import { errorMessage, loadLang, translate } from '../locales/index.js';
import {
  formatCodiceAvviso,
  parseCodiceAvviso,
  validateCodiceAvviso,
} from './codice-avviso/codice-avviso.js';
import { formatCodiceFiscale, validateCodiceFiscale } from './codice-fiscale/codice-fiscale.js';
import { renderField } from './field.js';
import { fieldProblems } from './problems.js';
import { formatImporto, parseImporto, validateImporto } from './importo/importo.js';
import { controls, tokens } from '../styles/tokens.js';

describe('fields: parse, format, validate', () => {
  it('codice fiscale', () => {
    expect(formatCodiceFiscale(' rssmra85t10a562s')).to.equal('RSSMRA85T10A562S');
    expect(validateCodiceFiscale('RSSMRA85T10A562S')).to.equal(null);
    expect(validateCodiceFiscale('RSSMRA85T10A562T')).to.equal('field.codiceFiscale.checksum');
    expect(validateCodiceFiscale('RSS')).to.equal('field.codiceFiscale.length');
    expect(validateCodiceFiscale('')).to.equal('field.codiceFiscale.empty');
  });

  it('codice avviso keeps partial input and formats groups of four', () => {
    expect(parseCodiceAvviso('3010 0000 0000 0001 44')).to.equal('301000000000000144');
    expect(formatCodiceAvviso('301000000000000144')).to.equal('3010 0000 0000 0001 44');
    expect(formatCodiceAvviso('30a1')).to.equal('30a1');
    expect(validateCodiceAvviso('301000000000000145')).to.equal('field.codiceAvviso.checksum');
    expect(validateCodiceAvviso('3010')).to.equal('field.codiceAvviso.length');
  });

  it("the API's field code for 18 digits with wrong check digits reads as the server says it", async () => {
    await Promise.all([loadLang('en'), loadLang('de')]);
    const said =
      'Ungültiger Zahlungshinweiscode: Die letzten zwei Ziffern (Prüfziffern) passen nicht zu den übrigen.';
    const problems = fieldProblems([{ path: 'nav', code: 'invalid_nav_check', message: said }], {
      t: (k, p) => translate('de', k, p),
      error: (c, m) => errorMessage('de', c, m),
    });
    expect(problems).to.deep.equal({ nav: said });
  });

  it('importo in cents with bounds', () => {
    expect(parseImporto('1.234,56')).to.equal(123456);
    expect(parseImporto('1,2,3')).to.equal(null);
    expect(formatImporto('1234.5')).to.equal('1.234,50');
    expect(formatImporto('1234.5', 'en')).to.equal('1,234.50');
    expect(validateImporto('12,345')).to.deep.equal({ key: 'field.importo.precision' });
    expect(validateImporto('5', { min: 1000 })).to.deep.equal({
      key: 'field.importo.min',
      params: { min: '10,00 €' },
    });
    expect(translate('it', 'field.importo.min', { min: '10,00 €' })).to.equal("L'importo minimo è 10,00 €.");
  });
});

class FieldHost extends LitElement {
  static override styles = [tokens, controls];
  value = '';
  error: string | null = null;
  protected override render() {
    return html`<form novalidate>
      ${renderField({
        id: 'cf',
        name: 'cf',
        label: 'Codice fiscale',
        hint: '16 caratteri',
        value: this.value,
        error: this.error,
        required: true,
        requiredText: 'obbligatorio',
        mono: true,
        autocomplete: 'off',
        onInput: (v) => {
          this.value = v;
        },
        onBlur: (v) => {
          this.value = formatCodiceFiscale(v);
          const key = validateCodiceFiscale(this.value);
          this.error = key ? translate('it', key) : null;
          this.requestUpdate();
        },
      })}
      <button class="btn" type="submit">Cerca</button>
    </form>`;
  }
}
customElements.define('test-field-host', FieldHost);

describe('renderField', () => {
  it('labels the input, links hint and error, and marks it invalid', async () => {
    const el = await fixture<FieldHost>(html`<test-field-host></test-field-host>`);
    const input = el.shadowRoot!.querySelector('input')!;
    expect(el.shadowRoot!.querySelector('label')!.htmlFor).to.equal('cf');
    expect(input.getAttribute('aria-describedby')).to.equal('cf-hint');
    expect(input.getAttribute('aria-invalid')).to.equal('false');
    input.focus();
    await sendKeys({ type: 'rssmra85t10a562t' });
    await sendKeys({ press: 'Tab' });
    await el.updateComplete;
    expect(input.value).to.equal('RSSMRA85T10A562T');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.equal('cf-error cf-hint');
    expect(el.shadowRoot!.getElementById('cf-error')!.textContent).to.contain('non è corretto');
    expect(deepActiveElement()?.tagName).to.equal('BUTTON');
    await expectAccessible(el);
  });
});
