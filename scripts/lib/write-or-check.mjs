// Writes a generated document, or with --check fails when the committed one differs.
import { readFileSync, writeFileSync } from 'node:fs';

/** `hint` tells how to regenerate the file when the check fails. */
export function writeOrCheck(out, content, hint) {
  if (process.argv.includes('--check')) {
    let current;
    try {
      current = readFileSync(out, 'utf8');
    } catch {
      current = '';
    }
    if (current !== content) {
      console.error(`${out} is stale: ${hint}`);
      process.exit(1);
    }
    return;
  }
  writeFileSync(out, content);
  console.log(`wrote ${out}`);
}
