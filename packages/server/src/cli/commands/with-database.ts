/** Opens DATABASE_URL (migrated) for one CLI command and closes it afterwards. */
import { type FieldError } from '@pagatore/sdk';
import { fieldMessage } from '../../core/messages.js';
import { loadConfig } from '../../config/index.js';
import { type DatabaseHandle, migrate, openDatabase } from '../../db/database.js';
import type { EntityRow } from '../../db/schema/index.js';
import { findEntity } from '../../entities/entities.js';

export async function withDatabase<T>(fn: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  // Only DATABASE_URL matters to entity commands; the mode rules are for serving.
  const config = loadConfig(process.env, { mode: 'demo' });
  const handle = await openDatabase(config.databaseUrl);
  try {
    await migrate(handle.db);
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

/**
 * withDatabase for a command about one entity: an unknown code is said on stderr and exits 1, the
 * CLI's "not found", before the command does anything.
 */
export function withEntity(
  code: string,
  fn: (handle: DatabaseHandle, entity: EntityRow) => Promise<number>,
): Promise<number> {
  return withDatabase(async (handle) => {
    const entity = await findEntity(handle.db, code);
    if (!entity) {
      console.error(`No entity ${code}.`);
      return 1;
    }
    return fn(handle, entity);
  });
}

/** Field errors as lines an operator reads. */
export function fieldLines(fields: FieldError[]): string[] {
  return fields.map((f) => `  ${f.path || '(input)'}: ${f.code} — ${fieldMessage(f.code, 'en')}`);
}
