#!/usr/bin/env node
// Runs every test/**/*.test.ts with node's test runner (TypeScript through tsx). Node 20's --test
// takes no globs, so the files are listed here. Pass substrings to run a subset: node test/run.mjs cli
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
// e2e and vscode-host run inside an editor, through their own runners (npm run test:e2e, test:vscode).
const skip = new Set(['fixtures', 'node_modules', 'out', 'e2e', 'vscode-host']);
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (!skip.has(name)) walk(full);
    } else if (name.endsWith('.test.ts')) files.push(full);
  }
})(here);
const filters = process.argv.slice(2);
const selected = filters.length ? files.filter((f) => filters.some((s) => relative(here, f).includes(s))) : files;
if (selected.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
spawnSync(process.execPath, [join(here, '../server/scripts/gen-rules-index.mjs')], { stdio: 'inherit' });
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...selected], {
  stdio: 'inherit',
  env: { ...process.env, READINESS_TEST: '1' },
});
process.exit(result.status ?? 1);
