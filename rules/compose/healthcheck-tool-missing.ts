import { defineRule } from '../../server/src/core/rule';
import { builtImageOf } from '../../server/src/parsers/compose/link';
import { onceGuard, projectOf, q } from './_compose';
import { calledPrograms } from './_healthcheck';

export default defineRule({
  id: 'compose/healthcheck-tool-missing',
  meta: {
    category: 'reliability',
    severity: 'error',
    summary: 'A healthcheck calls a program (curl, wget…) that the service\'s image does not contain: the check can never pass.',
    fixes: [],
    aliases: [],
    scope: 'file',
    kinds: ['compose'],
    productionOnly: false,
  },
  check(ctx) {
    const project = projectOf(ctx);
    if (!project) return;
    const once = onceGuard();
    for (const s of project.services) {
      const test = s.healthcheck?.test;
      if (!test || s.healthcheck!.disabled || s.healthcheck!.file !== ctx.file!.path) continue;
      const built = builtImageOf(ctx.workspace, s);
      if (!built) continue;
      const missing = calledPrograms(s).filter((p) => built.has(p.name) === 'no');
      // CMD-SHELL runs `/bin/sh -c`: distroless and scratch images have no shell at all.
      const noShell = test.kind === 'CMD-SHELL' && built.has('sh') === 'no';
      if (!missing.length && !noShell) {
        ctx.pass();
        continue;
      }
      const related = [{ file: built.dockerfile, range: built.fromRange, message: `base image ${built.baseImage}` }];
      if (noShell && once({ file: s.healthcheck!.file, range: test.entry.keyRange })) {
        ctx.report({
          file: s.healthcheck!.file,
          range: test.entry.keyRange,
          related,
          message: `${q(s.name)} healthcheck is CMD-SHELL, which runs /bin/sh, but ${built.baseImage} (${built.dockerfile}) has no shell: the check can never pass and the service stays unhealthy. Use the \`["CMD", …]\` form.`,
        });
        continue;
      }
      for (const p of missing) {
        if (!once({ file: s.healthcheck!.file, range: p.range })) continue;
        ctx.report({
          file: s.healthcheck!.file,
          range: p.range,
          related,
          message: `${q(s.name)} healthcheck calls ${p.name}, but ${built.baseImage} (${built.dockerfile}) has no ${p.name}: the check can never pass and the service stays unhealthy. Install ${p.name} in the image or probe with a program it has.`,
        });
      }
    }
  },
});
