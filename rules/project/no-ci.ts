import { defineRule } from '../../server/src/core/rule';
import { ZERO_RANGE } from '../../server/src/core/types';
import { ciConfigPaths } from '../../server/src/parsers/ci/index';

/** Kinds that make a directory a project worth building and testing. */
const PROJECT_KINDS = ['manifest', 'dockerfile', 'compose', 'python', 'typescript', 'javascript', 'go'] as const;

export default defineRule({
  id: 'project/no-ci',
  meta: {
    category: 'delivery',
    severity: 'warning',
    summary: 'The project has no CI configuration: nothing builds, tests or scans it on each change.',
    fixes: [],
    aliases: [],
    scope: 'workspace',
    kinds: ['github-workflow', 'gitlab-ci', 'manifest', 'dockerfile', 'other'],
    productionOnly: false,
  },
  check(ctx) {
    const ws = ctx.workspace;
    if (!PROJECT_KINDS.some((k) => ws.filesOfKind(k).length > 0)) return;
    if (ciConfigPaths(ws).length) {
      ctx.pass();
      return;
    }
    ctx.report({
      file: null,
      range: ZERO_RANGE,
      message: 'No CI configuration found (.github/workflows/*.yml, .gitlab-ci.yml, Jenkinsfile, …): tests, builds and scans run only when someone remembers to run them locally.',
    });
  },
});
