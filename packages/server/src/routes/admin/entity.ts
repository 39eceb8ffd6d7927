/** GET/PATCH /api/v1/admin/entity: the key's entity reads and changes its own settings. */
import { adminEndpoints } from '@pagatore/sdk';
import { fieldMessage } from '../../core/messages.js';
import { Hono } from 'hono';
import { modeProblems, toSettings, updateEntitySettings } from '../../entities/entity-settings.js';
import { ApiError, validationError } from '../../core/errors.js';
import type { AppEnv } from '../../http/context.js';
import { route } from '../../http/route.js';

export function entitySettingsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, adminEndpoints.getEntitySettings, (c) => toSettings(c.get('adminEntity')));

  route(app, adminEndpoints.updateEntitySettings, async (c, { body }) => {
    const { db, now, config } = c.get('deps');
    const entity = c.get('adminEntity');
    const problems = modeProblems(body, config.mode, c.get('lang'));
    if (problems.length > 0) throw validationError(problems);
    // aux 0/3 need a code: check against what is stored when only one of the two changes.
    const aux = body.auxDigit ?? entity.aux_digit;
    const code = body.segregationCode !== undefined ? body.segregationCode : entity.segregation_code;
    if ((aux === 0 || aux === 3) && !code) {
      throw new ApiError('validation_failed', {
        fields: [
          { path: 'segregationCode', code: 'required', message: fieldMessage('required', c.get('lang')) },
        ],
      });
    }
    // The change moves the database's data_version: the next request reads the entity afresh.
    return toSettings(await updateEntitySettings(db, entity.code, body, now()));
  });

  return app;
}
