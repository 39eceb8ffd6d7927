/**
 * `pagatore db copy --to postgres://… [--from <file>] [--replace]`: moves the data of an SQLite
 * deployment (DATABASE_URL, or the file given) into PostgreSQL, in one transaction, and prints the
 * row count of every table on both sides.
 */
import { existsSync } from 'node:fs';
import { loadConfig } from '../../config/index.js';
import { DbCopyError, copySqliteToPostgres } from '../../db/copy.js';
import { type DatabaseHandle, isPostgresUrl, openDatabase, sqlitePath } from '../../db/database.js';
import { type Args, opt } from '../args.js';

const USAGE = `Usage:
  pagatore db copy --to postgres://user:password@host:5432/db [--from <sqlite file>] [--replace]
Copies every table of the SQLite database (DATABASE_URL, or --from) into an empty PostgreSQL
database, migrating it first; --replace deletes what the target holds instead of refusing.
Exit code: 0 copied, 1 failed (nothing written), 2 bad arguments, 3 the target holds data (nothing written).`;

/** The URL without its password, for messages. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

const rows = (n: number) => `${n} row${n === 1 ? '' : 's'}`;

function messageOf(e: unknown): string {
  if (e instanceof AggregateError && e.errors.length) return e.errors.map(messageOf).join('; ');
  return e instanceof Error ? e.message || e.name : String(e);
}

export async function dbCommand(args: Args): Promise<number> {
  const [sub] = args.positional;
  const to = opt(args, 'to');
  if (sub !== 'copy' || !to) {
    console.error(USAGE);
    return 2;
  }
  if (!isPostgresUrl(to)) {
    console.error(`--to must be a postgres:// URL, not ${shownUrl(to)}.`);
    return 2;
  }
  try {
    new URL(to);
  } catch {
    console.error(`--to is not a valid URL: ${shownUrl(to)}.`);
    return 2;
  }
  const from = opt(args, 'from') ?? loadConfig(process.env, { mode: 'demo' }).databaseUrl;
  if (isPostgresUrl(from)) {
    console.error(
      'The source must be an SQLite file: DATABASE_URL is postgres://, give the file with --from.',
    );
    return 2;
  }
  const file = sqlitePath(from);
  if (file === ':memory:' || !existsSync(file)) {
    console.error(`No SQLite database at ${file}.`);
    return 2;
  }

  let source: DatabaseHandle | null = null;
  let target: DatabaseHandle | null = null;
  try {
    try {
      source = await openDatabase(`file:${file}`);
    } catch (e) {
      console.error(`Cannot open the SQLite database ${file}: ${messageOf(e)}`);
      return 1;
    }
    try {
      target = await openDatabase(to, { poolSize: 1 });
      await target.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
    } catch (e) {
      console.error(`Cannot reach PostgreSQL at ${shownUrl(to)}: ${messageOf(e)}`);
      return 1;
    }
    console.log(`Copying ${file} to ${shownUrl(to)}`);
    const started = Date.now();
    // On a terminal, the table being copied (a large one takes minutes); the counts follow on stdout.
    const tty = process.stderr.isTTY;
    const tables = await copySqliteToPostgres(source, target, {
      replace: args.options.replace === true,
      onTable: (t) => {
        if (tty) process.stderr.write(`\r\x1b[Kcopied ${t.table} (${rows(t.target)})`);
      },
    });
    if (tty) process.stderr.write('\r\x1b[K');
    const width = Math.max(...tables.map((t) => t.table.length), 5);
    console.log(`${'table'.padEnd(width)}  ${'sqlite'.padStart(12)}  ${'postgres'.padStart(12)}`);
    for (const t of tables)
      console.log(
        `${t.table.padEnd(width)}  ${String(t.source).padStart(12)}  ${String(t.target).padStart(12)}`,
      );
    const total = tables.reduce((n, t) => n + t.target, 0);
    console.log(
      `Copied ${rows(total)} in ${tables.length} tables in ${((Date.now() - started) / 1000).toFixed(1)} s; every count matches.`,
    );
    return 0;
  } catch (e) {
    if (e instanceof DbCopyError) {
      console.error(e.message);
      return e.exitCode;
    }
    console.error(`The copy failed, nothing was written: ${messageOf(e)}`);
    return 1;
  } finally {
    await source?.close();
    await target?.close().catch(() => undefined);
  }
}
