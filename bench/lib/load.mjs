// A small HTTP load generator over N connections. Closed loop (the default): each connection sends
// the next request as soon as the previous answer is read, which measures throughput; its latencies
// are those of a saturated server (by Little's law p50 is about connections / throughput).
// Fixed rate (`rate`, requests per second): requests are due at even intervals whatever the answers,
// the connections take them in turn, and each latency counts from when the request was due, so a
// request that waited for a free connection counts its wait (corrected for coordinated omission, as
// wrk2 does): the latency a client sees at that offered load.
// Only requests sent (closed loop) or due (fixed rate) after the warm-up are recorded, and at its
// end a fixed rate's schedule goes on from that moment: requests the warm-up left unsent (a new
// process compiling its code falls behind) are dropped and counted in `dropped`, so that the
// latencies are the steady state's and not the start's backlog carried into the measurement.
// Several `urls` (server processes) share the connections in turn, as a load balancer would.
// Each connection is a plain TCP socket writing whole HTTP/1.1 requests and reading answers by their
// Content-Length (or chunks): Node's http client costs the generator several times the CPU per
// request, and on a small machine the generator shares the cores with the server, so its own delays
// would be counted as the server's latency.
import net from 'node:net';
import { QUICK } from './report.mjs';

/**
 * @param {{
 *   url?: string, urls?: string[],
 *   paths?: string[], headers?: Record<string,string>,
 *   request?: (i: number) => { path: string, method?: string, headers?: Record<string,string>, body?: string },
 *   connections: number, warmupMs: number, durationMs: number, rate?: number,
 * }} o
 */
export async function load(o) {
  const targets = (o.urls ?? [o.url]).map((u) => new URL(u));
  const next = o.request ?? ((i) => ({ path: o.paths[i % o.paths.length], headers: o.headers }));
  let i = 0;
  const text = (url, r) => {
    let head = `${r.method ?? 'GET'} ${r.path} HTTP/1.1\r\nHost: ${url.host}\r\n`;
    for (const [name, value] of Object.entries(r.headers ?? {})) head += `${name}: ${value}\r\n`;
    if (r.body !== undefined) head += `Content-Length: ${Buffer.byteLength(r.body)}\r\n`;
    return `${head}\r\n${r.body ?? ''}`;
  };
  const connections = [];
  const connection = (url) => {
    const c = connect(url);
    connections.push(c);
    return { once: () => c.request(text(url, next(i++))) };
  };
  let recording = false;
  let recordFrom = Infinity;
  let dropped = 0;
  let stop = false;
  const latencies = [];
  let errors = 0;
  const statuses = new Map();
  let begin = performance.now();
  let slot = 0;
  const worker = async (k) => {
    const target = connection(targets[k % targets.length]);
    while (!stop) {
      let t = performance.now();
      if (o.rate) {
        // The next request due. A connection free before it waits for its time, and its latency
        // counts from when it is sent (a timer's lateness is the generator's, not the server's); one
        // free only after it counts from when it was due.
        t = begin + (slot++ * 1000) / o.rate;
        const wait = t - performance.now();
        if (wait > 0) {
          await new Promise((r) => setTimeout(r, wait));
          t = performance.now();
        }
        if (stop) break;
      }
      const status = await target.once();
      if (recording && t >= recordFrom) {
        latencies.push(performance.now() - t);
        if (status !== 200) {
          errors++;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }
    }
  };
  const workers = Array.from({ length: o.connections }, (_, k) => worker(k));
  await new Promise((r) => setTimeout(r, o.warmupMs));
  const start = performance.now();
  if (o.rate) {
    // The schedule goes on from the first request due now: those due before and not yet taken are
    // dropped, and those already taken (connections waiting for their time) keep their times, so
    // none is due twice.
    const due = Math.ceil(((start - begin) * o.rate) / 1000);
    dropped = Math.max(0, due - slot);
    slot = Math.max(slot, due);
  }
  recordFrom = start;
  recording = true;
  await new Promise((r) => setTimeout(r, o.durationMs));
  recording = false;
  const elapsed = performance.now() - start;
  stop = true;
  await Promise.all(workers);
  for (const c of connections) c.close();
  latencies.sort((a, b) => a - b);
  const pct = (p) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return {
    requests: latencies.length,
    /** Every request sent, warm-up included. */
    sent: i,
    rps: (latencies.length / elapsed) * 1000,
    p50: pct(50),
    p99: pct(99),
    errors,
    statuses: Object.fromEntries(statuses),
    /** Fixed rate: requests due in the warm-up and not yet sent when it ended (not sent at all). */
    dropped,
  };
}

/**
 * The citizen's searches for `load`'s `request`: each request another citizen (its own client
 * address in X-Forwarded-For, so the per-address limit is never reached) with the fiscal code and
 * Codice Avviso of another existing practice (a hit, so the miss counters stay empty).
 * @param {string} entity
 * @param {{ nav: string, debtor_fiscal_code: string }[]} keys
 */
export function searches(entity, keys) {
  return (i) => {
    const k = keys[i % keys.length];
    return {
      method: 'POST',
      path: `/api/v1/entities/${entity}/practices/search`,
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      },
      body: JSON.stringify({ fiscalCode: k.debtor_fiscal_code, nav: k.nav }),
    };
  };
}

