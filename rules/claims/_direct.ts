/**
 * Evidence read straight from the workspace models, for what no rule records: where a capability is
 * in place (rules only count passes, they do not say where), multi-stage builds, scanners and test
 * steps that cannot fail, pre-commit configuration, dependencies that provide a capability.
 */
import type { ClaimEvidence } from '../../server/src/core/claims';
import type { FileKind, Range } from '../../server/src/core/types';
import { ZERO_RANGE } from '../../server/src/core/types';
import { finalUser } from '../../server/src/model/image';
import { ciActivities, ciConfigPaths } from '../../server/src/parsers/ci/index';
import type { ActivityKind } from '../../server/src/parsers/ci/model';
import { composeProject, ownsPresenceChecks, type ComposeProject, type ComposeService } from '../../server/src/parsers/compose';
import { nginxEvidence } from '../../server/src/parsers/nginx/index';
import type { WorkspaceModel } from '../../server/src/workspace/model';
import { isLongRunning, logRotationGap, needsLimits, needsRestart } from '../compose/_compose';

/** A failed target found by a direct check, grouped in messages like a rule's failures. */
export interface Counter {
  file: string | null;
  range: Range;
  /** What is quoted after the location: an image, a tool. */
  detail?: string;
  noun: [string, string];
  verb: [string, string];
  /** A key grouping counters in the message (a rule id, or `direct:<what>`). */
  key: string;
}

export interface DirectEvidence {
  supports: ClaimEvidence[];
  counters: Counter[];
}

export const NO_EVIDENCE: DirectEvidence = { supports: [], counters: [] };

// ---- compose and Dockerfiles --------------------------------------------------------------------

interface ProdService {
  project: ComposeProject;
  service: ComposeService;
}

/** Long-running services of production compose files, each once (overlays count for their base). */
function productionServices(ws: WorkspaceModel): ProdService[] {
  const out: ProdService[] = [];
  for (const f of ws.filesOfKind('compose')) {
    if (ws.environmentOf(f.path) !== 'production') continue;
    const project = composeProject(ws, f.path);
    if (!project) continue;
    for (const service of project.services) {
      if (ownsPresenceChecks(project, service) && isLongRunning(project, service)) out.push({ project, service });
    }
  }
  return out;
}

function serviceEvidence(ws: WorkspaceModel, has: (p: ProdService) => { file: string; range: Range } | undefined, what: string): ClaimEvidence[] {
  const out: ClaimEvidence[] = [];
  for (const p of productionServices(ws)) {
    const at = has(p);
    if (at) out.push({ file: at.file, range: at.range, message: `\`${p.service.name}\`: ${what}` });
  }
  return out;
}

/** Final stages of production Dockerfiles, with their model. */
function productionImages(ws: WorkspaceModel) {
  const out = [];
  for (const f of ws.filesOfKind('dockerfile')) {
    if (ws.environmentOf(f.path) !== 'production') continue;
    const model = ws.dockerfile(f.path);
    const final = model?.finalStage;
    if (!model || !final || ws.stageEnvironment(f.path, final.name) !== 'production') continue;
    out.push({ path: f.path, model, final });
  }
  return out;
}

export function healthcheckLocations(ws: WorkspaceModel): ClaimEvidence[] {
  const out = serviceEvidence(ws, ({ service }) => (service.healthcheck && !service.healthcheck.disabled ? { file: service.healthcheck.file, range: service.healthcheck.entry.keyRange } : undefined), 'defines a healthcheck');
  for (const img of productionImages(ws)) {
    const hc = img.final.instructions.find((i) => i.keyword === 'HEALTHCHECK' && !i.healthcheck?.none);
    if (hc) out.push({ file: img.path, range: hc.keywordRange, message: 'the image defines a HEALTHCHECK' });
  }
  return out;
}

