/**
 * Starts what `npm start` starts — the built CLI in demo mode: API + widgets on localhost, the
 * example Comune site on 127.0.0.1 (two different sites) — on free ports with a fresh database: an
 * SQLite file, or with DB_ENGINE=postgres a new database in the run's throwaway PostgreSQL cluster
 * (packages/server/test/support/pg-global-setup.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type TestEngine,
  testDatabaseUrl,
  testEngine,
} from '../../packages/server/test/support/test-database.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(ROOT, 'packages/server/dist/cli.js');
export const DEMO_ENTITY = '80012345676';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface Stack {
  /** http://localhost:<port> */
  apiUrl: string;
  /** http://127.0.0.1:<port> */
  siteUrl: string;
  dir: string;
  /** The demo's DATABASE_URL: `file:…` or `postgres://…`. */
  databaseUrl: string;
  /** The engine behind it (DB_ENGINE). */
  engine: TestEngine;
  /** Everything the process printed. */
  output: () => string;
  /** Kills the server process (SIGKILL: a crash) and starts it again on the same ports and data. */
  restart(opts?: { signal?: NodeJS.Signals }): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  env?: Record<string, string>;
}

function waitForReady(child: ChildProcess, out: { text: string }): Promise<void> {
  // After a restart the output already holds the first run's banner: only this run's counts.
  const from = out.text.length;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start:\n${out.text}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out.text += chunk.toString();
      if (out.text.includes('Pagatore demo is running', from)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (out.text += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited with ${code}:\n${out.text}`));
    });
  });
}

/** Starts the demo stack. */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'pagatore-e2e-'));
  const store = await testDatabaseUrl(dir);
  const [port, sitePort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    PORT: String(port),
    SITE_PORT: String(sitePort),
    DATABASE_URL: store.url,
    LOG_LEVEL: 'warn',
    ...opts.env,
  };
  const out = { text: '' };
  let child: ChildProcess;
  const launch = async () => {
    child = spawn(process.execPath, [CLI, 'demo'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    await waitForReady(child, out);
  };
  await launch();
  const kill = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  return {
    apiUrl: `http://localhost:${port}`,
    siteUrl: `http://127.0.0.1:${sitePort}`,
    dir,
    databaseUrl: store.url,
    engine: testEngine(),
    output: () => out.text,
    restart: async ({ signal = 'SIGKILL' } = {}) => {
      await kill(signal);
      await launch();
    },
    stop: async () => {
      await kill('SIGTERM');
      await store.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Mails caught by the demo's dev mailbox. */
export interface CaughtMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  date: string;
}

/** Reads the dev mailbox; waits until `predicate` matches a mail (or times out). */
export async function waitForMail(
  stack: Stack,
  predicate: (m: CaughtMail) => boolean,
  timeoutMs = 15_000,
): Promise<CaughtMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${stack.apiUrl}/dev/mailbox.json`);
    if (res.ok) {
      const mails = (await res.json()) as CaughtMail[];
      const found = mails.find(predicate);
      if (found) return found;
    }
    if (Date.now() > deadline) throw new Error('no matching mail arrived');
    await new Promise((r) => setTimeout(r, 200));
  }
}
