import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles } from '../../../../helpers/workspace';
import { extractAll, facts, lines, src } from './_ts';

describe('TS/JS extraction on hostile input', () => {
  it('keeps the facts it can read from a file being typed (syntax errors)', () => {
    const f = facts({
      'app.ts': src(
        "import express from 'express';",
        "import cors from 'cors';",
        'const app = express();',
        "app.use(cors({ origin: '*' }));",
        "app.get('/health', (req, res) => {",
        '  res.json({ ok: ',
      ),
    }, 'app.ts');
    assert.equal(f.hasErrors, true);
    assert.deepEqual(f.apps.map((a) => a.id), ['app.ts#app']);
    assert.deepEqual(lines(f.facts, ['cors', 'route']), ['cors cors any credentials=false @4:24', 'route GET /health app=app.ts#app @5:1']);
  });

  it('never throws on odd files', async () => {
    const odd: Record<string, string> = {
      'empty.ts': '',
      'bom.js': "\uFEFFconst express = require('express');\r\nconst app = express();\r\napp.listen(1);\r\n",
      'binary.js': "require('express')\u0000\u0001\u0002" + '\uFFFD'.repeat(100),
      'nested.ts': "import express from 'express';\n" + 'const x = ' + '['.repeat(3000) + ']'.repeat(3000) + ';\n',
      'weird.ts': src(
        "import express from 'express';",
        'const app = (express as any)()!;',
        'app[`use`](...[]);',
        "app.get(...['/x', () => 1]);",
        "app.use(undefined as any, null, '/p');",
        "app.listen = () => { throw new Error('no'); };",
        'export default app;',
      ),
      'jsx.tsx': src("import { NextResponse } from 'next/server';", 'export const GET = () => <div>{NextResponse.json({})}</div>;'),
      'decorators.ts': src("import { Controller, Get } from '@nestjs/common';", '@Controller(123 as any)', 'class C { @Get(undefined) m() {} @Get() }'),
    };
    const all = extractAll(odd);
    assert.ok(all.size >= 5);
    await analyzeFiles(odd);
  });

  it('extracts a large generated router without trouble', () => {
    const routes = Array.from({ length: 1500 }, (_, i) => `router.get('/items/${i}', (_req, res) => res.json({ id: ${i} }));`);
    const f = facts({ 'routes.ts': src("import { Router } from 'express';", 'export const router = Router();', ...routes) }, 'routes.ts');
    assert.equal(f.facts.filter((x) => x.kind === 'route').length, 1500);
  });
});
