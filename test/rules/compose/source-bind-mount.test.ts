import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { lines, spots } from './_util';

const RULE = 'compose/source-bind-mount';

const API = {
  'api/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["gunicorn", "app:app"]\n',
  'api/app.py': 'app = None\n',
  'api/requirements.txt': 'flask==3.0.3\n',
  'api/data/.gitkeep': '',
};

describe(RULE, () => {
  it('flags the build context, a parent of it, or source code mounted over the WORKDIR', async () => {
    const files = {
      ...API,
      'docker-compose.yml': lines(
        'services:',
        '  api:',
        '    build: ./api',
        '    volumes:',
        '      - ./api:/app',
        '      - type: bind',
        '        source: .',
        '        target: /app/src',
        '  web:',
        '    image: node:20-slim',
        '    working_dir: /srv',
        '    volumes:',
        '      - ./web:/srv:ro',
      ),
      'web/package.json': '{"name":"web"}',
      'web/server.js': '',
    };
    assert.deepEqual(await spots(RULE, files), ['docker-compose.yml:5:8', 'docker-compose.yml:6:8', 'docker-compose.yml:13:8']);
    const [first] = await findingsOf(RULE, files);
    assert.match(first.message, /`\.\/api` \(its build context\) over `\/app` \(WORKDIR of api\/Dockerfile\)/);
    assert.deepEqual(first.related.map((r) => `${r.file}:${r.range.start.line + 1}`), ['api/Dockerfile:2']);
  });

  it('does not flag data directories, single config files, named volumes, other targets or dev files', async () => {
    const files = {
      ...API,
      'docker-compose.yml': lines(
        'services:',
        '  api:',
        '    build: ./api',
        '    volumes:',
        '      - ./api/data:/app/data',
        '      - ./api:/backup:ro',
        '      - static:/app/static',
        '  proxy:',
        '    image: nginx:1.27',
        '    volumes:',
        '      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro',
        '      - ./site:/usr/share/nginx/html:ro',
        '  db:',
        '    image: postgres:16',
        '    volumes:',
        '      - ./data/pg:/var/lib/postgresql/data',
        'volumes:',
        '  static: {}',
      ),
      'nginx/nginx.conf': 'events {}\n',
      'site/index.html': '<html></html>',
      'site/app.js': '',
      'data/pg/.gitkeep': '',
      'docker-compose.dev.yml': lines('services:', '  api:', '    build: ./api', '    volumes:', '      - ./api:/app'),
    };
    assert.deepEqual(await spots(RULE, files), []);
  });
});
