/**
 * Cross-file compose model: a compose file with its `include:`d files and `extends:` bases
 * resolved, overlays (`docker-compose.prod.yml` adding `restart:` to a service of
 * `docker-compose.yml`), and the reverse link Dockerfile → services built from it.
 * Only per-file models are cached (per version); the links are recomputed, cheaply, on each call,
 * so an edit to any linked file is always seen.
 */
import type { Range } from '../../core/types';
import { classifyPath } from '../../workspace/classify';
import type { Environment, SourceFile, WorkspaceModel } from '../../workspace/model';
import { yamlOf } from '../yaml';
import type { ComposeFileModel, ComposeService } from './model';
import { parseComposeFile } from './parse';
import { dirOf, joinWithin } from './syntax';

const MAX_LINK_DEPTH = 8;

/** The per-file compose model (cached per file version); undefined when the file's text is not loaded. */
export function composeFile(workspace: WorkspaceModel, path: string): ComposeFileModel | undefined {
  const file = workspace.file(path);
  if (!file) return undefined;
  return composeFileOf(workspace, file);
}

export function composeFileOf(workspace: WorkspaceModel, file: SourceFile): ComposeFileModel {
  return workspace.cached(file, () => parseComposeFile(file.path, yamlOf(workspace, file)), 'compose');
}

export interface ComposeProject {
  file: ComposeFileModel;
  environment: Environment;
  /** The file's own services, `extends:` resolved. */
  services: ComposeService[];
  /** Every service reachable by name: own and from `include:`d files (own win). */
  byName: Map<string, ComposeService>;
  /** Per own service, its definitions in production overlays of the same directory (see overlaysOf). */
  overlays: Map<ComposeService, ComposeService[]>;
  /** Services something waits for with `condition: service_completed_successfully` (one-shot jobs). */
  completedTargets: Set<string>;
}

/** Fields replaced wholesale by the extending service when it sets their key. */
const SCALAR_FIELDS: readonly [keyof ComposeService, string][] = [
  ['image', 'image'], ['build', 'build'], ['command', 'command'], ['entrypoint', 'entrypoint'], ['healthcheck', 'healthcheck'],
  ['restart', 'restart'], ['memLimit', 'mem_limit'], ['logging', 'logging'], ['privileged', 'privileged'],
  ['networkMode', 'network_mode'], ['pid', 'pid'], ['ipc', 'ipc'], ['capAdd', 'cap_add'], ['securityOpt', 'security_opt'],
  ['profiles', 'profiles'], ['dependsOn', 'depends_on'], ['dependsOnEntry', 'depends_on'], ['envFiles', 'env_file'],
];

/** `extends:` semantics, approximately as Compose merges: environment by name, ports appended, volumes by target, the rest replaced. */
function mergeOver(base: ComposeService, own: ComposeService): ComposeService {
  const merged: ComposeService = { ...base, name: own.name, file: own.file, yaml: own.yaml, keyRange: own.keyRange, map: own.map, extends: own.extends };
  const target = merged as unknown as Record<string, unknown>;
  const source = own as unknown as Record<string, unknown>;
  for (const [field, key] of SCALAR_FIELDS) if (own.keys.has(key)) target[field] = source[field];
  if (own.keys.has('deploy')) merged.deploy = { ...base.deploy, ...Object.fromEntries(Object.entries(own.deploy).filter(([, v]) => v !== undefined)) };
  const env = new Map(base.environment.map((e) => [e.name, e]));
  for (const e of own.environment) env.set(e.name, e);
  merged.environment = [...env.values()];
  merged.ports = [...base.ports, ...own.ports];
  merged.portsEntry = own.portsEntry ?? base.portsEntry;
  const volumes = new Map(base.volumes.map((v) => [v.target ?? `#${v.index}`, v]));
  for (const v of own.volumes) volumes.set(v.target ?? `#own${v.index}`, v);
  merged.volumes = [...volumes.values()];
  merged.keys = new Set([...base.keys, ...own.keys]);
  merged.extendsChain = [base, ...(base.extendsChain ?? [])];
  return merged;
}

