// A small closed-loop HTTP load generator: N connections, each sending the next request as soon as
// the previous answer is read. Reports requests per second and latency percentiles.
// Several `urls` (server processes) share the connections in turn, as a load balancer would.
import http from 'node:http';

/**
 * @param {{
 *   url?: string, urls?: string[],
 *   paths?: string[], headers?: Record<string,string>,
 *   request?: (i: number) => { path: string, method?: string, headers?: Record<string,string>, body?: string },
 *   connections: number, warmupMs: number, durationMs: number,
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
  let stop = false;
  const latencies = [];
  let errors = 0;
  const statuses = new Map();
  const worker = async (k) => {
    const target = targets[k % targets.length];
    while (!stop) {
      const t = performance.now();
      const status = await once(target);
      if (recording) {
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
  recording = true;
  const start = performance.now();
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
