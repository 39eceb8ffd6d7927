/**
 * What a failed write means, read from the driver's error code (not its message, which differs by
 * engine, version and locale): better-sqlite3's `SqliteError` and pg's `DatabaseError` both carry
 * `code`.
 */

/** SQLite's extended result codes for a UNIQUE index or a PRIMARY KEY already holding the value. */
const SQLITE_UNIQUE = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);
/** PostgreSQL's SQLSTATE unique_violation (a unique index or primary key). */
const PG_UNIQUE_VIOLATION = '23505';

/**
 * True when `e` is the database refusing a row because a unique key (or primary key) already
 * holds its value: the sign that a concurrent request wrote first.
 */
export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== 'object' || e === null || !('code' in e)) return false;
  const { code } = e;
  return code === PG_UNIQUE_VIOLATION || (typeof code === 'string' && SQLITE_UNIQUE.has(code));
}
