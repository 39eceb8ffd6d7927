// HTTP to the server under soak over at most N keep-alive connections, with the outcome of every
// request kept per kind: counts by status class, latencies, and each 5xx, PAA_SYSTEM_ERROR or
// connection error with its time, to be judged against the kill windows at the end.
import http from 'node:http';

/**
 * `gate` resolves when the server is up: a request is not sent while a killed server restarts (the
 * requests in flight at the kill fail, the next ones wait), as clients wait for a site that is down.
 * @param {{ baseUrl: string, connections: number, t0: number, gate?: () => Promise<void> }} o
 */
export function soakClient(o) {
  const target = new URL(o.baseUrl);
  // Idle sockets close after 4 s, before the server's 5 s keep-alive timeout: a request never goes
  // out on a connection the server is closing at that moment.
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: o.connections,
    maxFreeSockets: o.connections,
    timeout: 4000,
  });
  /** @type {Map<string, { n: number, s2: number, s3: number, s4: number, s5: number, err: number, ms: number[], codes: Map<string, number> }>} */
  const kinds = new Map();
  /** @type {{ kind: string, start: number, end: number, what: string }[]} */
  const failures = [];

  function statsOf(kind) {
    let s = kinds.get(kind);
    if (!s) {
      s = { n: 0, s2: 0, s3: 0, s4: 0, s5: 0, err: 0, ms: [], codes: new Map() };
      kinds.set(kind, s);
    }
    return s;
  }

  /** Counts a machine code (API error code or PAA fault) seen for a kind. */
  function code(kind, c) {
    const s = statsOf(kind);
    s.codes.set(c, (s.codes.get(c) ?? 0) + 1);
  }

  /**
   * @param {string} kind
   * @param {string} method
   * @param {string} path
   * @param {{ headers?: Record<string,string>, body?: string | Buffer, json?: unknown, timeoutMs?: number }} [opts]
   * @returns {Promise<{ status: number, headers: http.IncomingHttpHeaders, text: string, json: any, error: string | null }>}
   */
  async function request(kind, method, path, opts = {}) {
    if (o.gate) await o.gate();
    return send(kind, method, path, opts);
  }

  /**
   * Requests sent again after the keep-alive race: the server closed an idle connection just as a
   * request went out on it (reset before any answer). HTTP clients send such a request again on a
   * new connection, as browsers do; the race is counted, not judged.
   * @type {{ kind: string, start: number, end: number, what: string }[]}
   */
  const races = [];

  function send(kind, method, path, opts) {
    const headers = { ...(opts.headers ?? {}) };
    let body = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] = 'application/json';
    }
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const start = Date.now();
    const t = performance.now();
    return new Promise((resolve) => {
      let settled = false;
      const done = (status, resHeaders, text, error) => {
        if (settled) return;
        settled = true;
        const end = Date.now();
        const s = statsOf(kind);
        s.n++;
        if (error) {
          s.err++;
          failures.push({ kind, start, end, what: `connection: ${error}` });
        } else {
          s.ms.push(performance.now() - t);
          if (status >= 500) {
            s.s5++;
            failures.push({ kind, start, end, what: `HTTP ${status}: ${text.slice(0, 300)}` });
          } else if (status >= 400) s.s4++;
          else if (status >= 300) s.s3++;
          else s.s2++;
          if (text.includes('<faultCode>PAA_SYSTEM_ERROR</faultCode>'))
            failures.push({ kind, start, end, what: `PAA_SYSTEM_ERROR: ${text.slice(0, 300)}` });
        }
        let json = null;
        if (!error && /json/.test(String(resHeaders['content-type'] ?? ''))) {
          try {
            json = JSON.parse(text);
          } catch {
            json = null;
          }
        }
        const errorCode = json && typeof json === 'object' ? (json.error?.code ?? json.code) : null;
        if (typeof errorCode === 'string' && status >= 400) code(kind, errorCode);
        // A client whose connection failed pauses before going on, as a browser's user would.
        if (error) setTimeout(() => resolve({ status, headers: resHeaders, text, json, error }), 250);
        else resolve({ status, headers: resHeaders, text, json, error });
      };
      let answered = false;
      const req = http.request(
        { host: target.hostname, port: target.port, method, path, agent, headers },
        (res) => {
          answered = true;
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () =>
            done(res.statusCode ?? 0, res.headers, Buffer.concat(chunks).toString('utf8'), null),
          );
          res.on('error', (e) => done(0, {}, '', e.code ?? e.message));
        },
      );
      req.setTimeout(opts.timeoutMs ?? 120_000, () => req.destroy(new Error('timeout')));
      req.on('error', (e) => {
        const code = /** @type {any} */ (e).code ?? e.message;
        if (
          !answered &&
          !settled &&
          req.reusedSocket &&
          !opts.again &&
          (code === 'ECONNRESET' || code === 'EPIPE')
        ) {
          settled = true;
          races.push({
            kind,
            start,
            end: Date.now(),
            what: `connection: ${code} on a reused keep-alive socket`,
          });
          resolve(send(kind, method, path, { ...opts, again: true }));
          return;
        }
        done(0, {}, '', req.reusedSocket ? `${code} (reused socket)` : code);
      });
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  const sent = () => {
    let n = 0;
    for (const k of kinds.values()) n += k.n;
    return n;
  };
  return { request, code, kinds, failures, races, sent, close: () => agent.destroy() };
}

/** The p-th percentile of sorted numbers. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
