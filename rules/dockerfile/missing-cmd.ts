import { defineRule } from '../../server/src/core/rule';
import { describeBaseImage, entrypointAndCmd, type BaseImage } from '../../server/src/model/image';
import { looksLikeBaseImage, productionFinalStage } from './_a';

/** What the base image runs when the Dockerfile says nothing, in words. */
function defaultDescription(base: BaseImage): string {
  if (base.defaultProcess === 'shell') return 'a shell';
  switch (base.family) {
    case 'python':
      return 'the Python REPL';
    case 'node':
      return 'the Node.js REPL';
    case 'ruby':
      return 'irb, the Ruby REPL';
    case 'php':
      return 'the interactive PHP shell (`php -a`)';
    case 'java':
      return 'jshell';
    default:
      return 'an interactive REPL';
  }
}

export default defineRule({
  id: 'dockerfile/missing-cmd',
  meta: {
    category: 'reliability',
    severity: 'error',
    summary: 'The final image has no CMD or ENTRYPOINT, so it starts its base image\'s REPL or shell and exits.',
    fixes: [],
    aliases: [],
    scope: 'file',
    kinds: ['dockerfile'],
    productionOnly: true,
  },
  check(ctx) {
    const file = ctx.file!;
    const model = ctx.workspace.dockerfile(file.path);
    if (!model) return;
    const stage = productionFinalStage(ctx, model);
    if (!stage) return;
    const { entrypoint, cmd } = entrypointAndCmd(stage);
    if (entrypoint || cmd) return ctx.pass();
    const base = describeBaseImage(stage.from);
    // Service images (nginx, postgres…) have a real default process; unknown images may too.
    if (base.defaultProcess === 'service') return ctx.pass();
    if (base.defaultProcess !== 'repl' && base.defaultProcess !== 'shell') return;
    // Base/tool images are extended or run with an explicit command, not started as they are.
    if (looksLikeBaseImage(file.path, model, stage)) return;
    // Standalone judgement only. The compose half of this rule (a service built from this
    // Dockerfile that supplies `command:`) belongs here once the compose model links services to
    // Dockerfiles: such a service makes this target pass.
    ctx.report({
      file: file.path,
      range: stage.from.range,
      message: `The final stage sets no CMD or ENTRYPOINT${stage.from.stage ? ' (nor do the stages it is built FROM)' : ''}, so the container runs the default of \`${base.image}\` — ${defaultDescription(base)} — which exits at once without a terminal. Add a CMD that starts the application.`,
      data: { base: base.image },
    });
  },
});
