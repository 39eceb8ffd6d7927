// The server under soak: the built CLI (`pagatore serve` in demo mode) as a child process on one
// SQLite file and one port, killed with SIGKILL and started again on the same file and port. Keeps
// the kill windows (from the kill until the new process answers /healthz, plus a grace) and samples
// the resident memory of each process from /proc.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const CLI = join(ROOT, 'packages/server/dist/cli.js');

/** A free TCP port on 127.0.0.1. */
export function freePort() {
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

/** Runs a CLI command on the soak's database; answers its output, throws on a non-zero exit. */
export function cli(env, args) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pagatore ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Resident set size of a process in bytes, or null when it is gone. */
function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @param {{ env: Record<string,string>, port: number, graceMs: number, t0: number, log: (s: string) => void }} o
 */
export function serverUnderSoak(o) {
  const url = `http://127.0.0.1:${o.port}`;
  /** @type {import('node:child_process').ChildProcess | null} */
  let child = null;
  let generation = 0;
  let output = '';
  /** @type {string[]} */
  const errors = [];
  /** @type {{ start: number, end: number | null, up: number | null }[]} */
  const windows = [];
  /** @type {{ t: number, generation: number, pid: number, rss: number }[]} */
  const rss = [];
  /** @type {{ generation: number, pid: number, code: number | null, signal: string | null, at: number }[]} */
  const exits = [];
  let sampler = null;
  /** @type {Promise<void> | null} */
  let restarting = null;

  async function waitHealthy(timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      if (child && child.exitCode !== null)
        throw new Error(`server exited at start:\n${output.slice(-4000)}`);
      if (Date.now() > deadline) throw new Error(`server did not answer /healthz:\n${output.slice(-4000)}`);
      await sleep(50);
    }
  }

  function launch() {
    generation++;
    const g = generation;
    const c = spawn(process.execPath, [CLI, 'serve'], {
      cwd: ROOT,
      env: o.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let partial = '';
    const keep = (chunk) => {
      output += chunk.toString();
      if (output.length > 200_000) output = output.slice(-100_000);
      // Error lines of the JSON log, kept whole for the report.
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines)
        if (/"level":"error"|^\S*Error\b/.test(line)) errors.push(`#${g} ${line.slice(0, 1000)}`);
    };
    c.stdout.on('data', keep);
    c.stderr.on('data', keep);
    c.once('exit', (code, signal) =>
      exits.push({ generation: g, pid: c.pid ?? 0, code, signal, at: Date.now() }),
    );
    child = c;
  }

  return {
    url,
    windows,
    rss,
    exits,
    output: () => output,
    errors,
    generation: () => generation,
    pid: () => child?.pid ?? null,
    async start() {
      launch();
      await waitHealthy();
      sampler = setInterval(() => {
        const pid = child?.pid;
        if (!pid || child.exitCode !== null || child.signalCode !== null) return;
        const bytes = rssOf(pid);
        if (bytes !== null) rss.push({ t: Date.now() - o.t0, generation, pid, rss: bytes });
      }, 1000);
      sampler.unref();
    },
    /** SIGKILL, then the same command on the same file and port; resolves once /healthz answers. */
    async crash() {
      let done = () => undefined;
      restarting = new Promise((resolve) => (done = resolve));
      try {
        await this.kill();
      } finally {
        restarting = null;
        done();
      }
    },
    /** Resolves when no restart is under way. */
    whenUp: () => restarting ?? Promise.resolve(),
    async kill() {
      const w = { start: Date.now(), end: null, up: null };
      windows.push(w);
      const c = child;
      if (c && c.exitCode === null && c.signalCode === null) {
        await new Promise((resolve) => {
          c.once('exit', resolve);
          c.kill('SIGKILL');
        });
      }
      launch();
      await waitHealthy();
      w.up = Date.now();
      w.end = w.up + o.graceMs;
      o.log(`restarted (generation ${generation}) in ${w.up - w.start} ms`);
    },
    /** True when [from, to] touches a kill window (an open one counts up to now). */
    inWindow(from, to) {
      return windows.some((w) => from <= (w.end ?? Number.MAX_SAFE_INTEGER) && to >= w.start);
    },
    async stop() {
      if (sampler) clearInterval(sampler);
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      await new Promise((resolve) => {
        const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
        c.once('exit', () => {
          clearTimeout(t);
          resolve(undefined);
        });
        c.kill('SIGTERM');
      });
    },
  };
}
