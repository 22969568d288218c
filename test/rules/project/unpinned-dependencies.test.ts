import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { flagged } from '../ci/_util';

const RULE = 'project/unpinned-dependencies';

describe(RULE, () => {
  it('flags loose requirements once per file, on the first one', async () => {
    const req = '# web\n-r base.txt\nflask>=2.0\nrequests\nsqlalchemy==2.0.35\ncelery[redis]~=5.4\ndjango==4.*\ngit+https://github.com/acme/lib@0123456789abcdef0123456789abcdef01234567\n';
    assert.deepEqual(await flagged(RULE, { 'requirements.txt': req }), ['requirements.txt:3:1 flask']);
    const [f] = await findingsOf(RULE, { 'requirements.txt': req });
    assert.match(f.message, /^4 requirements are not pinned/);
    assert.equal(f.related.length, 3);
  });

  it('accepts hashes, lock files and constraints', async () => {
    const hashed = 'flask==3.0.3 \\\n    --hash=sha256:abc\nrequests --hash=sha256:def\n';
    assert.deepEqual(await findingsOf(RULE, { 'requirements.txt': hashed }), []);
    assert.deepEqual(await findingsOf(RULE, { 'requirements.txt': 'flask\n', 'poetry.lock': '' }), []);
    assert.deepEqual(await findingsOf(RULE, { 'requirements.txt': '-c constraints.txt\nflask\n' }), []);
  });

  it('flags package.json with dependencies and no lockfile in its directory or above', async () => {
    const pkg = '{\n  "name": "web",\n  "dependencies": { "react": "^18.3.1" }\n}\n';
    assert.deepEqual(await flagged(RULE, { 'web/package.json': pkg }), ['web/package.json:3:3 "dependencies"']);
    assert.deepEqual(await findingsOf(RULE, { 'web/package.json': pkg, 'pnpm-lock.yaml': '' }), []);
    assert.deepEqual(await findingsOf(RULE, { 'package.json': '{"name":"x","scripts":{}}' }), []);
  });
});
