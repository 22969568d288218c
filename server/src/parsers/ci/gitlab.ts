/**
 * GitLab CI: `.gitlab-ci.yml` with its local includes, as jobs whose keys are resolved the way
 * GitLab resolves them — the job's own keys (merge keys included), then `extends:` parents (the last
 * listed wins, recursively), then `default:` (or the legacy top-level globals) for inheritable keys.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { YamlEntry, YamlFile, YMap, YNode } from '../yaml/parse';
import type { ClassifyOptions } from './activity';
import type { Activity, CiScript, Escape, GlJob, GlPipeline, GlScriptRef } from './model';
import { analyzeScript, makeScript, type ScriptState } from './scripts';
import { keyValue, yamlEscape } from './github';

/** Top-level keys that are configuration, not jobs (`pages` is a job). */
export const RESERVED_KEYS = new Set(['stages', 'variables', 'default', 'include', 'workflow', 'image', 'services', 'before_script', 'after_script', 'cache', 'types', 'spec']);
const INHERITED_FROM_DEFAULT = new Set(['before_script', 'after_script', 'image', 'services', 'cache', 'timeout', 'retry', 'interruptible', 'tags', 'artifacts', 'hooks', 'id_tokens']);
const MAX_EXTENDS_DEPTH = 11; // GitLab's own limit
const MAX_INCLUDES = 150;
const MAX_SCRIPT_ITEMS = 20_000;

export interface GlInclude {
  kind: 'local' | 'template' | 'remote' | 'project' | 'component';
  value: string;
  file: string;
}

/** One file's raw definitions (cached per file version; the pipeline links them). */
export interface GlFileModel {
  file: string;
  yaml: YamlFile;
  jobs: Map<string, { entry: YamlEntry; map: YMap }>;
  default?: YMap;
  /** Legacy top-level `image`, `before_script`… (act like `default:`). */
  globals: Map<string, YamlEntry>;
  includes: GlInclude[];
  /** Scripts built once per node. */
  scripts: WeakMap<object, CiScript | undefined>;
}

export function parseGitlabFile(yf: YamlFile, file: string): GlFileModel {
  const model: GlFileModel = { file, yaml: yf, jobs: new Map(), globals: new Map(), includes: [], scripts: new WeakMap() };
  for (const doc of yf.documents) {
    const root = yf.asMap(doc.contents);
    if (!root) continue;
    for (const entry of yf.entries(root)) {
      if (entry.key === 'include') collectIncludes(yf, entry.value, file, model.includes);
      else if (entry.key === 'default') model.default = yf.asMap(entry.value);
      else if (RESERVED_KEYS.has(entry.key)) model.globals.set(entry.key, entry);
      else {
        const map = yf.asMap(entry.value);
        if (map) model.jobs.set(entry.key, { entry, map });
      }
    }
  }
  return model;
}

