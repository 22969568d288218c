import { defineRule } from '../../server/src/core/rule';
import { describeBaseImage, entrypointAndCmd, type BaseImage } from '../../server/src/model/image';
import { servicesBuiltFrom } from '../../server/src/parsers/compose';
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
    // Compose services that run this stage: one that supplies `command:`/`entrypoint:` starts the
    // application itself. The image is only broken where a production service relies on its CMD.
    const runners = servicesBuiltFrom(ctx.workspace, file.path).filter((r) => !r.target || r.target === stage.name);
    const relying = runners.filter((r) => !r.command && !r.entrypoint);
    if (runners.length > 0 && !relying.some((r) => r.environment === 'production')) return ctx.pass();
    const relyingProd = relying.filter((r) => r.environment === 'production');
    ctx.report({
      file: file.path,
      range: stage.from.range,
      message: `The final stage sets no CMD or ENTRYPOINT${stage.from.stage ? ' (nor do the stages it is built FROM)' : ''}, so the container runs the default of \`${base.image}\` — ${defaultDescription(base)} — which exits at once without a terminal${relyingProd.length ? ` (compose service${relyingProd.length > 1 ? 's' : ''} ${relyingProd.map((r) => `\`${r.service}\``).join(', ')} build${relyingProd.length > 1 ? '' : 's'} it with no \`command:\`)` : ''}. Add a CMD that starts the application.`,
      related: relyingProd.map((r) => ({ file: r.file, range: r.range, message: `\`${r.service}\` runs this image without a \`command:\`` })),
      data: { base: base.image },
    });
  },
});
