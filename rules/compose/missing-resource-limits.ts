import { defineRule } from '../../server/src/core/rule';
import { ownsPresenceChecks } from '../../server/src/parsers/compose';
import { hardenEdits, isLongRunning, MEMORY_LIMIT, needsLimits, projectOf, q, serviceFix } from './_compose';

export default defineRule({
  id: 'compose/missing-resource-limits',
  meta: {
    category: 'reliability',
    severity: 'warning',
    summary: 'A service has no memory limit: one leak can starve every other container on the host.',
    fixes: ['unsafe'],
    aliases: [],
    scope: 'file',
    kinds: ['compose'],
    productionOnly: true,
  },
  check(ctx) {
    const project = projectOf(ctx);
    if (!project) return;
    for (const s of project.services) {
      if (!ownsPresenceChecks(project, s) || !isLongRunning(project, s)) continue;
      if (!needsLimits(project, s)) {
        ctx.pass();
        continue;
      }
      ctx.report({
        file: s.file,
        range: s.keyRange,
        message: `Service ${q(s.name)} has no memory limit (\`deploy.resources.limits.memory\` or \`mem_limit\`): a leak or a traffic spike can take the whole host's memory and get other containers killed.`,
        fixes: serviceFix(s, `Limit memory to ${MEMORY_LIMIT} (adjust to the service's real needs)`, 'unsafe', hardenEdits(project, s, { limits: true })),
      });
    }
  },
});