/**
 * One keep-alive HTTP/1.1 connection, one request at a time: `request` resolves with the answer's
 * status once its body is read, and reconnects after the server closed the connection.
 * @param {URL} url
 */
function connect(url) {
  /** @type {net.Socket | null} */
  let socket = null;
  let buf = Buffer.alloc(0);
  /** @type {{ resolve: (status: number) => void, reject: (e: Error) => void } | null} */
  let pending = null;
  const fail = (e) => {
    const p = pending;
    pending = null;
    p?.reject(e);
  };
  const answered = () => {
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = buf.toString('latin1', 0, end);
    const length = /\r\ncontent-length:[ \t]*(\d+)/i.exec(head);
    let total;
    if (length) total = end + 4 + Number(length[1]);
    else if (/\r\ntransfer-encoding:[ \t]*chunked/i.test(head)) {
      // Chunks: each "size CRLF data CRLF", the last of size 0 followed by an empty line.
      let at = end + 4;
      for (;;) {
        const eol = buf.indexOf('\r\n', at);
        if (eol < 0) return;
        const size = parseInt(buf.toString('latin1', at, eol), 16);
        if (size === 0) {
          if (buf.length < eol + 4) return;
          total = eol + 4;
          break;
        }
        at = eol + 2 + size + 2;
        if (buf.length < at) return;
      }
    } else total = end + 4;
    if (buf.length < total) return;
    buf = buf.subarray(total);
    const status = Number(head.slice(9, 12));
    if (/\r\nconnection:[ \t]*close/i.test(head)) {
      socket?.destroy();
      socket = null;
    }
    const p = pending;
    pending = null;
    p?.resolve(status);
  };
  const open = () =>
    new Promise((resolve, reject) => {
      const s = net.connect(Number(url.port), url.hostname, () => resolve(s));
      s.setNoDelay(true);
      s.on('data', (chunk) => {
        buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
        answered();
      });
      // Only the connection in use fails its request: one closed after a "Connection: close"
      // answer has none left.
      s.once('error', (e) => {
        reject(e);
        if (socket === s) fail(e);
      });
      s.once('close', () => {
        if (socket !== s) return;
        socket = null;
        fail(new Error('the server closed the connection before answering'));
      });
    });
  return {
    async request(text) {
      if (!socket) {
        buf = Buffer.alloc(0);
        socket = await open();
      }
      const s = socket;
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        s.write(text);
      });
    },
    close() {
      socket?.destroy();
      socket = null;
    },
  };
}

/**
 * How many times each load of a comparison runs, in turns (bare, ours, bare, ours): on a shared
 * 2-core machine one 10 s run of the same server varied by a third from one minute to the next (the
 * PostgreSQL bare: 4,832 and 3,039 req/s in two runs of the bench), more than the figures differ;
 * taking each side's best of its turns reads both at the machine's quieter minutes. Once in a
 * quick run.
 */
export const TURNS = QUICK ? 1 : 2;

/** The run of the highest throughput (closed loops). */
export const fastest = (runs) => runs.reduce((a, b) => (b.rps > a.rps ? b : a));

/** The run of the lowest p99 (fixed rates): the one a burst from elsewhere on the machine spared. */
export const steadiest = (runs) => runs.reduce((a, b) => (b.p99 < a.p99 ? b : a));
