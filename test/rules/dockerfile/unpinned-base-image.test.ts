import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles, findingsOf } from '../../helpers/workspace';

const RULE = 'dockerfile/unpinned-base-image';

/** `line:startCol-endCol` (1-based line) of each finding. */
async function spots(text: string, path = 'Dockerfile'): Promise<string[]> {
  return (await findingsOf(RULE, { [path]: text })).map((f) => `${f.range.start.line + 1}:${f.range.start.character}-${f.range.end.character}`);
}

describe(RULE, () => {
  it('flags a missing tag and latest, on the image reference', async () => {
    assert.deepEqual(await spots('FROM node AS build\nRUN npm ci\nFROM python:latest\nCMD ["python"]\n'), ['1:5-9', '3:5-18']);
  });

  it('resolves ARG defaults, including a default of latest', async () => {
    const text = 'ARG NODE_TAG=latest\nARG PY=3.12\nFROM node:${NODE_TAG} AS web\nFROM python:${PY}-slim\n';
    const found = await findingsOf(RULE, { Dockerfile: text });
    assert.equal(found.length, 1);
    assert.equal(found[0].range.start.line, 2);
    assert.match(found[0].message, /`node:\$\{NODE_TAG\}` resolves to `node:latest`/);
  });

  it('does not flag scratch, stage references, digests or pinned tags', async () => {
    const text = [
      'FROM golang:1.22-bookworm AS build',
      'FROM build AS test',
      'FROM gcr.io/distroless/static-debian12@sha256:6ceafbc2a9c566d66448fb1d5381dede2b29200d1916e03f5238a1c437e7d9ea',
      'FROM scratch',
      'FROM registry.example.com:5000/team/api:2.3.1',
      'FROM nginx:latest@sha256:a45ee5d042aaa9e81e013f97ae40c3dda26fbe98f22b6251acdf28e579560d55',
      '',
    ].join('\n');
    assert.deepEqual(await spots(text), []);
  });

  it('does not judge a tag that only an ARG without default provides', async () => {
    assert.deepEqual(await spots('ARG PY_VERSION\nFROM python:${PY_VERSION}-slim\nARG BASE\nFROM ${BASE}\n'), []);
  });

  it('still flags a registry variable when the image itself has no tag', async () => {
    assert.deepEqual(await spots('ARG REGISTRY\nFROM ${REGISTRY}/python\n'), ['2:5-23']);
  });

  it('treats a registry port as part of the name, not a tag', async () => {
    assert.deepEqual(await spots('FROM localhost:5000/app\n'), ['1:5-23']);
  });

  it('flags development Dockerfiles too (builds are not reproducible anywhere)', async () => {
    assert.deepEqual(await spots('FROM node\nCMD ["npm", "run", "dev"]\n', 'Dockerfile.dev'), ['1:5-9']);
  });

  it('works with CRLF line endings and comments between instructions', async () => {
    assert.deepEqual(await spots('# base image\r\nFROM ubuntu\r\n# tools\r\nRUN true\r\n'), ['2:5-11']);
  });

  it('counts one check per external FROM', async () => {
    const result = await analyzeFiles({ Dockerfile: 'FROM golang:1.22 AS build\nFROM build AS t\nFROM alpine\n' });
    const tally = result.checks.find((c) => c.rule === RULE);
    assert.ok(tally);
    assert.equal(tally.passed, 1);
    assert.equal(tally.applicable, 2);
  });
});
