#!/usr/bin/env node
// Bundles the client, the language server and the CLI with esbuild, and copies the tree-sitter
// grammars the server loads lazily. `--production` minifies and drops source maps.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = fileURLToPath(new URL('..', import.meta.url));
const production = process.argv.includes('--production');
const require = createRequire(import.meta.url);

spawnSync(process.execPath, [join(root, 'server/scripts/gen-rules-index.mjs')], { stdio: 'inherit' });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

await Promise.all([
  build({ ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(root, 'client/out/extension.js'), external: ['vscode'] }),
  build({ ...common, entryPoints: [join(root, 'server/src/lsp/main.ts')], outfile: join(root, 'server/out/server.js') }),
  build({ ...common, entryPoints: [join(root, 'server/src/cli/main.ts')], outfile: join(root, 'server/out/cli.js'), banner: { js: '#!/usr/bin/env node' } }),
]);
chmodSync(join(root, 'server/out/cli.js'), 0o755);

const wasmDir = join(dirname(require.resolve('@vscode/tree-sitter-wasm')));
const outWasm = join(root, 'server/out/wasm');
mkdirSync(outWasm, { recursive: true });
for (const name of ['tree-sitter.wasm', 'tree-sitter-bash.wasm', 'tree-sitter-python.wasm', 'tree-sitter-go.wasm']) {
  copyFileSync(join(wasmDir, name), join(outWasm, name));
}
