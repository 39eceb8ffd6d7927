/** Opens DATABASE_URL (migrated) for one CLI command and closes it afterwards. */
import { type FieldError } from '@pagatore/sdk';
import { fieldMessage } from '../../core/messages.js';
import { loadConfig } from '../../config/index.js';
import { type DatabaseHandle, migrate, openDatabase } from '../../db/database.js';

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

/** Field errors as lines an operator reads. */
export function fieldLines(fields: FieldError[]): string[] {
  return fields.map((f) => `  ${f.path || '(input)'}: ${f.code} — ${fieldMessage(f.code, 'en')}`);
}
