import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSuppressions, suppressionEdit } from '../../../server/src/engine/suppression';
import { applyEdits } from '../../../server/src/core/edits';
import { LineIndex } from '../../../server/src/workspace/line-index';

const parse = (text: string, statementStart?: (line: number) => number) => parseSuppressions(text, new LineIndex(text), statementStart);

describe('suppressions', () => {
  it('a directive on the line above suppresses the listed rules on the next code line only', () => {
    const s = parse('FROM x\n# readiness-ignore dockerfile/root-user, dockerfile/unpinned-base-image -- vendor image\nUSER root\nCMD x\n');
    assert.equal(s.isSuppressed('dockerfile/root-user', [], 2), true);
    assert.equal(s.isSuppressed('dockerfile/unpinned-base-image', [], 2), true);
    assert.equal(s.isSuppressed('dockerfile/other', [], 2), false);
    assert.equal(s.isSuppressed('dockerfile/root-user', [], 3), false);
  });

  it('skips blank lines and further comments between the directive and the code', () => {
    const s = parse('# readiness-ignore a/b\n\n# why: legacy\nline\n');
    assert.equal(s.isSuppressed('a/b', [], 3), true);
  });

  it('a trailing directive applies to its own line (YAML style)', () => {
    const s = parse('services:\n  api:\n    privileged: true  # readiness-ignore compose/privileged-container\n');
    assert.equal(s.isSuppressed('compose/privileged-container', [], 2), true);
    assert.equal(s.isSuppressed('compose/privileged-container', [], 3), false);
  });

  it('readiness-ignore-file applies anywhere in the file', () => {
    const s = parse('// readiness-ignore-file code/missing-metrics\nconst a = 1;\n\n\nconst b = 2;\n');
    assert.equal(s.isSuppressed('code/missing-metrics', [], 4), true);
    assert.equal(s.isSuppressed('code/other', [], 4), false);
  });

  it('honours hadolint and zizmor pragmas through aliases', () => {
    const s = parse('# hadolint ignore=DL3002,DL3006\nUSER root\n# hadolint global ignore=DL3015\nRUN x\n  - run: echo ${{ github.event.issue.title }} # zizmor: ignore[template-injection]\n');
    assert.equal(s.isSuppressed('dockerfile/root-user', ['DL3002'], 1), true);
    assert.equal(s.isSuppressed('dockerfile/root-user', ['DL3002'], 3), false);
    assert.equal(s.isSuppressed('dockerfile/apt-install-recommends', ['DL3015'], 3), true);
    assert.equal(s.isSuppressed('ci/script-injection', ['zizmor:template-injection'], 4), true);
  });

  it('a directive above a multi-line statement covers its continuation lines', () => {
    const text = '# readiness-ignore shell/curl-pipe-shell\nRUN apt-get update && \\\n    curl -fsSL https://x | sh\n';
    const s = parse(text, (line) => (line === 2 ? 1 : line));
    assert.equal(s.isSuppressed('shell/curl-pipe-shell', [], 2), true);
  });

  it('does not treat the word in a string as a directive', () => {
    const s = parse('echo "readiness-ignore a/b"\nline\n');
    assert.equal(s.isSuppressed('a/b', [], 1), false);
  });

  it('the suppression edit inserts a directive with the line indentation and EOL, which then suppresses', () => {
    const text = 'services:\r\n  db:\r\n    privileged: true\r\n';
    const lines = new LineIndex(text);
    const edit = suppressionEdit('compose', lines, { start: { line: 2, character: 4 }, end: { line: 2, character: 14 } }, 'compose/privileged-container');
    const fixed = applyEdits(text, [edit]);
    assert.equal(fixed, 'services:\r\n  db:\r\n    # readiness-ignore compose/privileged-container\r\n    privileged: true\r\n');
    assert.equal(parse(fixed).isSuppressed('compose/privileged-container', [], 3), true);
  });

  it('uses // in TypeScript and Go', () => {
    const text = 'func main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n';
    const edit = suppressionEdit('go', new LineIndex(text), { start: { line: 1, character: 1 }, end: { line: 1, character: 5 } }, 'code/server-without-timeouts');
    assert.equal(applyEdits(text, [edit]).split('\n')[1], '\t// readiness-ignore code/server-without-timeouts');
  });
});
