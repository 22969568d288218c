#!/usr/bin/env node
// `npm run test:vscode`: builds the extension and the extension-host suite, then runs it in a
// downloaded VS Code (test/vscode-host/runTest.ts), which skips where VS Code cannot be downloaded.
// The suite is bundled here, not by the main build: it is test code and never ships.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = join(root, 'test/out/vscode-host');

const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'inline', logLevel: 'warning' };
await build({ ...common, entryPoints: [join(root, 'test/vscode-host/runTest.ts')], outfile: join(out, 'runTest.js'), external: ['@vscode/test-electron'] });
await build({ ...common, entryPoints: [join(root, 'test/vscode-host/suite/index.ts')], outfile: join(out, 'suite/index.js'), external: ['vscode'] });

const result = spawnSync(process.execPath, [join(out, 'runTest.js')], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