function collectIncludes(yf: YamlFile, node: YNode | null, file: string, out: GlInclude[]): void {
  const items = isSeq(node) ? yf.items(node) : node ? [node] : [];
  for (const item of items) {
    if (isScalar(item)) {
      const s = yf.str(item);
      if (s) out.push({ kind: /^https?:\/\//.test(s) ? 'remote' : 'local', value: s, file });
      continue;
    }
    for (const kind of ['local', 'template', 'remote', 'component'] as const) {
      const v = yf.str(yf.get(item, kind)?.value);
      if (v) out.push({ kind, value: v, file });
    }
    if (yf.get(item, 'project')) out.push({ kind: 'project', value: yf.str(yf.get(item, 'project')?.value) ?? '', file });
  }
}

export interface PipelineSource {
  /** The per-file model of a workspace file (undefined when absent or unreadable). */
  model(path: string): GlFileModel | undefined;
  /** Workspace paths matching a glob from an `include: local:` wildcard. */
  glob(pattern: string): string[];
  classify: ClassifyOptions;
}

interface Resolved {
  entry: YamlEntry;
  model: GlFileModel;
}

export function buildPipeline(root: GlFileModel, source: PipelineSource): GlPipeline {
  const models: GlFileModel[] = [];
  const missing: string[] = [];
  const templates: string[] = [];
  const seen = new Set<string>([root.file]);
  // Breadth-first over local includes; included definitions come first so that the root overrides them.
  const queue: GlFileModel[] = [root];
  while (queue.length && seen.size < MAX_INCLUDES) {
    const current = queue.shift()!;
    models.push(current);
    for (const inc of current.includes) {
      if (inc.kind === 'template') templates.push(inc.value);
      if (inc.kind !== 'local') continue;
      const path = inc.value.replace(/^\.?\//, '');
      const paths = /[*?]/.test(path) ? source.glob(path) : [path];
      for (const p of paths) {
        if (seen.has(p)) continue;
        seen.add(p);
        const m = source.model(p);
        if (m) queue.push(m);
        else missing.push(p);
      }
    }
  }
  const ordered = [...models.slice(1), root];
  const definitions = new Map<string, { map: YMap; entry: YamlEntry; model: GlFileModel }[]>();
  for (const m of ordered) {
    for (const [name, def] of m.jobs) {
      const list = definitions.get(name) ?? [];
      list.push({ ...def, model: m });
      definitions.set(name, list);
    }
  }
  const defaults = ordered.filter((m) => m.default).reverse();
  const globals = ordered.filter((m) => m.globals.size).reverse();

  /** The winning definition of `key` for job `name`: own keys, then extends, then defaults. */
  // Each job is visited once per lookup: a hostile `extends:` graph (cycles, diamonds) stays linear.
  const lookup = (name: string, key: string, depth = 0, seen = new Set<string>()): Resolved | undefined => {
    if (depth > MAX_EXTENDS_DEPTH || seen.has(name)) return undefined;
    seen.add(name);
    const defs = definitions.get(name) ?? [];
    for (let i = defs.length - 1; i >= 0; i--) {
      const e = defs[i].model.yaml.get(defs[i].map, key);
      if (e) return { entry: e, model: defs[i].model };
    }
    for (const parent of extendsOf(name).reverse()) {
      const hit = lookup(parent, key, depth + 1, seen);
      if (hit) return hit;
    }
    return undefined;
  };
  const extendsCache = new Map<string, string[]>();
  const extendsOf = (name: string): string[] => {
    const known = extendsCache.get(name);
    if (known) return [...known];
    const parents = readExtends(name);
    extendsCache.set(name, parents);
    return [...parents];
  };
  const readExtends = (name: string): string[] => {
    const defs = definitions.get(name) ?? [];
    for (let i = defs.length - 1; i >= 0; i--) {
      const e = defs[i].model.yaml.get(defs[i].map, 'extends');
      if (!e) continue;
      const yf = defs[i].model.yaml;
      return isSeq(e.value) ? yf.items(e.value).map((n) => yf.str(n) ?? '').filter(Boolean) : [yf.str(e.value) ?? ''].filter(Boolean);
    }
    return [];
  };
  const inheritsDefault = (name: string, key: string): boolean => {
    const inherit = lookup(name, 'inherit');
    const d = inherit ? inherit.model.yaml.get(inherit.entry.value, 'default') : undefined;
    if (!d || !inherit) return true;
    const yf = inherit.model.yaml;
    if (isSeq(d.value)) return yf.items(d.value).some((n) => yf.str(n) === key);
    return yf.str(d.value) !== 'false';
  };
  const resolve = (name: string, key: string): Resolved | undefined => {
    const own = lookup(name, key);
    if (own || !INHERITED_FROM_DEFAULT.has(key) || !inheritsDefault(name, key)) return own;
    for (const m of defaults) {
      const e = m.yaml.get(m.default, key);
      if (e) return { entry: e, model: m };
    }
    for (const m of globals) {
      const e = m.globals.get(key);
      if (e) return { entry: e, model: m };
    }
    return undefined;
  };

  // Aliases make a small file describe a huge tree (`script: *bomb`): cap the script items visited.
  let budget = MAX_SCRIPT_ITEMS;
  const scriptsOf = (hit: Resolved | undefined, depth = 0): CiScript[] => {
    if (!hit || depth > 8) return [];
    return scriptsOfNode(hit.model, hit.entry.value, depth);
  };
  const scriptsOfNode = (model: GlFileModel, node: YNode | null, depth: number): CiScript[] => {
    const yf = model.yaml;
    if (!node || depth > 8 || budget-- <= 0) return [];
    if (isSeq(node) && node.tag === '!reference') {
      const [job, key] = yf.items(node).map((n) => yf.str(n) ?? '');
      return job && key ? scriptsOf(resolve(job, key) ?? lookup(job, key), depth + 1) : [];
    }
    if (isSeq(node)) return yf.items(node).flatMap((item) => scriptsOfNode(model, item, depth + 1));
    if (!isScalar(node)) return [];
    if (!model.scripts.has(node)) model.scripts.set(node, makeScript(yf, model.file, node, 'shell'));
    const s = model.scripts.get(node);
    return s ? [s] : [];
  };

  const jobs: GlJob[] = [];
  for (const [name, defs] of definitions) {
    const own = defs[defs.length - 1];
    const sections: GlScriptRef[] = (['before_script', 'script', 'after_script'] as const).map((section) => ({ section, scripts: scriptsOf(resolve(name, section)) }));
    const allow = resolve(name, 'allow_failure');
    const timeout = resolve(name, 'timeout');
    const job: GlJob = {
      name,
      file: own.model.file,
      nameRange: own.entry.keyRange,
      hidden: name.startsWith('.'),
      trigger: lookup(name, 'trigger') !== undefined,
      extends: extendsOf(name),
      sections,
      allowFailure: allow ? { ...keyValue(allow.model.yaml, allow.entry), file: allow.model.file } : undefined,
      timeout: timeout ? { ...keyValue(timeout.model.yaml, timeout.entry), file: timeout.model.file } : undefined,
      image: strOf(resolve(name, 'image')),
      stage: strOf(resolve(name, 'stage')),
      map: own.map,
      yaml: own.model.yaml,
      activities: [],
    };
    job.activities = jobActivities(job, allow, source.classify);
    jobs.push(job);
  }
  const files = models.map((m) => m.file);
  const parseErrors = models.flatMap((m) => m.yaml.errors.map((p) => ({ file: m.file, range: p.range, message: p.message })));
  return { file: root.file, files, missingIncludes: missing, templates, jobs, parseErrors };
}

function strOf(hit: Resolved | undefined): string | undefined {
  if (!hit) return undefined;
  const v = hit.entry.value;
  return hit.model.yaml.str(isMap(v) ? hit.model.yaml.get(v, 'name')?.value : v);
}

function jobActivities(job: GlJob, allow: Resolved | undefined, classify: ClassifyOptions): Activity[] {
  const escapes: Escape[] = [];
  if (allow && job.allowFailure && /^true$/i.test(job.allowFailure.value ?? '')) {
    escapes.push(yamlEscape(job.allowFailure, 'allow-failure', allow.model.file, allow.model.yaml));
  }
  const out: Activity[] = [];
  // before_script and script share one shell; after_script runs apart and its failure never fails the job.
  let state: ScriptState = { pipefail: true };
  const runs = [...job.sections[0].scripts, ...job.sections[1].scripts];
  runs.forEach((script, i) => {
    const analysis = analyzeScript(script, state, classify, i === runs.length - 1);
    state = analysis.state;
    for (const a of analysis.activities) out.push({ ...a, escapes: [...escapes, ...a.escapes] });
  });
  return out;
}
