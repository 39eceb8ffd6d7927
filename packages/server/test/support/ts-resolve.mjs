/** Test support: `node --import ./ts-resolve.mjs child.ts` runs the server's sources (ts-resolve-hook.mjs). */
import { register } from 'node:module';

register('./ts-resolve-hook.mjs', import.meta.url);
