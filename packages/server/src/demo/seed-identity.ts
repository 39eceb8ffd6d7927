/**
 * The demo's SPID and CIE: a real OpenID Connect provider on 127.0.0.1 with the demo identities,
 * configured as the demo entity's "SPID di prova" and "CIE di prova". `oidc-provider` is a
 * development dependency: an installation without it runs the demo without digital identity.
 */
import type { Config } from '../config/index.js';
import type { Db } from '../db/database.js';
import { newToken } from '../core/tokens.js';
import { putProvider, redirectUriOf } from '../identity/providers.js';
import { DEMO_ENTITY } from './seed.js';
import type * as IdentityProvider from './identity-provider.js';

export async function startDemoIdentity(
  db: Db,
  config: Config,
): Promise<{ notes: string[]; close(): Promise<void> }> {
  let mod: typeof IdentityProvider;
  try {
    mod = await import('./identity-provider.js');
  } catch {
    return {
      notes: ['SPID/CIE demo provider not available (oidc-provider not installed)'],
      close: async () => {},
    };
  }
  const redirectUri = redirectUriOf(config.publicUrl, DEMO_ENTITY.code);
  const secret = newToken();
  const port = Number(process.env.DEMO_IDP_PORT ?? 0);
  const op = await mod.startTestProvider({
    clients: [
      { client_id: 'pagatore-spid', client_secret: secret, redirect_uris: [redirectUri] },
      { client_id: 'pagatore-cie', client_secret: secret, redirect_uris: [redirectUri] },
    ],
    identities: mod.DEMO_IDENTITIES,
    port,
  });
  const now = new Date();
  const common = {
    profile: 'oidc' as const,
    issuer: op.issuer,
    clientSecret: secret,
    scopes: 'openid profile email',
    fiscalCodeClaim: 'fiscal_number',
    logoUrl: null,
    acrValues: null,
    enabled: true,
  };
  await putProvider(
    db,
    DEMO_ENTITY.code,
    'spid-demo',
    { ...common, kind: 'spid', name: 'SPID di prova', clientId: 'pagatore-spid' },
    now,
  );
  await putProvider(
    db,
    DEMO_ENTITY.code,
    'cie-demo',
    { ...common, kind: 'cie', name: 'CIE di prova', clientId: 'pagatore-cie' },
    now,
  );
  return {
    notes: [
      `SPID/CIE provider  ${op.issuer}/.well-known/openid-configuration   ("Entra con SPID" → "SPID di prova": Anna Rossi is new, Mario Rossi links to mario.rossi)`,
    ],
    close: () => op.close(),
  };
}
