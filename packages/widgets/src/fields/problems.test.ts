import { expect } from '@open-wc/testing';
import { PagatoreError } from '@pagatore/sdk';
import { errorMessage, translate } from '../locales/index.js';
import { fieldProblems, NO_PROBLEMS, problemsFrom, type Speaker, withoutField } from './problems.js';

const italian: Speaker = { t: (k, p) => translate('it', k, p), error: (c) => errorMessage('it', c) };
const field = (path: string, code: string) => ({ path, code, message: code });

describe('form problems (every form of the widgets)', () => {
  it('on rate_limited says when to try again and keeps the field errors that came with it', () => {
    const e = new PagatoreError({
      status: 429,
      code: 'rate_limited',
      message: 'too many',
      retryAfter: 125,
      fields: [field('fiscalCode', 'required')],
    });
    const p = problemsFrom(e, italian);
    expect(p.general).to.equal('Troppi tentativi: riprova tra 3 minuti.');
    expect(p.fields).to.deep.equal({ fiscalCode: errorMessage('it', 'required') });
  });

  it('on rate_limited without a wait gives the error code message, at least one minute otherwise', () => {
    const bare = new PagatoreError({ status: 429, code: 'rate_limited', message: 'x' });
    expect(problemsFrom(bare, italian).general).to.equal(errorMessage('it', 'rate_limited'));
    const soon = new PagatoreError({ status: 429, code: 'rate_limited', message: 'x', retryAfter: 1 });
    expect(problemsFrom(soon, italian).general).to.contain('1 minuti');
  });

  it('a validation failure with fields has no general message; one without fields has', () => {
    const withFields = new PagatoreError({
      status: 422,
      code: 'validation_failed',
      message: 'x',
      fields: [field('values.plate', 'invalid_format'), field('values.plate', 'required')],
    });
    const p = problemsFrom(withFields, italian, 'values.');
    expect(p.general).to.equal(null);
    expect(p.fields).to.deep.equal({ plate: errorMessage('it', 'invalid_format') });
    const bare = new PagatoreError({ status: 422, code: 'validation_failed', message: 'x' });
    expect(problemsFrom(bare, italian).general).to.equal(errorMessage('it', 'validation_failed'));
  });

  it('anything that is not an SDK error reads as an internal error', () => {
    expect(problemsFrom(new TypeError('boom'), italian)).to.deep.equal({
      fields: {},
      general: errorMessage('it', 'internal'),
    });
  });

  it('fieldProblems keeps the first message of a path; withoutField drops one field only', () => {
    const fields = fieldProblems([field('email', 'invalid_email'), field('email', 'required')], italian);
    expect(fields).to.deep.equal({ email: errorMessage('it', 'invalid_email') });
    const p = { fields: { email: 'a', phone: 'b' }, general: 'g' };
    expect(withoutField(p, 'email')).to.deep.equal({ fields: { phone: 'b' }, general: 'g' });
    expect(withoutField(NO_PROBLEMS, 'email')).to.equal(NO_PROBLEMS);
  });
});
