/**
 * What an entity publishes as a SPID/CIE OpenID Connect Federation Relying Party: its entity
 * configuration at `<entity id>/.well-known/openid-federation` (per entity under `/federation/{ente}`,
 * and at the root for FEDERATION_ROOT_ENTITY), and its public OIDC keys as a JWK Set for plain
 * providers that authenticate the entity by `private_key_jwt` and take a JWKS URL.
 */
import { Hono } from 'hono';
import { ApiError } from '../../core/errors.js';
import { findEntity } from '../../entities/entities.js';
import type { AppContext, AppEnv } from '../../http/context.js';
import { entityConfiguration, oidcJwks } from '../../identity/entity-configuration.js';
import { ENTITY_STATEMENT_MEDIA_TYPE } from '../../identity/federation/statements.js';
import { KeyStoreError, keyStoreOf } from '../../identity/keys.js';

async function answerConfiguration(c: AppContext, code: string): Promise<Response> {
  const deps = c.get('deps');
  const entity = await findEntity(deps.db, code);
  const jwt = entity
    ? await unlessKeysLocked(c, entityConfiguration(keyStoreOf(deps), deps.config, entity))
    : null;
  if (!jwt) throw new ApiError('not_found');
  // Providers fetch it again on their own schedule; a short cache keeps a rotation visible soon.
  c.header('Cache-Control', 'public, max-age=300');
  return c.body(jwt, 200, { 'Content-Type': ENTITY_STATEMENT_MEDIA_TYPE });
}

/**
 * Keys that do not open with this server's IDENTITY_KEY_SECRET are an operator's mistake, not the
 * caller's: the federation is told to come back (503) and the log says what to fix.
 */
async function unlessKeysLocked<T>(c: AppContext, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (!(e instanceof KeyStoreError)) throw e;
    c.get('deps').logger.error('identity keys unavailable', { reason: e.message });
    throw new ApiError('unavailable', { detail: 'the identity keys cannot be opened' });
  }
}

export function federationRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/.well-known/openid-federation', async (c) => {
    const root = c.get('deps').config.federationRootEntity;
    if (!root) throw new ApiError('not_found');
    return answerConfiguration(c, root);
  });

  app.get('/federation/:ente/.well-known/openid-federation', async (c) => {
    const code = c.req.param('ente');
    // The root entity's id is PUBLIC_URL itself: its configuration lives at the root only.
    if (code === c.get('deps').config.federationRootEntity) throw new ApiError('not_found');
    return answerConfiguration(c, code);
  });

  app.get('/federation/:ente/jwks.json', async (c) => {
    const deps = c.get('deps');
    const entity = await findEntity(deps.db, c.req.param('ente'));
    const jwks = entity ? await oidcJwks(keyStoreOf(deps), entity.code) : null;
    if (!jwks?.keys.length) throw new ApiError('not_found');
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(jwks);
  });

  return app;
}
