import type { ColumnType, Selectable } from 'kysely';

/**
 * Practices an account holds by a link rather than by its proven fiscal code: found by search
 * (fiscal code + Codice Avviso or IUV, e.g. a parent paying a child's notice) or created by it as
 * a spontaneous payment. One row per account and position.
 */
export interface PracticeLinksTable {
  account_id: string;
  position_id: number;
  /** Copied from the position so every query can also filter by entity. */
  entity_code: string;
  origin: 'search' | 'spontaneous';
  /** The NAV or IUV the search matched (audit); null for spontaneous ones. */
  evidence: string | null;
  created_at: ColumnType<string, string, never>;
}

/** Tables of practices: practice links (found by search, created spontaneously). */
export interface PracticesTables {
  practice_links: PracticeLinksTable;
}

export type PracticeLinkRow = Selectable<PracticeLinksTable>;
