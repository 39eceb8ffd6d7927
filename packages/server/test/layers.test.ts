import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs module of the repository's lint setup, without types
import { forbidden, ROOT, scan } from '../../../scripts/lint/layers.mjs';

const at = (path: string) => join(ROOT, path);
const eslint = new ESLint({ cwd: ROOT });

/** The layering messages ESLint gives for `code` as if it were the file at `path`. */
async function layerErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: at(path) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'pagatore/layers').map((m) => m.message);
}

describe('the layering check of npm run lint', () => {
  it('fails on each arrow that must never exist', async () => {
    const cases: [string, string][] = [
      ['packages/server/src/payments/x.ts', "import { route } from '../http/route.js';"],
      ['packages/server/src/payments/x.ts', "import type { AppEnv } from '../http/context.js';"],
      [
        'packages/server/src/payments/x.ts',
        "export { practicesRoutes } from '../routes/practices/practices.js';",
      ],
      ['packages/server/src/core/x.ts', "import { login } from '../accounts/login.js';"],
      ['packages/server/src/routes/admin/x.ts', "import { transaction } from '../../db/database.js';"],
      ['packages/server/src/routes/admin/x.ts', "const m = await import('../../db/read-connection.js');"],
      ['packages/server/src/http/x.ts', "import type { EntityRow } from '../db/schema/index.js';"],
      ['packages/server/src/db/x.ts', "import { ApiError } from '../core/errors.js';"],
      ['packages/server/src/payments/x.ts', "import { createHarness } from '../../test/support/harness.js';"],
      ['packages/server/src/db/x.ts', "import { findEntity } from '../entities/entities.js';"],
      ['packages/server/src/db/x.ts', "import type { AppContext } from '../http/context.js';"],
      ['packages/sdk/src/x.ts', "import { createApp } from '@pagatore/server';"],
      ['packages/sdk/src/x.ts', "import { createApp } from '../../server/src/app.js';"],
      ['packages/widgets/src/x.ts', "import { ApiError } from '@pagatore/server';"],
      ['packages/widgets/src/x.ts', "import { ApiError } from '../../server/src/core/errors.js';"],
    ];
    for (const [path, code] of cases) {
      const errors = await layerErrors(path, code);
      expect(errors, `${path}: ${code}`).toHaveLength(1);
      expect(errors[0]).toMatch(/^Forbidden import/);
    }
  });

  it('lets the allowed arrows through', async () => {
    const cases: [string, string][] = [
      [
        'packages/server/src/routes/admin/x.ts',
        "import { listPositions } from '../../positions/positions.js';",
      ],
      ['packages/server/src/http/x.ts', "import { authenticateApiKey } from '../entities/api-keys.js';"],
      ['packages/server/src/payments/x.ts', "import { ApiError } from '../core/errors.js';"],
      ['packages/server/src/payments/x.ts', "import { transaction } from '../db/database.js';"],
      ['packages/server/src/core/x.ts', "import type { Db } from '../db/database.js';"],
      ['packages/server/src/app.ts', "import { healthRoutes } from './routes/health/health.js';"],
      [
        'packages/server/src/payments/x.test.ts',
        "import { createHarness } from '../../test/support/harness.js';",
      ],
      ['packages/widgets/src/x.ts', "import { createClient } from '@pagatore/sdk';"],
    ];
    for (const [path, code] of cases) expect(await layerErrors(path, code), `${path}: ${code}`).toEqual([]);
  });

  it('says which parts and why', () => {
    expect(forbidden(at('packages/server/src/db/x.ts'), '../http/context.js')).toMatch(/^db → http: /);
    expect(forbidden(at('packages/server/src/routes/a/x.ts'), '../../db/database.js')).toMatch(
      /^routes → db: /,
    );
  });

  it('finds no forbidden import in the tree', () => {
    expect(scan(ROOT)).toEqual([]);
  });
});
