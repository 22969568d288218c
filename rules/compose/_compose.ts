/**
 * Helpers shared by the compose/* rules: the project under check, which services are long-running
 * or datastores, and the edits that add restart/limits/log rotation in the file's own style.
 */
import type { RuleContext } from '../../server/src/core/rule';
import type { Fix, TextEdit } from '../../server/src/core/types';
import { composeProject, hasKey, type ComposeProject, type ComposeService, type ComposeValue } from '../../server/src/parsers/compose';
import { builtImageOf } from '../../server/src/parsers/compose/link';
import { ensurePath, insertEntries, type Snippet } from '../../server/src/parsers/yaml';
import type { WorkspaceModel } from '../../server/src/workspace/model';

export function projectOf(ctx: RuleContext): ComposeProject | undefined {
  return ctx.file ? composeProject(ctx.workspace, ctx.file.path) : undefined;
}

/** Whether a value is written in the file under check (values inherited through `extends: {file}` are reported by their own file). */
export function isHere(ctx: RuleContext, value: { file: string } | undefined): boolean {
  return !!value && !!ctx.file && value.file === ctx.file.path;
}

/** Reports each range once per rule run: an anchor shared by several services is one finding. */
export function onceGuard(): (v: { file: string; range: { start: { line: number; character: number } } }) => boolean {
  const seen = new Set<string>();
  return (v) => {
    const key = `${v.file}:${v.range.start.line}:${v.range.start.character}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}

export const q = (s: string): string => `\`${s}\``;

export type StoreKind = 'postgres' | 'mysql' | 'mariadb' | 'mongo' | 'redis' | 'valkey' | 'rabbitmq' | 'other';

/** Datastores, caches and brokers by image path (registry removed) or last path segment. */
const STORES: [RegExp, StoreKind, string][] = [
  [/^(postgres|postgresql|postgis\/postgis|timescale\/timescaledb(-ha)?|pgvector\/pgvector|supabase\/postgres|bitnami\/postgresql(-repmgr)?)$/, 'postgres', 'PostgreSQL'],
  [/^(mysql|bitnami\/mysql|percona|percona\/percona-server|mysql\/mysql-server)$/, 'mysql', 'MySQL'],
  [/^(mariadb|bitnami\/mariadb)$/, 'mariadb', 'MariaDB'],
  [/^(mongo|mongodb|bitnami\/mongodb|mongodb\/mongodb-community-server)$/, 'mongo', 'MongoDB'],
  [/^(redis|bitnami\/redis|redis\/redis-stack(-server)?|eqalpha\/keydb|dragonflydb\/dragonfly)$/, 'redis', 'Redis'],
  [/^(valkey\/valkey|bitnami\/valkey)$/, 'valkey', 'Valkey'],
  [/^(rabbitmq|bitnami\/rabbitmq)$/, 'rabbitmq', 'RabbitMQ'],
  [/^(elasticsearch|elasticsearch\/elasticsearch|elastic\/elasticsearch|bitnami\/elasticsearch|opensearchproject\/opensearch)$/, 'other', 'Elasticsearch/OpenSearch'],
  [/^(memcached|bitnami\/memcached)$/, 'other', 'Memcached'],
  [/^(confluentinc\/cp-kafka|bitnami\/kafka|apache\/kafka|wurstmeister\/kafka|redpandadata\/redpanda|vectorized\/redpanda)$/, 'other', 'Kafka'],
  [/^(zookeeper|confluentinc\/cp-zookeeper|bitnami\/zookeeper)$/, 'other', 'ZooKeeper'],
  [/^(cassandra|bitnami\/cassandra|scylladb\/scylla)$/, 'other', 'Cassandra'],
  [/^(couchdb|couchbase|neo4j|influxdb|clickhouse\/clickhouse-server|yandex\/clickhouse-server|mssql\/server|cockroachdb\/cockroach)$/, 'other', 'database'],
  [/^(nats|minio\/minio|bitnami\/minio|bitnami\/etcd|coreos\/etcd|etcd)$/, 'other', 'datastore'],
];
const STORE_SHORT_NAMES = /^(postgres|postgresql|mysql|mariadb|mongo|mongodb|redis|valkey|keydb|rabbitmq|elasticsearch|opensearch|memcached|kafka|zookeeper|cassandra|couchdb|neo4j|influxdb|clickhouse-server|etcd)$/;

export interface Store {
  kind: StoreKind;
  label: string;
  /** The image reference it was recognised from (the service's or its Dockerfile's base). */
  image: string;
  tag: string | undefined;
}

function storeOfPath(path: string, shortName: string, image: string, tag: string | undefined): Store | undefined {
  for (const [re, kind, label] of STORES) if (re.test(path)) return { kind, label, image, tag };
  if (STORE_SHORT_NAMES.test(shortName)) {
    for (const [re, kind, label] of STORES) if (re.test(shortName)) return { kind, label, image, tag };
    return { kind: 'other', label: shortName, image, tag };
  }
  return undefined;
}

/** The datastore a service runs, from its image or the base of the Dockerfile it builds. */
export function storeOf(workspace: WorkspaceModel, service: ComposeService): Store | undefined {
  const built = builtImageOf(workspace, service);
  if (built) {
    const from = built.chain[0].from;
    return storeOfPath(from.name.replace(/^[^/]*[.:][^/]*\//, '').replace(/^library\//, '').toLowerCase(), from.shortName, from.image, from.tag);
  }
  const img = service.image;
  if (!img || img.external && !img.value) return undefined;
  return storeOfPath(img.path, img.shortName, img.value, img.tag);
}

/**
 * Services that run to completion (migrations, seeders, init jobs): something waits for them with
 * `service_completed_successfully`, their restart policy says `none`, or their name/command says so.
 */
export function isOneShot(project: ComposeProject, service: ComposeService): boolean {
  if (project.completedTargets.has(service.name)) return true;
  const policy = service.yaml.str(service.yaml.get(service.deploy.restartPolicy?.value, 'condition')?.value);
  if (policy === 'none') return true;
  if (/(^|[-_.])(migrat\w*|seed\w*|init|setup|bootstrap|provision\w*|createbuckets|backup|cron|job|once)([-_.]|$)/i.test(service.name)) return true;
  const cmd = service.command?.text?.value ?? service.command?.argv.map((a) => a.value).join(' ') ?? '';
  return /\b(migrate|migrations|alembic upgrade|db:migrate|prisma migrate deploy|manage\.py (migrate|collectstatic)|seed)\b/.test(cmd);
}

/** Profiles that only developers enable (`docker compose --profile debug up`). */
const DEV_PROFILE = /^(dev|develop|development|debug|test|tests|testing|tools?|local|e2e|ci)$/i;

/**
 * Whether presence checks (healthcheck, restart, limits, log rotation) apply: a long-running service
 * that production starts — not a one-shot job, not a service gated behind development profiles only.
 */
export function isLongRunning(project: ComposeProject, service: ComposeService): boolean {
  if (service.profiles.length && service.profiles.every((p) => DEV_PROFILE.test(p))) return false;
  return !isOneShot(project, service);
}

export function describeService(workspace: WorkspaceModel, service: ComposeService): string {
  if (service.image && !service.build) return q(service.image.value);
  const built = builtImageOf(workspace, service);
  if (built) return `${built.baseImage} (${built.dockerfile})`;
  return service.build?.dockerfilePath ?? service.image?.value ?? 'its image';
}

// ---- edits --------------------------------------------------------------------------------------

export const RESTART_VALUE = 'unless-stopped';
export const MEMORY_LIMIT = '512M';
export const LOG_OPTIONS: { [k: string]: Snippet } = { 'max-size': '"10m"', 'max-file': '"3"' };

export function needsRestart(project: ComposeProject, s: ComposeService): boolean {
  return !hasKey(project, s, 'restart') && !hasKey(project, s, 'deploy', 'restart_policy');
}

export function needsLimits(project: ComposeProject, s: ComposeService): boolean {
  return !hasKey(project, s, 'mem_limit') && !hasKey(project, s, 'deploy', 'resources', 'limits', 'memory');
}

/** json-file (the default driver) with no `max-size`; undefined when rotation is configured or another driver is used. */
export function logRotationGap(project: ComposeProject, s: ComposeService): 'no-logging' | 'no-max-size' | undefined {
  if (!s.logging) return hasKey(project, s, 'logging') ? undefined : 'no-logging';
  const driver = s.logging.driver?.value;
  if (driver !== undefined && driver !== 'json-file') return undefined;
  if (s.logging.driver?.external) return undefined;
  return s.logging.options.has('max-size') ? undefined : 'no-max-size';
}

/**
 * Edits adding what the service lacks among restart policy, memory limit and log rotation. Keys
 * nested in an existing `deploy:`/`logging:` come first: when that mapping ends the service, both
 * insertions share an offset, and the deeper one must be written first.
 */
export function hardenEdits(project: ComposeProject, s: ComposeService, want: { restart?: boolean; limits?: boolean; logging?: boolean }): TextEdit[] | undefined {
  const map = s.map;
  if (!map) return undefined;
  const y = s.yaml;
  const top: { [k: string]: Snippet } = {};
  const nested: TextEdit[] = [];
  if (want.restart && needsRestart(project, s)) top.restart = RESTART_VALUE;
  if (want.limits && needsLimits(project, s)) {
    if (y.get(map, 'deploy')) {
      const e = ensurePath(y, map, ['deploy', 'resources', 'limits'], { memory: MEMORY_LIMIT });
      if (!e) return undefined;
      nested.push(e);
    } else top.deploy = { resources: { limits: { memory: MEMORY_LIMIT } } };
  }
  if (want.logging) {
    const gap = logRotationGap(project, s);
    if (gap && y.get(map, 'logging')) {
      const e = ensurePath(y, map, ['logging', 'options'], LOG_OPTIONS);
      if (!e) return undefined;
      nested.push(e);
    } else if (gap) top.logging = { driver: 'json-file', options: LOG_OPTIONS };
  }
  const edits = [...nested];
  if (Object.keys(top).length) {
    const e = insertEntries(y, map, top);
    if (!e) return undefined;
    edits.push(e);
  }
  return edits.length ? edits : undefined;
}

export function serviceFix(s: ComposeService, title: string, safety: Fix['safety'], edits: TextEdit[] | undefined): Fix[] {
  return edits?.length ? [{ title, safety, changes: [{ file: s.file, edits }] }] : [];
}

/** The "Harden this service" fix: restart policy, memory limit and log rotation in one edit. */
export function hardenFix(project: ComposeProject, s: ComposeService): Fix[] {
  const missing = [needsRestart(project, s), needsLimits(project, s), !!logRotationGap(project, s)].filter(Boolean).length;
  if (missing < 2) return [];
  return serviceFix(s, `Harden \`${s.name}\`: restart policy, memory limit and log rotation`, 'unsafe', hardenEdits(project, s, { restart: true, limits: true, logging: true }));
}

/** The value of a service's `command:` as one string (list form joined with spaces). */
export function commandText(s: ComposeService): string {
  if (!s.command) return '';
  return s.command.text?.value ?? s.command.argv.map((a: ComposeValue) => a.value).join(' ');
}

/** Where a service's healthcheck comes from: its compose `healthcheck:`, its image's HEALTHCHECK, or nowhere. */
export function healthSource(workspace: WorkspaceModel, s: ComposeService): 'compose' | 'image' | undefined {
  const hc = s.healthcheck;
  if (hc?.disabled) return undefined;
  if (hc?.test) return 'compose';
  const built = builtImageOf(workspace, s);
  if (built?.healthcheck && !built.healthcheckNone) return 'image';
  return undefined;
}
