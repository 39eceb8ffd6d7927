import type { Kysely } from 'kysely';

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The Italian article the entity's name takes ("il" Comune di Esempio), null for none.
  await db.schema.alterTable('entities').addColumn('article', 'varchar(4)').execute();
  // The privacy text in other languages: JSON `{ "en": …, "de": … }`; `privacy_text` stays Italian.
  await db.schema.alterTable('entities').addColumn('privacy_texts', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('entities').dropColumn('privacy_texts').execute();
  await db.schema.alterTable('entities').dropColumn('article').execute();
}
