import type { Kysely } from 'kysely';

// Identity providers reached through the SPID/CIE OpenID Connect Federation: the profile (`oidc`:
// an issuer and its discovery; `federation`: the provider's entity id in `issuer`, its metadata from
// the trust chain) and the Trust Anchor the chain must reach, with its pinned public keys (JWKS).

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('identity_providers')
    .addColumn('profile', 'varchar(20)', (c) => c.notNull().defaultTo('oidc'))
    .execute();
  await db.schema.alterTable('identity_providers').addColumn('trust_anchor', 'text').execute();
  await db.schema.alterTable('identity_providers').addColumn('trust_anchor_jwks', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const c of ['trust_anchor_jwks', 'trust_anchor', 'profile'])
    await db.schema.alterTable('identity_providers').dropColumn(c).execute();
}
