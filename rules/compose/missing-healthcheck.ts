import { defineRule } from '../../server/src/core/rule';
import type { Fix, RelatedLocation } from '../../server/src/core/types';
import { hasKey, ownsPresenceChecks, type ComposeService } from '../../server/src/parsers/compose';
import { builtImageOf, type BuiltImage } from '../../server/src/parsers/compose/link';
import { ensurePath, insertEntries, type Snippet } from '../../server/src/parsers/yaml';
import type { WorkspaceModel } from '../../server/src/workspace/model';
import { describeService, isLongRunning, projectOf, q, storeOf } from './_compose';
import { probeTest, servicePort, storeTest } from './_healthcheck';

function healthcheckFix(ws: WorkspaceModel, s: ComposeService, built: BuiltImage | undefined): Fix[] {
  if (!s.map) return [];
  const store = storeOf(ws, s);
  let test = store ? storeTest(store, s) : undefined;
  let title = store && test ? `Add the standard ${store.label} healthcheck` : '';
  if (!test && built) {
    const port = servicePort(s, built);
    const probe = port ? probeTest(built, port) : undefined;
    test = probe?.test;
    title = `Add a healthcheck probing ${probe?.url} with ${probe?.binary}`;
  }
  if (!test) return [];
  const timing: { [k: string]: Snippet } = store ? { interval: '10s', timeout: '5s', retries: '5' } : { interval: '30s', timeout: '5s', retries: '3', start_period: '20s' };
  // A `healthcheck:` with only timings gets its `test:`; otherwise the whole block is added.
  const edit = s.yaml.get(s.map, 'healthcheck')
    ? ensurePath(s.yaml, s.map, ['healthcheck'], { test })
    : insertEntries(s.yaml, s.map, { healthcheck: { test, ...timing } });
  return edit ? [{ title, safety: 'unsafe', changes: [{ file: s.file, edits: [edit] }] }] : [];
}

export default defineRule({
  id: 'compose/missing-healthcheck',
  meta: {
    category: 'reliability',
    severity: 'warning',
    summary: 'A long-running service has no healthcheck, in compose or in its image.',
    fixes: ['unsafe'],
    aliases: [],
    scope: 'file',
    kinds: ['compose'],
    productionOnly: true,
  },
  check(ctx) {
    const project = projectOf(ctx);
    if (!project) return;
    const ws = ctx.workspace;
    for (const s of project.services) {
      if (!ownsPresenceChecks(project, s) || !isLongRunning(project, s)) continue;
      // `disable: true` and `test: NONE` are explicit choices; a block with only timings relies on the image.
      const own = [s, ...(s.extendsChain ?? [])].find((d) => d.healthcheck)?.healthcheck;
      if (own?.disabled || own?.test || (hasKey(project, s, 'healthcheck', 'test') || hasKey(project, s, 'healthcheck', 'disable'))) {
        ctx.pass();
        continue;
      }
      const built = builtImageOf(ws, s);
      if (built?.healthcheck) {
        ctx.pass();
        continue;
      }
      const related: RelatedLocation[] = built ? [{ file: built.dockerfile, range: built.stage.from.range, message: `${built.dockerfile} has no HEALTHCHECK` }] : [];
      const what = built ? `, and ${built.dockerfile} defines no HEALTHCHECK` : ` (${describeService(ws, s)})`;
      ctx.report({
        file: s.file,
        range: s.keyRange,
        related,
        message: `Service ${q(s.name)} has no healthcheck${what}: Docker reports it running as soon as the process starts, even when it cannot serve, and \`depends_on: condition: service_healthy\` cannot wait for it.`,
        fixes: healthcheckFix(ws, s, built),
      });
    }
  },
});
