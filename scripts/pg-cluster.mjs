#!/usr/bin/env node
// A throwaway PostgreSQL for tests and trials: initdb in a temporary directory, the server on a
// free 127.0.0.1 port (no Unix socket), trust authentication, stopped and deleted at the end.
// initdb refuses to run as root, so as root the cluster belongs to the `postgres` user (Debian's
// postgresql package creates it) and is run through runuser.
//   node scripts/pg-cluster.mjs -- npm start       runs one command with DATABASE_URL set to it
//   node scripts/pg-cluster.mjs                    prints the URL and keeps it up until Ctrl-C
// The binaries are found on PATH, else in Debian's /usr/lib/postgresql/<major>/bin (newest).
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, chownSync, constants, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The directory holding initdb and pg_ctl, or null when PostgreSQL is not installed. */
export function findPgBin(env = process.env) {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, 'initdb')) && executable(join(dir, 'pg_ctl'))) return dir;
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const majors = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const major of majors) {
      const dir = join(debian, major, 'bin');
      if (executable(join(dir, 'initdb')) && executable(join(dir, 'pg_ctl'))) return dir;
    }
  }
  return null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function run(bin, args, asUser, opts = {}) {
  const [cmd, argv] = asUser ? ['runuser', ['-u', asUser, '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', ...opts });
  if (r.status !== 0) {
    throw new Error(
      `${[bin, ...args].join(' ')} failed (${r.status}): ${(r.stderr || r.stdout || '').trim()}`,
    );
  }
  return r.stdout;
}

/**
 * Starts a new cluster and returns its superuser URL (database `postgres`) and a stop function
 * that shuts it down and deletes its files.
 * @example const pg = await startCluster(); … await pg.stop();
 */
export async function startCluster({ env = process.env } = {}) {
  const bin = findPgBin(env);
  if (!bin) {
    throw new Error(
      'PostgreSQL is not installed (no initdb/pg_ctl on PATH or under /usr/lib/postgresql/*/bin): apt-get install postgresql',
    );
  }
  const asUser = process.getuid?.() === 0 ? 'postgres' : null;
  const dir = mkdtempSync(join(tmpdir(), 'pagatore-pg-'));
  const data = join(dir, 'data');
  if (asUser) {
    const ids = spawnSync('id', ['-u', asUser], { encoding: 'utf8' });
    const gids = spawnSync('id', ['-g', asUser], { encoding: 'utf8' });
    if (ids.status !== 0)
      throw new Error(`Running as root, but there is no "${asUser}" user to own the cluster`);
    chownSync(dir, Number(ids.stdout.trim()), Number(gids.stdout.trim()));
  }
  run(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8'],
    asUser,
    {
      cwd: dir,
    },
  );
  // A test database: durability off (the cluster is thrown away), TCP on loopback only.
  const options = [
    '-c listen_addresses=127.0.0.1',
    "-c unix_socket_directories=''",
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=300',
  ];
  let port;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      run(
        join(bin, 'pg_ctl'),
        [
          '-D',
          data,
          '-l',
          join(dir, 'server.log'),
          '-w',
          '-t',
          '60',
          '-o',
          `-p ${port} ${options.join(' ')}`,
          'start',
        ],
        asUser,
        { cwd: dir },
      );
      break;
    } catch (err) {
      // Another process may have taken the port between the probe and the start: try another.
      if (attempt >= 3) throw err;
    }
  }
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], asUser, { cwd: dir });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The same URL with another database name. */
export function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function main(argv) {
  const sep = argv.indexOf('--');
  const command = sep >= 0 ? argv.slice(sep + 1) : [];
  const cluster = await startCluster();
  const stopAndExit = async (code) => {
    await cluster.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAndExit(130));
  process.on('SIGTERM', () => void stopAndExit(143));
  if (command.length === 0) {
    console.log(cluster.url);
    console.error('PostgreSQL is up; Ctrl-C stops it and deletes its files.');
    setInterval(() => {}, 1 << 30);
    return;
  }
  const child = spawn(command[0], command.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: cluster.url },
  });
  child.on('exit', (code, signal) => void stopAndExit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
