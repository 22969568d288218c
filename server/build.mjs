#!/usr/bin/env node
// Bundles the client, the language server and the CLI with esbuild, and copies the tree-sitter
// grammars and ts-morph the server loads lazily. `--production` minifies and drops source maps.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync, readFileSync } from 'node:fs';
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

// ts-morph (and the TypeScript compiler inside it) is a separate file the server requires on the
// first TS/JS file worth parsing, so that starting the server does not parse megabytes of compiler.
// Always minified (nobody steps into it), and without the lib.*.d.ts texts ts-morph embeds for type
// checking, which a syntax-only parse never reads (−2.9 MB).
const stripLibFiles = {
  name: 'strip-ts-morph-lib-files',
  setup(b) {
    b.onLoad({ filter: /ts-morph-common\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const out = text.replace(/\nconst libFiles = \[\{[\s\S]*?\}\];\n(?=\nfunction getLibFiles\(\))/, '\nconst libFiles = [];\n');
      if (out === text) console.warn('build: ts-morph lib files not found; ts-morph.js keeps them');
      return { contents: out, loader: 'js' };
    });
  },
};
await build({
  ...common, minify: true, sourcemap: false, plugins: [stripLibFiles],
  entryPoints: [join(root, 'server/src/parsers/code/typescript/ts-morph-entry.ts')], outfile: join(root, 'server/out/ts-morph.js'),
});

const wasmDir = join(dirname(require.resolve('@vscode/tree-sitter-wasm')));
const outWasm = join(root, 'server/out/wasm');
mkdirSync(outWasm, { recursive: true });
for (const name of ['tree-sitter.wasm', 'tree-sitter-bash.wasm', 'tree-sitter-python.wasm', 'tree-sitter-go.wasm']) {
  copyFileSync(join(wasmDir, name), join(outWasm, name));
}
