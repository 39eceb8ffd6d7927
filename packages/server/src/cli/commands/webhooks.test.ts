import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RECEIPT_EXPORT_COLUMNS, verifyWebhookSignature } from '@pagatore/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { transaction } from '../../db/database.js';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { appendEvent } from '../../events/outbox.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { deliverAllDue } from '../../webhooks/deliveries.js';
import { startReceiver, type TestReceiver } from '../../webhooks/test-receiver.js';
import { parseArgs } from '../args.js';
import { entityCommand } from './entity.js';
import { receiptsCommand, webhooksCommand } from './webhooks.js';

const ENTE = TEST_ENTITY.code;

describe('pagatore webhooks / receipts', () => {
  let h: Harness;
  let receiver: TestReceiver;
  let log: string[];
  const saved = process.env.DATABASE_URL;
  beforeAll(async () => {
    h = await createHarness();
    receiver = await startReceiver();
    process.env.DATABASE_URL = h.deps.config.databaseUrl;
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // The receiver listens on 127.0.0.1: the entity allows its own network.
    expect(await entityCommand(parseArgs(['update', ENTE, '--private-targets', 'yes']))).toBe(0);
  });
  beforeEach(() => {
    log = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
      log.push(a.join(' '));
    });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    await receiver.close();
    await h.close();
  });

  it('create prints the secret alone on the last line; it signs the deliveries; list and delete', async () => {
    const cmd = ['create', '--entity', ENTE, '--url', receiver.url, '--types', 'payment.paid'];
    expect(await webhooksCommand(parseArgs(cmd))).toBe(0);
    const secret = log[log.length - 1]!;
    expect(secret).toMatch(/^whsec_[a-z2-7]+$/);
    const id = /Webhook (wh_[a-z2-7]{16})/.exec(log[0]!)![1]!;
    await transaction(h.deps.db, (tx) =>
      appendEvent(tx, {
        entityCode: ENTE,
        type: 'payment.paid',
        payload: {
          practice: { iupd: 'CLI-1', nav: '301000000000000144', iuv: '01000000000000144', amount: 1 },
        },
        now: new Date(),
      }),
    );
    await deliverAllDue(h.deps);
    const [got] = receiver.received;
    const header = got!.headers['pagatore-signature'] as string;
    expect((await verifyWebhookSignature({ payload: got!.body, header, secret })).ok).toBe(true);

    log = [];
    expect(await webhooksCommand(parseArgs(['list', '--entity', ENTE]))).toBe(0);
    expect(log.join('\n')).toContain(`${id}  ${ENTE}  enabled  ${receiver.url}  payment.paid`);
    log = [];
    expect(await webhooksCommand(parseArgs(['deliveries', id, '--entity', ENTE]))).toBe(0);
    expect(log.join('\n')).toMatch(/payment\.paid {2}CLI-1 {2}delivered {2}attempts 1/);
    expect(await webhooksCommand(parseArgs(['delete', id, '--entity', '12345678901']))).toBe(1);
    expect(await webhooksCommand(parseArgs(['delete', id, '--entity', ENTE]))).toBe(0);
    expect(await webhooksCommand(parseArgs(['delete', id, '--entity', ENTE]))).toBe(1);
  });

  it('refuses an internal address unless the entity allows its own network', async () => {
    const count = async () => (await h.deps.db.selectFrom('webhook_endpoints').select('id').execute()).length;
    const before = await count();
    expect(await entityCommand(parseArgs(['update', ENTE, '--private-targets', 'no']))).toBe(0);
    try {
      for (const url of [
        receiver.url,
        'http://[::1]:8080/',
        'https://169.254.169.254/',
        'https://10.0.0.5/hooks',
        'http://0x7f.1/',
        'http://localhost:8080/',
      ]) {
        const cmd = ['create', '--entity', ENTE, '--url', url, '--allow-http'];
        expect(await webhooksCommand(parseArgs(cmd)), url).toBe(2);
      }
      expect(await count()).toBe(before);
    } finally {
      expect(await entityCommand(parseArgs(['update', ENTE, '--private-targets', 'yes']))).toBe(0);
    }
    const cmd = ['create', '--entity', ENTE, '--url', 'http://10.0.0.5/hooks', '--allow-http'];
    expect(await webhooksCommand(parseArgs(cmd))).toBe(0);
    expect(await count()).toBe(before + 1);
    const made = await h.deps.db
      .selectFrom('webhook_endpoints')
      .select('id')
      .where('url', '=', 'http://10.0.0.5/hooks')
      .executeTakeFirstOrThrow();
    expect(await webhooksCommand(parseArgs(['delete', made.id, '--entity', ENTE]))).toBe(0);
  });

  it('refuses bad arguments: exit 2 for usage and bad URLs, 1 for an unknown entity', async () => {
    expect(await webhooksCommand(parseArgs([]))).toBe(2);
    expect(await webhooksCommand(parseArgs(['create', '--entity', ENTE]))).toBe(2);
    expect(await webhooksCommand(parseArgs(['create', '--entity', ENTE, '--url', 'ftp://x.it/']))).toBe(2);
    expect(
      await webhooksCommand(parseArgs(['create', '--entity', ENTE, '--url', 'http://erp.example.it/'])),
    ).toBe(2);
    expect(
      await webhooksCommand(
        parseArgs(['create', '--entity', ENTE, '--url', 'https://e.it/', '--types', 'nope']),
      ),
    ).toBe(2);
    expect(
      await webhooksCommand(parseArgs(['create', '--entity', '12345678901', '--url', 'https://e.it/'])),
    ).toBe(1);
    expect(
      await webhooksCommand(
        parseArgs(['create', '--entity', ENTE, '--url', 'http://erp.example.it/', '--allow-http']),
      ),
    ).toBe(0);
    expect(await webhooksCommand(parseArgs(['deliveries', 'wh_aaaaaaaaaaaaaaaa', '--entity', ENTE]))).toBe(1);
    expect(
      await receiptsCommand(parseArgs(['export', '--entity', ENTE, '--from', '2026-13-01', '--to', 'x'])),
    ).toBe(2);
    expect(await receiptsCommand(parseArgs(['export', '--from', '2026-01-01', '--to', '2026-01-31']))).toBe(
      2,
    );
    expect(
      await receiptsCommand(
        parseArgs(['export', '--entity', '12345678901', '--from', '2026-01-01', '--to', '2026-01-31']),
      ),
    ).toBe(1);
  });

  it('receipts export writes the CSV to a file', async () => {
    const out = join(h.dir, 'export.csv');
    const args = ['export', '--entity', ENTE, '--from', '2026-01-01', '--to', '2026-12-31', '--out', out];
    expect(await receiptsCommand(parseArgs(args))).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(`${RECEIPT_EXPORT_COLUMNS.join(',')}\r\n`);
  });
});
