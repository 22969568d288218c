import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, type Files } from '../../helpers/workspace';

const RULE = 'dockerfile/dev-server-in-production';

async function flaggedWith(start: string, extra: Files = {}): Promise<string | undefined> {
  const df = `FROM node:20-slim\nWORKDIR /app\nCOPY . .\n${start}\n`;
  const [f, ...rest] = await findingsOf(RULE, { Dockerfile: df, ...extra });
  assert.equal(rest.length, 0);
  if (!f) return undefined;
  const line = df.split('\n')[f.range.start.line];
  return line.slice(f.range.start.character, f.range.end.character);
}

describe(RULE, () => {
  it('flags development servers in exec and shell forms, on the command words', async () => {
    const cases: [string, string][] = [
      ['CMD ["flask", "run", "--host=0.0.0.0"]', '"flask", "run"'],
      ['CMD flask run --host 0.0.0.0', 'flask run'],
      ['CMD ["flask", "--app", "web", "run"]', '"flask", "--app", "web", "run"'],
      ['CMD ["python", "-m", "flask", "run"]', '"python", "-m", "flask", "run"'],
      ['CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--reload"]', '"--reload"'],
      ['CMD ["poetry", "run", "uvicorn", "a:b", "--reload"]', '"--reload"'],
      ['CMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]', '"python", "manage.py", "runserver"'],
      ['CMD ["npm", "run", "dev"]', '"npm", "run", "dev"'],
      ['CMD yarn dev', 'yarn dev'],
      ['CMD ["pnpm", "dev"]', '"pnpm", "dev"'],
      ['CMD ["npx", "next", "dev"]', '"next", "dev"'],
      ['CMD ["nodemon", "server.js"]', '"nodemon"'],
      ['CMD ["vite", "--host"]', '"vite"'],
      ['CMD ["ng", "serve", "--host", "0.0.0.0"]', '"ng", "serve"'],
      ['CMD ["webpack-dev-server"]', '"webpack-dev-server"'],
      ['CMD ["php", "artisan", "serve"]', '"php", "artisan", "serve"'],
      ['CMD ["gatsby", "develop"]', '"gatsby", "develop"'],
      ['CMD ["node", "--watch", "server.js"]', '"--watch"'],
      ['CMD ["sh", "-c", "npm run migrate && exec npm run dev"]', 'npm run dev'],
      ['ENTRYPOINT ["tini", "--", "nodemon"]', '"nodemon"'],
    ];
    for (const [start, anchor] of cases) assert.equal(await flaggedWith(start), anchor, start);
  });

  it('resolves npm scripts through package.json', async () => {
    const pkg = { 'package.json': JSON.stringify({ scripts: { start: 'nodemon server.js', serve: 'node dist/server.js', dev: 'node dist/server.js' } }) };
    assert.equal(await flaggedWith('CMD ["npm", "start"]', pkg), '"npm", "start"');
    const [f] = await findingsOf(RULE, { Dockerfile: 'FROM node:20\nCMD ["npm", "start"]\n', ...pkg });
    assert.match(f.message, /package\.json: `nodemon server\.js`/);
    assert.equal(await flaggedWith('CMD ["npm", "run", "serve"]', pkg), undefined);
    // The script body wins over its name.
    assert.equal(await flaggedWith('CMD ["npm", "run", "dev"]', pkg), undefined);
  });

  it('does not flag production servers', async () => {
    for (const start of [
      'CMD ["gunicorn", "app:app", "-w", "4"]',
      'CMD ["uvicorn", "app:app", "--host", "0.0.0.0"]',
      'CMD ["fastapi", "run", "app/main.py"]',
      'CMD ["next", "start"]',
      'CMD ["vite", "preview"]',
      'CMD ["npm", "run", "build"]',
      'CMD ["npm", "start"]',
      'CMD ["node", "dist/server.js"]',
      'CMD python manage.py migrate && exec gunicorn proj.wsgi',
    ]) {
      assert.equal(await flaggedWith(start), undefined, start);
    }
  });

  it('only looks at the final stage and skips development files and stages', async () => {
    assert.deepEqual(await findingsOf(RULE, { Dockerfile: 'FROM node:20 AS dev\nCMD ["npm", "run", "dev"]\nFROM node:20\nCMD ["node", "server.js"]\n' }), []);
    assert.deepEqual(await findingsOf(RULE, { Dockerfile: 'FROM node:20 AS base\nFROM base AS dev\nCMD ["npm", "run", "dev"]\n' }), []);
    assert.deepEqual(await findingsOf(RULE, { 'Dockerfile.dev': 'FROM node:20\nCMD ["npm", "run", "dev"]\n' }), []);
  });

  it('inherits the start command of the stage the final one is built from', async () => {
    const [f] = await findingsOf(RULE, { Dockerfile: 'FROM python:3.12 AS app\nCMD ["flask", "run"]\nFROM app\nRUN pip install --no-cache-dir x\n' });
    assert.equal(f.range.start.line, 1);
  });
});
