import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { discoverWorkspace } from '../../../server/src/workspace/discover';
import { Workspace } from '../../../server/src/workspace/workspace';

const root = mkdtempSync(join(tmpdir(), 'readiness-discover-'));
const write = (path: string, content: string | Buffer) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), content);
};
write('.gitignore', '# build output\ndist/\n*.log\n.env\n!keep.log\n');
write('api/Dockerfile', '\uFEFFFROM python:3.12-slim\r\nCMD ["python"]\r\n');
write('api/package-lock.json', '{}');
write('node_modules/x/Dockerfile', 'FROM x\n');
write('dist/Dockerfile', 'FROM x\n');
write('app.log', 'x');
write('keep.log', 'x');
write('.env', 'SECRET=1\n');
write('bin/Dockerfile', Buffer.from([0x46, 0x52, 0x00, 0x01]));
write('big/Dockerfile', 'RUN x\n'.repeat(600_000));
write('ci/build.yml', 'build:\n  script: [make]\n');
write('k8s/deploy.yaml', 'kind: Deployment\n');
write('bad/Dockerfile', Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x20, 0xff, 0xfe, 0x0a]));

describe('workspace discovery', () => {
  after(() => rmSync(root, { recursive: true, force: true }));
  const ws = new Workspace(root);
  const skipped: string[] = [];
  discoverWorkspace(ws, { readKinds: new Set(['dockerfile', 'gitignore', 'env']), ignore: [], onSkip: (p) => skipped.push(p) });

  it('lists files, skipping node_modules and gitignored trees', () => {
    assert.ok(ws.exists('api/Dockerfile'));
    assert.ok(ws.exists('api/package-lock.json'));
    assert.ok(!ws.exists('node_modules/x/Dockerfile'));
    assert.ok(!ws.exists('dist/Dockerfile'));
    assert.ok(!ws.exists('app.log'));
    assert.ok(ws.exists('keep.log'), 'negated pattern re-includes');
  });

  it('keeps gitignored env files as facts but never reads them', () => {
    assert.ok(ws.exists('.env'));
    assert.equal(ws.file('.env'), undefined);
  });

  it('reads analysed kinds, strips the BOM, and decodes invalid UTF-8 with replacements', () => {
    assert.ok(ws.file('api/Dockerfile')!.text.startsWith('FROM python'));
    assert.ok(ws.file('bad/Dockerfile')!.text.includes('\uFFFD'));
  });

  it('skips binary files and files over the size cap, reporting the large one', () => {
    assert.equal(ws.file('bin/Dockerfile'), undefined);
    assert.equal(ws.file('big/Dockerfile'), undefined);
    assert.ok(skipped.includes('big/Dockerfile'));
  });

  it('reads YAML that a compose or GitLab include may pull in, only when those kinds are analysed', () => {
    const ci = new Workspace(root);
    discoverWorkspace(ci, { readKinds: new Set(['gitlab-ci']), ignore: [] });
    assert.ok(ci.file('ci/build.yml'));
    assert.equal(ws.file('ci/build.yml'), undefined, 'not read when neither compose nor gitlab-ci is analysed');
  });

  it('answers directory questions', () => {
    assert.ok(ws.isDirectory('api'));
    assert.ok(!ws.isDirectory('api/Dockerfile'));
    assert.deepEqual(ws.listDir('api').sort(), ['Dockerfile', 'package-lock.json']);
    assert.ok(ws.exists('./api/../api/Dockerfile'));
  });

  it('survives an unreadable directory', () => {
    const ws2 = new Workspace(join(root, 'does-not-exist'));
    const reasons: string[] = [];
    discoverWorkspace(ws2, { readKinds: new Set(), ignore: [], onSkip: (_p, r) => reasons.push(r) });
    assert.equal(reasons.length, 1);
  });
});
