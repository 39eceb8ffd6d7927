import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { flowIdOf, validFlowXmls } from '../../../test/support/fdr-node.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { parseArgs } from '../args.js';
import { flowsCommand } from './flows.js';

const ENTE = TEST_ENTITY.code;

describe('pagatore flows', () => {
  let h: Harness;
  let dir: string;
  let log: string[];
  let errors: string[];
  let out: string[];
  const saved = process.env.DATABASE_URL;
  beforeAll(async () => {
    h = await createHarness();
    dir = mkdtempSync(join(tmpdir(), 'pagatore-flows-cli-'));
    process.env.DATABASE_URL = h.deps.config.databaseUrl;
  });
  beforeEach(() => {
    log = [];
    errors = [];
    out = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void log.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')));
    vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
      out.push(String(c));
      return true;
    });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    rmSync(dir, { recursive: true, force: true });
    await h.close();
  });

  it('upload stores and matches a flow, list shows it, report prints the CSV; bad input exits 2', async () => {
    const flow = {
      flowId: flowIdOf('2026-11-05', 'BCITITMM', 1),
      flowDate: '2026-11-05T10:00:00',
      settlementId: 'SEPA-1',
      settlementDate: '2026-11-05',
      pspId: 'BCITITMM',
      pspName: 'Banca di prova',
      receiver: ENTE,
      rows: [
        {
          iuv: '01999999999999991',
          iur: 'IUR-1',
          idx: 1,
          amount: 1500,
          outcome: 0 as const,
          date: '2026-11-04',
        },
      ],
    };
    const [xml] = await validFlowXmls([flow]);
    const file = join(dir, 'flusso.xml');
    writeFileSync(file, xml!);
    expect(await flowsCommand(parseArgs(['upload', file, '--entity', ENTE]))).toBe(0);
    expect(log.join('\n')).toMatch(
      new RegExp(`Stored: flow \\d+ ${flow.flowId} revision 1 valid, 1 rows, 1 anomalies`),
    );
    expect(await flowsCommand(parseArgs(['upload', file, '--entity', ENTE]))).toBe(0);
    expect(log.at(-1)).toMatch(/^Already stored/);
    expect(await flowsCommand(parseArgs(['list', '--entity', ENTE, '--anomalies']))).toBe(0);
    expect(log.at(-1)).toContain(flow.flowId);
    expect(
      await flowsCommand(
        parseArgs(['report', '--entity', ENTE, '--from', '2026-11-04', '--to', '2026-11-04']),
      ),
    ).toBe(0);
    expect(out.join('')).toBe(
      'date,iban,collected_count,collected_amount,settled_count,settled_amount,awaiting_count,awaiting_amount,overdue_count,overdue_amount,disputed_count,disputed_amount,unmatched_count,unmatched_amount,anomalies\r\n' +
        '2026-11-04,,0,0,0,0,0,0,0,0,0,0,1,1500,1\r\n',
    );
    const bad = join(dir, 'rotto.xml');
    writeFileSync(bad, '<pay_i:FlussoRiversamento');
    expect(await flowsCommand(parseArgs(['upload', bad, '--entity', ENTE]))).toBe(1);
    expect(log.at(-1)).toMatch(/invalid — not well-formed/);
    expect(await flowsCommand(parseArgs(['report', '--entity', ENTE, '--from', 'ieri']))).toBe(2);
    expect(await flowsCommand(parseArgs(['fetch', '--entity', ENTE]))).toBe(1);
    expect(errors.at(-1)).toMatch(/invalid_state/);
    expect(await flowsCommand(parseArgs(['list', '--entity', '00000000000']))).toBe(1);
  });
});
