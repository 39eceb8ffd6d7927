/**
 * `pagatore identity keys generate|rotate|list` and `pagatore identity federation set|show`: an
 * entity's keys and settings as a SPID/CIE OpenID Connect Federation Relying Party, straight on
 * DATABASE_URL (docs/identity.md).
 */
import { decodeJwt } from 'jose';
import { loadConfig } from '../../config/index.js';
import type { IdentityKeyUse } from '../../db/schema/index.js';
import {
  entityConfigurationClaims,
  entityIdOf,
  type FederationSettings,
  getFederationSettings,
  putFederationSettings,
  wellKnownOf,
} from '../../identity/entity-configuration.js';
import {
  DEFAULT_KEY_BITS,
  generateKeys,
  KEY_USES,
  type KeyStore,
  KeyStoreError,
  listKeys,
  rotateKeys,
} from '../../identity/keys.js';
import { jwksUriOf, redirectUriOf } from '../../identity/providers.js';
import { type Args, opt } from '../args.js';
import { withEntity } from './with-database.js';

const USAGE = `Usage:
  pagatore identity keys generate --entity <code> [--use federation,oidc-sig,oidc-enc] [--bits 4096]
        an active key for each use that has none, else a next key (published, not signing yet)
  pagatore identity keys rotate --entity <code> [--use …]
        the next key signs; the old one stays published 48 hours, then goes
  pagatore identity keys list --entity <code>
  pagatore identity federation set --entity <code> [--authority-hints <url,…>] [--trust-marks <jwt,…>]
        [--organization <name>] [--contacts <pec,…>] [--homepage <url>] [--policy <url>] [--logo <url>]
  pagatore identity federation show --entity <code>
        the entity id, the URLs to hand to the federation, and the entity configuration`;

/** A comma-separated option as a list; undefined when absent, [] when given empty. */
function listOpt(args: Args, name: string): string[] | undefined {
  const v = args.options[name];
  if (v === undefined) return undefined;
  if (v === true) return [];
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function usesOf(args: Args): IdentityKeyUse[] | null {
  const asked = listOpt(args, 'use');
  if (!asked) return [...KEY_USES];
  return asked.every((u) => (KEY_USES as readonly string[]).includes(u)) && asked.length
    ? (asked as IdentityKeyUse[])
    : null;
}

/** https, or http on this machine (tests, a local federation). */
function isUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (
      u.protocol === 'https:' ||
      (u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname))
    );
  } catch {
    return false;
  }
}

/** The trust marks given as JWTs, with the id each names (`id`, or `trust_mark_type`). */
function trustMarksOf(jwts: string[]): FederationSettings['trustMarks'] | string {
  const out: FederationSettings['trustMarks'] = [];
  for (const jwt of jwts) {
    let id: unknown;
    try {
      const claims = decodeJwt(jwt);
      id = claims.id ?? claims.trust_mark_type;
    } catch {
      return `not a JWT: ${jwt.slice(0, 20)}…`;
    }
    if (typeof id !== 'string') return `a trust mark without its id: ${jwt.slice(0, 20)}…`;
    out.push({ id, trust_mark: jwt });
  }
  return out;
}

