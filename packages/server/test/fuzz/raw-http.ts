/**
 * A raw HTTP/1.1 client over a TCP socket to 127.0.0.1: the fuzz suite writes request bytes itself,
 * so it can send what `fetch` refuses to (a Content-Length that lies, headers with raw bytes, a
 * malformed request target) and read the first answer whatever follows it.
 */
import { connect } from 'node:net';

export interface RawRequest {
  method: string;
  /** The request target exactly as written on the request line. */
  target: string;
  /** Header lines, in order; a value is written as latin1 bytes. */
  headers: [string, string][];
  body?: Buffer;
  /** Half-close the socket after writing (a client that stops sending mid-body). */
  halfClose?: boolean;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** The first response in the bytes read so far; `ended` when the server closed the connection. */
function parse(buf: Buffer, ended = false): RawResponse | null {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? '');
  if (!m) throw new Error(`not an HTTP response: ${JSON.stringify(head[0])}`);
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const rest = buf.subarray(end + 4);
  const status = Number(m[1]);
  if (headers['transfer-encoding']?.includes('chunked')) {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const nl = rest.indexOf('\r\n', at);
      if (nl < 0) return null;
      const size = parseInt(rest.subarray(at, nl).toString('latin1'), 16);
      if (Number.isNaN(size)) throw new Error('bad chunk size');
      if (size === 0) return { status, headers, body: Buffer.concat(parts) };
      if (rest.length < nl + 2 + size + 2) return null;
      parts.push(rest.subarray(nl + 2, nl + 2 + size));
      at = nl + 2 + size + 2;
    }
  }
  const length = headers['content-length'];
  if (length !== undefined) {
    const n = Number(length);
    if (rest.length < n) return null;
    return { status, headers, body: rest.subarray(0, n) };
  }
  if (status === 204 || status === 304) return { status, headers, body: Buffer.alloc(0) };
  return ended ? { status, headers, body: rest } : null;
}

/**
 * Sends one request on a new connection and resolves with the first response, or null when the
 * server closed the connection without answering (only acceptable for a request it could not read).
 */
export function rawRequest(port: number, req: RawRequest, timeoutMs = 30_000): Promise<RawResponse | null> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (r: RawResponse | null, err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(r);
    };
    const timer = setTimeout(
      () => finish(null, new Error(`no answer in ${timeoutMs} ms to ${req.method} ${req.target}`)),
      timeoutMs,
    );
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      try {
        const r = parse(Buffer.concat(chunks));
        if (r) finish(r);
      } catch (e) {
        finish(null, e as Error);
      }
    });
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      if (all.length === 0) return finish(null);
      try {
        const r = parse(all, true);
        if (r) finish(r);
        else finish(null, new Error(`truncated response to ${req.method} ${req.target}`));
      } catch (e) {
        finish(null, e as Error);
      }
    });
    socket.on('error', (e) => {
      // A reset after the answer was read is fine; before it, the server dropped the request.
      if (chunks.length === 0 && (e as NodeJS.ErrnoException).code === 'ECONNRESET') finish(null);
      else finish(null, e);
    });
    socket.on('connect', () => {
      const lines = [`${req.method} ${req.target} HTTP/1.1`, ...req.headers.map(([k, v]) => `${k}: ${v}`)];
      socket.write(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'));
      if (req.body && req.body.length > 0) socket.write(req.body);
      if (req.halfClose) socket.end();
    });
  });
}