/** Loads linked compose files and remembers which it read, so a cached project can be validated. */
class Loader {
  readonly used = new Map<string, ComposeFileModel | undefined>();
  constructor(readonly workspace: WorkspaceModel) {}
  load(path: string): ComposeFileModel | undefined {
    if (!this.used.has(path)) this.used.set(path, composeFile(this.workspace, path));
    return this.used.get(path);
  }
}

function resolveExtends(loader: Loader, file: ComposeFileModel, service: ComposeService, depth: number, seen: Set<string>): ComposeService {
  const ext = service.extends;
  if (!ext || !ext.service || depth > MAX_LINK_DEPTH) return service;
  let baseFile: ComposeFileModel | undefined = file;
  if (ext.file) {
    const path = ext.file.external ? undefined : joinWithin(dirOf(file.path), ext.file.value);
    baseFile = path === undefined ? undefined : loader.load(path);
  }
  if (!baseFile) return service;
  const key = `${baseFile.path}#${ext.service}`;
  if (seen.has(key)) return service;
  const base = baseFile.services.find((s) => s.name === ext.service);
  if (!base) return service;
  seen.add(key);
  return mergeOver(resolveExtends(loader, baseFile, base, depth + 1, seen), service);
}

/** Production compose files next to `path` (candidates for overlays), by name and environment. */
function productionSiblings(workspace: WorkspaceModel, path: string): string[] {
  const dir = dirOf(path);
  const out: string[] = [];
  for (const name of workspace.listDir(dir)) {
    const sibling = dir ? `${dir}/${name}` : name;
    if (sibling !== path && classifyPath(sibling) === 'compose' && workspace.environmentOf(sibling) === 'production') out.push(sibling);
  }
  return out.sort();
}

function buildProject(workspace: WorkspaceModel, file: ComposeFileModel, siblings: string[]): ComposeProject & { used: Map<string, ComposeFileModel | undefined> } {
  const loader = new Loader(workspace);
  const services = file.services.map((s) => resolveExtends(loader, file, s, 0, new Set([`${file.path}#${s.name}`])));
  const byName = new Map<string, ComposeService>();
  const visited = new Set<string>([file.path]);
  const queue: { model: ComposeFileModel; depth: number }[] = [{ model: file, depth: 0 }];
  while (queue.length) {
    const { model, depth } = queue.shift()!;
    for (const inc of model.includes) {
      if (inc.path === undefined || visited.has(inc.path) || depth >= MAX_LINK_DEPTH) continue;
      visited.add(inc.path);
      const included = loader.load(inc.path);
      if (!included) continue;
      for (const s of included.services) if (!byName.has(s.name)) byName.set(s.name, resolveExtends(loader, included, s, 0, new Set()));
      queue.push({ model: included, depth: depth + 1 });
    }
  }
  for (const s of services) byName.set(s.name, s);
  const siblingModels = siblings.map((p) => loader.load(p)).filter((m): m is ComposeFileModel => !!m);
  const overlays = new Map<ComposeService, ComposeService[]>();
  for (const s of services) {
    const defs: ComposeService[] = [];
    for (const m of siblingModels) {
      const other = m.services.find((o) => o.name === s.name);
      if (other && (!isComplete(other) || !isComplete(s))) defs.push(other);
    }
    overlays.set(s, defs);
  }
  const completedTargets = new Set<string>();
  for (const other of byName.values()) for (const d of other.dependsOn) if (d.condition === 'service_completed_successfully') completedTargets.add(d.service);
  return { file, environment: workspace.environmentOf(file.path), services, byName, overlays, completedTargets, used: loader.used };
}

interface CachedProject {
  project: ComposeProject;
  siblings: string[];
  used: Map<string, ComposeFileModel | undefined>;
}

const projects = new WeakMap<ComposeFileModel, CachedProject>();

/**
 * A compose file with its links resolved; undefined when it is not loaded. Reused while the file,
 * every file it read (extends, include, overlays) and its set of production siblings are unchanged.
 */
