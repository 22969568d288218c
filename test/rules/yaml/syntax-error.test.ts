import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles, findingsOf } from '../../helpers/workspace';

const RULE = 'yaml/syntax-error';

describe(RULE, () => {
  it('reports a syntax error at its position and keeps analysing the readable part', async () => {
    const compose = 'services:\n  api:\n    image: postgres\n    ports:\n      - "5432:5432\n  db:\n';
    const result = await analyzeFiles({ 'compose.yaml': compose });
    const errors = result.findings.filter((f) => f.rule === RULE);
    assert.ok(errors.length >= 1);
    assert.equal(errors[0].severity, 'error');
    assert.ok(errors[0].range.start.line >= 4, JSON.stringify(errors[0].range));
    assert.ok(result.findings.some((f) => f.rule === 'compose/unpinned-image'), 'the partial model is still checked');
  });

  it('reports duplicate keys, unknown anchors and tabs', async () => {
    const dup = await findingsOf(RULE, { 'compose.yaml': 'services:\n  api:\n    image: a:1\n    image: b:2\n  web:\n    <<: *defaults\n    image: c:1\n' });
    assert.deepEqual(dup.map((f) => f.message.split(':')[0]), ['Duplicate key `image`', 'Unknown anchor `defaults`']);
    assert.ok((await findingsOf(RULE, { 'compose.yaml': 'services:\n\tapi:\n\t\timage: a:1\n' })).length > 0);
  });

  it('is silent on valid files, whatever their environment', async () => {
    assert.deepEqual(await findingsOf(RULE, { 'compose.dev.yaml': 'services:\n  api:\n    image: app:1\n' }), []);
  });

  it('covers CI files too: a broken workflow or pipeline gets a diagnostic at the error', async () => {
    const wf = await findingsOf(RULE, { '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    steps: [unclosed\n' });
    assert.equal(wf.length, 1);
    const gl = await findingsOf(RULE, { '.gitlab-ci.yml': 'test:\n  script:\n    - "unterminated\n' });
    assert.equal(gl.length, 1);
    assert.deepEqual(await findingsOf(RULE, { '.github/dependabot.yml': 'version: 2\nupdates: []\n' }), []);
  });
});

