import { defineRule } from '../../server/src/core/rule';
import type { Loc, RateLimitFact } from '../../server/src/model/app';
import type { WorkspaceModel } from '../../server/src/workspace/model';
import { CODE_RULE_KINDS, codeModel, factsOf, related, type CodeModel } from './_code';
import { deploymentsOf, workersOf } from './_deploy';

interface Processes {
  what: string;
  loc: Loc;
}

/** Evidence that the limiter's service runs as several processes: workers, replicas, a cluster. */
function processes(ws: WorkspaceModel, model: CodeModel, fact: RateLimitFact): Processes | undefined {
  const deployments = deploymentsOf(ws, fact.loc.file);
  for (const d of deployments) {
    const w = workersOf(d);
    if (w) return { what: `${w.what} (${d.commandSource})`, loc: w.loc };
    if (d.replicas && d.replicas.count > 1) return { what: `\`deploy.replicas: ${d.replicas.count}\` of compose service \`${d.composeService}\``, loc: d.replicas.loc };
  }
  const dir = model.serviceOfFile.get(fact.loc.file);
  const service = dir !== undefined ? model.services.get(dir) : undefined;
  const usesGunicorn = deployments.some((d) => d.command.some((w) => /(^|\/)gunicorn$/.test(w.text)));
  for (const s of service?.facts ?? []) {
    if (s.kind !== 'serve' || !s.workers) continue;
    // A gunicorn config counts when gunicorn starts the service (or nothing says how it starts).
    if (s.call === 'gunicorn' && deployments.some((d) => d.command.length) && !usesGunicorn) continue;
    const v = s.workers;
    const several = v.origin === 'literal' ? typeof v.literal === 'number' && v.literal > 1 : /cpu_count|nproc|NumCPU|availableParallelism|cpus\(\)/.test(v.text);
    if (several) return { what: `${s.call} workers = ${v.text}`, loc: v.loc };
  }
  return undefined;
}

export default defineRule({
  id: 'code/rate-limit-in-memory',
  meta: {
    category: 'reliability',
    severity: 'info',
    summary: 'A rate limiter counts in process memory while the service runs several processes or replicas: each one enforces its own limit.',
    fixes: [],
    aliases: [],
    scope: 'workspace',
    kinds: [...CODE_RULE_KINDS, 'compose', 'dockerfile'],
    productionOnly: true,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const model = codeModel(ws);
    for (const r of factsOf(model, ws, 'rate-limit-config')) {
      if (r.storage !== 'memory') {
        ctx.pass();
        continue;
      }
      const p = processes(ws, model, r);
      if (!p) {
        ctx.pass();
        continue;
      }
      const at = r.storageLoc ?? r.loc;
      ctx.report({
        file: at.file,
        range: at.range,
        message: `The ${r.library} limiter keeps its counters in process memory, but the service runs several processes (${p.what}): each process counts on its own, so clients get N times the configured limit and counts reset on every restart. Use shared storage (Redis, Memcached).`,
        related: [related(p.loc, 'several processes are started here')],
      });
    }
  },
});