export function composeProject(workspace: WorkspaceModel, path: string): ComposeProject | undefined {
  const file = composeFile(workspace, path);
  if (!file) return undefined;
  const siblings = productionSiblings(workspace, path);
  const hit = projects.get(file);
  if (
    hit &&
    hit.siblings.join('\n') === siblings.join('\n') &&
    hit.project.environment === workspace.environmentOf(path) &&
    [...hit.used].every(([p, m]) => composeFile(workspace, p) === m)
  ) {
    return hit.project;
  }
  const { used, ...project } = buildProject(workspace, file, siblings);
  projects.set(file, { project, siblings, used });
  return project;
}

/** A service that declares what it runs: an image, a build, or a base to extend. */
export function isComplete(service: ComposeService): boolean {
  return service.keys.has('image') || service.keys.has('build') || service.keys.has('extends');
}

/**
 * Definitions of the same service in overlay files: other production compose files of the same
 * directory whose definition is partial (no image/build/extends), as in `docker-compose.yml` +
 * `docker-compose.prod.yml`. A key set by an overlay counts as set for presence checks.
 */
export function overlaysOf(project: ComposeProject, service: ComposeService): ComposeService[] {
  return project.overlays.get(service) ?? [];
}

/**
 * Whether presence checks (healthcheck, restart, limits, logging) apply to this definition: not when
 * it is a partial overlay of a service fully defined in a sibling production file (that one is checked,
 * with the overlay's keys counted).
 */
export function ownsPresenceChecks(project: ComposeProject, service: ComposeService): boolean {
  if (isComplete(service)) return true;
  return !overlaysOf(project, service).some(isComplete);
}

/** The service's key or any overlay's: `hasKey(p, s, 'restart')`, `hasKey(p, s, 'deploy', 'restart_policy')`. */
export function hasKey(project: ComposeProject, service: ComposeService, ...path: string[]): boolean {
  const defs = [service, ...(service.extendsChain ?? []), ...overlaysOf(project, service)];
  return defs.some((d) => (path.length === 1 ? d.keys.has(path[0]) : d.map !== undefined && d.yaml.getPath(d.map, ...path) !== undefined));
}

/** A compose service that builds a given Dockerfile, as the dockerfile/* rules need to know it. */
export interface ComposeServiceRef {
  /** The compose file and the service's key range in it. */
  file: string;
  service: string;
  range: Range;
  environment: Environment;
  /** `build.target`, lower-cased, when set: the stage that runs is not necessarily the final one. */
  target: string | undefined;
  /** The service sets `command:` / `entrypoint:` (its own, from an anchor or through `extends:`). */
  command: boolean;
  entrypoint: boolean;
  /** `healthcheck:` with a test, `disable: true`/`test: NONE`, or none at all. */
  healthcheck: 'defined' | 'disabled' | 'absent';
  /** Where the service sets them, for related information. */
  commandRange: Range | undefined;
  healthcheckRange: Range | undefined;
}

/** Every compose service in the workspace built from `dockerfilePath` (a workspace path). */
export function servicesBuiltFrom(workspace: WorkspaceModel, dockerfilePath: string): ComposeServiceRef[] {
  // Indexed once per compose change: every Dockerfile of the workspace asks.
  return workspace.memo('compose/services-by-dockerfile', ['compose'], () => indexByDockerfile(workspace)).get(dockerfilePath) ?? [];
}

function indexByDockerfile(workspace: WorkspaceModel): Map<string, ComposeServiceRef[]> {
  const index = new Map<string, ComposeServiceRef[]>();
  for (const f of workspace.filesOfKind('compose')) {
    const project = composeProject(workspace, f.path);
    if (!project) continue;
    for (const s of project.services) {
      const dockerfilePath = s.build?.dockerfilePath;
      if (dockerfilePath === undefined) continue;
      let out = index.get(dockerfilePath);
      if (!out) index.set(dockerfilePath, (out = []));
      const hc = s.healthcheck;
      out.push({
        file: s.file,
        service: s.name,
        range: s.keyRange,
        environment: project.environment,
        target: s.build?.target?.value.toLowerCase(),
        command: !!s.command,
        entrypoint: !!s.entrypoint,
        healthcheck: !hc ? 'absent' : hc.disabled ? 'disabled' : hc.test ? 'defined' : 'absent',
        commandRange: s.command?.entry.keyRange ?? s.entrypoint?.entry.keyRange,
        healthcheckRange: hc?.entry.keyRange,
      });
    }
  }
  return index;
}
