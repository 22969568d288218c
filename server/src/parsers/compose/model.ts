/**
 * The compose model: services and what they declare, each value with the file and range where it is
 * written (an anchor's text for merged or aliased values, another file's for `extends:`).
 * 0-based ranges everywhere. Built per file version (parse.ts), linked across files in project.ts.
 */
import type { Range } from '../../core/types';
import type { YamlEntry, YamlFile, YMap, YNode } from '../yaml';

/** A scalar value where it is written, with Compose interpolation applied. */
export interface ComposeValue {
  /** As written, after YAML unquoting. */
  raw: string;
  /** Interpolated: defaults substituted, `$$` → `$`, variables without default kept as written. */
  value: string;
  /** Comes (partly) from the environment with no default. */
  external: boolean;
  node: YNode;
  /** The scalar's range: the anchor's text when the value is aliased or merged. */
  range: Range;
  /** Workspace path of the file holding the scalar. */
  file: string;
  /** That file's YAML (for edits and scalar source maps). */
  yaml: YamlFile;
}

export interface ComposeImage extends ComposeValue {
  /** Repository without tag/digest: `postgres`, `ghcr.io/org/api`. */
  name: string;
  /** Last path segment, lower-case: `postgres`, `api`. */
  shortName: string;
  /** Path without registry, lower-case, Docker Hub's `library/` removed: `bitnami/redis`. */
  path: string;
  tag: string | undefined;
  digest: string | undefined;
}

export interface ComposeBuild {
  entry: YamlEntry;
  file: string;
  /** `build.context` or the short form's value; undefined means `.`. */
  context: ComposeValue | undefined;
  /** Workspace path of the context directory ('' for the root); undefined when remote, external or outside the workspace. */
  contextPath: string | undefined;
  /** A URL or git context (`https://…`, `git@…`), never looked up. */
  remote: boolean;
  dockerfile: ComposeValue | undefined;
  /** Workspace path of the Dockerfile; undefined with `dockerfile_inline`, a remote context or an external path. */
  dockerfilePath: string | undefined;
  inline: ComposeValue | undefined;
  target: ComposeValue | undefined;
  args: Map<string, ComposeValue | undefined>;
}

export interface ComposeCommand {
  entry: YamlEntry;
  file: string;
  form: 'string' | 'list';
  /** String form: the scalar (Compose splits it into words, no shell). List form: undefined. */
  text: ComposeValue | undefined;
  /** List form: the words. */
  argv: ComposeValue[];
}

export interface ComposeHealthcheck {
  entry: YamlEntry;
  file: string;
  /** `disable: true` or `test: ["NONE"]`: an explicit choice. */
  disabled: boolean;
  test:
    | {
        entry: YamlEntry;
        /** A string test is CMD-SHELL. */
        kind: 'CMD' | 'CMD-SHELL' | 'NONE' | 'unknown';
        /** CMD: the program and its arguments. */
        argv: ComposeValue[];
        /** CMD-SHELL: the script. */
        script: ComposeValue | undefined;
      }
    | undefined;
}

export interface ComposePort {
  file: string;
  node: YNode;
  range: Range;
  /** Position in the `ports:` sequence. */
  index: number;
  long: boolean;
  raw: string;
  hostIp: string | undefined;
  /** Host port (or range); undefined when Docker picks one. */
  published: string | undefined;
  /** Container port (or range). */
  target: string | undefined;
  protocol: string;
  external: boolean;
}

export interface ComposeEnvVar {
  file: string;
  name: string;
  /** Undefined when the variable is passed through from the environment (`- NAME` / `NAME:`). */
  value: ComposeValue | undefined;
  form: 'map' | 'list';
  /** The list item, or the map entry's key. */
  node: YNode;
  range: Range;
  /** Range of the value text (inside the `NAME=value` item for the list form, when exact). */
  valueRange: Range | undefined;
  /** Offsets of the value text in the YAML (list form with an exact mapping, or a map value). */
  valueSpan: [number, number] | undefined;
}

export interface ComposeVolume {
  file: string;
  node: YNode;
  range: Range;
  index: number;
  long: boolean;
  type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'image' | 'cluster' | 'unknown';
  source: string | undefined;
  target: string | undefined;
  readOnly: boolean;
  external: boolean;
}

export interface ComposeDependency {
  file: string;
  service: string;
  /** `service_started` when the short form is used. */
  condition: string | undefined;
  form: 'list' | 'map';
  node: YNode;
  range: Range;
  /** Map form: the entry of this dependency. */
  entry: YamlEntry | undefined;
}

export interface ComposeLogging {
  entry: YamlEntry;
  file: string;
  driver: ComposeValue | undefined;
  options: Map<string, ComposeValue>;
  optionsEntry: YamlEntry | undefined;
}

export interface ComposeService {
  name: string;
  /** The file defining the service (its key). */
  file: string;
  yaml: YamlFile;
  keyRange: Range;
  /** The service's mapping (undefined when empty or not a mapping). */
  map: YMap | undefined;
  /** Keys present, own or merged (`<<`), and after `extends:` those of the base. */
  keys: Set<string>;
  image: ComposeImage | undefined;
  build: ComposeBuild | undefined;
  command: ComposeCommand | undefined;
  entrypoint: ComposeCommand | undefined;
  healthcheck: ComposeHealthcheck | undefined;
  ports: ComposePort[];
  portsEntry: YamlEntry | undefined;
  environment: ComposeEnvVar[];
  envFiles: ComposeValue[];
  volumes: ComposeVolume[];
  dependsOn: ComposeDependency[];
  dependsOnEntry: YamlEntry | undefined;
  restart: ComposeValue | undefined;
  deploy: {
    entry: YamlEntry | undefined;
    replicas: number | undefined;
    restartPolicy: YamlEntry | undefined;
    memoryLimit: ComposeValue | undefined;
    cpus: ComposeValue | undefined;
  };
  memLimit: ComposeValue | undefined;
  logging: ComposeLogging | undefined;
  privileged: ComposeValue | undefined;
  capAdd: ComposeValue[];
  networkMode: ComposeValue | undefined;
  pid: ComposeValue | undefined;
  ipc: ComposeValue | undefined;
  securityOpt: ComposeValue[];
  profiles: string[];
  extends: { entry: YamlEntry; service: string; file: ComposeValue | undefined } | undefined;
  /** Set on services resolved through `extends:`: the base chain, nearest first. */
  extendsChain?: ComposeService[];
}

export interface ComposeInclude {
  /** The path as written and its workspace path (undefined when outside the workspace or external). */
  value: ComposeValue;
  path: string | undefined;
}

export interface ComposeFileModel {
  path: string;
  yaml: YamlFile;
  services: ComposeService[];
  /** Top-level `version:` entries (one per document that has it). */
  versions: YamlEntry[];
  includes: ComposeInclude[];
  /** Top-level `name:`. */
  projectName: string | undefined;
}
