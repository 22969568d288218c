import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFix, findingsOf } from '../../helpers/workspace';
import { parseDockerIgnore } from '../../../rules/dockerfile/_ignorefile';

const RULE = 'dockerfile/missing-dockerignore';
const DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]\n';

describe(RULE, () => {
  it('flags COPY . without any .dockerignore, on the source word', async () => {
    const [f, ...rest] = await findingsOf(RULE, { 'api/Dockerfile': DOCKERFILE, 'api/app.py': '' });
    assert.equal(rest.length, 0);
    assert.deepEqual([f.file, f.range.start.line, f.range.start.character, f.range.end.character], ['api/Dockerfile', 4, 5, 6]);
    assert.match(f.message, /no \.dockerignore/);
  });

  it('uses the context of the Dockerfile, not the workspace root', async () => {
    const found = await findingsOf(RULE, { 'api/Dockerfile': DOCKERFILE, '.dockerignore': '.git\n.env\n' });
    assert.equal(found.length, 1);
    assert.deepEqual(await findingsOf(RULE, { 'api/Dockerfile': DOCKERFILE, 'api/.dockerignore': '.git\n.env\n' }), []);
  });

  it('honours <Dockerfile>.dockerignore over the context one', async () => {
    const files = { 'Dockerfile': DOCKERFILE, '.dockerignore': 'node_modules\n', 'Dockerfile.dockerignore': '**/.git\n**/.env*\n' };
    assert.deepEqual(await findingsOf(RULE, files), []);
  });

  it('flags an ignore file that misses .git, .env or an existing .env.* file', async () => {
    const [a] = await findingsOf(RULE, { Dockerfile: DOCKERFILE, '.dockerignore': 'node_modules\n.env\n' });
    assert.match(a.message, /does not exclude \.git:/);
    const [b] = await findingsOf(RULE, { Dockerfile: DOCKERFILE, '.dockerignore': '.git\n.env\n', '.env.production': 'X=1\n', '.env.example': 'X=\n' });
    assert.match(b.message, /does not exclude \.env\.production:/);
    assert.deepEqual(await findingsOf(RULE, { Dockerfile: DOCKERFILE, '.dockerignore': '.git\n.env*\n!.env.example\n', '.env.production': 'X=1\n' }), []);
  });

  it('understands allow-lists, comments and re-includes', async () => {
    assert.deepEqual(await findingsOf(RULE, { Dockerfile: DOCKERFILE, '.dockerignore': '# allow-list\n*\n!app.py\n!requirements.txt\n' }), []);
    const [f] = await findingsOf(RULE, { Dockerfile: DOCKERFILE, '.dockerignore': '*\n!.env\n!app.py\n' });
    assert.match(f.message, /does not exclude \.env:/);
  });

  it('does not flag Dockerfiles that copy named paths or from other stages', async () => {
    const df = 'FROM node:20 AS build\nCOPY . .\nRUN npm ci && npm run build\nFROM nginx:1.27\nCOPY --from=build /dist /usr/share/nginx/html\n';
    assert.equal((await findingsOf(RULE, { Dockerfile: df })).length, 1);
    assert.deepEqual(await findingsOf(RULE, { Dockerfile: 'FROM nginx:1.27\nCOPY --from=build . /usr/share/nginx/html\nCOPY site/ /usr/share/nginx/html/\n' }), []);
  });

  it('fix creates .dockerignore next to the Dockerfile', async () => {
    const { fixed, fix } = await checkFix(RULE, { 'api/Dockerfile': DOCKERFILE });
    assert.equal(fix.safety, 'safe');
    assert.equal(fixed['api/.dockerignore'], '# Keep VCS data, secrets and local artefacts out of the build context.\n.git\n.env\n.env.*\n!.env.example\n.venv\n__pycache__\n*.pyc\n*.log\n');
  });

  it('fix adds node_modules only when the image installs Node dependencies', async () => {
    const df = 'FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "server.js"]\n';
    const { fixed } = await checkFix(RULE, { Dockerfile: df, 'package-lock.json': '{}' });
    assert.match(fixed['.dockerignore'], /^node_modules$/m);
    assert.doesNotMatch(fixed['.dockerignore'], /\.venv/);
  });

  it('fix extends an existing file with the missing lines only (CRLF kept)', async () => {
    const { fixed, fix } = await checkFix(RULE, { Dockerfile: DOCKERFILE, '.dockerignore': 'node_modules\r\n.git', '.env.local': 'A=1\n' });
    assert.equal(fix.title, 'Add .env, .env.* to .dockerignore');
    assert.equal(fixed['.dockerignore'], 'node_modules\r\n.git\r\n.env\r\n.env.*\r\n!.env.example\r\n');
  });

  it('fix is unsafe when the build needs git metadata', async () => {
    const found = await findingsOf(RULE, { Dockerfile: DOCKERFILE, 'pyproject.toml': '[build-system]\nrequires = ["setuptools", "setuptools-scm"]\n' });
    assert.equal(found[0].fixes[0].safety, 'unsafe');
  });
});

describe('dockerignore matcher', () => {
  it('applies BuildKit semantics', () => {
    const m = parseDockerIgnore('# c\n/build\n**/*.log\n.git/\n*.md\n!README.md\nsecrets/**\n');
    assert.equal(m.excludes('build/out.js'), true);
    assert.equal(m.excludes('src/build'), false);
    assert.equal(m.excludes('a/b/c.log'), true);
    assert.equal(m.excludes('x.log'), true);
    assert.equal(m.excludes('.git/HEAD'), true);
    assert.equal(m.excludes('CHANGES.md'), true);
    assert.equal(m.excludes('README.md'), false);
    assert.equal(m.excludes('docs/a.md'), false);
    assert.equal(m.excludes('secrets/k/key.pem'), true);
    assert.equal(m.excludes('# c'), false);
  });
});
