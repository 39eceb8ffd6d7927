// Widgets: bundle sizes (min and min+gzip of the all-in-one bundle and of each tag alone, beside
// Lit itself as the baseline) and the time to first render of the portal on the example page,
// beside the page's own DOMContentLoaded in the same run. Targets: all-in-one ≤ 50 KB min+gz,
// first render < 300 ms on localhost. Uses the built packages (`npm run build` first).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const widgets = join(root, 'packages/widgets');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const gz = (buf) => gzipSync(buf, { level: 9 }).length;

async function bundle(entryContents, resolveDir) {
  const r = await build({
    stdin: { contents: entryContents, resolveDir, loader: 'ts' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    target: 'es2021',
    platform: 'browser',
    conditions: ['production', 'browser'],
    tsconfig: join(widgets, 'tsconfig.json'),
    legalComments: 'none',
    logLevel: 'error',
  });
  return Buffer.from(r.outputFiles[0].contents);
}

console.log('Bundle sizes (min / min+gzip)');
const all = readFileSync(join(widgets, 'dist/bundle/pagatore.js'));
const lit = await bundle(`import { LitElement, html } from 'lit'; export { LitElement, html };`, widgets);
console.log(`  lit alone (baseline)            ${kb(lit.length).padStart(9)} / ${kb(gz(lit)).padStart(8)}`);
console.log(
  `  pagatore.js (all-in-one)        ${kb(all.length).padStart(9)} / ${kb(gz(all)).padStart(8)}   target ≤ 50 KB gz: ${gz(all) <= 50 * 1024 ? 'met' : 'MISSED'}`,
);
const components = readdirSync(join(widgets, 'src/components')).sort();
for (const name of components) {
  const file = join(widgets, 'src/components', name, `${name}.ts`);
  try {
    readFileSync(file);
  } catch {
    continue;
  }
  const b = await bundle(
    `import './src/context/attach-root.ts'; import './src/components/provider/provider.ts'; import './src/components/${name}/${name}.ts';`,
    widgets,
  );
  console.log(
    `  <pagatore-${name}> + provider`.padEnd(33) +
      `${kb(b.length).padStart(9)} / ${kb(gz(b)).padStart(8)}   ${(gz(b) / gz(lit)).toFixed(1)}× lit`,
  );
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'pagatore-bench-widgets-'));
const [port, sitePort] = [await freePort(), await freePort()];
const child = spawn(process.execPath, [join(root, 'packages/server/dist/cli.js'), 'demo'], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(port),
    SITE_PORT: String(sitePort),
    DATABASE_URL: `file:${join(dir, 'b.sqlite')}`,
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
    if (out.includes('Pagatore demo is running')) resolve();
  });
  child.once('exit', (code) => reject(new Error(`demo exited ${code}`)));
});

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
  ],
});
const runs = [];
for (let i = 0; i < 7; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    const tick = () => {
      const form = document
        .querySelector('pagatore-portal')
        ?.shadowRoot?.querySelector('pagatore-practice-search')
        ?.shadowRoot?.querySelector('form');
      if (form) window.__rendered = performance.now();
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.goto(`http://127.0.0.1:${sitePort}/portale.html`);
  await page.waitForFunction(() => window.__rendered !== undefined, undefined, { timeout: 15_000 });
  const t = await page.evaluate(() => ({
    rendered: window.__rendered,
    dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
  }));
  runs.push(t);
  await context.close();
}
await browser.close();
child.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });

// The first load warms Chromium's caches; report the median of the rest.
const rest = runs.slice(1);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rendered = median(rest.map((r) => r.rendered));
const dcl = median(rest.map((r) => r.dcl));
console.log('\nFirst render of <pagatore-portal> on the example page (localhost, median of 6 warm loads)');
console.log(`  page DOMContentLoaded (baseline) ${dcl.toFixed(0).padStart(5)} ms`);
console.log(
  `  portal search form rendered      ${rendered.toFixed(0).padStart(5)} ms   (${(rendered / dcl).toFixed(2)}× DOMContentLoaded)   target < 300 ms: ${rendered < 300 ? 'met' : 'MISSED'}`,
);
