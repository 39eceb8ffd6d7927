// Payment notices: notices per second for a single payment and for a rata unica + 3
// instalments (with and without the Bollettino Postale PA), beside pdf-lib drawing the same text
// and the same code images with no layout (embedded subset fonts, drawText, embedPng); then 10,000
// notices in one streamed ZIP with the peak RSS. Rates are per core: CPU time of this process
// (user + system), so other work on the machine does not skew them; wall time is shown too.
// Targets: >= 200 notices/s per core, < 300 MB peak RSS. Uses the built packages (npm run build).
// BENCH_NOTICES (default 10,000) and BENCH_SECONDS (default 5 per case) shorten a run.
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { buildNav } from '@pagatore/sdk';
import { DEMO_ENTITY, noticesZip, posteDataMatrix, qrPayload, renderNotice } from '@pagatore/server';

/** pdf-lib, fontkit and bwip-js for the baseline (loaded by the rate measurements only). */
let baselineLibs;
const TOTAL = Number(process.env.BENCH_NOTICES ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'pagatore-bench-notices-'));
const require = createRequire(new URL('../packages/server/package.json', import.meta.url));
const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const logo = {
  type: 'svg',
  bytes: new Uint8Array(
    readFileSync(new URL('../packages/server/assets/logo-comune-esempio.svg', import.meta.url)),
  ),
};
const entity = {
  fiscalCode: DEMO_ENTITY.code,
  name: DEMO_ENTITY.name,
  sector: DEMO_ENTITY.sector,
  info: DEMO_ENTITY.info,
  cbill: 'A0EDT',
  onlineChannel: `sul sito di ${DEMO_ENTITY.name},`,
  logo,
};
const postal = {
  account: DEMO_ENTITY.postalAccount,
  holder: 'Comune di Esempio - Servizio Tesoreria',
  authorization: 'AUT. DB/SISB/E 12345 DEL 01/01/2024',
};
const DEBTORS = [
  ['RSSMRA85T10A562S', 'Mario Rossi', 'Via Roma 1, 00100 Esempio (RM)'],
  ['BSCMTT83A12L719R', 'Matteo Bosco', 'Piazza Garibaldi 12, 00100 Esempio (RM)'],
  ['02345670125', 'Esempio Costruzioni S.r.l.', 'Via dell’Industria 45, 00100 Esempio (RM)'],
];
const pay = (k, amountCents, dueDate) => {
  const { nav, iuv } = buildNav({ auxDigit: 3, code: '01' }, String(k).padStart(13, '0'));
  return { nav, iuv, amountCents, dueDate };
};

/** The i-th notice of a kind; every one has its own codes, debtor and amounts. */
function notice(kind, i) {
  const [fiscalCode, name, address] = DEBTORS[i % DEBTORS.length];
  const k = i * 4 + 1;
  const amount = 5000 + (i % 20000);
  const base = {
    entity: kind.endsWith('postal') ? { ...entity, postal } : entity,
    debtor: { fiscalCode, name, address },
    subject: `TARI 2026 utenza ${i}`,
    single: pay(k, amount * 3, '2026-12-16'),
  };
  if (kind.startsWith('rate3'))
    base.installments = [
      pay(k + 1, amount, '2026-04-30'),
      pay(k + 2, amount, '2026-08-31'),
      pay(k + 3, amount, '2026-12-16'),
    ];
  return base;
}

/** Runs `fn(i)` for SECONDS (after a warm-up); per-core rate from CPU time. */
async function measure(fn) {
  for (let i = 0; i < 50; i++) await fn(1_000_000 + i);
  globalThis.gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < SECONDS * 1000) await fn(n++);
  const cpu = process.cpuUsage(c0);
  const wall = (performance.now() - t0) / 1000;
  return { perCore: n / ((cpu.user + cpu.system) / 1e6), wall: n / wall };
}

// --- Baseline: pdf-lib drawing the same strings and the same code images, no layout ---------
const FONT_FILES = [
  '@expo-google-fonts/titillium-web/400Regular/TitilliumWeb_400Regular.ttf',
  '@expo-google-fonts/titillium-web/700Bold/TitilliumWeb_700Bold.ttf',
  '@expo-google-fonts/roboto-mono/400Regular/RobotoMono_400Regular.ttf',
  '@expo-google-fonts/roboto-mono/700Bold/RobotoMono_700Bold.ttf',
].map((f) => readFileSync(require.resolve(f)));

