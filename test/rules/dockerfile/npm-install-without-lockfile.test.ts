import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFix, findingsOf, type Files } from '../../helpers/workspace';

const RULE = 'dockerfile/npm-install-without-lockfile';

async function flagged(files: Files): Promise<string[]> {
  const found = await findingsOf(RULE, files);
  return found.map((f) => {
    const line = files[f.file!].split(/\r?\n/)[f.range.start.line];
    return `${f.range.start.line + 1} ${line.slice(f.range.start.character, f.range.end.character)}`;
  });
}

describe(RULE, () => {
  it('flags lockfile-less installs of the project', async () => {
    const files = {
      Dockerfile: [
        'FROM node:20 AS deps',
        'WORKDIR /app',
        'COPY package*.json ./',
        'RUN npm install --omit=dev',
        'RUN npm install -g pm2 && npm i typescript && npm ci',
        'FROM node:20 AS yarn',
        'COPY yarn.lock package.json ./',
        'RUN yarn --production && yarn build',
        'RUN yarn install --frozen-lockfile',
        'FROM node:20 AS pnpm',
        'COPY pnpm-lock.yaml package.json ./',
        'RUN corepack enable && pnpm install --prod',
        'RUN pnpm install --frozen-lockfile',
      ].join('\n'),
      'package.json': '{}',
      'package-lock.json': '{}',
      'yarn.lock': '',
      'pnpm-lock.yaml': '',
    };
    assert.deepEqual(await flagged(files), ['4 install', '8 yarn', '12 install']);
  });

  it('finds the lockfile through bind mounts and copied directories', async () => {
    const files = {
      Dockerfile: [
        'FROM node:20-slim',
        'RUN --mount=type=bind,source=package.json,target=package.json \\',
        '    --mount=type=bind,source=package-lock.json,target=package-lock.json \\',
        '    npm install',
        'COPY web/ /web/',
        'RUN cd /web && npm install',
      ].join('\n'),
      'package.json': '{}',
      'package-lock.json': '{}',
      'web/package.json': '{}',
      'web/package-lock.json': '{}',
    };
    assert.deepEqual(await flagged(files), ['4 install', '6 install']);
  });

  it('says so, without a fix, when the lockfile is never copied', async () => {
    const files = { Dockerfile: 'FROM node:20\nCOPY web/package.json ./\nRUN npm install\n', 'web/package.json': '{}', 'web/package-lock.json': '{}' };
    const [f] = await findingsOf(RULE, files);
    assert.match(f.message, /copy web\/package-lock\.json first/);
    assert.deepEqual(f.fixes.filter((x) => x.title === 'Use npm ci'), []);
  });

  it('does not flag projects without a lockfile', async () => {
    assert.deepEqual(await flagged({ Dockerfile: 'FROM node:20\nCOPY package.json ./\nRUN npm install && yarn\n', 'package.json': '{}' }), []);
  });

  it('fix turns npm install into npm ci, keeping flags', async () => {
    const { fixed } = await checkFix(RULE, { Dockerfile: 'FROM node:20\nCOPY package*.json ./\nRUN npm install --omit=dev --no-audit\n', 'package.json': '{}', 'package-lock.json': '{}' });
    assert.equal(fixed.Dockerfile, 'FROM node:20\nCOPY package*.json ./\nRUN npm ci --omit=dev --no-audit\n');
  });

  it('fix adds --immutable for Yarn 2+ and --frozen-lockfile for Yarn 1', async () => {
    const df = 'FROM node:20\nCOPY . .\nRUN yarn install\n';
    const berry = await checkFix(RULE, { Dockerfile: df, 'yarn.lock': '', '.yarnrc.yml': 'nodeLinker: node-modules\n' });
    assert.equal(berry.fixed.Dockerfile, 'FROM node:20\nCOPY . .\nRUN yarn install --immutable\n');
    const classic = await checkFix(RULE, { Dockerfile: df, 'yarn.lock': '', 'package.json': '{"packageManager": "yarn@1.22.22"}' });
    assert.equal(classic.fixed.Dockerfile, 'FROM node:20\nCOPY . .\nRUN yarn install --frozen-lockfile\n');
  });

  it('fix adds --frozen-lockfile to pnpm', async () => {
    const { fixed } = await checkFix(RULE, { Dockerfile: 'FROM node:20\nCOPY pnpm-lock.yaml package.json ./\nRUN pnpm i --prod\n', 'pnpm-lock.yaml': '', 'package.json': '{}' });
    assert.equal(fixed.Dockerfile, 'FROM node:20\nCOPY pnpm-lock.yaml package.json ./\nRUN pnpm i --frozen-lockfile --prod\n');
  });
});
