import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { checkFix, findingsOf } from '../../helpers/workspace';
import { flagged, yamlErrors, yml } from '../ci/_util';

const project = {
  '.github/workflows/ci.yml': yml('on: push', 'jobs: {}'),
  'requirements.txt': 'flask==3.0.3\n',
  'web/package.json': '{"name":"web"}\n',
  'services/api/package.json': '{"name":"api"}\n',
  'services/api/Dockerfile': 'FROM node:22\n',
  'go.mod': 'module x\n',
  'test/fixtures/demo/package.json': '{}\n',
};

describe('project/no-dependency-updates', () => {
  const RULE = 'project/no-dependency-updates';

  it('creates .github/dependabot.yml for every ecosystem present (fixtures excluded)', async () => {
    const { fixed } = await checkFix(RULE, project);
    assert.deepEqual(yamlErrors(fixed), []);
    const config = parse(fixed['.github/dependabot.yml']);
    assert.equal(config.version, 2);
    assert.deepEqual(
      config.updates.map((u: { 'package-ecosystem': string; directory?: string; directories?: string[] }) => [u['package-ecosystem'], u.directory ?? u.directories]),
      [['github-actions', '/'], ['pip', '/'], ['npm', ['/services/api', '/web']], ['gomod', '/'], ['docker', '/services/api']],
    );
  });

  it('is silent with Dependabot or Renovate in any of their places', async () => {
    for (const p of ['.github/dependabot.yml', 'renovate.json', '.github/renovate.json5', '.renovaterc']) {
      assert.deepEqual(await findingsOf(RULE, { ...project, [p]: p.endsWith('.yml') ? 'version: 2\nupdates: []\n' : '{}' }), [], p);
    }
  });

  it('offers no dependabot file to a GitLab-only project', async () => {
    const [f] = await findingsOf(RULE, { '.gitlab-ci.yml': 'test:\n  script: [make]\n', 'go.mod': 'module x\n' });
    assert.deepEqual(f.fixes, []);
  });
});

describe('project/dependabot-missing-ecosystem', () => {
  const RULE = 'project/dependabot-missing-ecosystem';
  const config = yml(
    '# keep dependencies fresh',
    'version: 2',
    'updates:',
    '    - package-ecosystem: "pip"',
    '      directory: "/"',
    '      schedule:',
    '          interval: "daily" # before standup',
  );

  it('reports each missing ecosystem on updates:', async () => {
    const files = { ...project, '.github/dependabot.yml': config };
    assert.deepEqual(await flagged(RULE, files), Array(4).fill('.github/dependabot.yml:3:1 updates'));
    const found = await findingsOf(RULE, files);
    assert.deepEqual(found.map((f) => /no `([\w-]+)` entry/.exec(f.message)?.[1]), ['github-actions', 'npm', 'gomod', 'docker']);
  });

  it('appends the entry in the file\'s indentation with its interval, keeping comments', async () => {
    const files = { 'package.json': '{}', 'requirements.txt': 'x==1\n', '.github/dependabot.yml': config };
    const { fixed } = await checkFix(RULE, files);
    assert.deepEqual(yamlErrors(fixed), []);
    assert.equal(
      fixed['.github/dependabot.yml'],
      config + yml('    - package-ecosystem: "npm"', '      directory: "/"', '      schedule:', '          interval: "daily"'),
    );
  });
});
