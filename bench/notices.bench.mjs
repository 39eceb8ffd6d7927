// Payment notices: notices per second for a single payment and for a rata unica + 3 instalments
// (with and without the Bollettino Postale PA), beside the fastest way to produce the same bytes
// (`baseline` below: every object made once, only the content streams deflated again and the file
// assembled per notice); then 10,000 notices in one streamed ZIP with the peak RSS, written as the
// CLI writes it (to a file) and downloaded over HTTP from the admin route (POST /api/v1/admin/notices,
// the server in a process of its own on 127.0.0.1 over an SQLite file of 10,000 imported positions:
// the download is read to its end, checked as a ZIP with one entry per position, and the server
// process's peak RSS read from /proc/<pid>/status, VmHWM). Rates are per core: CPU time of this
// process (user + system), so other work on the machine skews them less; wall time is shown too.
// Goals: >= 200 notices/s per core for every kind, < 300 MB peak RSS (the CLI's process, the
// server's). Uses the built packages (npm run build). BENCH_NOTICES (default 10,000; --quick 1,000)
// and BENCH_SECONDS (default 5 per case; --quick 1) shorten a run.
import { startServerProcess } from './lib/server-process.mjs';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync, inflateSync } from 'node:zlib';
import { buildNav } from '@pagatore/sdk';
import {
  createApiKey,
  DEMO_ENTITY,
  importPositions,
  loadConfig,
  migrate,
  noticesZip,
  openDatabase,
  renderNotice,
  seedDemoEntity,
  writeNoticesZip,
} from '@pagatore/server';
import { writeCsv } from './lib/positions.mjs';
import { figure, size } from './lib/report.mjs';

/** pdf-lib for the baseline (loaded by the rate measurements only). */
let baselineLibs;
const TOTAL = size('BENCH_NOTICES', 10_000, 1_000);
const SECONDS = size('BENCH_SECONDS', 5, 1);
const dir = mkdtempSync(join(tmpdir(), 'pagatore-bench-notices-'));
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

// --- Baseline: the same bytes with everything but the page content streams made once --------
/**
 * The fastest way to produce a notice's bytes: its PDF (rendered once) taken apart, every object
 * but the pages' content streams serialised once (fonts, code images, artwork, page tree), and for
 * each notice the content streams deflated again (they differ from notice to notice) and the file
 * assembled with its cross-reference table. What bounds it: deflating the content streams and
 * copying the bytes. The product also lays out the text, encodes the codes and builds the objects.
 */
async function baselineParts(kind) {
  const { PDFDocument, PDFName, PDFRawStream, PDFRef } = baselineLibs.pdfLib;
  const pdf = await renderNotice(notice(kind, 7));
  const doc = await PDFDocument.load(pdf);
  const ctx = doc.context;
  const contents = new Set();
  for (const page of doc.getPages()) {
    const c = page.node.get(PDFName.of('Contents'));
    if (c instanceof PDFRef) contents.add(c.objectNumber);
  }
  const objects = [];
  for (const [ref, obj] of ctx.enumerateIndirectObjects()) {
    if (contents.has(ref.objectNumber) && obj instanceof PDFRawStream) {
      objects.push({ n: ref.objectNumber, content: inflateSync(obj.contents) });
    } else {
      const head = `${ref.objectNumber} 0 obj\n`;
      const bytes = new Uint8Array(head.length + obj.sizeInBytes() + 8);
      bytes.set(Buffer.from(head), 0);
      obj.copyBytesInto(bytes, head.length);
      bytes.set(Buffer.from('\nendobj\n'), head.length + obj.sizeInBytes());
      objects.push({ n: ref.objectNumber, bytes });
    }
  }
  objects.sort((a, b) => a.n - b.n);
  const trailer = `trailer\n<< /Size ${ctx.largestObjectNumber + 1} /Root ${ctx.trailerInfo.Root} /Info ${ctx.trailerInfo.Info} >>\n`;
  return { objects, trailer };
}

