// A small HTTP load generator over N connections. Closed loop (the default): each connection sends
// the next request as soon as the previous answer is read, which measures throughput; its latencies
// are those of a saturated server (by Little's law p50 is about connections / throughput).
// Fixed rate (`rate`, requests per second): requests are due at even intervals whatever the answers,
// the connections take them in turn, and each latency counts from when the request was due, so a
// request that waited for a free connection counts its wait (corrected for coordinated omission, as
// wrk2 does): the latency a client sees at that offered load.
// Only requests sent (closed loop) or due (fixed rate) after the warm-up are recorded, and at its
// end a fixed rate's schedule starts again from that moment: requests the warm-up left unsent (a
// new process compiling its code falls behind) are dropped and counted in `dropped`, so that the
// latencies are the steady state's and not the start's backlog carried into the measurement.
// Several `urls` (server processes) share the connections in turn, as a load balancer would.
import http from 'node:http';

/**
 * @param {{
 *   url?: string, urls?: string[],
 *   paths?: string[], headers?: Record<string,string>,
 *   request?: (i: number) => { path: string, method?: string, headers?: Record<string,string>, body?: string },
 *   connections: number, warmupMs: number, durationMs: number, rate?: number,
 * }} o
 */
export async function load(o) {
  const targets = (o.urls ?? [o.url]).map((u) => {
    const url = new URL(u);
    const perTarget = Math.ceil(o.connections / (o.urls?.length ?? 1));
    return { url, agent: new http.Agent({ keepAlive: true, maxSockets: perTarget }) };
  });
  const next = o.request ?? ((i) => ({ path: o.paths[i % o.paths.length], headers: o.headers }));
  let i = 0;
  const once = (target) =>
    new Promise((resolve, reject) => {
      const r = next(i++);
      const headers = { ...(r.headers ?? {}) };
      if (r.body !== undefined) headers['content-length'] = Buffer.byteLength(r.body);
      const req = http.request(
        {
          host: target.url.hostname,
          port: target.url.port,
          path: r.path,
          method: r.method ?? 'GET',
          agent: target.agent,
          headers,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        },
      );
      req.on('error', reject);
      req.end(r.body);
    });
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
    const target = targets[k % targets.length];
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
      const status = await once(target);
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
    const due = Math.floor(((start - begin) * o.rate) / 1000);
    dropped = Math.max(0, due - slot);
    begin = start;
    slot = 0;
  }
  recordFrom = start;
  recording = true;
  await new Promise((r) => setTimeout(r, o.durationMs));
  recording = false;
  const elapsed = performance.now() - start;
  stop = true;
  await Promise.all(workers);
  for (const t of targets) t.agent.destroy();
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
