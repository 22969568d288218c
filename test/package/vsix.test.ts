/**
 * Checks what `vsce package` would put in the .vsix, using `vsce ls` (it lists the files without
 * zipping them, so this stays fast). `.vscodeignore` is an allow-list; this test is its other half:
 * a new file in the package must be added here on purpose, and the bundles must be there.
 * Needs a build (`npm run build`); skipped with a message when there is none.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { deflateRawSync } from 'node:zlib';

const root = join(__dirname, '..', '..');

/** Everything that may ship, as anchored patterns over `/`-separated paths relative to the repo root. */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE[^/]*$/,
  /^client\/out\/extension\.js$/,
  /^server\/out\/(server|cli|ts-morph)\.js$/,
  /^server\/out\/wasm\/[^/]+\.wasm$/,
  /^syntaxes\/[^/]+\.json$/,
  /^rules\/.+\.md$/,
];

/** Only the tree-sitter runtime and the grammars the parsers load; the npm package has a dozen more. */
const ALLOWED_WASM = new Set(['tree-sitter.wasm', 'tree-sitter-bash.wasm', 'tree-sitter-python.wasm', 'tree-sitter-go.wasm']);

const REQUIRED = ['package.json', 'client/out/extension.js', 'server/out/server.js', 'server/out/cli.js'];

const MAX_BYTES = 8 * 1024 * 1024;

function listPackageFiles(): string[] {
  const result = spawnSync('npx', ['vsce', 'ls', '--no-dependencies'], {
    cwd: root,
    encoding: 'utf8',
    // `npx` must never stop to ask whether to install something.
    env: { ...process.env, npm_config_yes: 'true' },
    shell: process.platform === 'win32',
    timeout: 120_000,
  });
  assert.equal(result.status, 0, `vsce ls failed (${result.status}):\n${result.stderr}${result.error ?? ''}`);
  return result.stdout
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/\\/g, '/'))
    .filter((line) => line !== '');
}

describe('extension package contents', () => {
  const built = existsSync(join(root, 'server', 'out', 'server.js'));
  const skip = built ? false : 'no build: server/out/server.js is missing (run `npm run build` first)';
  // Listed once: spawning vsce costs a second or two.
  let cached: string[] | undefined;
  const files = (): string[] => (cached ??= listPackageFiles());

  it('contains only allowed paths', { skip }, () => {
    const unexpected = files().filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
    assert.deepEqual(unexpected, [], 'files that .vscodeignore lets through but should not');
  });

  it('ships only the tree-sitter wasm files the parsers use', { skip }, () => {
    const wasm = files().filter((file) => file.endsWith('.wasm')).map((file) => basename(file));
    assert.deepEqual(wasm.filter((name) => !ALLOWED_WASM.has(name)), []);
  });

  it('contains the bundles and every contributed grammar', { skip }, () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      contributes?: { grammars?: { path: string }[] };
    };
    const grammars = (manifest.contributes?.grammars ?? []).map((g) => g.path.replace(/^\.\//, ''));
    const listed = new Set(files());
    for (const required of [...REQUIRED, ...grammars]) assert.ok(listed.has(required), `missing from the package: ${required}`);
  });

  it('stays under 8 MB', { skip }, () => {
    // The budget is the .vsix, a zip: each file deflated (ts-morph.js alone is 4 MB as text, 1 MB packed).
    const bytes = files().reduce((sum, file) => sum + deflateRawSync(readFileSync(join(root, file))).length, 0);
    assert.ok(bytes < MAX_BYTES, `package files total ${(bytes / 1024 / 1024).toFixed(1)} MB packed`);
  });
});
