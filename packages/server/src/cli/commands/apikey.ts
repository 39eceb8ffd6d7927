/** `pagatore apikey create|revoke|list`: entity API keys; a new key is printed alone on the last line. */
import { createApiKey, listApiKeys, revokeApiKey } from '../../entities/api-keys.js';
import { findEntity } from '../../entities/entities.js';
import { type Args, opt } from '../args.js';
import { withDatabase } from './with-database.js';

const USAGE = `Usage:
  pagatore apikey create <entity code> [--label <text>]   the key is the last line of output
  pagatore apikey revoke <key id | key>
  pagatore apikey list [<entity code>]`;

export async function apikeyCommand(args: Args): Promise<number> {
  const [sub, target] = args.positional;
  if (sub === 'create' && target) {
    return withDatabase(async ({ db }) => {
      const entity = await findEntity(db, target);
      if (!entity) {
        console.error(`No entity ${target} (create it with: pagatore entity create).`);
        return 1;
      }
      const label = opt(args, 'label') ?? 'api key';
      const { id, key } = await createApiKey(db, entity.code, label, new Date());
      console.log(`API key ${id} for ${entity.code} ${entity.name} ("${label}").`);
      console.log('It is shown only now: store it as a secret. Send it as "Authorization: Bearer <key>".');
      console.log(key);
      return 0;
    });
  }
  if (sub === 'revoke' && target) {
    return withDatabase(async ({ db }) => {
      if (!(await revokeApiKey(db, target, new Date()))) {
        console.error('No such active key.');
        return 1;
      }
      console.log('Revoked.');
      return 0;
    });
  }
  if (sub === 'list') {
    return withDatabase(async ({ db }) => {
      for (const k of await listApiKeys(db, target)) {
        const state = k.revoked_at
          ? `revoked ${k.revoked_at}`
          : `active, last used ${k.last_used_at ?? 'never'}`;
        console.log(`${k.id}  ${k.entity_code}  ${k.label}  (${state})`);
      }
      return 0;
    });
  }
  console.error(USAGE);
  return 2;
}
