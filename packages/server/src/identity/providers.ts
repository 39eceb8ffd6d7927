/** The identity providers an entity configured: stored, listed, shown (never the secret). */
import type { IdentityProviderPublic, IdentityProviderView } from '@pagatore/sdk';
import type * as v from 'valibot';
import type { IdentityProviderInput } from '@pagatore/sdk';
import type { Db } from '../db/database.js';
import type { IdentityProviderRow } from '../db/schema/index.js';

type Input = v.InferOutput<typeof IdentityProviderInput>;

/** The URL a provider sends the browser back to, to register with it. */
export function redirectUriOf(publicUrl: string, entity: string): string {
  return `${publicUrl}/api/v1/entities/${encodeURIComponent(entity)}/identity/callback`;
}

export function listProviders(db: Db, entity: string, onlyEnabled = false): Promise<IdentityProviderRow[]> {
  let q = db.selectFrom('identity_providers').selectAll().where('entity_code', '=', entity);
  if (onlyEnabled) q = q.where('enabled', '=', 1);
  return q.orderBy('kind', 'desc').orderBy('name').execute();
}

export function findProvider(db: Db, entity: string, code: string): Promise<IdentityProviderRow | undefined> {
  return db
    .selectFrom('identity_providers')
    .selectAll()
    .where('entity_code', '=', entity)
    .where('code', '=', code)
    .executeTakeFirst();
}

/** Creates or replaces a provider; a missing secret on replace keeps the stored one. */
export async function putProvider(
  db: Db,
  entity: string,
  code: string,
  input: Input,
  now: Date,
): Promise<IdentityProviderRow> {
  const at = now.toISOString();
  const existing = await findProvider(db, entity, code);
  const values = {
    kind: input.kind,
    name: input.name,
    logo_url: input.logoUrl ?? null,
    issuer: input.issuer.replace(/\/+$/, ''),
    client_id: input.clientId,
    client_secret: input.clientSecret ?? existing?.client_secret ?? null,
    scopes: input.scopes,
    fiscal_code_claim: input.fiscalCodeClaim,
    acr_values: input.acrValues ?? null,
    enabled: input.enabled ? 1 : 0,
    updated_at: at,
  };
  if (existing) {
    await db
      .updateTable('identity_providers')
      .set(values)
      .where('entity_code', '=', entity)
      .where('code', '=', code)
      .execute();
  } else {
    await db
      .insertInto('identity_providers')
      .values({ entity_code: entity, code, created_at: at, ...values })
      .execute();
  }
  const row = await findProvider(db, entity, code);
  if (!row) throw new Error('identity provider vanished after write');
  return row;
}

export async function deleteProvider(db: Db, entity: string, code: string): Promise<boolean> {
  const res = await db
    .deleteFrom('identity_providers')
    .where('entity_code', '=', entity)
    .where('code', '=', code)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

export function toProviderView(row: IdentityProviderRow, publicUrl: string): IdentityProviderView {
  return {
    code: row.code,
    kind: row.kind,
    name: row.name,
    logoUrl: row.logo_url,
    issuer: row.issuer,
    clientId: row.client_id,
    hasClientSecret: row.client_secret !== null,
    scopes: row.scopes,
    fiscalCodeClaim: row.fiscal_code_claim,
    acrValues: row.acr_values,
    enabled: row.enabled === 1,
    redirectUri: redirectUriOf(publicUrl, row.entity_code),
  };
}

export function toProviderPublic(row: IdentityProviderRow): IdentityProviderPublic {
  return { code: row.code, kind: row.kind, name: row.name, logoUrl: row.logo_url };
}
