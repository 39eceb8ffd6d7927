// A small closed-loop HTTP load generator: N connections, each sending the next request as soon as
// the previous answer is read. Reports requests per second and latency percentiles.
import http from 'node:http';

/**
 * @param {{ url: string, paths: string[], headers?: Record<string,string>, connections: number, warmupMs: number, durationMs: number }} o
 */
export async function load(o) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections });
  const target = new URL(o.url);
  let i = 0;
  const once = () =>
    new Promise((resolve, reject) => {
      const path = o.paths[i++ % o.paths.length];
      const req = http.request(
        { host: target.hostname, port: target.port, path, agent, headers: o.headers },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        },
      );
      req.on('error', reject);
      req.end();
    });
  let recording = false;
  let stop = false;
  const latencies = [];
  let errors = 0;
  const worker = async () => {
    while (!stop) {
      const t = performance.now();
      const status = await once();
      if (recording) {
        latencies.push(performance.now() - t);
        if (status !== 200) errors++;
      }
    }
  };
  const workers = Array.from({ length: o.connections }, worker);
  await new Promise((r) => setTimeout(r, o.warmupMs));
  recording = true;
  const start = performance.now();
  await new Promise((r) => setTimeout(r, o.durationMs));
  recording = false;
  const elapsed = performance.now() - start;
  stop = true;
  await Promise.all(workers);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return {
    requests: latencies.length,
    rps: (latencies.length / elapsed) * 1000,
    p50: pct(50),
    p99: pct(99),
    errors,
  };
}
