// Runs the built package's notice ZIP in a plain Node process (as the server and the CLI do) and
// prints what the test checks, as JSON: the ZIP's files, the failures reported, the worker threads
// started, whether each PDF equals the one rendered on this thread, whether a batch's ZIP equals byte
// for byte the archive written here from this thread's PDFs and in how many chunks it came, what a
// notice that fails to render does to the stream, and whether a cancelled stream ended its worker, as
// does an HTTP client that leaves mid-download (the ZIP written to Node's response by writeNoticesZip),
// and whether a whole download over HTTP freed every chunk once the socket had it.
// argv[2]: the built index.js; argv[3]: a JSON file of { name, data } items.
import { readFileSync } from 'node:fs';
import { createServer, get } from 'node:http';
import { unzipSync, Zip, ZipPassThrough } from 'fflate';

const { noticesZip, renderNotice, writeNoticesZip } = await import(process.argv[2]);
const logo = {
  type: 'svg',
  bytes: new Uint8Array(readFileSync(new URL('../../assets/logo-comune-esempio.svg', import.meta.url))),
};
const items = JSON.parse(readFileSync(process.argv[3], 'utf8')).map((it) => ({
  name: it.name,
  // Every notice shares the same logo bytes, as the notices of one entity do.
  data: { ...it.data, entity: { ...it.data.entity, logo } },
}));
const workers = [];
const exits = new Map();
process.on('worker', (w) => {
  workers.push(w);
  exits.set(w, new Promise((resolve) => w.once('exit', () => resolve(true))));
});
/** Whether a worker thread has ended or ends within 10 s. */
const exited = (worker) =>
  worker
    ? Promise.race([
        exits.get(worker),
        new Promise((resolve) => setTimeout(() => resolve(false), 10_000).unref()),
      ])
    : false;

const failures = [];
const zip = unzipSync(
  new Uint8Array(
    await new Response(noticesZip(items, { onFailure: (f) => failures.push(f.name) })).arrayBuffer(),
  ),
);
const same = {};
for (const it of items)
  if (zip[`${it.name}.pdf`])
    same[it.name] = Buffer.from(zip[`${it.name}.pdf`]).equals(Buffer.from(await renderNotice(it.data)));
const workersForZip = workers.length;

// A batch of printable notices (repeated and unsafe names among them) against the archive written
// here: every entry stored, dated 2026-01-01, in input order, names made safe and unique.
const batch = Array.from({ length: 24 }, (_, i) => ({
  name: i % 5 === 0 ? 'same name' : `n/${i}`,
  data: items[i % 2 === 0 ? 0 : items.length - 1].data,
}));
const chunks = [];
const reader = noticesZip(batch).getReader();
for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
const parts = [];
const reference = new Zip((err, chunk) => parts.push(chunk));
const names = new Set();
for (const it of batch) {
  const safe = `${it.name.replace(/[^A-Za-z0-9._-]+/g, '_')}.pdf`;
  let name = safe;
  for (let k = 2; names.has(name); k++) name = safe.replace(/\.pdf$/, `-${k}.pdf`);
  names.add(name);
  const entry = new ZipPassThrough(name);
  entry.mtime = new Date('2026-01-01T00:00:00Z');
  reference.add(entry);
  entry.push(await renderNotice(it.data), true);
}
reference.end();
const batchZip = {
  sameAsReference: Buffer.concat(chunks).equals(Buffer.concat(parts)),
  chunks: chunks.length,
  smallChunksBeforeLast: chunks.slice(0, -1).filter((c) => c.byteLength < 256 * 1024).length,
};

// A notice that throws while rendering (not a validation failure): the stream errors, the worker ends.
const broken = [items[0], { name: 'broken', data: { ...items[0].data, debtor: null } }, items[0]];
let renderError = '';
const brokenWorkerAt = workers.length;
try {
  await new Response(noticesZip(broken)).arrayBuffer();
} catch (e) {
  renderError = e.message.split('\n')[0];
}
const brokenWorkerExited = await exited(workers[brokenWorkerAt]);

// A reader that stops after the first chunk: the worker must end.
const many = (function* () {
  for (let i = 0; i < 1000; i++) yield { name: `n${i}`, data: items[0].data };
})();
const cancelledAt = workers.length;
const cancelled = noticesZip(many).getReader();
await cancelled.read();
await cancelled.cancel();
const cancelledWorkerExited = await exited(workers[cancelledAt]);

// Written to Node's answer to an HTTP request whose client leaves after the first chunk: the write
// ends as a premature close, and the worker ends.
const goneAt = workers.length;
const goneWrite = Promise.withResolvers();
const server = createServer((req, res) => {
  const more = (function* () {
    for (let i = 0; i < 1000; i++) yield { name: `n${i}`, data: items[0].data };
  })();
  res.writeHead(200, { 'content-type': 'application/zip' });
  writeNoticesZip(noticesZip(more), res).then(
    () => goneWrite.resolve('finished'),
    (e) => goneWrite.resolve(e.code),
  );
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
get(`http://127.0.0.1:${server.address().port}/`, (res) => res.once('data', () => res.destroy()));
const clientGone = { write: await goneWrite.promise, workerExited: await exited(workers[goneAt]) };
server.close();

// A whole download over HTTP: every chunk written to the socket is freed (detached) once written.
const sent = [];
const whole = createServer((req, res) => {
  const record = new TransformStream({
    transform(chunk, controller) {
      sent.push(chunk);
      controller.enqueue(chunk);
    },
  });
  res.writeHead(200, { 'content-type': 'application/zip' });
  writeNoticesZip(noticesZip(batch).pipeThrough(record), res);
});
await new Promise((resolve) => whole.listen(0, '127.0.0.1', resolve));
const downloaded = await new Promise((resolve) =>
  get(`http://127.0.0.1:${whole.address().port}/`, (res) => {
    const parts = [];
    res.on('data', (d) => parts.push(d));
    res.on('end', () => resolve(Buffer.concat(parts)));
  }),
);
whole.close();
const httpDownload = {
  sameAsReference: downloaded.equals(Buffer.concat(parts)),
  chunks: sent.length,
  freed: sent.filter((c) => c.byteLength === 0).length,
};

console.log(
  JSON.stringify({
    files: Object.keys(zip).sort(),
    errors: zip['ERRORS.txt'] ? new TextDecoder().decode(zip['ERRORS.txt']) : '',
    failures,
    workersForZip,
    same,
    batchZip,
    renderError,
    brokenWorkerExited,
    cancelledWorkerExited,
    clientGone,
    httpDownload,
  }),
);
