import { defineRule } from '../../server/src/core/rule';
import type { RelatedLocation } from '../../server/src/core/types';
import { dirOf, isContainerPathWithin, isWithin, joinWithin } from '../../server/src/parsers/compose';
import { builtImageOf } from '../../server/src/parsers/compose/link';
import type { WorkspaceModel } from '../../server/src/workspace/model';
import { onceGuard, projectOf, q } from './_compose';

const MANIFESTS = /^(package\.json|requirements[\w.-]*\.txt|pyproject\.toml|pipfile|setup\.py|manage\.py|go\.mod|gemfile|composer\.json|pom\.xml|build\.gradle(\.kts)?|cargo\.toml|mix\.exs)$/i;
const CODE = /\.(py|go|rb|php|ts|tsx|java|kt|rs|cs|ex|exs|scala)$/i;
const SCRIPT = /\.(js|mjs|cjs|jsx)$/i;

/** A directory holding an application's source: a manifest, or code files at its top or in src/app/lib. */
function looksLikeSource(ws: WorkspaceModel, dir: string): boolean {
  const names = ws.listDir(dir);
  if (names.some((n) => MANIFESTS.test(n))) return true;
  for (const sub of ['', 'src', 'app', 'lib']) {
    const d = sub ? (dir ? `${dir}/${sub}` : sub) : dir;
    const list = sub ? (names.includes(sub) ? ws.listDir(d) : []) : names;
    if (list.some((n) => CODE.test(n))) return true;
    // Scripts next to HTML are a static site being served, not a server's code.
    if (list.some((n) => SCRIPT.test(n)) && !list.some((n) => /\.html?$/i.test(n))) return true;
  }
  return false;
}

export default defineRule({
  id: 'compose/source-bind-mount',
  meta: {
    category: 'reliability',
    severity: 'warning',
    summary: 'A production service bind-mounts source code over its working directory: what runs is the host\'s code, not the image.',
    fixes: [],
    aliases: [],
    scope: 'file',
    kinds: ['compose'],
    productionOnly: true,
  },
  check(ctx) {
    const project = projectOf(ctx);
    if (!project) return;
    const ws = ctx.workspace;
    const once = onceGuard();
    for (const s of project.services) {
      const built = builtImageOf(ws, s);
      const context = s.build?.contextPath;
      let flagged = false;
      for (const v of s.volumes) {
        if (v.type !== 'bind' || v.external || !v.source || !v.target || v.file !== ctx.file!.path) continue;
        const host = joinWithin(dirOf(v.file), v.source);
        if (host === undefined || !ws.isDirectory(host)) continue;
        if (built?.workdir && !isContainerPathWithin(v.target, built.workdir) && !isContainerPathWithin(built.workdir, v.target)) continue;
        // The context itself or a directory holding it; a sub-directory of the context (`./data`) only
        // when it holds code, since data and upload directories are legitimately mounted in production.
        const isContext = context !== undefined && isWithin(context, host);
        if (!isContext && !looksLikeSource(ws, host)) continue;
        flagged = true;
        if (!once(v)) continue;
        const what = isContext ? (host === context ? 'its build context' : 'a directory containing its build context') : context !== undefined && isWithin(host, context) ? 'source code from its build context' : 'source code';
        const over = built?.workdir ? `over ${q(v.target)} (WORKDIR of ${built.dockerfile})` : `at ${q(v.target)}`;
        const related: RelatedLocation[] = built?.workdirRange ? [{ file: built.dockerfile, range: built.workdirRange, message: `WORKDIR ${built.workdir}` }] : [];
        ctx.report({
          file: v.file,
          range: v.range,
          related,
          message: `Service ${q(s.name)} bind-mounts ${q(v.source)} (${what}) ${over}: the container runs the files on the host, not the ones built into the image, so what was tested is not what runs. Keep this mount in a development override.`,
        });
      }
      if (!flagged && s.volumes.length) ctx.pass();
    }
  },
});
