/**
 * Workspace accessors for the CI model. Every per-file model is cached per file version through
 * `workspace.cached`; a GitLab pipeline (a root plus its includes) is cached until one of the files
 * it read changes.
 */
import { isScalar, isSeq } from 'yaml';
import { globToRegExp } from '../../core/glob';
import type { SourceFile, WorkspaceModel } from '../../workspace/model';
import type { ShellScript } from '../shell/model';
import { parseShell } from '../shell/parse';
import { effectiveCommand, type EffectiveCommand } from '../shell/commands';
import { parseYaml, type YamlFile, type YNode } from '../yaml/parse';
import type { ClassifyOptions } from './activity';
import { buildGithub } from './github';
import { buildPipeline, parseGitlabFile, type GlFileModel } from './gitlab';
import type { Activity, CiScript, GhStep, GhWorkflow, GlPipeline } from './model';
import type { TextEdit } from '../../core/types';
import { documentSpan, makeScript } from './scripts';

export type { Activity, CiScript, GhJob, GhStep, GhWorkflow, GlJob, GlPipeline, Escape, UsesRef } from './model';

/** The parsed YAML of a CI file (shared by every CI accessor of that version). */
export function ciYaml(workspace: WorkspaceModel, file: SourceFile): YamlFile {
  return workspace.cached(file, () => parseYaml(file.text, file.lines), 'ci-yaml');
}

function packageScripts(workspace: WorkspaceModel, path: string): Record<string, string> | undefined {
  const file = workspace.file(path);
  if (!file) return undefined;
  return workspace.cached(
    file,
    () => {
      try {
        const json = JSON.parse(file.text) as { scripts?: Record<string, unknown> };
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(json.scripts ?? {})) if (typeof v === 'string') out[k] = v;
        return out;
      } catch {
        return undefined;
      }
    },
    'ci-package-scripts',
  );
}

/** Classification options that read `package.json` scripts of a directory (else the root's). */
export function classifyOptions(workspace: WorkspaceModel, dir?: string): ClassifyOptions {
  const clean = (dir ?? '').replace(/^\.\/?/, '').replace(/\/$/, '');
  const scripts = (clean && packageScripts(workspace, `${clean}/package.json`)) || packageScripts(workspace, 'package.json');
  return {
    npmScript: (name) => scripts?.[name],
    parseScript: (source: string, at): EffectiveCommand[] => {
      try {
        const parsed = parseShell(source, () => at.range);
        return parsed.commands.map((c) => effectiveCommand(c)).filter((c): c is EffectiveCommand => c !== undefined);
      } catch {
        return [];
      }
    },
  };
}

/** The model of a workflow (`github-workflow`) or composite action (`github-action`) file. */
export function githubModel(workspace: WorkspaceModel, file: SourceFile): GhWorkflow | undefined {
  if (file.kind !== 'github-workflow' && file.kind !== 'github-action') return undefined;
  return workspace.cached(
    file,
    () => buildGithub(ciYaml(workspace, file), file.path, file.kind === 'github-action' ? 'action' : 'workflow', { forDirectory: (dir) => classifyOptions(workspace, dir) }),
    'ci-github',
  );
}

/** Raw definitions of one GitLab file (root or included). */
export function gitlabFileModel(workspace: WorkspaceModel, file: SourceFile): GlFileModel {
  return workspace.cached(file, () => parseGitlabFile(ciYaml(workspace, file), file.path), 'ci-gitlab-file');
}

interface PipelineCacheEntry {
  files: Map<string, SourceFile | undefined>;
  globs: Map<string, string>;
  pipeline: GlPipeline;
}

const pipelineCache = new WeakMap<SourceFile, PipelineCacheEntry>();

function globPaths(workspace: WorkspaceModel, pattern: string): string[] {
  const re = globToRegExp(pattern);
  const out: string[] = [];
  for (const f of workspace.files()) if (re.test(f.path) && /\.ya?ml$/i.test(f.path)) out.push(f.path);
  return out.sort();
}

