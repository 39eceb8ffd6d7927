/**
 * The notices ZIP downloaded over real HTTP (the app served by Node on 127.0.0.1), where the route
 * writes the archive to Node's response itself: the archive and its headers, a client that goes
 * away stopping the work, and a failure before the first byte (a JSON error with its status) or
 * after it (the connection cut, the archive truncated).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { unzipSync } from 'fflate';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { as, position, testKey } from '../../../test/support/admin-fixtures.js';
import { decodePdf } from '../../../test/support/notice-pdf.js';
import { testEngine } from '../../../test/support/test-database.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Positions of the batch a client leaves: enough for several chunks of the archive. */
const MANY = 40;

describe('notices ZIP over HTTP', () => {
  let h: Harness;
  let key: string;
  let server: { url: string; close(): Promise<void> };

  /** POSTs a bundle request; resolves with Node's response once its head is in. */
  const post = (body: unknown, requestId: string) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest(
        `${server.url}/api/v1/admin/notices`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${key}`,
            'content-type': 'application/json',
            'x-request-id': requestId,
          },
        },
        resolve,
      );
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });

  /** The body's bytes, and whether it ended as HTTP says a complete body ends. */
  const readAll = (res: IncomingMessage) =>
    new Promise<{ bytes: Buffer; complete: boolean }>((resolve) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      const done = () => resolve({ bytes: Buffer.concat(parts), complete: res.complete });
      res.on('end', done);
      res.on('error', done);
      res.on('aborted', done);
    });

  /** Resolves once the app logged a line with `msg` for the request (the handler returned). */
  const logged = async (requestId: string, msg: string) => {
    for (;;) {
      const line = h.logger.lines.find((l) => l.requestId === requestId && l.msg === msg);
      if (line) return line;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const payLinks = async (iupds: string[]) =>
    Number(
      (
        await h.deps.db
          .selectFrom('pay_links')
          .innerJoin('positions', 'positions.id', 'pay_links.position_id')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('positions.iupd', 'in', iupds)
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** A database failure only for the pay link of one position: a notice that cannot be made. */
  const refusePayLink = async (iupd: string) => {
    const { id } = await h.deps.db
      .selectFrom('positions')
      .select('id')
      .where('iupd', '=', iupd)
      .executeTakeFirstOrThrow();
    if (testEngine() === 'postgres') {
      await sql`create function refuse_link() returns trigger language plpgsql as ${sql.lit(
        `begin if new.position_id = ${id} then raise exception 'refused'; end if; return new; end`,
      )}`.execute(h.deps.db);
      await sql`create trigger refuse_link before insert on pay_links for each row execute function refuse_link()`.execute(
        h.deps.db,
      );
      return async () => {
        await sql`drop trigger refuse_link on pay_links`.execute(h.deps.db);
        await sql`drop function refuse_link()`.execute(h.deps.db);
      };
    }
    await sql`create trigger refuse_link before insert on pay_links when new.position_id = ${sql.lit(id)}
      begin select raise(abort, 'refused'); end`.execute(h.deps.db);
    return async () => {
      await sql`drop trigger refuse_link`.execute(h.deps.db);
    };
  };

  const many = Array.from({ length: MANY }, (_, i) => `Z-${i}`);

  beforeAll(async () => {
    h = await createHarness();
    key = await testKey(h);
    const api = as(h, key);
    for (const iupd of ['Z-A', 'Z-B', ...many]) {
      const res = await api('POST', '/api/v1/admin/positions', position(iupd));
      expect(res.status, iupd).toBe(201);
    }
    server = await h.listen();
  });
  // @hono/node-server writes what it cannot send to the console (a second head on an answer the
  // route wrote itself): nothing may reach it.
  const consoleError = vi.spyOn(console, 'error');
  afterEach(() => {
    expect(consoleError).not.toHaveBeenCalled();
    consoleError.mockClear();
  });
  afterAll(async () => {
    consoleError.mockRestore();
    await server?.close();
    await h.close();
  });

  it('downloads the ZIP with its headers, the security headers and the request id', async () => {
    const res = await post({ iupds: ['Z-A', 'Z-B', 'NOPE'] }, 'zip-download-1');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="avvisi-\d+-\d{4}-\d\d-\d\d\.zip"$/,
    );
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers['x-request-id']).toBe('zip-download-1');
    const { bytes, complete } = await readAll(res);
    expect(complete).toBe(true);
    const files = unzipSync(new Uint8Array(bytes));
    expect(Object.keys(files).sort()).toEqual(['ERRORS.txt', 'Z-A.pdf', 'Z-B.pdf']);
    expect(new TextDecoder().decode(files['ERRORS.txt'])).toBe('NOPE: not found\n');
    expect(decodePdf(files['Z-A.pdf']!)[0]?.qr[0]).toMatch(
      new RegExp(`^PAGOPA\\|002\\|\\d{18}\\|${TEST_ENTITY.code}\\|15000$`),
    );
  });

  it('stops making notices when the client goes away mid-download', async () => {
    const res = await post({ iupds: many, payLinkDays: 30 }, 'zip-client-gone');
    expect(res.statusCode).toBe(200);
    // The first chunk arrives; then the client closes the connection.
    await new Promise<void>((resolve) => res.once('data', () => resolve()));
    res.destroy();
    expect((await logged('zip-client-gone', 'notice bundle cut short: client gone')).level).toBe('info');
    await logged('zip-client-gone', 'request');
    // Each notice made its pay link: the work stopped a few notices after the first chunk.
    const made = await payLinks(many);
    expect(made).toBeGreaterThan(0);
    expect(made).toBeLessThan(MANY);
    // And nothing runs on afterwards.
    await new Promise((r) => setTimeout(r, 300));
    expect(await payLinks(many)).toBe(made);
  });

  it('answers a failure before the first byte with the JSON error and its status, over HTTP and without Node', async () => {
    const undo = await refusePayLink('Z-A');
    try {
      const res = await post({ iupds: ['Z-A', 'Z-B'], payLinkDays: 30 }, 'zip-fails-first');
      expect(res.statusCode).toBe(500);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-request-id']).toBe('zip-fails-first');
      const body = JSON.parse((await readAll(res)).bytes.toString('utf8')) as Json;
      expect(body.error).toMatchObject({ code: 'internal', requestId: 'zip-fails-first' });

      const direct = await as(h, key)('POST', '/api/v1/admin/notices', { iupds: ['Z-A'], payLinkDays: 30 });
      expect(direct.status).toBe(500);
      expect(((await direct.json()) as Json).error.code).toBe('internal');
    } finally {
      await undo();
    }
  });

  it('cuts the connection when a notice fails after the first bytes: the client never holds a complete archive', async () => {
    const iupds = many.slice(0, 20);
    const undo = await refusePayLink(iupds[15]!);
    try {
      const res = await post({ iupds, payLinkDays: 30 }, 'zip-fails-later');
      expect(res.statusCode).toBe(200);
      const { bytes, complete } = await readAll(res);
      expect(complete).toBe(false);
      expect(bytes.byteLength).toBeGreaterThan(0);
      expect(() => unzipSync(new Uint8Array(bytes))).toThrow();
      const line = await logged('zip-fails-later', 'notice bundle failed after its first bytes');
      expect(line.level).toBe('error');

      // Without Node the same failure errors the Response's body.
      const direct = await as(h, key)('POST', '/api/v1/admin/notices', { iupds, payLinkDays: 30 });
      expect(direct.status).toBe(200);
      await expect(direct.arrayBuffer()).rejects.toThrow();
    } finally {
      await undo();
    }
  });
});
