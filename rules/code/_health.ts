/** Health-route conventions shared by missing-health-endpoint and healthcheck-path-mismatch. */
import type { RouteFact } from '../../server/src/model/app';
import type { WorkspaceModel } from '../../server/src/workspace/model';
import type { Service } from './_code';
import { deploymentsOf, type Probe } from './_deploy';

const HEALTH_SEGMENT = /^(health|healthz|healthcheck|health-check|health_check|livez|readyz|live|liveness|ready|readiness|ping|status|_health|heartbeat|alive)$/i;

/** `/health`, `/healthz`, `/api/v1/health/live`, `^ping/$`… */
export function isHealthPath(path: string): boolean {
  return path
    .replace(/[\^$\\]/g, '')
    .split('/')
    .some((seg) => HEALTH_SEGMENT.test(seg));
}

export function healthRoutes(service: Service): RouteFact[] {
  return service.facts.filter((f): f is RouteFact => f.kind === 'route' && !f.dynamic && isHealthPath(f.path));
}

/** Healthcheck probes of the deployments that build this service's code. */
export function serviceProbes(ws: WorkspaceModel, service: Service): Probe[] {
  const seen = new Set<string>();
  const out: Probe[] = [];
  for (const d of service.apps.flatMap((a) => deploymentsOf(ws, a.constructorLoc.file))) {
    for (const p of d.probes) {
      const key = `${p.loc.file}:${p.loc.range.start.line}:${p.loc.range.start.character}:${p.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(p);
    }
  }
  return out;
}