/** The resolved pipeline of a root `.gitlab-ci.yml` (includes, extends, defaults). */
export function gitlabPipeline(workspace: WorkspaceModel, root: SourceFile): GlPipeline {
  const hit = pipelineCache.get(root);
  if (
    hit &&
    [...hit.files].every(([p, f]) => workspace.file(p) === f) &&
    [...hit.globs].every(([pattern, found]) => globPaths(workspace, pattern).join('\n') === found)
  ) return hit.pipeline;
  // Everything the build reads is recorded, so an edit to any included file invalidates the entry.
  const files = new Map<string, SourceFile | undefined>([['package.json', workspace.file('package.json')]]);
  const globs = new Map<string, string>();
  const pipeline = buildPipeline(gitlabFileModel(workspace, root), {
    model: (path) => {
      const f = workspace.file(path);
      files.set(path, f);
      return f ? gitlabFileModel(workspace, f) : undefined;
    },
    glob: (pattern) => {
      const found = globPaths(workspace, pattern);
      globs.set(pattern, found.join('\n'));
      return found;
    },
    classify: classifyOptions(workspace),
  });
  pipelineCache.set(root, { files, globs, pipeline });
  return pipeline;
}

/** Root GitLab files: `gitlab-ci` files that no other root includes. */
export function gitlabRoots(workspace: WorkspaceModel): SourceFile[] {
  const all = workspace.filesOfKind('gitlab-ci');
  if (all.length < 2) return all;
  const included = new Set<string>();
  for (const f of all) for (const inc of gitlabFileModel(workspace, f).includes) if (inc.kind === 'local') included.add(inc.value.replace(/^\.?\//, ''));
  return all.filter((f) => !included.has(f.path));
}

/** The pipeline a GitLab file rule should check when it runs on `file`: undefined when a root covers it. */
export function gitlabPipelineFor(workspace: WorkspaceModel, file: SourceFile): GlPipeline | undefined {
  const roots = gitlabRoots(workspace);
  if (roots.includes(file)) return gitlabPipeline(workspace, file);
  return roots.some((r) => gitlabPipeline(workspace, r).files.includes(file.path)) ? undefined : gitlabPipeline(workspace, file);
}

/** Every script body written in a CI file (run:, github-script, GitLab script sections), in source order. */
export function ciScripts(workspace: WorkspaceModel, file: SourceFile): CiScript[] {
  const gh = githubModel(workspace, file);
  if (gh) {
    const out: CiScript[] = [];
    for (const job of gh.jobs) for (const step of job.steps) {
      if (step.run) out.push(step.run);
      if (step.script) out.push(step.script);
    }
    return out;
  }
  const yf = ciYaml(workspace, file);
  const model = gitlabFileModel(workspace, file);
  const out: CiScript[] = [];
  let budget = 20_000; // aliases can make a few lines describe millions of items
  const visit = (node: unknown, depth: number): void => {
    if (!node || depth > 8 || budget-- <= 0) return;
    if (isSeq(node) && node.tag !== '!reference') for (const item of yf.items(node)) visit(item, depth + 1);
    else if (isScalar(node)) {
      if (!model.scripts.has(node)) model.scripts.set(node, makeScript(yf, file.path, node as YNode, 'shell'));
      const s = model.scripts.get(node);
      if (s) out.push(s);
    }
  };
  const holders = [...[...model.jobs.values()].map((j) => j.map), model.default];
  for (const holder of holders) for (const key of ['before_script', 'script', 'after_script']) visit(yf.get(holder, key)?.value, 0);
  for (const key of ['before_script', 'after_script']) visit(model.globals.get(key)?.value, 0);
  return out.sort((a, b) => a.scalar.start - b.scalar.start);
}

/** The composite action a step runs with `uses: ./path` (its `action.yml`/`action.yaml`), if in the workspace. */
export function localAction(workspace: WorkspaceModel, step: GhStep): GhWorkflow | undefined {
  if (step.uses?.kind !== 'local') return undefined;
  const dir = step.uses.raw.replace(/^\.[\\/]/, '').replace(/[\\/]+$/, '').replace(/\\/g, '/');
  for (const name of ['action.yml', 'action.yaml']) {
    const f = workspace.file(dir ? `${dir}/${name}` : name);
    if (f) return githubModel(workspace, f);
  }
  return undefined;
}

/**
 * What a step does including, for a local composite action, what the action's steps do: those
 * carry the calling step's own escapes (`continue-on-error` on the `uses: ./…` step) only — escapes
 * inside the action are reported on the action file itself.
 */
export function stepActivities(workspace: WorkspaceModel, step: GhStep): Activity[] {
  const action = localAction(workspace, step);
  if (!action) return step.activities;
  const inherited = action.jobs.flatMap((j) => j.steps.flatMap((s) => s.activities)).map((a) => ({ ...a, range: step.uses!.range, file: step.file, escapes: step.escapes }));
  return [...step.activities, ...inherited];
}

/** Whether host-range edits inside a script replace exactly the script text they cover (no YAML escapes or folding). */
export function editsAreVerbatim(script: CiScript, edits: readonly TextEdit[]): boolean {
  const yf = script.yaml;
  for (const e of edits) {
    const start = yf.lines.offsetAt(e.range.start);
    const end = yf.lines.offsetAt(e.range.end);
    const from = script.scalar.offsets.findIndex((o) => o >= start);
    if (from < 0 || script.scalar.offsets[from] !== start) return false;
    const to = from + (end - start);
    if (to > script.text.length || !documentSpan(script, from, to) && end > start) return false;
  }
  return true;
}

/**
 * Every script a file rule running on `file` is responsible for: the file's own for GitHub files;
 * for a root `.gitlab-ci.yml`, those of every local file it includes too (each script names its file).
 */
export function ciScriptsCovered(workspace: WorkspaceModel, file: SourceFile): CiScript[] {
  if (file.kind !== 'gitlab-ci') return ciScripts(workspace, file);
  const pipeline = gitlabPipelineFor(workspace, file);
  if (!pipeline) return [];
  return pipeline.files.flatMap((p) => {
    const f = workspace.file(p);
    return f ? ciScripts(workspace, f) : [];
  });
}

/**
 * The parsed shell of every `run:`/`script:` body of a CI file, ranges inside the block scalars
 * (`${{ … }}` masked). Only shell scripts: `pwsh`, `python` and github-script bodies are left out.
 */
export function ciShellScripts(workspace: WorkspaceModel, file: SourceFile): ShellScript[] {
  const out: ShellScript[] = [];
  for (const s of ciScripts(workspace, file)) if (s.shell) out.push(s.shell);
  return out;
}

/** Whether the workspace has any CI configuration we read or know of. */
export function hasCi(workspace: WorkspaceModel): boolean {
  return ciConfigPaths(workspace).length > 0;
}

const OTHER_CI = ['.circleci/config.yml', '.circleci/config.yaml', 'Jenkinsfile', 'azure-pipelines.yml', 'azure-pipelines.yaml', '.travis.yml', 'bitbucket-pipelines.yml', '.drone.yml', '.buildkite/pipeline.yml', '.woodpecker.yml', 'cloudbuild.yaml', 'cloudbuild.yml', 'buildspec.yml', '.teamcity/settings.kts', 'appveyor.yml', '.semaphore/semaphore.yml'];

/** Paths of CI configuration files: GitHub workflows, GitLab roots, and other systems by name. */
export function ciConfigPaths(workspace: WorkspaceModel): string[] {
  const out = [...workspace.filesOfKind('github-workflow').map((f) => f.path), ...workspace.filesOfKind('gitlab-ci').map((f) => f.path)];
  if (workspace.isDirectory('.github/workflows')) for (const n of workspace.listDir('.github/workflows')) if (/\.ya?ml$/i.test(n)) out.push(`.github/workflows/${n}`);
  if (workspace.exists('.gitlab-ci.yml')) out.push('.gitlab-ci.yml');
  for (const p of OTHER_CI) if (workspace.exists(p)) out.push(p);
  if (workspace.isDirectory('.woodpecker')) out.push('.woodpecker');
  return [...new Set(out)].sort();
}

export interface CiActivityIndex {
  activities: Activity[];
  /** GitLab `include: template:` names across pipelines. */
  templates: string[];
}

/** Every activity of every workflow, composite action and GitLab pipeline. */
export function ciActivities(workspace: WorkspaceModel): CiActivityIndex {
  const activities: Activity[] = [];
  for (const kind of ['github-workflow', 'github-action'] as const) {
    for (const f of workspace.filesOfKind(kind)) {
      const wf = githubModel(workspace, f);
      if (wf) for (const j of wf.jobs) for (const s of j.steps) activities.push(...s.activities);
    }
  }
  const templates: string[] = [];
  for (const root of gitlabRoots(workspace)) {
    const p = gitlabPipeline(workspace, root);
    templates.push(...p.templates);
    for (const j of p.jobs) if (!j.hidden) activities.push(...j.activities);
  }
  return { activities, templates };
}