export function restartLocations(ws: WorkspaceModel): ClaimEvidence[] {
  return serviceEvidence(
    ws,
    ({ project, service }) => {
      if (needsRestart(project, service)) return undefined;
      if (service.restart) return service.restart.value === 'no' ? undefined : { file: service.restart.file, range: service.restart.range };
      return service.deploy.restartPolicy ? { file: service.file, range: service.deploy.restartPolicy.keyRange } : { file: service.file, range: service.keyRange };
    },
    'has a restart policy',
  );
}

export function limitLocations(ws: WorkspaceModel): ClaimEvidence[] {
  return serviceEvidence(
    ws,
    ({ project, service }) => {
      if (needsLimits(project, service)) return undefined;
      const v = service.memLimit ?? service.deploy.memoryLimit;
      return v ? { file: v.file, range: v.range } : { file: service.file, range: service.keyRange };
    },
    'has a memory limit',
  );
}

export function logRotationLocations(ws: WorkspaceModel): ClaimEvidence[] {
  return serviceEvidence(
    ws,
    ({ project, service }) => {
      if (!service.logging || logRotationGap(project, service)) return undefined;
      const size = service.logging.options.get('max-size');
      return size ? { file: size.file, range: size.range } : { file: service.logging.file, range: service.logging.entry.keyRange };
    },
    'rotates its logs',
  );
}

const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_KEY|ACCESS_KEY|DSN|CREDENTIALS?)/i;

/** Secret-looking variables that compose takes from the environment (`STRIPE_API_KEY: ${STRIPE_API_KEY}`). */
export function secretFromEnvLocations(ws: WorkspaceModel): ClaimEvidence[] {
  const out: ClaimEvidence[] = [];
  for (const { service } of productionServices(ws)) {
    for (const e of service.environment) {
      if (!SECRET_NAME.test(e.name) || (e.value && !e.value.external)) continue;
      out.push({ file: e.file, range: e.valueRange ?? e.range, message: `\`${service.name}\` reads ${e.name} from the environment` });
    }
  }
  return out;
}

export function nonRootLocations(ws: WorkspaceModel): ClaimEvidence[] {
  const out: ClaimEvidence[] = [];
  for (const img of productionImages(ws)) {
    const user = finalUser(img.final);
    if (user && !/^(root|0+)$/.test(user.name.trim())) out.push({ file: img.path, range: user.range, message: `runs as \`${user.user}\`` });
  }
  return out;
}

/** Multi-stage builds support the claim; a single-stage image that RUNs anything contradicts it. */
export function multiStage(ws: WorkspaceModel): DirectEvidence {
  const result: DirectEvidence = { supports: [], counters: [] };
  for (const img of productionImages(ws)) {
    if (img.model.stages.length > 1) {
      result.supports.push({ file: img.path, range: img.final.from.range, message: `multi-stage build (${img.model.stages.length} stages)` });
    } else if (img.final.instructions.some((i) => i.keyword === 'RUN')) {
      result.counters.push({ file: img.path, range: img.final.from.range, detail: img.final.from.raw, noun: ['image', 'images'], verb: ['is a single-stage build', 'are single-stage builds'], key: 'direct:single-stage' });
    }
  }
  return result;
}

// ---- CI -----------------------------------------------------------------------------------------

const LABELS: Record<string, [string, string]> = {
  security: ['security scan', 'security scans'],
  test: ['test step', 'test steps'],
  lint: ['lint step', 'lint steps'],
  typecheck: ['type check', 'type checks'],
};

/** CI activities of some kinds: those that can fail support the claim, the escaped ones contradict it. */
export function ciGates(ws: WorkspaceModel, kinds: readonly ActivityKind[]): DirectEvidence {
  const result: DirectEvidence = { supports: [], counters: [] };
  for (const a of ciActivities(ws).activities) {
    if (!kinds.includes(a.kind)) continue;
    if (a.escapes.length === 0) {
      result.supports.push({ file: a.file, range: a.range, message: `\`${a.tool}\` runs in CI` });
    } else {
      const e = a.escapes[0];
      result.counters.push({ file: e.file, range: e.range, detail: `${a.tool}: ${e.text}`, noun: LABELS[a.kind] ?? ['CI step', 'CI steps'], verb: ['cannot fail the build', 'cannot fail the build'], key: `direct:gate-${a.kind}` });
    }
  }
  return result;
}

