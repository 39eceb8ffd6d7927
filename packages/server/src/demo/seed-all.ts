/**
 * Everything the demo shows, in order: the entity, then what each area adds (positions and
 * services, citizen accounts, the console's staff). Idempotent; demo mode only.
 */
import type { Config } from '../config/index.js';
import type { Db } from '../db/database.js';
import { seedDemoAccounts } from './seed-accounts.js';
import { seedDemoPositions } from './seed-positions.js';
import { seedDemoPractices } from './seed-practices.js';
import { seedDemoEntity } from './seed.js';
import { seedDemoStaff } from './seed-staff.js';

/** Lines `npm start` prints about the demo data (credentials, codes). */
export type DemoNotes = string[];

export async function seedDemo(db: Db, config: Config): Promise<DemoNotes> {
  const notes: DemoNotes = [];
  await seedDemoEntity(db, config);
  notes.push(...(await seedDemoAccounts(db)));
  notes.push(...(await seedDemoPractices(db)));
  notes.push(...(await seedDemoPositions(db)));
  notes.push(...(await seedDemoStaff(db, config.publicUrl)));
  return notes;
}
