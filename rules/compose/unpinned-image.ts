import { defineRule } from '../../server/src/core/rule';
import { isHere, onceGuard, projectOf, q } from './_compose';

export default defineRule({
  id: 'compose/unpinned-image',
  meta: {
    category: 'reliability',
    severity: 'warning',
    summary: 'A service image has no tag or uses `latest`: each deploy may run different software.',
    fixes: [],
    aliases: ['service-image-require-explicit-tag'],
    scope: 'file',
    kinds: ['compose'],
    productionOnly: true,
  },
  check(ctx) {
    const project = projectOf(ctx);
    if (!project) return;
    const once = onceGuard();
    for (const s of project.services) {
      const img = s.image;
      // With `build:`, `image:` names the image being built, not one that is pulled.
      if (!img || s.build || !isHere(ctx, img)) continue;
      if (img.digest) {
        ctx.pass();
        continue;
      }
      // `app:${TAG}` or `${IMAGE}` is decided at deploy time; a default (`${TAG:-latest}`) is judged as written.
      const lastSegment = img.value.slice(img.value.lastIndexOf('/') + 1);
      if (img.external && lastSegment.includes('$')) {
        ctx.pass();
        continue;
      }
      const tag = img.tag?.toLowerCase();
      if (tag !== undefined && tag !== 'latest' && tag !== '') {
        ctx.pass();
        continue;
      }
      if (!once(img)) continue;
      const via = img.raw !== img.value ? ` (\`${img.raw}\` falls back to \`${img.value}\`)` : '';
      ctx.report({
        file: img.file,
        range: img.range,
        message:
          tag === undefined
            ? `Service ${q(s.name)} uses image ${q(img.value)} with no tag${via}: every pull may bring a different version. Pin a version tag or a digest.`
            : `Service ${q(s.name)} uses ${q(img.value)}${via}: \`latest\` moves, so two deploys of this file can run different software. Pin a version tag or a digest.`,
      });
    }
  },
});
