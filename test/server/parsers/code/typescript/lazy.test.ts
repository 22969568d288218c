/**
 * ts-morph (the TypeScript compiler) is loaded only when a TS/JS file worth parsing shows up, and
 * never bundled into server.js/cli.js. This file runs in its own process, so "not loaded yet" holds.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isTsMorphLoaded } from '../../../../../server/src/parsers/code/typescript/load';
import { analyzeFiles } from '../../../../helpers/workspace';
import { src } from './_ts';

const root = join(__dirname, '..', '..', '..', '..', '..');

describe('ts-morph loading', () => {
  it('is not loaded for workspaces without TS/JS HTTP code, and is once one appears', async () => {
    await analyzeFiles({
      'Dockerfile': 'FROM node:20-alpine\nCMD ["node", "index.js"]\n',
      'compose.yaml': 'services:\n  web:\n    build: .\n',
      'src/format.ts': src("import { format } from 'date-fns';", 'export const day = (d: Date) => format(d, "yyyy-MM-dd");'),
      'src/keys.ts': src("export const STRIPE = 'sk_live_51H8vQkLmNoPqRsTuVwXyZaBcD';"),
    });
    assert.equal(isTsMorphLoaded(), false);
    const result = await analyzeFiles({ 'src/app.ts': src("import express from 'express';", 'const app = express();', 'app.listen(3000);') });
    assert.equal(isTsMorphLoaded(), true);
    assert.ok(result.findings.some((f) => f.rule === 'code/missing-security-headers'));
  });

  const built = existsSync(join(root, 'server', 'out', 'server.js'));
  it('ships as a separate bundle that server.js and cli.js require at run time', { skip: built ? false : 'no build (npm run build)' }, () => {
    for (const bundle of ['server.js', 'cli.js']) {
      const text = readFileSync(join(root, 'server', 'out', bundle), 'utf8');
      // A marker of the compiler itself, and of ts-morph's code-block-writer.
      assert.equal(/versionMajorMinor|class CodeBlockWriter/.test(text), false, `${bundle} contains the TypeScript compiler`);
      assert.match(text, /"ts-morph\.js"/);
    }
    const tsMorph = join(root, 'server', 'out', 'ts-morph.js');
    assert.ok(existsSync(tsMorph));
    // Minified, without the lib.*.d.ts texts ts-morph embeds for type checking.
    assert.ok(statSync(tsMorph).size < 5 * 1024 * 1024, `ts-morph.js is ${statSync(tsMorph).size} bytes`);
  });
});
