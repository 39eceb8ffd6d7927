/**
 * Test support: a second server process for the IO outbox tests, run with
 * `node --import ./ts-resolve.mjs io-worker-process.ts <database URL> <now ISO>`: it opens the same
 * database, queues today's IO reminders and sends one round of due messages, as any server process
 * does, and prints what it did as JSON.
 */
import { openDatabase } from '../../src/db/database.js';
import { memoryLogger } from '../../src/log/logger.js';
import { queueIoReminders, sendDueIoMessages } from '../../src/outbound/io/outbox.js';

const [url, nowIso] = process.argv.slice(2);
if (!url || !nowIso) throw new Error('usage: io-worker-process.ts <database URL> <now ISO>');
const database = await openDatabase(url);
const now = new Date(nowIso);
const deps = {
  db: database.db,
  config: { webhookTimeoutMs: 10_000 },
  logger: memoryLogger(),
  now: () => now,
  version: 'test',
};
try {
  const queued = await queueIoReminders(deps);
  const round = await sendDueIoMessages(deps);
  process.stdout.write(JSON.stringify({ queued, ...round }));
} finally {
  await database.close();
}
