// A read-only view of the soak's database on either engine: an SQLite file (better-sqlite3,
// read-only) or a PostgreSQL URL (pg). The SQL is written once with `?` placeholders; counts and
// bigint ids come back as numbers on both.
import Database from 'better-sqlite3';

/** True for a `postgres://` or `postgresql://` URL. */
export const isPostgresUrl = (url) => /^postgres(ql)?:\/\//.test(url);

/**
 * @param {string} database an SQLite file (a path or a `file:` URL) or a `postgres://` URL
 * @returns {Promise<{ all(sql: string, ...params: unknown[]): Promise<any[]>, get(sql: string, ...params: unknown[]): Promise<any>, close(): Promise<void> }>}
 */
export async function openReader(database) {
  if (!isPostgresUrl(database)) {
    const db = new Database(database.replace(/^file:/, ''), {
      readonly: true,
      fileMustExist: true,
      timeout: 10_000,
    });
    return {
      all: async (sql, ...params) => db.prepare(sql).all(...params),
      get: async (sql, ...params) => db.prepare(sql).get(...params),
      close: async () => db.close(),
    };
  }
  const { default: pg } = await import('pg');
  const asNumber = (v) => Number(v);
  const types = {
    getTypeParser: (oid, format) =>
      oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC
        ? asNumber
        : pg.types.getTypeParser(oid, format),
  };
  const pool = new pg.Pool({ connectionString: database, max: 2, types });
  // An idle connection ended by the server is dropped by the pool, not thrown at the process.
  pool.on('error', () => undefined);
  const all = async (sql, ...params) => {
    let n = 0;
    return (
      await pool.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      )
    ).rows;
  };
  return {
    all,
    get: async (sql, ...params) => (await all(sql, ...params))[0],
    close: () => pool.end(),
  };
}
