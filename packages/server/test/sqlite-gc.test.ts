/**
 * better-sqlite3 on the Node running the tests (24 and 22 in CI): prepared statements collected by
 * the garbage collector while their database is open, after it is closed, and with iterators left
 * open, must not crash the process (the statement destructor runs during collection).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const STRESS = `
const Database = require(process.env.BETTER_SQLITE3);
const path = require('node:path');
let made = 0;
for (let round = 0; round < 16; round++) {
  const db = new Database(path.join(process.env.DIR, 'r' + (round % 4) + '.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec('create table if not exists t (id integer primary key, v text)');
  const ins = db.prepare('insert into t (v) values (?)');
  db.transaction(() => { for (let i = 0; i < 200; i++) ins.run('x' + i); })();
  for (let i = 0; i < 1500; i++) {
    const st = db.prepare('select id, v, ' + i + ' as k from t where id > ? limit 3');
    st.all(i);
    made++;
    if (i % 3 === 0) { const it = st.iterate(0); it.next(); if (round % 2 === 0) it.return(); }
    if (i % 250 === 0) globalThis.gc();
  }
  if (round % 2 === 0) db.close();
  globalThis.gc();
}
for (let i = 0; i < 5; i++) globalThis.gc();
console.log(made);
`;

it('survives garbage collection of many prepared statements', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-gc-'));
  try {
    const r = spawnSync(process.execPath, ['--expose-gc', '-e', STRESS], {
      encoding: 'utf8',
      env: {
        ...process.env,
        DIR: dir,
        BETTER_SQLITE3: createRequire(import.meta.url).resolve('better-sqlite3'),
      },
    });
    expect(r.signal).toBeNull();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(String(16 * 1500));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
