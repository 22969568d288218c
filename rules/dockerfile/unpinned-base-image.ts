import { defineRule } from '../../server/src/core/rule';
import type { DockerFrom } from '../../server/src/parsers/dockerfile/model';
import { brokenFrom } from './_a';

/**
 * Whether an image reference with an unresolved `${VAR}` is still certainly untagged: the variable
 * sits only in the registry/path part (`${REGISTRY}/python`), the last segment is static and has
 * no tag or digest.
 */
function untaggedDespiteVariables(from: DockerFrom): boolean {
  const last = from.raw.slice(from.raw.lastIndexOf('/') + 1);
  return from.raw.includes('/') && last !== '' && !/[$:@]/.test(last);
}

export default defineRule({
  id: 'dockerfile/unpinned-base-image',
  meta: {
    category: 'reliability',
    severity: 'warning',
    summary: 'A base image is used without a version tag, or with the moving `latest` tag.',
    fixes: [],
    aliases: ['DL3006', 'DL3007'],
    scope: 'file',
    kinds: ['dockerfile'],
    productionOnly: false,
  },
  check(ctx) {
    const model = ctx.workspace.dockerfile(ctx.file!.path);
    if (!model) return;
    for (const stage of model.stages) {
      const from = stage.from;
      // Stage references, scratch and digests are reproducible by construction.
      if (from.stage || from.isScratch || from.digest || brokenFrom(model, stage)) continue;
      let tag = from.tag;
      if (from.unresolved) {
        // `python:${PY}` with no default cannot be judged; `${REGISTRY}/python` is untagged anyway.
        if (!untaggedDespiteVariables(from)) continue;
        tag = undefined;
      }
      if (tag !== undefined && tag.toLowerCase() !== 'latest') {
        ctx.pass();
        continue;
      }
      const shown = from.unresolved ? from.raw : from.image;
      const resolvedNote = !from.unresolved && from.raw !== from.image ? ` (\`${from.raw}\` resolves to \`${from.image}\`)` : '';
      const message =
        tag === undefined
          ? `Base image \`${shown}\` has no tag${resolvedNote}: every build pulls whatever \`latest\` is that day. Pin a version tag (or a digest).`
          : `Base image \`${shown}\` uses the moving \`latest\` tag${resolvedNote}: builds change without any change to this file. Pin a version tag (or a digest).`;
      ctx.report({ file: ctx.file!.path, range: from.range, message });
    }
  },
});
