import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/index.js';
import { checkNodeCaller, ipAllowed } from './node-auth.js';

const none = { pagopaNodeCertHeader: null, pagopaNodeCertValues: [], pagopaNodeIps: [] };
const caller = (ip: string, headers: Record<string, string> = {}) => ({
  ip,
  header: (n: string) => headers[n.toLowerCase()],
});

describe('node authentication', () => {
  it('matches exact addresses, IPv4-mapped IPv6 and IPv4 CIDRs', () => {
    expect(ipAllowed('10.1.2.3', ['10.1.2.3'])).toBe(true);
    expect(ipAllowed('::ffff:10.1.2.3', ['10.1.2.3'])).toBe(true);
    expect(ipAllowed('10.1.200.3', ['10.1.0.0/16'])).toBe(true);
    expect(ipAllowed('10.2.0.1', ['10.1.0.0/16'])).toBe(false);
    expect(ipAllowed('8.8.8.8', ['0.0.0.0/0'])).toBe(true);
    expect(ipAllowed('2001:db8::1', ['2001:DB8::1'])).toBe(true);
    expect(ipAllowed('10.1.2.3', ['10.1.2.0/33', 'garbage'])).toBe(false);
  });

  it('with nothing configured: production refuses everyone, demo accepts only the local machine', () => {
    expect(checkNodeCaller({ ...none, mode: 'production' }, caller('127.0.0.1')).ok).toBe(false);
    expect(checkNodeCaller({ ...none, mode: 'demo' }, caller('127.0.0.1')).ok).toBe(true);
    expect(checkNodeCaller({ ...none, mode: 'demo' }, caller('::1')).ok).toBe(true);
    expect(checkNodeCaller({ ...none, mode: 'demo' }, caller('192.168.1.5')).ok).toBe(false);
  });

  it('every configured check must pass: certificate header and address', () => {
    const config = {
      mode: 'production' as const,
      pagopaNodeCertHeader: 'x-client-cert',
      pagopaNodeCertValues: ['CN=nodo,O=PagoPA,C=IT', 'AA:BB:CC'],
      pagopaNodeIps: ['10.0.0.0/8'],
    };
    expect(
      checkNodeCaller(config, caller('10.0.0.9', { 'x-client-cert': 'CN=nodo, O=PagoPA, C=IT' })).ok,
    ).toBe(true);
    expect(checkNodeCaller(config, caller('10.0.0.9', { 'x-client-cert': 'aabbcc' })).ok).toBe(true);
    expect(checkNodeCaller(config, caller('11.0.0.9', { 'x-client-cert': 'aabbcc' })).ok).toBe(false);
    expect(checkNodeCaller(config, caller('10.0.0.9', { 'x-client-cert': 'CN=other' })).ok).toBe(false);
    expect(checkNodeCaller(config, caller('10.0.0.9')).ok).toBe(false);
    // Only the certificate configured: any address with the right certificate.
    expect(
      checkNodeCaller(
        { ...config, pagopaNodeIps: [] },
        caller('203.0.113.7', { 'x-client-cert': 'AA:BB:CC' }),
      ).ok,
    ).toBe(true);
  });

  it('reads its settings from the environment and refuses a certificate header without values', () => {
    const c = loadConfig(
      {
        PAGOPA_NODE_CERT_HEADER: 'X-SSL-Client-S-DN',
        PAGOPA_NODE_CERT: 'CN=a,O=b | CN=c,O=d',
        PAGOPA_NODE_IPS: '10.0.0.1, 10.2.0.0/16',
        PAGOPA_SOAP_LIMIT: '1000',
        PAGOPA_CHECKOUT_URL: 'http://127.0.0.1:9999/carts',
      },
      { mode: 'demo' },
    );
    expect(c).toMatchObject({
      pagopaNodeCertHeader: 'x-ssl-client-s-dn',
      pagopaNodeCertValues: ['CN=a,O=b', 'CN=c,O=d'],
      pagopaNodeIps: ['10.0.0.1', '10.2.0.0/16'],
      pagopaSoapLimitBytes: 1000,
      pagopaCheckoutUrl: 'http://127.0.0.1:9999/carts',
    });
    expect(() => loadConfig({ PAGOPA_NODE_CERT_HEADER: 'X-Cert' }, { mode: 'demo' })).toThrow(ConfigError);
    expect(() => loadConfig({ PAGOPA_CHECKOUT_URL: 'not a url' }, { mode: 'demo' })).toThrow(ConfigError);
  });
});