function baseline({ objects, trailer }) {
  const parts = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let at = parts[0].length;
  const offsets = [];
  for (const o of objects) {
    offsets.push([o.n, at]);
    if (o.bytes) {
      parts.push(o.bytes);
      at += o.bytes.length;
      continue;
    }
    const z = deflateSync(o.content, { level: 1 });
    const head = Buffer.from(`${o.n} 0 obj\n<< /Filter /FlateDecode /Length ${z.length} >>\nstream\n`);
    const tail = Buffer.from('\nendstream\nendobj\n');
    parts.push(head, z, tail);
    at += head.length + z.length + tail.length;
  }
  let xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const [, off] of offsets) xref += `${String(off).padStart(10, '0')} 00000 n \n`;
  parts.push(Buffer.from(`${xref}${trailer}startxref\n${at}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/** A process's memory figure from /proc/<pid>/status (VmRSS, VmHWM), in bytes; NaN when unknown. */
function procMemory(pid, field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * Reads a download to its end, counting its bytes and keeping its last `keep` bytes (the ZIP's
 * central directory and end record), and the first four.
 */
function download(url, body, headers, keep) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers }, (res) => {
      let bytes = 0;
      let head = null;
      let tail = [];
      let tailBytes = 0;
      res.on('data', (d) => {
        bytes += d.length;
        head ??= Buffer.from(d.subarray(0, 4));
        tail.push(d);
        tailBytes += d.length;
        while (tailBytes - tail[0].length >= keep) tailBytes -= tail.shift().length;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode, complete: res.complete, bytes, head, tail: Buffer.concat(tail) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The entries of a ZIP from its last bytes: the end record's count, and the central directory's
 * headers walked one by one (each must be where the previous one ends, the directory where the end
 * record says). Throws for anything that is not a whole archive.
 */
function zipEntries(totalBytes, tail) {
  const at = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (at < 0) throw new Error('no end of central directory record');
  const entries = tail.readUInt16LE(at + 10);
  const cdSize = tail.readUInt32LE(at + 12);
  const cdOffset = tail.readUInt32LE(at + 16);
  const tailStart = totalBytes - tail.length;
  if (cdOffset + cdSize !== tailStart + at)
    throw new Error('central directory not where the end record says');
  let p = cdOffset - tailStart;
  if (p < 0) throw new Error('central directory longer than the bytes kept');
  let walked = 0;
  while (p < at) {
    if (tail.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory header at ${p}`);
    p += 46 + tail.readUInt16LE(p + 28) + tail.readUInt16LE(p + 30) + tail.readUInt16LE(p + 32);
    walked++;
  }
  if (walked !== entries)
    throw new Error(`central directory has ${walked} headers, end record says ${entries}`);
  return entries;
}

/**
 * The same batch downloaded from the admin route: positions imported into an SQLite file, the
 * server started on it in its own process, the ZIP read to its end over HTTP.
 */