export function ciLocations(ws: WorkspaceModel): ClaimEvidence[] {
  return ciConfigPaths(ws)
    .filter((p) => ws.exists(p) && !ws.isDirectory(p))
    .map((p) => ({ file: p, range: ZERO_RANGE, message: 'CI configuration' }));
}

export function dependencyUpdateLocations(ws: WorkspaceModel): ClaimEvidence[] {
  return [...ws.filesOfKind('dependabot'), ...ws.filesOfKind('renovate')].map((f) => ({ file: f.path, range: ZERO_RANGE, message: f.kind === 'dependabot' ? 'Dependabot configuration' : 'Renovate configuration' }));
}

const PROJECT_KINDS: readonly FileKind[] = ['manifest', 'python', 'typescript', 'javascript', 'go', 'dockerfile'];
const PRE_COMMIT_PATHS = ['.husky', 'lefthook.yml', 'lefthook.yaml', '.lefthook.yml', '.lefthook.yaml', '.githooks'];

/** `.pre-commit-config.yaml`, husky or lefthook: hooks that are shared through the repository. */
export function preCommit(ws: WorkspaceModel): DirectEvidence {
  const supports: ClaimEvidence[] = ws.filesOfKind('pre-commit').map((f) => ({ file: f.path, range: ZERO_RANGE, message: 'pre-commit configuration' }));
  for (const p of PRE_COMMIT_PATHS) if (ws.exists(p)) supports.push({ file: p, range: ZERO_RANGE, message: 'git hooks configuration' });
  if (supports.length) return { supports, counters: [] };
  // Only a project with something to hook (code or manifests) can be said to lack hooks.
  if (!PROJECT_KINDS.some((k) => ws.filesOfKind(k).length)) return NO_EVIDENCE;
  return {
    supports: [],
    counters: [{ file: null, range: ZERO_RANGE, noun: ['repository', 'repositories'], verb: ['has no pre-commit configuration (.pre-commit-config.yaml, .husky/, lefthook.yml)', 'have no pre-commit configuration'], key: 'direct:pre-commit' }],
  };
}

// ---- reverse proxy and dependencies -------------------------------------------------------------

export function nginxLocations(ws: WorkspaceModel, what: 'rateLimit' | 'securityHeaders' | 'tls', message: string): ClaimEvidence[] {
  return nginxEvidence(ws)[what].map((l) => ({ file: l.file, range: l.range, message }));
}

/** Manifest lines naming one of the dependencies (`sentry-sdk`, `@sentry/node`, `github.com/getsentry/sentry-go`). */
export function dependencyLocations(ws: WorkspaceModel, names: RegExp, message: string): ClaimEvidence[] {
  const out: ClaimEvidence[] = [];
  for (const f of ws.filesOfKind('manifest')) {
    if (ws.environmentOf(f.path) !== 'production') continue;
    for (let line = 0; line < f.lines.lineCount; line++) {
      const text = f.lines.lineText(line);
      const m = names.exec(text);
      if (m) out.push({ file: f.path, range: { start: { line, character: m.index }, end: { line, character: m.index + m[0].length } }, message: `${message} (\`${m[0]}\`)` });
    }
  }
  return out;
}

/**
 * Dependency names as manifests declare them: at the start of a line (requirements, go.mod), or
 * quoted (package.json, pyproject) — not in a description that mentions "helmet".
 */
export function deps(...names: string[]): RegExp {
  return new RegExp(`(?<=^\\s*(?:require\\s+)?["']?|["'])(?:${names.join('|')})(?=["'\\s=<>~!@\\[;,]|$)`, 'i');
}
