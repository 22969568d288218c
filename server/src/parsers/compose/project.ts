/**
 * Cross-file compose model: a compose file with its `include:`d files and `extends:` bases
 * resolved, overlays (`docker-compose.prod.yml` adding `restart:` to a service of
 * `docker-compose.yml`), and the reverse link Dockerfile → services built from it.
 * Only per-file models are cached (per version); the links are recomputed, cheaply, on each call,
 * so an edit to any linked file is always seen.
 */
import type { Range } from '../../core/types';
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

function resolveExtends(workspace: WorkspaceModel, file: ComposeFileModel, service: ComposeService, depth: number, seen: Set<string>): ComposeService {
  const ext = service.extends;
  if (!ext || !ext.service || depth > MAX_LINK_DEPTH) return service;
  let baseFile: ComposeFileModel | undefined = file;
  if (ext.file) {
    const path = ext.file.external ? undefined : joinWithin(dirOf(file.path), ext.file.value);
    baseFile = path === undefined ? undefined : composeFile(workspace, path);
  }
  if (!baseFile) return service;
  const key = `${baseFile.path}#${ext.service}`;
  if (seen.has(key)) return service;
  const base = baseFile.services.find((s) => s.name === ext.service);
  if (!base) return service;
  seen.add(key);
  return mergeOver(resolveExtends(workspace, baseFile, base, depth + 1, seen), service);
}

/** A compose file with its links resolved; undefined when it is not loaded. */
export function composeProject(workspace: WorkspaceModel, path: string): ComposeProject | undefined {
  const file = composeFile(workspace, path);
  if (!file) return undefined;
  const services = file.services.map((s) => resolveExtends(workspace, file, s, 0, new Set([`${file.path}#${s.name}`])));
  const byName = new Map<string, ComposeService>();
  const visited = new Set<string>([file.path]);
  const queue: { model: ComposeFileModel; depth: number }[] = [{ model: file, depth: 0 }];
  while (queue.length) {
    const { model, depth } = queue.shift()!;
    for (const inc of model.includes) {
      if (inc.path === undefined || visited.has(inc.path) || depth >= MAX_LINK_DEPTH) continue;
      visited.add(inc.path);
      const included = composeFile(workspace, inc.path);
      if (!included) continue;
      for (const s of included.services) if (!byName.has(s.name)) byName.set(s.name, resolveExtends(workspace, included, s, 0, new Set()));
      queue.push({ model: included, depth: depth + 1 });
    }
  }
  for (const s of services) byName.set(s.name, s);
  return { file, environment: workspace.environmentOf(path), services, byName };
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
export function overlaysOf(workspace: WorkspaceModel, service: ComposeService): ComposeService[] {
  const dir = dirOf(service.file);
  const out: ComposeService[] = [];
  for (const f of workspace.filesOfKind('compose')) {
    if (f.path === service.file || dirOf(f.path) !== dir || workspace.environmentOf(f.path) === 'development') continue;
    const other = composeFileOf(workspace, f).services.find((s) => s.name === service.name);
    if (other && (!isComplete(other) || !isComplete(service))) out.push(other);
  }
  return out;
}

/**
 * Whether presence checks (healthcheck, restart, limits, logging) apply to this definition: not when
 * it is a partial overlay of a service fully defined in a sibling production file (that one is checked,
 * with the overlay's keys counted).
 */
export function ownsPresenceChecks(workspace: WorkspaceModel, service: ComposeService): boolean {
  if (isComplete(service)) return true;
  return !overlaysOf(workspace, service).some(isComplete);
}

/** The service's key or any overlay's: `hasKey(ws, s, 'restart')`, `hasKey(ws, s, 'deploy', 'restart_policy')`. */
export function hasKey(workspace: WorkspaceModel, service: ComposeService, ...path: string[]): boolean {
  const defs = [service, ...(service.extendsChain ?? []), ...overlaysOf(workspace, service)];
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
  const out: ComposeServiceRef[] = [];
  for (const f of workspace.filesOfKind('compose')) {
    const project = composeProject(workspace, f.path);
    if (!project) continue;
    for (const s of project.services) {
      if (s.build?.dockerfilePath !== dockerfilePath) continue;
      const hc = s.healthcheck;
      out.push({
        file: s.file,
        service: s.name,
        range: s.keyRange,
        environment: project.environment,
        target: s.build.target?.value.toLowerCase(),
        command: !!s.command,
        entrypoint: !!s.entrypoint,
        healthcheck: !hc ? 'absent' : hc.disabled ? 'disabled' : hc.test ? 'defined' : 'absent',
        commandRange: s.command?.entry.keyRange ?? s.entrypoint?.entry.keyRange,
        healthcheckRange: hc?.entry.keyRange,
      });
    }
  }
  return out;
}
