import { defineRule } from '../../server/src/core/rule';
import type { HttpApp } from '../../server/src/model/app';
import { appRef, CODE_RULE_KINDS, codeModel, related, type Service } from './_code';
import { appReferences, deploymentsOf, type Deployment } from './_deploy';
import { isHealthPath } from './_health';
import { methodsFor, routeTable, serves } from './_routes';

/** The app a deployment runs: the only one in its build context, or the one its command names (`app.main:app`). */
function appRun(apps: { app: HttpApp; service: Service }[], refs: string[], contextDir: string): { app: HttpApp; service: Service } | undefined {
  if (apps.length === 1) return apps[0];
  for (const ref of refs) {
    const [mod, variable] = ref.replace(/\(\)$/, '').split(':');
    const suffix = `${mod.replace(/\./g, '/')}.py`;
    const hit = apps.filter(({ app }) => {
      const rel = contextDir ? app.constructorLoc.file.slice(contextDir.length + 1) : app.constructorLoc.file;
      return (rel === suffix || rel.endsWith(`/${suffix}`)) && (app.variable === variable || !app.variable);
    });
    if (hit.length === 1) return hit[0];
  }
  return undefined;
}

export default defineRule({
  id: 'code/healthcheck-path-mismatch',
  meta: {
    category: 'reliability',
    severity: 'warning',
    summary: 'A compose/Dockerfile healthcheck requests an HTTP path the app does not serve: the container is never healthy.',
    fixes: [],
    aliases: [],
    scope: 'workspace',
    kinds: CODE_RULE_KINDS,
    productionOnly: false,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const model = codeModel(ws);
    const all = [...model.services.values()].flatMap((service) => service.apps.map((app) => ({ app, service })));
    const seen = new Set<string>();
    // Deployments whose build context holds an app (the app's file, not its service directory: a
    // service without a manifest belongs to the workspace root).
    const deployments = new Map<string, Deployment>();
    for (const { app } of all) {
      for (const d of deploymentsOf(ws, app.constructorLoc.file)) deployments.set(`${d.dockerfile ?? ''}|${d.composeService ?? ''}|${d.contextDir}|${d.probes.map((p) => `${p.loc.file}:${p.loc.range.start.line}:${p.loc.range.start.character}`).join(',')}`, d);
    }
    for (const d of deployments.values()) {
      if (!d.probes.length) continue;
      const inContext = all.filter(({ app }) => d.contextDir === '' || app.constructorLoc.file.startsWith(`${d.contextDir}/`));
      const target = appRun(inContext, appReferences(d), d.contextDir);
      if (!target) continue;
      const table = routeTable(model, target.service, target.app);
      if (!table.complete) continue;
      for (const probe of d.probes) {
        const key = `${probe.loc.file}:${probe.loc.range.start.line}:${probe.loc.range.start.character}:${probe.path}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (serves(table, probe.path) !== 'no') {
          ctx.pass();
          continue;
        }
        const health = table.routes.filter((r) => !r.regex && isHealthPath(r.path) && (!r.method || r.method === 'GET' || r.method === 'HEAD'));
        const methods = methodsFor(table, probe.path);
        const problem = methods.length
          ? `only answers ${methods.join('/')} there: the check's GET gets 405`
          : 'has no route for it: the check gets 404';
        const suggestion = health.length ? ` It does serve ${health.slice(0, 3).map((r) => r.path).join(', ')}.` : '';
        ctx.report({
          file: probe.loc.file,
          range: probe.loc.range,
          message: `${probe.source[0].toUpperCase()}${probe.source.slice(1)} requests ${probe.path}, but ${appRef(target.app)} ${problem}, the container never becomes healthy and dependants wait forever.${suggestion}`,
          related: [
            related(target.app.constructorLoc, `${target.app.framework} app created here`),
            ...health.slice(0, 3).map((r) => related(r.loc, `route ${r.path}`)),
          ],
        });
      }
    }
  },
});
