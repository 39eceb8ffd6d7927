// Widgets: bundle sizes (min and min+gzip of the all-in-one bundle and of each tag alone, beside
// Lit itself as the baseline) and the time to first render of the portal on the example page,
// beside the page's own DOMContentLoaded in the same run. Goals: pagatore.js ≤ 50 KB min+gz, every
// citizen file (all screens, three languages) ≤ 80 KB min+gz, first render ≤ 1.1× DOMContentLoaded.
// The staff console (console.js) is a separate bundle for the entity's staff, loaded by the console
// page only: listed, not counted. Uses the built packages (`npm run build` first).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { figure, QUICK } from './lib/report.mjs';

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
const dist = join(widgets, 'dist/bundle');
const files = readdirSync(dist).filter((f) => f.endsWith('.js'));
const size = (f) => {
  const b = readFileSync(join(dist, f));
  return { min: b.length, gz: gz(b) };
};
const all = size('pagatore.js');
const lit = await bundle(`import { LitElement, html } from 'lit'; export { LitElement, html };`, widgets);
const row = (label, min, gzip, note = '') =>
  console.log(
    `  ${label.padEnd(34)} ${kb(min).padStart(9)} / ${kb(gzip).padStart(8)}${note ? `   ${note}` : ''}`,
  );
row('lit alone (baseline)', lit.length, gz(lit));
row(
  'pagatore.js (all-in-one entry)',
  all.min,
  all.gz,
  `${(all.gz / gz(lit)).toFixed(1)}× lit; target ≤ 50 KB gz: ${all.gz <= 50 * 1024 ? 'met' : 'MISSED'}`,
);
console.log('  fetched by pagatore.js when first needed (screens, languages, password list):');
let lazyMin = 0;
let lazyGz = 0;
for (const f of files.filter((f) => f !== 'pagatore.js' && f !== 'console.js').sort()) {
  const s = size(f);
  lazyMin += s.min;
  lazyGz += s.gz;
  row(`  ${f.replace(/^pagatore\.|-[\w-]{8}\.js$/g, '')}`, s.min, s.gz);
}
const everyGz = all.gz + lazyGz;
row(
  'every citizen file, all screens and languages',
  all.min + lazyMin,
  everyGz,
  `goal ≤ 80 KB gz: ${everyGz <= 80 * 1024 ? 'met' : 'MISSED'}`,
);
if (files.includes('console.js')) {
  const c = size('console.js');
  row('console.js (staff console, not counted)', c.min, c.gz);
}
figure({
  area: 'widgets',
  name: 'pagatore.js (first screen), min+gzip',
  value: kb(all.gz),
  baseline: `lit alone ${kb(gz(lit))}`,
  goal: '≤ 50 KB',
  ok: all.gz <= 50 * 1024,
});
figure({
  area: 'widgets',
  name: 'every citizen file (all screens, 3 languages), min+gzip',
  value: kb(everyGz),
  baseline: 'staff console.js not counted',
  goal: '≤ 80 KB',
  ok: everyGz <= 80 * 1024,
});
// Each tag bundled alone is for information (no goal): the quick run leaves it out.
if (!QUICK) console.log('  each tag alone with the provider, everything inlined (for a bundler):');
const components = QUICK ? [] : readdirSync(join(widgets, 'src/components')).sort();
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
/** Page loads: the first warms Chromium's caches, the median of the others is reported. */
const LOADS = QUICK ? 4 : 7;
const runs = [];
for (let i = 0; i < LOADS; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    const tick = () => {
      const form = document
        .querySelector('pagatore-portal')
        ?.shadowRoot?.querySelector('pagatore-practice-search')
        ?.shadowRoot?.querySelector('form');
      if (form) {
        window.__rendered = performance.now();
        window.__scripts = performance
          .getEntriesByType('resource')
          .filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js')).length;
      } else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.goto(`http://127.0.0.1:${sitePort}/pagamenti.html`);
  await page.waitForFunction(() => window.__rendered !== undefined, undefined, { timeout: 15_000 });
  const t = await page.evaluate(() => ({
    rendered: window.__rendered,
    scripts: window.__scripts,
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
console.log(
  `\nFirst render of <pagatore-portal> on the example page (localhost, median of ${rest.length} warm loads)`,
);
console.log(`  scripts fetched before it          ${String(median(rest.map((r) => r.scripts))).padStart(5)}`);
console.log(`  page DOMContentLoaded (baseline) ${dcl.toFixed(0).padStart(5)} ms`);
console.log(
  `  portal search form rendered      ${rendered.toFixed(0).padStart(5)} ms   (${(rendered / dcl).toFixed(2)}× DOMContentLoaded)   goal ≤ 1.1×: ${rendered / dcl <= 1.1 ? 'met' : 'MISSED'}`,
);
figure({
  area: 'widgets',
  name: 'first render of the portal search form / DOMContentLoaded',
  value: `${(rendered / dcl).toFixed(2)}× (${rendered.toFixed(0)} ms)`,
  baseline: `DOMContentLoaded ${dcl.toFixed(0)} ms (median of ${rest.length} warm loads)`,
  goal: '≤ 1.1×',
  ok: rendered / dcl <= 1.1,
});