async function httpBatch() {
  const file = join(dir, 'http.sqlite');
  const databaseUrl = `file:${file}`;
  const handle = await openDatabase(databaseUrl);
  await migrate(handle.db);
  await seedDemoEntity(handle.db, loadConfig({}, { mode: 'demo', databaseUrl, logLevel: 'silent' }));
  const csv = join(dir, 'positions.csv');
  await writeCsv(csv, TOTAL);
  const entity = await handle.db
    .selectFrom('entities')
    .selectAll()
    .where('code', '=', DEMO_ENTITY.code)
    .executeTakeFirstOrThrow();
  const imported = await importPositions(handle.db, entity, createReadStream(csv), { format: 'csv' });
  if (imported.created !== TOTAL) throw new Error(`import created ${imported.created} of ${TOTAL}`);
  const { key } = await createApiKey(handle.db, DEMO_ENTITY.code, 'bench', new Date());
  await handle.close();

  const { child: server, port } = await startServerProcess('serve-pagatore.mjs', [file]);
  try {
    const idle = procMemory(server.pid, 'VmRSS');
    let sampled = idle;
    const timer = setInterval(() => {
      sampled = Math.max(sampled, procMemory(server.pid, 'VmRSS') || 0);
    }, 50);
    const t0 = performance.now();
    const got = await download(
      `http://127.0.0.1:${port}/api/v1/admin/notices`,
      JSON.stringify({ format: 'zip' }),
      { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      // The central directory: some 60 bytes per entry, and the end record.
      TOTAL * 128 + 64 * 1024,
    );
    const wall = (performance.now() - t0) / 1000;
    clearInterval(timer);
    // Read before the process ends: the high-water mark of its resident memory, over its whole life.
    const peak = procMemory(server.pid, 'VmHWM');
    let entries = 0;
    let problem = '';
    try {
      if (got.status !== 200) throw new Error(`status ${got.status}`);
      if (!got.complete) throw new Error('download cut short');
      if (got.head?.readUInt32LE(0) !== 0x04034b50)
        throw new Error('does not start with a local file header');
      entries = zipEntries(got.bytes, got.tail);
      if (entries !== TOTAL) throw new Error(`${entries} entries, ${TOTAL} expected`);
    } catch (e) {
      problem = e.message;
    }
    const ok = !problem && peak < 300e6;
    console.log(
      `HTTP download of ${fmt(TOTAL)} notices (POST /api/v1/admin/notices) → ZIP ${fmt(got.bytes / 1e6, 1)} MB, ` +
        `${fmt(entries)} entries in ${fmt(wall, 1)} s wall${problem ? ` — NOT A VALID ZIP: ${problem}` : ''}; ` +
        `server peak RSS ${fmt(peak / 1e6)} MB (VmHWM; idle before the request ${fmt(idle / 1e6)} MB, ` +
        `highest sampled every 50 ms ${fmt(sampled / 1e6)} MB)`,
    );
    console.log(`server peak RSS goal (< 300 MB): ${ok ? 'met' : 'MISSED'}`);
    figure({
      area: 'notices',
      name: `${fmt(TOTAL)} notices in one ZIP over HTTP, server peak RSS`,
      value: problem
        ? `invalid download: ${problem}`
        : `${fmt(peak / 1e6)} MB (${fmt(wall, 1)} s, ${fmt(got.bytes / 1e6)} MB)`,
      baseline: `idle server ${fmt(idle / 1e6)} MB`,
      goal: '< 300 MB',
      ok,
    });
    return ok;
  } finally {
    server.kill('SIGTERM');
    await once(server, 'exit').catch(() => {});
  }
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
  // Written as the CLI writes it.
  await writeNoticesZip(noticesZip(items()), createWriteStream(out));
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  const size = readFileSync(out).byteLength;
  console.log(
    `batch ${fmt(TOTAL)} notices (mixed: single, 3 rate, with and without bollettino) → ZIP ${fmt(size / 1e6, 1)} MB in ${fmt(wall, 1)} s wall, ` +
      `${fmt(TOTAL / ((cpu.user + cpu.system) / 1e6))} notices/s per core; peak RSS ${fmt(peak / 1e6)} MB`,
  );
  console.log(`peak RSS goal (< 300 MB): ${peak < 300e6 ? 'met' : 'MISSED'}`);
  figure({
    area: 'notices',
    name: `${fmt(TOTAL)} notices in one ZIP, peak RSS`,
    value: `${fmt(peak / 1e6)} MB (${fmt(wall, 1)} s, ${fmt(TOTAL / ((cpu.user + cpu.system) / 1e6))}/s per core)`,
    goal: '< 300 MB',
    ok: peak < 300e6,
  });
  rmSync(dir, { recursive: true, force: true });
} else {
  // The baseline's libraries load only here, so the batch process does not carry them.
  baselineLibs = { pdfLib: await import('pdf-lib') };
  const results = [];
  for (const kind of ['single', 'single+postal', 'rate3', 'rate3+postal']) {
    const ours = await measure((i) => renderNotice(notice(kind, i)));
    const parts = await baselineParts(kind);
    const raw = await measure(async () => baseline(parts));
    results.push({ kind, ours, raw });
    figure({
      area: 'notices',
      name: `${kind} notices/s per core`,
      value: `${fmt(ours.perCore)} (wall ${fmt(ours.wall)})`,
      baseline: `${fmt(raw.perCore)}/s, same bytes with objects made once`,
      goal: '>= 200',
      ok: ours.perCore >= 200,
    });
    console.log(
      `${kind.padEnd(14)} notices/s per core ${fmt(ours.perCore).padStart(5)} (wall ${fmt(ours.wall).padStart(5)})   ` +
        `same bytes, objects made once ${fmt(raw.perCore).padStart(6)} (wall ${fmt(raw.wall).padStart(6)})   ` +
        `ratio ${fmt((ours.perCore / raw.perCore) * 100)}%`,
    );
  }

  const ok = results.every((r) => r.ours.perCore >= 200);
  console.log(`rate goal (>= 200 notices/s per core, every kind): ${ok ? 'met' : 'MISSED'}`);
  // The batch runs in a fresh process so its peak RSS is its own.
  const child = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), 'batch'], {
    stdio: 'inherit',
  });
  try {
    await httpBatch();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exitCode = child.status ?? 1;
}
