import type { ColumnType, Selectable } from 'kysely';

/** A "Paga ora" link: the SHA-256 of its opaque token and the practice it opens. */
export interface PayLinksTable {
  /** Public id (`pl_…`), to revoke or audit a link without knowing its token. */
  id: string;
  entity_code: string;
  position_id: number;
  /** The installment it opens (0: the single payment); null: the practice as a whole. */
  installment: number | null;
  token_hash: string;
  created_at: ColumnType<string, string, never>;
  expires_at: string;
  revoked_at: string | null;
  opened_count: ColumnType<number, number | undefined, number>;
  last_opened_at: string | null;
}

export interface PayLinkTables {
  pay_links: PayLinksTable;
}

export type PayLinkRow = Selectable<PayLinksTable>;
