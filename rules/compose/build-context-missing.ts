import { defineRule } from '../../server/src/core/rule';
import { projectOf, q } from './_compose';

export default defineRule({
  id: 'compose/build-context-missing',
  meta: {
    category: 'reliability',
    severity: 'error',
    summary: 'A `build:` context or Dockerfile path does not exist in the workspace: the build fails.',
    fixes: [],
    aliases: [],
    scope: 'file',
    kinds: ['compose'],
    productionOnly: false,
  },
  check(ctx) {
    const project = projectOf(ctx);
    if (!project) return;
    const ws = ctx.workspace;
    for (const s of project.services) {
      const b = s.build;
      if (!b || b.file !== ctx.file!.path || b.remote || b.context?.external) continue;
      if (b.contextPath === undefined) continue; // absolute or outside the workspace: cannot be checked
      const contextShown = b.context?.value ?? '.';
      if (!ws.isDirectory(b.contextPath)) {
        ctx.report({
          file: b.file,
          range: b.context?.range ?? b.entry.keyRange,
          message: `Service ${q(s.name)} builds from ${q(contextShown)}, but ${b.contextPath ? q(b.contextPath + '/') : 'that directory'} does not exist in the workspace: \`docker compose build\` fails.`,
        });
        continue;
      }
      if (b.inline || b.dockerfile?.external || b.dockerfilePath === undefined) {
        ctx.pass();
        continue;
      }
      // BuildKit falls back to a lower-case `dockerfile` when the default name is absent.
      const fallback = !b.dockerfile && ws.exists(b.dockerfilePath.replace(/Dockerfile$/, 'dockerfile'));
      if (ws.exists(b.dockerfilePath) && !ws.isDirectory(b.dockerfilePath) || fallback) {
        ctx.pass();
        continue;
      }
      ctx.report({
        file: b.file,
        range: b.dockerfile?.range ?? b.context?.range ?? b.entry.keyRange,
        message: `Service ${q(s.name)} needs ${q(b.dockerfilePath)}${b.dockerfile ? '' : ' (the default Dockerfile of the context)'}, which does not exist in the workspace: \`docker compose build\` fails.`,
      });
    }
  },
});
