/**
 * Builds the compose model of one file from its YAML (anchors and merge keys resolved, every syntax
 * Compose accepts for each key). Cross-file links (`extends: {file}`, `include:`, Dockerfiles) are
 * made in project.ts, so this model depends on this file's text only and is cached per version.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import { splitImageReference } from '../dockerfile/reference';
import type { YamlEntry, YamlFile, YNode } from '../yaml';
import { scalarSource } from '../yaml';
import { interpolate } from './interpolate';
import type {
  ComposeBuild, ComposeCommand, ComposeDependency, ComposeEnvVar, ComposeFileModel, ComposeHealthcheck, ComposeImage,
  ComposeInclude, ComposeLogging, ComposePort, ComposeService, ComposeValue, ComposeVolume,
} from './model';
import { dirOf, isRemoteContext, joinWithin, parsePortString, parseVolumeString } from './syntax';

class Reader {
  readonly dir: string;
  constructor(
    readonly yaml: YamlFile,
    readonly file: string,
  ) {
    this.dir = dirOf(file);
  }

  value(node: YNode | null | undefined): ComposeValue | undefined {
    const resolved = this.yaml.resolve(node);
    const raw = this.yaml.str(resolved);
    if (raw === undefined || !resolved) return undefined;
    const { value, external } = interpolate(raw);
    return { raw, value, external, node: resolved, range: this.yaml.rangeOf(resolved), file: this.file, yaml: this.yaml };
  }

  entryValue(map: unknown, key: string): ComposeValue | undefined {
    return this.value(this.yaml.get(map, key)?.value);
  }

  /** A string or a list of strings (`cap_add`, `env_file`, `profiles`…). */
  values(node: YNode | null | undefined): ComposeValue[] {
    if (isSeq(this.yaml.resolve(node))) {
      const out: ComposeValue[] = [];
      for (const item of this.yaml.items(node)) {
        const v = this.value(isMap(item) ? this.yaml.get(item, 'path')?.value : item);
        if (v) out.push(v);
      }
      return out;
    }
    const single = this.value(node);
    return single ? [single] : [];
  }

  image(entry: YamlEntry | undefined): ComposeImage | undefined {
    const v = this.value(entry?.value);
    if (!v) return undefined;
    const ref = splitImageReference(v.value);
    return { ...v, name: ref.name, shortName: ref.shortName, path: ref.path, tag: ref.tag, digest: ref.digest };
  }

  build(entry: YamlEntry | undefined): ComposeBuild | undefined {
    if (!entry) return undefined;
    const y = this.yaml;
    const long = isMap(entry.value);
    const context = long ? this.entryValue(entry.value, 'context') : this.value(entry.value);
    const dockerfile = long ? this.entryValue(entry.value, 'dockerfile') : undefined;
    const inline = long ? this.entryValue(entry.value, 'dockerfile_inline') : undefined;
    const target = long ? this.entryValue(entry.value, 'target') : undefined;
    const args = new Map<string, ComposeValue | undefined>();
    const argsNode = long ? y.get(entry.value, 'args')?.value : undefined;
    if (isMap(argsNode)) for (const e of y.entries(argsNode)) args.set(e.key, this.value(e.value));
    else for (const item of y.items(argsNode)) {
      const s = y.str(item);
      if (s === undefined) continue;
      const eq = s.indexOf('=');
      args.set(eq < 0 ? s : s.slice(0, eq), eq < 0 ? undefined : this.value(item));
    }
    const ctx = context?.value ?? '.';
    const remote = context !== undefined && isRemoteContext(ctx);
    const contextPath = remote || context?.external ? undefined : joinWithin(this.dir, ctx);
    let dockerfilePath: string | undefined;
    if (!inline && contextPath !== undefined && !dockerfile?.external) {
      dockerfilePath = joinWithin(contextPath, dockerfile?.value ?? 'Dockerfile');
    }
    return { entry, file: this.file, context, contextPath, remote, dockerfile, dockerfilePath, inline, target, args };
  }

  command(entry: YamlEntry | undefined): ComposeCommand | undefined {
    if (!entry || !entry.value || (isScalar(entry.value) && entry.value.value === null)) return undefined;
    if (isSeq(entry.value)) {
      const argv = this.yaml.items(entry.value).map((n) => this.value(n)).filter((v): v is ComposeValue => !!v);
      return { entry, file: this.file, form: 'list', text: undefined, argv };
    }
    return { entry, file: this.file, form: 'string', text: this.value(entry.value), argv: [] };
  }

  healthcheck(entry: YamlEntry | undefined): ComposeHealthcheck | undefined {
    if (!entry) return undefined;
    const y = this.yaml;
    const testEntry = y.get(entry.value, 'test');
    let test: ComposeHealthcheck['test'];
    if (testEntry) {
      if (isSeq(testEntry.value)) {
        const words = y.items(testEntry.value).map((n) => this.value(n)).filter((v): v is ComposeValue => !!v);
        const head = words[0]?.value;
        const kind = head === 'CMD' || head === 'CMD-SHELL' || head === 'NONE' ? head : 'unknown';
        test = {
          entry: testEntry,
          kind,
          argv: kind === 'CMD' ? words.slice(1) : kind === 'unknown' ? words : [],
          script: kind === 'CMD-SHELL' ? words[1] : undefined,
        };
      } else {
        const script = this.value(testEntry.value);
        test = { entry: testEntry, kind: script?.value === 'NONE' ? 'NONE' : 'CMD-SHELL', argv: [], script: script?.value === 'NONE' ? undefined : script };
      }
    }
    const disabled = y.isTrue(y.get(entry.value, 'disable')?.value) || test?.kind === 'NONE';
    return { entry, file: this.file, disabled, test };
  }

  ports(entry: YamlEntry | undefined): ComposePort[] {
    const y = this.yaml;
    return y.items(entry?.value).map((node, index): ComposePort => {
      if (isMap(node)) {
        const published = this.entryValue(node, 'published');
        const target = this.entryValue(node, 'target');
        const hostIp = this.entryValue(node, 'host_ip');
        return {
          file: this.file, node, range: y.rangeOf(node), index, long: true, raw: y.sourceOf(node),
          hostIp: hostIp?.value, published: published?.value, target: target?.value,
          protocol: this.entryValue(node, 'protocol')?.value ?? 'tcp',
          external: !!(published?.external || target?.external || hostIp?.external),
        };
      }
      const v = this.value(node);
      const spec = parsePortString(v?.value ?? '');
      return { file: this.file, node, range: y.rangeOf(node), index, long: false, raw: v?.raw ?? '', ...spec, external: !!v?.external };
    });
  }

  environment(entry: YamlEntry | undefined): ComposeEnvVar[] {
    const y = this.yaml;
    if (!entry) return [];
    if (isMap(entry.value)) {
      return y.entries(entry.value).map((e): ComposeEnvVar => {
        const value = this.value(e.value);
        const span = value ? y.spanOf(value.node) : undefined;
        return { file: this.file, name: e.key, value, form: 'map', node: e.keyNode ?? (e.value as YNode), range: y.rangeOf(e.pair), valueRange: value?.range, valueSpan: span };
      });
    }
    const out: ComposeEnvVar[] = [];
    for (const item of y.items(entry.value)) {
      const src = scalarSource(y, item);
      if (!src) continue;
      const eq = src.value.indexOf('=');
      const name = (eq < 0 ? src.value : src.value.slice(0, eq)).trim();
      let value: ComposeValue | undefined;
      let valueRange;
      let valueSpan: [number, number] | undefined;
      if (eq >= 0) {
        const raw = src.value.slice(eq + 1);
        const { value: v, external } = interpolate(raw);
        value = { raw, value: v, external, node: item, range: y.rangeOf(item), file: this.file, yaml: y };
        if (src.offsets) {
          valueRange = src.toHostRange(eq + 1, src.value.length);
          const startOffset = eq + 1 < src.offsets.length ? src.offsets[eq + 1] : src.offsets[src.offsets.length - 1] + 1;
          valueSpan = [startOffset, src.offsets[src.offsets.length - 1] + 1];
          if (raw === '') valueSpan = [startOffset, startOffset];
        }
      }
      out.push({ file: this.file, name, value, form: 'list', node: item, range: y.rangeOf(item), valueRange, valueSpan });
    }
    return out;
  }

  volumes(entry: YamlEntry | undefined): ComposeVolume[] {
    const y = this.yaml;
    return y.items(entry?.value).map((node, index): ComposeVolume => {
      if (isMap(node)) {
        const type = this.entryValue(node, 'type')?.value ?? 'volume';
        const source = this.entryValue(node, 'source');
        const target = this.entryValue(node, 'target');
        const known = ['bind', 'volume', 'tmpfs', 'npipe', 'image', 'cluster'] as const;
        return {
          file: this.file, node, range: y.rangeOf(node), index, long: true,
          type: (known as readonly string[]).includes(type) ? (type as ComposeVolume['type']) : 'unknown',
          source: source?.value, target: target?.value, readOnly: y.isTrue(y.get(node, 'read_only')?.value),
          external: !!source?.external,
        };
      }
      const v = this.value(node);
      const spec = parseVolumeString(v?.value ?? '');
      return { file: this.file, node, range: y.rangeOf(node), index, long: false, ...spec, external: !!v?.external };
    });
  }

  dependsOn(entry: YamlEntry | undefined): ComposeDependency[] {
    const y = this.yaml;
    if (!entry) return [];
    if (isMap(entry.value)) {
      return y.entries(entry.value).map((e) => ({
        file: this.file, service: e.key, condition: this.entryValue(e.value, 'condition')?.value ?? 'service_started',
        form: 'map' as const, node: (e.keyNode ?? e.value) as YNode, range: e.keyRange, entry: e,
      }));
    }
    return y.items(entry.value).flatMap((node) => {
      const name = y.str(node);
      return name === undefined ? [] : [{ file: this.file, service: name, condition: undefined, form: 'list' as const, node, range: y.rangeOf(node), entry: undefined }];
    });
  }

  logging(entry: YamlEntry | undefined): ComposeLogging | undefined {
    if (!entry) return undefined;
    const optionsEntry = this.yaml.get(entry.value, 'options');
    const options = new Map<string, ComposeValue>();
    for (const e of this.yaml.entries(optionsEntry?.value)) {
      const v = this.value(e.value);
      if (v) options.set(e.key, v);
    }
    return { entry, file: this.file, driver: this.entryValue(entry.value, 'driver'), options, optionsEntry };
  }

  service(entry: YamlEntry): ComposeService {
    const y = this.yaml;
    const map = y.asMap(entry.value);
    const get = (key: string) => (map ? y.get(map, key) : undefined);
    const deployEntry = get('deploy');
    const replicas = Number(y.str(y.get(deployEntry?.value, 'replicas')?.value));
    const ext = get('extends');
    return {
      name: entry.key,
      file: this.file,
      yaml: y,
      keyRange: entry.keyRange,
      map,
      keys: new Set(map ? y.entries(map).map((e) => e.key) : []),
      image: this.image(get('image')),
      build: this.build(get('build')),
      command: this.command(get('command')),
      entrypoint: this.command(get('entrypoint')),
      healthcheck: this.healthcheck(get('healthcheck')),
      ports: this.ports(get('ports')),
      portsEntry: get('ports'),
      environment: this.environment(get('environment')),
      envFiles: this.values(get('env_file')?.value),
      volumes: this.volumes(get('volumes')),
      dependsOn: this.dependsOn(get('depends_on')),
      dependsOnEntry: get('depends_on'),
      restart: this.value(get('restart')?.value),
      deploy: {
        entry: deployEntry,
        replicas: Number.isFinite(replicas) ? replicas : undefined,
        restartPolicy: y.get(deployEntry?.value, 'restart_policy'),
        memoryLimit: this.value(y.getPath(deployEntry?.value, 'resources', 'limits', 'memory')?.value),
        cpus: this.value(y.getPath(deployEntry?.value, 'resources', 'limits', 'cpus')?.value),
      },
      memLimit: this.value(get('mem_limit')?.value),
      logging: this.logging(get('logging')),
      privileged: this.value(get('privileged')?.value),
      capAdd: this.values(get('cap_add')?.value),
      networkMode: this.value(get('network_mode')?.value),
      pid: this.value(get('pid')?.value),
      ipc: this.value(get('ipc')?.value),
      securityOpt: this.values(get('security_opt')?.value),
      profiles: this.values(get('profiles')?.value).map((v) => v.value),
      extends: ext
        ? {
            entry: ext,
            service: (isMap(ext.value) ? this.entryValue(ext.value, 'service') : this.value(ext.value))?.value ?? '',
            file: isMap(ext.value) ? this.entryValue(ext.value, 'file') : undefined,
          }
        : undefined,
    };
  }
}

/** The compose model of one file (services of every document; a later document's service replaces an earlier one). */
export function parseComposeFile(path: string, yaml: YamlFile): ComposeFileModel {
  const reader = new Reader(yaml, path);
  const services = new Map<string, ComposeService>();
  const versions: YamlEntry[] = [];
  const includes: ComposeInclude[] = [];
  let projectName: string | undefined;
  for (const doc of yaml.documents) {
    const root = yaml.asMap(doc.contents);
    if (!root) continue;
    const version = yaml.get(root, 'version');
    if (version && !version.mergedFrom) versions.push(version);
    projectName ??= yaml.str(yaml.get(root, 'name')?.value);
    for (const e of yaml.entries(yaml.get(root, 'services')?.value)) {
      if (e.key.startsWith('x-')) continue;
      services.set(e.key, reader.service(e));
    }
    for (const item of yaml.items(yaml.get(root, 'include')?.value)) {
      const values = isMap(item) ? reader.values(yaml.get(item, 'path')?.value) : reader.values(item);
      for (const value of values) {
        includes.push({ value, path: value.external ? undefined : joinWithin(reader.dir, value.value) });
      }
    }
  }
  return { path, yaml, services: [...services.values()], versions, includes, projectName };
}
