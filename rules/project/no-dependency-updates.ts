import { defineRule } from '../../server/src/core/rule';
import { ZERO_RANGE, type Fix } from '../../server/src/core/types';
import { dependabotEntry, ecosystems } from './_project';

/** Renovate reads its config from any of these (plus a `renovate` key in package.json). */
const RENOVATE_PATHS = ['renovate.json', 'renovate.json5', '.renovaterc', '.renovaterc.json', '.renovaterc.json5', '.github/renovate.json', '.github/renovate.json5', '.gitlab/renovate.json', '.gitlab/renovate.json5'];

export default defineRule({
  id: 'project/no-dependency-updates',
  meta: {
    category: 'delivery',
    severity: 'info',
    summary: 'Neither Dependabot nor Renovate is configured: dependency and base-image updates (including security fixes) arrive only when someone remembers.',
    fixes: ['safe'],
    aliases: [],
    scope: 'workspace',
    kinds: ['dependabot', 'renovate', 'manifest', 'dockerfile', 'github-workflow', 'gitlab-ci'],
    productionOnly: false,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const found = ecosystems(ws);
    if (!found.size) return;
    const configured =
      ws.filesOfKind('dependabot').length > 0 || ws.filesOfKind('renovate').length > 0 ||
      ws.exists('.github/dependabot.yml') || ws.exists('.github/dependabot.yaml') ||
      RENOVATE_PATHS.some((p) => ws.exists(p)) || /"renovate"\s*:/.test(ws.file('package.json')?.text ?? '');
    if (configured) {
      ctx.pass();
      return;
    }
    // Dependabot is GitHub's: a GitLab-only project gets the finding without the file.
    const onGitHub = ws.isDirectory('.github') || ws.filesOfKind('gitlab-ci').length === 0;
    const fixes: Fix[] = [];
    if (onGitHub) {
      const body = ['version: 2', 'updates:', ...[...found].map(([eco, dirs]) => dependabotEntry(eco, dirs, '  ', '  ', '\n'))].join('\n') + '\n';
      fixes.push({
        title: `Create .github/dependabot.yml for ${[...found.keys()].join(', ')}`,
        safety: 'safe',
        changes: [{ file: '.github/dependabot.yml', create: true, edits: [{ range: ZERO_RANGE, newText: body }] }],
      });
    }
    ctx.report({
      file: null,
      range: ZERO_RANGE,
      message: `No Dependabot or Renovate configuration: ${[...found.keys()].join(', ')} dependencies are never proposed for update, so known-vulnerable versions stay until someone notices.`,
      fixes,
    });
  },
});
