import { defineRule } from '../../server/src/core/rule';
import { isSecurityTemplate } from '../../server/src/parsers/ci/activity';
import { ciActivities } from '../../server/src/parsers/ci/index';
import { ciAnchor } from './_project';

export default defineRule({
  id: 'project/no-security-scan',
  meta: {
    category: 'delivery',
    severity: 'info',
    summary: 'No CI step scans dependencies, code or images for known vulnerabilities.',
    fixes: [],
    aliases: [],
    scope: 'workspace',
    kinds: ['github-workflow', 'github-action', 'gitlab-ci', 'manifest'],
    productionOnly: false,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const anchor = ciAnchor(ws);
    if (!anchor) return;
    const index = ciActivities(ws);
    if (index.activities.some((a) => a.kind === 'security') || index.templates.some(isSecurityTemplate)) {
      ctx.pass();
      return;
    }
    ctx.report({
      file: anchor.file,
      range: anchor.range,
      message: 'No CI step scans for vulnerabilities (pip-audit, npm audit, govulncheck, trivy, grype, CodeQL, semgrep, snyk…): a dependency with a published CVE ships unnoticed.',
    });
  },
});
