/**
 * Test support: a module resolution hook for a child Node process that runs the server's TypeScript
 * sources directly (Node strips the types): an import of `./x.js` from a `.ts` file loads `./x.ts`
 * when there is no `./x.js`, as TypeScript's own resolution does.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export async function resolve(specifier, context, next) {
  if (/^\.{1,2}\//.test(specifier) && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const url = new URL(specifier, context.parentURL);
    const ts = url.href.replace(/\.js$/, '.ts');
    if (!existsSync(fileURLToPath(url)) && existsSync(fileURLToPath(ts))) return next(ts, context);
  }
  return next(specifier, context);
}
