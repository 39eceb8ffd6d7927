/** One stored flow revision of an entity. */
import type { Db } from '../db/database.js';
import type { FlowRow } from '../db/schema/index.js';
import { selectFlow } from '../db/stores/flows.js';

export function findFlow(db: Db, entity: string, id: number): Promise<FlowRow | undefined> {
  return selectFlow(db, entity, id);
}
