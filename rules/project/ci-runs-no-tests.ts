import { defineRule } from '../../server/src/core/rule';
import { ZERO_RANGE } from '../../server/src/core/types';
import { ciActivities } from '../../server/src/parsers/ci/index';
import { ciAnchor, findTests } from './_project';

export default defineRule({
  id: 'project/ci-runs-no-tests',
  meta: {
    category: 'testing',
    severity: 'warning',
    summary: 'The project has tests and CI, but no CI job runs the tests.',
    fixes: [],
    aliases: [],
    scope: 'workspace',
    kinds: ['github-workflow', 'github-action', 'gitlab-ci', 'python', 'typescript', 'javascript', 'go', 'manifest', 'other'],
    productionOnly: false,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const anchor = ciAnchor(ws);
    if (!anchor) return;
    const tests = findTests(ws);
    if (!tests) return;
    const runs = ciActivities(ws).activities.filter((a) => a.kind === 'test');
    if (runs.length) {
      ctx.pass();
      return;
    }
    const more = tests.count > 1 ? ` and ${tests.count - 1} more test file${tests.count > 2 ? 's' : ''}` : '';
    ctx.report({
      file: anchor.file,
      range: anchor.range,
      message: `The project has tests (${tests.path}${more}) but no CI step runs them (no pytest, npm test, go test, mvn test…): a change that breaks them still merges green.`,
      related: ws.file(tests.path) ? [{ file: tests.path, range: ZERO_RANGE, message: 'a test that CI never runs' }] : [],
    });
  },
});
