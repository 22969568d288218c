import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Files } from '../../../../helpers/workspace';

/** Every file of test/fixtures/code/typescript/<name>, keyed by its path inside the fixture (optionally under `prefix`). */
export function fixture(name: string, prefix = ''): Files {
  const root = join(__dirname, '..', '..', '..', '..', 'fixtures', 'code', 'typescript', name);
  const files: Files = {};
  (function walk(dir: string): void {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files[prefix + relative(root, full).split('\\').join('/')] = readFileSync(full, 'utf8');
    }
  })(root);
  return files;
}