export async function identityCommand(args: Args): Promise<number> {
  const [area, sub] = args.positional;
  const entityCode = opt(args, 'entity');
  if (!entityCode || (area !== 'keys' && area !== 'federation')) {
    console.error(USAGE);
    return 2;
  }
  const bits = Number(opt(args, 'bits') ?? DEFAULT_KEY_BITS);
  const uses = usesOf(args);
  if (!Number.isInteger(bits) || bits < 2048 || bits > 8192 || !uses) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig(process.env, { mode: 'demo' });
  return withEntity(entityCode, async ({ db }, entity) => {
    const store: KeyStore = { db, secret: config.identityKeySecret, now: new Date() };
    try {
      if (area === 'keys' && sub === 'generate') {
        const made = await generateKeys(store, entity.code, uses, bits);
        for (const k of made) console.log(`${k.use}  ${k.state}  ${k.kid}  ${k.alg}`);
        if (!made.length) console.log('Each use has an active and a next key already: rotate first.');
        if (made.some((k) => k.state === 'next'))
          console.log(
            'Next keys are published now; rotate once the providers have fetched the configuration again (24 hours).',
          );
        if (!config.identityKeySecret)
          console.log('IDENTITY_KEY_SECRET is not set: the private keys are stored unencrypted.');
        return 0;
      }
      if (area === 'keys' && sub === 'rotate') {
        for (const r of await rotateKeys(store, entity.code, uses, bits)) {
          console.log(
            `${r.use}  active ${r.activated}${r.retired ? `  retiring ${r.retired} (published until ${r.publishedUntil})` : ''}`,
          );
          if (!r.wasPublished)
            console.log(
              `  warning: no next ${r.use} key was published ahead; providers holding the old entity configuration refuse the new key until they fetch it again`,
            );
        }
        return 0;
      }
      if (area === 'keys' && sub === 'list') {
        for (const k of await listKeys(store, entity.code)) {
          console.log(
            `${k.use.padEnd(10)}  ${k.state.padEnd(8)}  ${k.kid}  ${k.alg}  created ${k.created_at}${k.published_until ? `  published until ${k.published_until}` : ''}`,
          );
        }
        return 0;
      }
      if (area === 'federation' && sub === 'set') {
        const hints = listOpt(args, 'authority-hints');
        const contacts = listOpt(args, 'contacts');
        const marks = listOpt(args, 'trust-marks');
        const trustMarks = marks ? trustMarksOf(marks) : undefined;
        const urls = ['homepage', 'policy', 'logo'].map((n) => opt(args, n));
        const problems = [
          ...(hints ?? []).filter((u) => !isUrl(u)).map((u) => `authority hint is not an https URL: ${u}`),
          ...urls.filter((u) => u !== undefined && !isUrl(u)).map((u) => `not an https URL: ${u}`),
          ...(typeof trustMarks === 'string' ? [trustMarks] : []),
        ];
        if (problems.length) {
          for (const p of problems) console.error(p);
          return 2;
        }
        const current = await getFederationSettings(db, entity.code);
        if (!current && !hints?.length) {
          console.error(
            'The first set needs --authority-hints (the Trust Anchor or intermediate above the entity).',
          );
          return 2;
        }
        await putFederationSettings(
          db,
          entity.code,
          {
            authorityHints: hints,
            contacts,
            trustMarks: typeof trustMarks === 'string' ? undefined : trustMarks,
            organizationName: opt(args, 'organization'),
            homepageUri: urls[0],
            policyUri: urls[1],
            logoUri: urls[2],
          },
          store.now,
        );
        console.log(`Federation settings of ${entity.code} ${entity.name} saved.`);
        return 0;
      }
      if (area === 'federation' && sub === 'show') {
        const entityId = entityIdOf(config, entity.code);
        console.log(`Entity id (client_id):   ${entityId}`);
        console.log(`Entity configuration:    ${wellKnownOf(entityId)}`);
        console.log(`Redirect URI:            ${redirectUriOf(config.publicUrl, entity.code)}`);
        console.log(`OIDC keys (JWKS):        ${jwksUriOf(config.publicUrl, entity.code)}`);
        const claims = await entityConfigurationClaims(store, config, entity);
        if (!claims) {
          console.log('Not published yet: it needs `identity federation set` and `identity keys generate`.');
          return 1;
        }
        console.log(JSON.stringify(claims, null, 2));
        return 0;
      }
    } catch (e) {
      if (!(e instanceof KeyStoreError)) throw e;
      console.error(e.message);
      return 1;
    }
    console.error(USAGE);
    return 2;
  });
}
