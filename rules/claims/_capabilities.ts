/**
 * What counts as evidence for each capability the claims dictionary recognises: the rules whose
 * failures contradict it (their passes support it), checks read directly from the models, and where
 * to point when the claim holds. A rule id listed here that is not registered (the code/* rules in
 * a build without them) simply yields no outcome.
 */
import type { ClaimEvidence } from '../../server/src/core/claims';
import type { WorkspaceModel } from '../../server/src/workspace/model';
import * as D from './_direct';

/**
 * per-target: each image/service/app either does it or not; a bare claim ("Resource limits") is read
 * as "all of ours", unless it says "some"/"we have". project: one thing the repository has (a CI, a
 * scanner); it holds when one exists. invariant: a property nothing may break ("secrets via env").
 */
export type CapabilityScope = 'per-target' | 'project' | 'invariant';

export interface EvidenceRule {
  rule: string;
  /** What a failure is, for messages: "4 of 6 services have no healthcheck". */
  noun: [string, string];
  verb: [string, string];
  /**
   * `presence`: a failure shows the capability is there, with another problem (Sentry sampling every
   * request is Sentry configured). Default: the failure contradicts the claim.
   */
  role?: 'contradicts' | 'presence';
  /** Contradicts only claims saying this ("rate limiting with Redis"); presence for the others. */
  contradictsWhen?: RegExp;
  /** Passes of this rule are no support (they count scanners that cannot fail, for instance). */
  ignorePasses?: boolean;
  /** Quote the source at the failure (a service or image name). Never for rules whose range may hold a secret. */
  quote?: boolean;
}

export interface CapabilityEvidence {
  id: string;
  scope: CapabilityScope;
  rules: EvidenceRule[];
  direct?: (ws: WorkspaceModel) => D.DirectEvidence;
  /** Where the capability is in place (display only, except when nothing else says anything). */
  where?: (ws: WorkspaceModel) => ClaimEvidence[];
}

const SERVICE: [string, string] = ['service', 'services'];
const IMAGE: [string, string] = ['image', 'images'];
const APP: [string, string] = ['app', 'apps'];

