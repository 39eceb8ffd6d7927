import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SAFETY_NET_PAGES } from './checkpointer.js';
import { type DatabaseHandle, openDatabase } from './database.js';

// Real SQLite files in a temporary folder. Each case commits 3,000 small transactions (about 2
// WAL pages each) in batches with short pauses between them, as a server's requests come, and
// looks at how large the WAL file grew: a WAL is overwritten from its start only after a
// checkpoint copied all of it, so its size is the most it held between two checkpoints.

const dirs: string[] = [];
const handles: DatabaseHandle[] = [];
afterEach(async () => {
  for (const h of handles.splice(0)) await h.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function open(checkpointInBackground: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'pagatore-wal-'));
  dirs.push(dir);
  const file = join(dir, 'db.sqlite');
  const h = await openDatabase(`file:${file}`, { checkpointInBackground });
  handles.push(h);
  return { h, file, sqlite: h.sqlite as NonNullable<DatabaseHandle['sqlite']> };
}

async function commitMany(sqlite: NonNullable<DatabaseHandle['sqlite']>) {
  sqlite.exec('create table t (id integer primary key, v text)');
  const insert = sqlite.prepare('insert into t (v) values (?)');
  for (let batch = 0; batch < 15; batch++) {
    for (let i = 0; i < 200; i++) insert.run(`${batch}-${i}-${'x'.repeat(200)}`);
    await new Promise((r) => setTimeout(r, 60));
  }
}

const walBytes = (file: string) => statSync(`${file}-wal`).size;

describe('WAL checkpoints in a worker thread', () => {
  it("checkpoints while the writer goes on, so the writer's own commits never copy the WAL", async () => {
    const { h, file, sqlite } = await open(true);
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(SAFETY_NET_PAGES);
    const copied: number[] = [];
    const checkpointer = h.checkpointer;
    if (!checkpointer) throw new Error('no checkpointer');
    checkpointer.onCheckpoint = (r) => {
      if ('error' in r) throw new Error(r.error);
      copied.push(r.checkpointed);
    };
    await commitMany(sqlite);
    expect(copied.some((n) => n > 0)).toBe(true);
    // 3,000 commits wrote some 6,000 frames (24 MB); the WAL held a few batches of them at most.
    expect(walBytes(file)).toBeLessThan(8 * 1024 * 1024);
    expect(sqlite.prepare('select count(*) from t').pluck().get()).toBe(3000);
  });

  it('without the worker, the same writer (its safety net as high) lets the WAL grow', async () => {
    const { file, sqlite } = await open(false);
    sqlite.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
    await commitMany(sqlite);
    expect(walBytes(file)).toBeGreaterThan(10 * 1024 * 1024);
  });

  it('stops with the database', async () => {
    const { h } = await open(true);
    const stopped = h.close();
    handles.splice(handles.indexOf(h), 1);
    await expect(stopped).resolves.toBeUndefined();
  });

  it('is not started for a database in memory', async () => {
    const h = await openDatabase('file::memory:', { checkpointInBackground: true });
    handles.push(h);
    expect(h.checkpointer ?? null).toBeNull();
  });
});

describe('closing a database with its checkpointer', () => {
  it('keeps the process alive until the worker is gone', async () => {
    // A process whose only work left is closing the database: it must close it and go on.
    const dir = mkdtempSync(join(tmpdir(), 'pagatore-wal-'));
    dirs.push(dir);
    const script = `
      import { openDatabase } from ${JSON.stringify(new URL('./database.ts', import.meta.url).href)};
      const h = await openDatabase(${JSON.stringify(`file:${join(dir, 'db.sqlite')}`)}, { checkpointInBackground: true });
      await h.close();
      console.log('closed');
    `;
    const { spawnSync } = await import('node:child_process');
    const loader = new URL('../../test/support/ts-resolve.mjs', import.meta.url).href;
    const r = spawnSync(process.execPath, ['--import', loader, '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.stderr).not.toMatch(/unsettled top-level await/);
    expect(r.stdout.trim()).toBe('closed');
    expect(r.status).toBe(0);
  });
});
