/**
 * What the citizen bundle takes from the SDK: the schemas its forms check with, and nothing the
 * staff console or the server alone uses. Rollup keeps a module-level statement it cannot prove
 * free of side effects, and such a statement keeps every schema it names; the SDK writes the
 * statements that would (spreads and reads of schema entries) so that they can be dropped.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup, type RollupOptions } from 'rollup';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the Rollup config is plain JavaScript without types.
import configs from '../rollup.config.mjs';

const widgets = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The citizen build's output for an entry module's source, as one string. */
async function bundled(source: string): Promise<string> {
  const entry = resolve(widgets, 'src', `tree-shaking-probe-${process.pid}.ts`);
  writeFileSync(entry, source);
  try {
    const citizen = (configs as RollupOptions[])[0];
    const b = await rollup({ ...citizen, input: { probe: entry }, onwarn: () => {} });
    const { output } = await b.generate({ format: 'es' });
    return output.map((o) => (o.type === 'chunk' ? o.code : '')).join('\n');
  } finally {
    rmSync(entry);
  }
}

describe('the SDK in the citizen bundle', () => {
  it('the forms’ schemas come without the staff’s position and service schemas', async () => {
    const code = await bundled(
      `import { check, submissionSchema, serviceAmount, Registration, ProfileUpdate, Password } from '@pagatore/sdk';
       export const probe = [check, submissionSchema, serviceAmount, Registration, ProfileUpdate, Password];`,
    );
    // The citizen's own: a service's submission schema, the registration and profile checks.
    expect(code).toContain('invalid_amount');
    expect(code).toContain('consent_required');
    // The position schemas (the console's and the server's): their descriptions and examples.
    expect(code).not.toContain('TARI-2026-000123');
    expect(code).not.toContain("The entity's own id of the position");
    expect(code).not.toContain('partially_paid');
    // The service definition schemas (what the entity writes): its position template's fields.
    expect(code).not.toContain('dueInDays');
  });
});
