import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.js';

describe('configuration', () => {
  it('demo mode works with no settings at all', () => {
    const c = loadConfig({}, { mode: 'demo' });
    expect(c).toMatchObject({
      mode: 'demo',
      port: 8787,
      sitePort: 8788,
      paymentProvider: 'sandbox',
      smtpUrl: null,
      databaseUrl: 'file:./data/pagatore.sqlite',
      publicUrl: 'http://localhost:8787',
      siteUrl: 'http://127.0.0.1:8788',
      paymentTtlSeconds: 1800,
      databasePoolSize: 10,
    });
  });

  it('DATABASE_POOL_SIZE sets the PostgreSQL pool of a process; zero or a word is refused', () => {
    expect(loadConfig({ DATABASE_POOL_SIZE: '25' }, { mode: 'demo' }).databasePoolSize).toBe(25);
    for (const bad of ['0', 'ten', '-3'])
      expect(() => loadConfig({ DATABASE_POOL_SIZE: bad }, { mode: 'demo' })).toThrow(/DATABASE_POOL_SIZE/);
  });

  it('production is the default and refuses to start without real settings', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    try {
      loadConfig({ PAYMENT_PROVIDER: 'sandbox' });
    } catch (e) {
      expect((e as ConfigError).problems.join('\n')).toMatch(
        /sandbox provider exists only in demo mode[\s\S]*SMTP_URL/,
      );
    }
  });

  it('production starts with SMTP, the pagoPA provider and an https public URL', () => {
    const c = loadConfig({ SMTP_URL: 'smtp://mail.example.it:587', PUBLIC_URL: 'https://pay.example.it/' });
    expect(c).toMatchObject({
      mode: 'production',
      paymentProvider: 'pagopa',
      publicUrl: 'https://pay.example.it',
    });
  });

  it('production refuses a plain-http public URL and a missing one', () => {
    expect(() => loadConfig({ SMTP_URL: 'smtp://m', PUBLIC_URL: 'http://pay.example.it' })).toThrow(/https/);
    expect(() => loadConfig({ SMTP_URL: 'smtp://m' })).toThrow(/PUBLIC_URL/);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT: must be a port number/],
    [{ PORT: '70000' }, /PORT: must be a port number/],
    [{ PAGATORE_MODE: 'staging' }, /PAGATORE_MODE: must be demo or production/],
    [{ SMTP_URL: 'mail.example.it' }, /SMTP_URL: must start with smtp/],
    [{ PAYMENT_TTL: '0' }, /PAYMENT_TTL: must be at least 1/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  ])('reports a bad value %j clearly', (env, message) => {
    expect(() => loadConfig({ PAGATORE_MODE: 'demo', ...env })).toThrow(message);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', SMTP_URL: '' }, { mode: 'demo' })).toMatchObject({
      port: 8787,
      smtpUrl: null,
    });
  });
});
