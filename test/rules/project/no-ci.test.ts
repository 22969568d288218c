import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';

const RULE = 'project/no-ci';

describe(RULE, () => {
  it('reports a project without any CI as a workspace finding', async () => {
    const found = await findingsOf(RULE, { 'go.mod': 'module example.com/api\n', 'main.go': 'package main\n' });
    assert.equal(found.length, 1);
    assert.equal(found[0].file, null);
    assert.equal(found[0].severity, 'warning');
  });

  it('accepts GitHub, GitLab and other CI systems', async () => {
    for (const ci of ['.github/workflows/ci.yml', '.gitlab-ci.yml', 'Jenkinsfile', '.circleci/config.yml', 'azure-pipelines.yml', 'bitbucket-pipelines.yml']) {
      assert.deepEqual(await findingsOf(RULE, { 'package.json': '{}', [ci]: 'x: 1\n' }), [], ci);
    }
  });

  it('says nothing about a workspace that holds no project', async () => {
    assert.deepEqual(await findingsOf(RULE, { 'README.md': '# notes\n' }), []);
  });
});
