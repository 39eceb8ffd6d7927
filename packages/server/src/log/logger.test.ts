import { describe, expect, it } from 'vitest';
import { createHarness } from '../../test/support/harness.js';
import { maskFiscalCodes, memoryLogger } from './logger.js';

describe('logs carry no fiscal code', () => {
  it('masks personal fiscal codes wherever they are in a line, any case, omocodia included', () => {
    const log = memoryLogger();
    log.error('unhandled error', {
      path: '/api/v1/entities/80012345676/practices/rssmra85t10a562s',
      error: { message: 'Key (entity_code, fiscal_code)=(80012345676, RSSMRA85T10A56NH) already exists.' },
      debtor: 'BNCLRA90A41F205X',
    });
    const line = JSON.stringify(log.lines[0]);
    expect(line).not.toMatch(/RSSMRA85T10A562S|RSSMRA85T10A56NH|BNCLRA90A41F205X/i);
    expect(line).toContain('rs*************s');
    expect(line).toContain('RS*************H');
    // Entity codes, IUVs, NAVs and ids stay.
    expect(line).toContain('80012345676');
    expect(
      maskFiscalCodes('nav 301000000000000123 iuv 01000000000000123 id 3f2b9c1e-7d0a-4a55-9a8e-0c1d2e3f4a5b'),
    ).toBe('nav 301000000000000123 iuv 01000000000000123 id 3f2b9c1e-7d0a-4a55-9a8e-0c1d2e3f4a5b');
    // Not inside a longer token (a hash, a key).
    expect(maskFiscalCodes('xRSSMRA85T10A562S')).toBe('xRSSMRA85T10A562S');
  });

  it('a request carrying a fiscal code in its path is logged masked', async () => {
    const h = await createHarness({ config: { logLevel: 'info' } });
    try {
      await h.request('/api/v1/entities/80012345676/consents/RSSMRA85T10A562S');
      const lines = h.logger.lines.map((l) => JSON.stringify(l)).join('\n');
      expect(lines).toContain('/consents/');
      expect(lines).not.toContain('RSSMRA85T10A562S');
    } finally {
      await h.close();
    }
  });
});
