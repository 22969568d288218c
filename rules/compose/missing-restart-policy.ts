import { defineRule } from '../../server/src/core/rule';
import { ownsPresenceChecks } from '../../server/src/parsers/compose';
import { hardenFix, isLongRunning, needsRestart, projectOf, q, RESTART_VALUE, serviceFix } from './_compose';
import { insertEntries } from '../../server/src/parsers/yaml';

export default defineRule({
  id: 'compose/missing-restart-policy',
  meta: {
    category: 'reliability',
    severity: 'warning',
    summary: 'A long-running service has no restart policy: after a crash or a host reboot it stays down.',
    fixes: ['safe', 'unsafe'],
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
      if (!needsRestart(project, s)) {
        ctx.pass();
        continue;
      }
      const edit = s.map ? insertEntries(s.yaml, s.map, { restart: RESTART_VALUE }) : undefined;
      ctx.report({
        file: s.file,
        range: s.keyRange,
        message: `Service ${q(s.name)} has no restart policy (\`restart:\` or \`deploy.restart_policy\`): if it crashes or the host reboots, it stays down.`,
        fixes: [
          ...serviceFix(s, `Add \`restart: ${RESTART_VALUE}\``, 'safe', edit ? [edit] : undefined),
          ...hardenFix(project, s),
        ],
      });
    }
  },
});
