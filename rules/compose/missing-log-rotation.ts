import { defineRule } from '../../server/src/core/rule';
import { ownsPresenceChecks } from '../../server/src/parsers/compose';
import { hardenEdits, isLongRunning, logRotationGap, projectOf, q, serviceFix } from './_compose';

export default defineRule({
  id: 'compose/missing-log-rotation',
  meta: {
    category: 'observability',
    severity: 'info',
    summary: 'A service logs with the json-file driver without `max-size`: its logs grow until the disk is full.',
    fixes: ['safe'],
    aliases: [],
    scope: 'file',
    kinds: ['compose'],
    productionOnly: true,
  },
  check(ctx) {
    const project = projectOf(ctx);
    if (!project) return;
    for (const s of project.services) {
      // A migration's few lines never fill a disk.
      if (!ownsPresenceChecks(project, s) || !isLongRunning(project, s)) continue;
      const gap = logRotationGap(project, s);
      if (!gap) {
        ctx.pass();
        continue;
      }
      // The service's own `logging:` key when it has one (even `logging: *anchor`), else the service name.
      const own = s.logging && !s.logging.entry.mergedFrom && s.logging.file === s.file;
      ctx.report({
        file: s.file,
        range: own ? s.logging!.entry.keyRange : s.keyRange,
        message:
          gap === 'no-logging'
            ? `Service ${q(s.name)} uses the default json-file log driver with no \`max-size\`: its log file grows until the disk is full.`
            : `Service ${q(s.name)} logs with json-file but sets no \`max-size\` option: its log file grows until the disk is full.`,
        fixes: serviceFix(s, 'Rotate logs (json-file, max-size 10m, max-file 3)', 'safe', hardenEdits(project, s, { logging: true })),
      });
    }
  },
});