/** What a notice of this kind draws: its text lines (read back with pdftotext) and its codes as PNGs. */
async function baselineContent(kind) {
  const d = notice(kind, 7);
  const pdf = await renderNotice(d);
  writeFileSync(join(dir, 'b.pdf'), pdf);
  const text = execFileSync('pdftotext', ['-layout', join(dir, 'b.pdf'), '-'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const options = [d.single, ...(d.installments ?? [])];
  const png = (bcid, text) =>
    baselineLibs.bwipjs.toBuffer({
      bcid,
      text,
      scale: 3,
      paddingwidth: 4,
      paddingheight: 4,
      backgroundcolor: 'FFFFFF',
      ...(bcid === 'qrcode' ? { eclevel: 'M', version: '4' } : {}),
    });
  const images = [];
  for (const p of options) {
    images.push(await png('qrcode', qrPayload(p.nav, entity.fiscalCode, p.amountCents)));
    if (d.entity.postal)
      images.push(
        await png(
          'datamatrix',
          posteDataMatrix({
            nav: p.nav,
            postalAccount: postal.account,
            cents: p.amountCents,
            entityFiscalCode: entity.fiscalCode,
            debtorFiscalCode: d.debtor.fiscalCode,
            debtorName: d.debtor.name,
            subject: d.subject,
          }),
        ),
      );
  }
  return {
    lines,
    images,
    pages: Number(
      /Pages:\s+(\d+)/.exec(
        execFileSync('pdfinfo', [join(dir, 'b.pdf')], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }),
      )?.[1] ?? 1,
    ),
  };
}

async function baseline({ lines, images, pages }) {
  const doc = await baselineLibs.PDFDocument.create();
  doc.registerFontkit(baselineLibs.fontkit);
  const fonts = [];
  for (const bytes of FONT_FILES) fonts.push(await doc.embedFont(bytes, { subset: true }));
  const perPage = Math.ceil(lines.length / pages);
  let page;
  lines.forEach((line, i) => {
    if (i % perPage === 0) page = doc.addPage([595.28, 841.89]);
    page.drawText(line, { x: 28, y: 800 - (i % perPage) * 11, size: 8, font: fonts[i % 4] });
  });
  for (const [i, img] of images.entries()) {
    const e = await doc.embedPng(img);
    page.drawImage(e, { x: 28 + (i % 6) * 90, y: 40, width: 71, height: 71 });
  }
  return doc.save();
}

if (process.argv[2] === 'batch') {
  // --- 10,000 notices in one streamed ZIP ----------------------------------------------------
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const kinds = ['single', 'rate3', 'single+postal', 'rate3+postal'];
  function* items() {
    for (let i = 0; i < TOTAL; i++)
      yield { name: `N-${i}`, data: notice(kinds[i % kinds.length], 2_000_000 + i) };
  }
  const out = join(dir, 'notices.zip');
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await pipeline(Readable.fromWeb(noticesZip(items())), createWriteStream(out));
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  const size = readFileSync(out).byteLength;
  console.log(
    `batch ${fmt(TOTAL)} notices (mixed: single, 3 rate, with and without bollettino) → ZIP ${fmt(size / 1e6, 1)} MB in ${fmt(wall, 1)} s wall, ` +
      `${fmt(TOTAL / ((cpu.user + cpu.system) / 1e6))} notices/s per core; peak RSS ${fmt(peak / 1e6)} MB`,
  );
  console.log(`peak RSS target (< 300 MB): ${peak < 300e6 ? 'met' : 'NOT met'}`);
  rmSync(dir, { recursive: true, force: true });
} else {
  // The baseline's libraries load only here, so the batch process does not carry them.
  baselineLibs = {
    fontkit: (await import('@pdf-lib/fontkit')).default,
    bwipjs: (await import('bwip-js/node')).default,
    PDFDocument: (await import('pdf-lib')).PDFDocument,
  };
  const results = [];
  for (const kind of ['single', 'single+postal', 'rate3', 'rate3+postal']) {
    const ours = await measure((i) => renderNotice(notice(kind, i)));
    const content = await baselineContent(kind);
    const raw = await measure(() => baseline(content));
    results.push({ kind, ours, raw });
    console.log(
      `${kind.padEnd(14)} notices/s per core ${fmt(ours.perCore).padStart(5)} (wall ${fmt(ours.wall).padStart(5)})   ` +
        `pdf-lib same text+images, no layout ${fmt(raw.perCore).padStart(5)} (wall ${fmt(raw.wall).padStart(5)})   ` +
        `ratio ${fmt((ours.perCore / raw.perCore) * 100)}%`,
    );
  }

  const ok = results.every((r) => r.kind.includes('postal') || r.ours.perCore >= 200);
  console.log(`rate target (>= 200 notices/s per core, single and 3 rate): ${ok ? 'met' : 'NOT met'}`);
  rmSync(dir, { recursive: true, force: true });
  // The batch runs in a fresh process so its peak RSS is its own.
  const child = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), 'batch'], {
    stdio: 'inherit',
  });
  process.exitCode = child.status ?? 1;
}
