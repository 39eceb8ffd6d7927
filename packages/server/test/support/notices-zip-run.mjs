// Runs the built package's notice ZIP in a plain Node process (as the server and the CLI do) and
// prints what the test checks, as JSON: the ZIP's files, the failures reported, the worker threads
// started, whether each PDF equals the one rendered on this thread, and whether a cancelled stream
// ended its worker. argv[2]: the built index.js; argv[3]: a JSON file of { name, data } items.
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';

const { noticesZip, renderNotice } = await import(process.argv[2]);
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
process.on('worker', (w) => workers.push(w));

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

// A reader that stops after the first chunk: the worker must end.
const many = (function* () {
  for (let i = 0; i < 1000; i++) yield { name: `n${i}`, data: items[0].data };
})();
const reader = noticesZip(many).getReader();
await reader.read();
const worker = workers[workersForZip];
const exited = new Promise((resolve) => worker?.once('exit', () => resolve(true)));
await reader.cancel();
const cancelledWorkerExited = worker
  ? await Promise.race([exited, new Promise((r) => setTimeout(() => r(false), 10_000))])
  : false;

console.log(
  JSON.stringify({
    files: Object.keys(zip).sort(),
    errors: zip['ERRORS.txt'] ? new TextDecoder().decode(zip['ERRORS.txt']) : '',
    failures,
    workersForZip,
    same,
    cancelledWorkerExited,
  }),
);
