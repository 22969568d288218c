import { defineRule } from '../../server/src/core/rule';
import type { Fix } from '../../server/src/core/types';
import { exposedPorts, imageContents, stageChain } from '../../server/src/model/image';
import { servicesBuiltFrom } from '../../server/src/parsers/compose';
import { insertBeforeStartup, isWindowsStage, looksLikeBaseImage, productionFinalStage } from './_a';
import { HEALTHCHECK_OPTIONS, probesFor } from './_probe';

export default defineRule({
  id: 'dockerfile/missing-healthcheck',
  meta: {
    category: 'observability',
    severity: 'info',
    summary: 'The final image defines no HEALTHCHECK, so nothing can tell a hung container from a healthy one.',
    fixes: ['unsafe'],
    aliases: ['DL3057'],
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
    // Any HEALTHCHECK in the chain counts, `HEALTHCHECK NONE` included (an explicit choice).
    if (stageChain(stage).some((s) => s.instructions.some((i) => i.keyword === 'HEALTHCHECK'))) return ctx.pass();
    if (looksLikeBaseImage(file.path, model, stage)) return;
    // A compose service built from this stage that defines (or explicitly disables) `healthcheck:`
    // is where the team chose to put the check.
    const runners = servicesBuiltFrom(ctx.workspace, file.path).filter((r) => !r.target || r.target === stage.name);
    if (runners.some((r) => r.healthcheck !== 'absent')) return ctx.pass();
    const contents = imageContents(model, stage);
    const port = exposedPorts(stage).find((p) => p.port !== undefined && p.port > 0 && p.port <= 65535 && p.protocol === 'tcp');
    const fixes: Fix[] = [];
    if (port?.port !== undefined && !isWindowsStage(stage)) {
      const url = `http://localhost:${port.port}/health`;
      const probe = probesFor(contents, url)[0];
      if (probe) {
        fixes.push({
          title: `Add a HEALTHCHECK probing ${url} with ${probe.binary}`,
          safety: 'unsafe',
          changes: [{ file: file.path, edits: [insertBeforeStartup(file, stage, [`HEALTHCHECK ${HEALTHCHECK_OPTIONS} CMD ${probe.command}`])] }],
        });
      }
    }
    ctx.report({
      file: file.path,
      range: stage.from.range,
      message: `The final image defines no HEALTHCHECK${port ? ` for the service on port ${port.text}` : ''}: Docker reports it "running" even when the application hangs, and \`depends_on: condition: service_healthy\` cannot wait for it. Add a HEALTHCHECK (or a compose \`healthcheck:\`).`,
      fixes,
    });
  },
});
