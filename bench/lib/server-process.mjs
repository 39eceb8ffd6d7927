// Starts one of bench/lib's serve-*.mjs scripts in its own Node process and waits for the
// "PORT <n>" it prints once listening. BENCH_PROFILE=<dir> writes a CPU profile of each.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * @param {string} script a file of bench/lib
 * @param {string[]} args
 * @returns {Promise<{ child: import('node:child_process').ChildProcess, port: number, url: string }>}
 */
export async function startServerProcess(script, args) {
  const prof = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(
    process.execPath,
    [...prof, fileURLToPath(new URL(`./${script}`, import.meta.url)), ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
  });
  return { child, port, url: `http://127.0.0.1:${port}` };
}