export const CAPABILITIES: readonly CapabilityEvidence[] = [
  {
    id: 'healthchecks',
    scope: 'per-target',
    rules: [
      { rule: 'compose/missing-healthcheck', noun: SERVICE, verb: ['has no healthcheck', 'have no healthcheck'], quote: true },
      { rule: 'compose/healthcheck-tool-missing', noun: ['healthcheck', 'healthchecks'], verb: ['calls a binary its image lacks', 'call a binary their image lacks'], quote: true },
      { rule: 'dockerfile/missing-healthcheck', noun: IMAGE, verb: ['defines no HEALTHCHECK', 'define no HEALTHCHECK'], quote: true },
      { rule: 'dockerfile/healthcheck-tool-missing', noun: ['HEALTHCHECK', 'HEALTHCHECKs'], verb: ['calls a binary the image lacks', 'call a binary the image lacks'], quote: true },
      { rule: 'code/healthcheck-path-mismatch', noun: ['healthcheck', 'healthchecks'], verb: ['requests a path the app does not serve', 'request a path the app does not serve'], quote: true },
      { rule: 'code/missing-health-endpoint', noun: APP, verb: ['has no health route', 'have no health route'] },
    ],
    where: D.healthcheckLocations,
  },
  {
    id: 'multi-stage',
    scope: 'per-target',
    rules: [{ rule: 'dockerfile/build-tools-in-final-image', noun: IMAGE, verb: ['keeps build tools in the final image', 'keep build tools in the final image'] }],
    direct: D.multiStage,
  },
  {
    id: 'non-root',
    scope: 'per-target',
    rules: [{ rule: 'dockerfile/root-user', noun: IMAGE, verb: ['runs as root', 'run as root'], quote: true }],
    where: D.nonRootLocations,
  },
  {
    id: 'rate-limiting',
    scope: 'per-target',
    rules: [
      { rule: 'code/missing-rate-limit', noun: APP, verb: ['has no rate limiting', 'have no rate limiting'], quote: true },
      { rule: 'code/rate-limit-in-memory', noun: ['limiter', 'limiters'], verb: ['keeps its counters in process memory', 'keep their counters in process memory'], contradictsWhen: /\b(redis|memcached|distributed|distribue|shared|partage|cluster|centrali[sz]ed?)\b/ },
      { rule: 'code/rate-limit-trusts-forwarded-for', noun: ['limiter', 'limiters'], verb: ['trusts X-Forwarded-For', 'trust X-Forwarded-For'], role: 'presence' },
    ],
    where: (ws) => [
      ...D.nginxLocations(ws, 'rateLimit', 'nginx `limit_req`'),
      ...D.dependencyLocations(ws, D.deps('slowapi', 'flask-limiter', 'django-ratelimit', 'express-rate-limit', 'rate-limiter-flexible', '@fastify/rate-limit', '@nestjs/throttler', 'github.com/go-chi/httprate', 'golang.org/x/time'), 'rate limiter dependency'),
    ],
  },
  {
    id: 'secrets-env',
    scope: 'invariant',
    rules: [
      { rule: 'dockerfile/secret-in-arg-env', noun: ['Dockerfile ARG/ENV', 'Dockerfile ARG/ENVs'], verb: ['holds a literal secret', 'hold literal secrets'] },
      { rule: 'dockerfile/copy-sensitive-file', noun: ['COPY', 'COPYs'], verb: ['puts a secrets file in the image', 'put secrets files in the image'] },
      { rule: 'compose/default-credential', noun: ['compose value', 'compose values'], verb: ['holds a literal credential', 'hold literal credentials'] },
      { rule: 'ci/hardcoded-secret', noun: ['CI value', 'CI values'], verb: ['holds a literal credential', 'hold literal credentials'] },
      { rule: 'code/hardcoded-secret', noun: ['secret', 'secrets'], verb: ['is hardcoded in the code', 'are hardcoded in the code'] },
      { rule: 'project/env-file-committed', noun: ['.env file', '.env files'], verb: ['with values is committed', 'with values are committed'] },
    ],
    where: D.secretFromEnvLocations,
  },
  {
    id: 'ci-cd',
    scope: 'project',
    rules: [{ rule: 'project/no-ci', noun: ['project', 'projects'], verb: ['has no CI configuration', 'have no CI configuration'] }],
    where: D.ciLocations,
  },
  {
    id: 'security-scanning',
    scope: 'project',
    rules: [{ rule: 'project/no-security-scan', noun: ['CI configuration', 'CI configurations'], verb: ['runs no security scanner', 'run no security scanner'], ignorePasses: true }],
    direct: (ws) => D.ciGates(ws, ['security']),
  },
  {
    id: 'tests-in-ci',
    scope: 'project',
    rules: [{ rule: 'project/ci-runs-no-tests', noun: ['CI configuration', 'CI configurations'], verb: ['runs none of the tests', 'run none of the tests'], ignorePasses: true }],
    direct: (ws) => D.ciGates(ws, ['test']),
  },
  {
    id: 'linting-in-ci',
    scope: 'project',
    rules: [],
    direct: (ws) => D.ciGates(ws, ['lint', 'typecheck']),
  },
  {
    id: 'dependency-updates',
    scope: 'project',
    rules: [
      { rule: 'project/no-dependency-updates', noun: ['project', 'projects'], verb: ['has no Dependabot or Renovate configuration', 'have no Dependabot or Renovate configuration'] },
      { rule: 'project/dependabot-missing-ecosystem', noun: ['ecosystem', 'ecosystems'], verb: ['is missing from dependabot.yml', 'are missing from dependabot.yml'] },
    ],
    where: D.dependencyUpdateLocations,
  },
  { id: 'pre-commit', scope: 'project', rules: [], direct: D.preCommit },
  {
    id: 'metrics',
    scope: 'per-target',
    rules: [{ rule: 'code/missing-metrics', noun: APP, verb: ['exposes no metrics', 'expose no metrics'], quote: true }],
    where: (ws) => D.dependencyLocations(ws, D.deps('prometheus[-_]client', 'prometheus-fastapi-instrumentator', 'prometheus-flask-exporter', 'django-prometheus', 'prom-client', 'express-prom-bundle', 'github.com/prometheus/client_golang'), 'metrics dependency'),
  },
  {
    id: 'error-tracking',
    scope: 'per-target',
    rules: [
      { rule: 'code/missing-error-tracking', noun: APP, verb: ['has no error tracking', 'have no error tracking'], quote: true },
      { rule: 'code/sentry-full-trace-sampling', noun: ['Sentry setup', 'Sentry setups'], verb: ['traces every request', 'trace every request'], role: 'presence' },
    ],
    where: (ws) => D.dependencyLocations(ws, D.deps('sentry-sdk', 'raven', '@sentry/[\\w-]+', 'github.com/getsentry/sentry-go', 'rollbar', 'bugsnag', '@bugsnag/[\\w-]+', 'honeybadger'), 'error tracking dependency'),
  },
  {
    id: 'structured-logging',
    scope: 'project',
    rules: [],
    direct: (ws) => ({ supports: D.dependencyLocations(ws, D.deps('structlog', 'python-json-logger', 'json-logging', 'pino', 'winston', 'bunyan', 'go.uber.org/zap', 'github.com/rs/zerolog', 'github.com/sirupsen/logrus'), 'structured logging dependency'), counters: [] }),
  },
  {
    id: 'resource-limits',
    scope: 'per-target',
    rules: [{ rule: 'compose/missing-resource-limits', noun: SERVICE, verb: ['has no memory limit', 'have no memory limit'], quote: true }],
    where: D.limitLocations,
  },
  {
    id: 'restart-policies',
    scope: 'per-target',
    rules: [{ rule: 'compose/missing-restart-policy', noun: SERVICE, verb: ['has no restart policy', 'have no restart policy'], quote: true }],
    where: D.restartLocations,
  },
  {
    id: 'log-rotation',
    scope: 'per-target',
    rules: [{ rule: 'compose/missing-log-rotation', noun: SERVICE, verb: ['does not rotate its logs', 'do not rotate their logs'], quote: true }],
    where: D.logRotationLocations,
  },
  {
    id: 'graceful-shutdown',
    scope: 'per-target',
    rules: [
      { rule: 'code/missing-graceful-shutdown', noun: ['server', 'servers'], verb: ['does not handle SIGTERM', 'do not handle SIGTERM'], quote: true },
      { rule: 'dockerfile/shell-form-entrypoint', noun: IMAGE, verb: ['starts through a shell that does not forward SIGTERM', 'start through a shell that does not forward SIGTERM'] },
    ],
  },
  {
    id: 'tls',
    scope: 'project',
    rules: [],
    direct: (ws) => ({ supports: D.nginxLocations(ws, 'tls', 'nginx terminates TLS'), counters: [] }),
  },
  {
    id: 'cors',
    scope: 'invariant',
    rules: [{ rule: 'code/cors-wildcard', noun: ['CORS setup', 'CORS setups'], verb: ['allows any origin', 'allow any origin'], quote: true }],
  },
  {
    id: 'security-headers',
    scope: 'per-target',
    rules: [{ rule: 'code/missing-security-headers', noun: APP, verb: ['sets no security headers', 'set no security headers'], quote: true }],
    where: (ws) => [
      ...D.nginxLocations(ws, 'securityHeaders', 'nginx adds security headers'),
      ...D.dependencyLocations(ws, D.deps('helmet', '@fastify/helmet', 'flask-talisman', 'django-csp'), 'security headers dependency'),
    ],
  },
  {
    id: 'pinned-images',
    scope: 'invariant',
    rules: [
      { rule: 'dockerfile/unpinned-base-image', noun: ['base image', 'base images'], verb: ['is not pinned', 'are not pinned'], quote: true },
      { rule: 'compose/unpinned-image', noun: ['compose image', 'compose images'], verb: ['is not pinned', 'are not pinned'], quote: true },
    ],
  },
  {
    id: 'pinned-dependencies',
    scope: 'invariant',
    rules: [
      { rule: 'project/unpinned-dependencies', noun: ['manifest', 'manifests'], verb: ['has unpinned requirements and no lock file', 'have unpinned requirements and no lock file'] },
      { rule: 'dockerfile/npm-install-without-lockfile', noun: ['install', 'installs'], verb: ['ignores the lockfile', 'ignore the lockfile'] },
    ],
  },
  {
    id: 'pinned-actions',
    scope: 'invariant',
    rules: [{ rule: 'ci/unpinned-action', noun: ['action', 'actions'], verb: ['is not pinned to a commit SHA', 'are not pinned to a commit SHA'], quote: true }],
  },
  {
    id: 'debug-disabled',
    scope: 'invariant',
    rules: [{ rule: 'code/debug-enabled', noun: ['setting', 'settings'], verb: ['turns debug mode on', 'turn debug mode on'], quote: true }],
  },
  {
    id: 'timeouts',
    scope: 'per-target',
    rules: [
      { rule: 'code/server-without-timeouts', noun: ['server', 'servers'], verb: ['has no timeouts', 'have no timeouts'], quote: true },
      { rule: 'code/outbound-call-without-timeout', noun: ['outbound call', 'outbound calls'], verb: ['has no timeout', 'have no timeout'], quote: true },
    ],
  },
];

const BY_ID = new Map(CAPABILITIES.map((c) => [c.id, c]));

export function capabilityEvidence(id: string): CapabilityEvidence | undefined {
  return BY_ID.get(id);
}

/**
 * Every rule id the claims rules read (`meta.uses`). Static: rule modules must not import the
 * registry (it imports them). Ids of rules absent from a build simply have no outcome.
 */
export const EVIDENCE_RULES: readonly string[] = [...new Set(CAPABILITIES.flatMap((c) => c.rules.map((r) => r.rule)))].sort();
