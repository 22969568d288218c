/**
 * GitHub Actions workflows (`.github/workflows/*.yml`) and composite actions (`action.yml`) as a
 * model: triggers, permissions, jobs, steps, scripts and what each step does.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import { ZERO_RANGE } from '../../core/types';
import type { YamlEntry, YamlFile, YNode } from '../yaml/parse';
import { deleteEntry } from '../yaml/edit';
import { classifyAction, type ClassifyOptions } from './activity';
import type { Activity, Escape, GhDispatchInput, GhJob, GhPermissions, GhStep, GhTrigger, GhWorkflow, KeyValue, UsesRef } from './model';
import { analyzeScript, languageOfShell, makeScript } from './scripts';

export function keyValue(yf: YamlFile, entry: YamlEntry): KeyValue {
  return { key: entry.key, value: yf.str(entry.value), keyRange: entry.keyRange, range: entry.value ? entry.valueRange : entry.keyRange, entry };
}

function keyValues(yf: YamlFile, node: unknown): KeyValue[] {
  return yf.entries(node).map((e) => keyValue(yf, e));
}

/** `owner/repo[/path]@ref`, `./local`, `docker://image`. */
export function parseUses(raw: string, range = ZERO_RANGE): UsesRef {
  const value = raw.trim();
  if (value.startsWith('./') || value.startsWith('.\\') || value === '.') return { raw: value, kind: 'local', range };
  if (value.startsWith('docker://')) return { raw: value, kind: 'docker', range, ref: value.includes('@') ? value.slice(value.lastIndexOf('@') + 1) : undefined };
  const at = value.lastIndexOf('@');
  const target = at >= 0 ? value.slice(0, at) : value;
  const ref = at >= 0 ? value.slice(at + 1) : undefined;
  const parts = target.split('/');
  const slug = parts.slice(0, 2).join('/').toLowerCase();
  const path = parts.length > 2 ? parts.slice(2).join('/') : undefined;
  const kind = path && /^\.github\/workflows\/[^/]+\.ya?ml$/i.test(path) ? 'reusable-workflow' : 'action';
  return { raw: value, kind, slug, path: path?.toLowerCase(), ref, range };
}

function permissionsOf(yf: YamlFile, entry: YamlEntry | undefined): GhPermissions | undefined {
  if (!entry) return undefined;
  const value = entry.value;
  const base = { keyRange: entry.keyRange, range: entry.value ? entry.valueRange : entry.keyRange };
  if (isMap(value)) {
    const scopes: Record<string, string> = {};
    for (const e of yf.entries(value)) scopes[e.key] = yf.str(e.value) ?? '';
    return { kind: 'map', scopes, ...base };
  }
  const s = yf.str(value);
  if (s === 'read-all' || s === 'write-all') return { kind: s, scopes: {}, ...base };
  return { kind: 'other', scopes: {}, ...base };
}

function triggersOf(yf: YamlFile, entry: YamlEntry | undefined): { triggers: GhTrigger[]; inputs: GhDispatchInput[] } {
  const triggers: GhTrigger[] = [];
  const inputs: GhDispatchInput[] = [];
  if (!entry) return { triggers, inputs };
  const value = entry.value;
  if (isScalar(value)) {
    const s = yf.str(value);
    if (s) triggers.push({ event: s, range: entry.valueRange });
  } else if (isSeq(value)) {
    for (const item of yf.items(value)) {
      const s = yf.str(item);
      if (s) triggers.push({ event: s, range: yf.rangeOf(item) });
    }
  } else if (isMap(value)) {
    for (const e of yf.entries(value)) {
      triggers.push({ event: e.key, range: e.keyRange });
      if (e.key === 'workflow_dispatch') {
        for (const input of yf.entries(yf.get(e.value, 'inputs')?.value)) {
          inputs.push({ name: input.key.toLowerCase(), type: yf.str(yf.get(input.value, 'type')?.value) ?? 'string', range: input.keyRange });
        }
      }
    }
  }
  return { triggers, inputs };
}

function defaultShell(yf: YamlFile, node: unknown): string | undefined {
  return yf.str(yf.getPath(node, 'defaults', 'run', 'shell')?.value);
}

function isLiteralTrue(kv: KeyValue | undefined): boolean {
  return kv !== undefined && kv.value !== undefined && /^true$/i.test(kv.value.trim());
}

/** An escape written as a YAML key (`continue-on-error: true`, `allow_failure: true`), removable by deleting its line. */
export function yamlEscape(kv: KeyValue, kind: 'continue-on-error' | 'allow-failure', file: string, yf: YamlFile): Escape {
  const edit = deleteEntry(yf, kv.entry);
  const value = kv.entry.value?.range;
  const removal = edit
    ? { start: yf.lines.offsetAt(edit.range.start), end: yf.lines.offsetAt(edit.range.end) }
    : value
      ? { start: value[0], end: value[1], replacement: 'false' }
      : undefined;
  return { kind, file, range: yf.rangeOf(kv.entry.pair as never), text: `${kv.key}: ${kv.value}`, removal };
}

export interface BuildOptions extends ClassifyOptions {
  /** Returns a classify options object for a step's working directory (package.json scripts). */
  forDirectory?: (dir: string | undefined) => ClassifyOptions;
}

export function buildGithub(yf: YamlFile, file: string, kind: 'workflow' | 'action', options: BuildOptions = {}): GhWorkflow {
  const root = yf.asMap(yf.root);
  const onEntry = yf.get(root, 'on');
  const { triggers, inputs } = triggersOf(yf, onEntry);
  const jobsEntry = yf.get(root, 'jobs');
  const wf: GhWorkflow = {
    file,
    kind,
    name: yf.str(yf.get(root, 'name')?.value),
    triggers,
    onRange: onEntry?.keyRange ?? ZERO_RANGE,
    dispatchInputs: inputs,
    permissions: permissionsOf(yf, yf.get(root, 'permissions')),
    concurrency: yf.get(root, 'concurrency') !== undefined,
    env: keyValues(yf, yf.get(root, 'env')?.value),
    shell: defaultShell(yf, root),
    jobs: [],
    root,
    yaml: yf,
    jobsRange: jobsEntry?.keyRange,
    uses: [],
    literalCredentials: [],
    parseErrors: yf.errors.map((p) => ({ range: p.range, message: p.message })),
  };
  if (kind === 'action') {
    const runs = yf.get(root, 'runs')?.value;
    if (yf.str(yf.get(runs, 'using')?.value) === 'composite') {
      const steps = stepsOf(yf, file, yf.get(runs, 'steps')?.value, wf, undefined, options);
      // A composite action is modelled as one pseudo-job so that rules see its steps like any other.
      wf.jobs.push({ id: '(composite)', file, idRange: ZERO_RANGE, env: [], concurrency: false, matrix: [], steps, map: yf.asMap(runs)! });
    }
    return wf;
  }
  for (const jobEntry of yf.entries(jobsEntry?.value)) {
    const jobMap = yf.asMap(jobEntry.value);
    if (!jobMap) continue;
    const get = (k: string) => yf.get(jobMap, k);
    const usesEntry = get('uses');
    const uses = usesEntry && yf.str(usesEntry.value) ? parseUses(yf.str(usesEntry.value)!, usesEntry.valueRange) : undefined;
    if (uses) wf.uses.push(uses);
    const timeout = get('timeout-minutes');
    const coe = get('continue-on-error');
    const job: GhJob = {
      id: jobEntry.key,
      file,
      idRange: jobEntry.keyRange,
      name: yf.str(get('name')?.value),
      permissions: permissionsOf(yf, get('permissions')),
      timeoutMinutes: timeout ? keyValue(yf, timeout) : undefined,
      continueOnError: coe ? keyValue(yf, coe) : undefined,
      uses,
      runsOn: runsOnOf(yf, get('runs-on')?.value),
      shell: defaultShell(yf, jobMap),
      env: keyValues(yf, get('env')?.value),
      concurrency: get('concurrency') !== undefined,
      matrix: yf.entries(yf.getPath(jobMap, 'strategy', 'matrix')?.value).map((e) => e.key).filter((k) => k !== 'include' && k !== 'exclude'),
      steps: [],
      map: jobMap,
    };
    for (const where of ['container', ...yf.entries(get('services')?.value).map((e) => `services.${e.key}`)]) {
      const holder = where === 'container' ? get('container')?.value : yf.get(get('services')?.value, where.slice(9))?.value;
      const password = yf.getPath(holder, 'credentials', 'password');
      const pw = password ? yf.str(password.value) : undefined;
      if (password && pw && !pw.includes('${{')) wf.literalCredentials.push({ range: password.valueRange, where: `${job.id}.${where}`, value: pw });
    }
    job.steps = stepsOf(yf, file, get('steps')?.value, wf, job, options);
    wf.jobs.push(job);
  }
  return wf;
}

function runsOnOf(yf: YamlFile, node: YNode | null | undefined): string | undefined {
  if (isSeq(node)) return yf.items(node).map((n) => yf.str(n) ?? '').join(',');
  if (isMap(node)) return yf.str(yf.get(node, 'labels')?.value) ?? yf.str(yf.get(node, 'group')?.value);
  return yf.str(node);
}

function stepsOf(yf: YamlFile, file: string, node: unknown, wf: GhWorkflow, job: GhJob | undefined, options: BuildOptions): GhStep[] {
  const steps: GhStep[] = [];
  const items = yf.items(node);
  const jobEscape = job && isLiteralTrue(job.continueOnError) ? yamlEscape(job.continueOnError!, 'continue-on-error', file, yf) : undefined;
  items.forEach((item, index) => {
    const map = yf.asMap(item);
    if (!map) return;
    const get = (k: string) => yf.get(map, k);
    const usesEntry = get('uses');
    const usesText = yf.str(usesEntry?.value);
    const uses = usesEntry && usesText ? parseUses(usesText, usesEntry.valueRange) : undefined;
    if (uses) wf.uses.push(uses);
    const shell = yf.str(get('shell')?.value);
    const windows = /windows/i.test(job?.runsOn ?? '');
    const effectiveShell = shell ?? job?.shell ?? wf.shell ?? (windows ? 'pwsh' : 'bash -e {0}');
    const coe = get('continue-on-error');
    const step: GhStep = {
      index,
      file,
      id: yf.str(get('id')?.value),
      name: yf.str(get('name')?.value),
      uses,
      with: keyValues(yf, get('with')?.value),
      shell,
      env: keyValues(yf, get('env')?.value),
      continueOnError: coe ? keyValue(yf, coe) : undefined,
      if: yf.str(get('if')?.value),
      range: yf.rangeOf(map),
      map,
      effectiveShell,
      escapes: [],
      activities: [],
    };
    const runNode = get('run')?.value;
    if (runNode) step.run = makeScript(yf, file, runNode, languageOfShell(effectiveShell));
    if (uses?.slug === 'actions/github-script') {
      const scriptEntry = yf.get(get('with')?.value, 'script');
      if (scriptEntry) step.script = makeScript(yf, file, scriptEntry.value, 'javascript');
    }
    const escapes: Escape[] = [];
    if (jobEscape) escapes.push(jobEscape);
    if (isLiteralTrue(step.continueOnError)) escapes.push(yamlEscape(step.continueOnError!, 'continue-on-error', file, yf));
    step.escapes = escapes;
    if (uses?.slug) {
      const hit = classifyAction(uses.slug, uses.path);
      if (hit) step.activities.push({ kind: hit.kind, tool: hit.tool, file, range: uses.range, escapes: [...escapes] });
    }
    if (step.run?.shell) {
      const workdir = yf.str(get('working-directory')?.value) ?? yf.str(yf.getPath(job?.map, 'defaults', 'run', 'working-directory')?.value);
      const classify = options.forDirectory ? options.forDirectory(workdir) : options;
      // GitHub runs an unspecified shell as `bash -e {0}` (no pipefail); `shell: bash` adds `-o pipefail`.
      const pipefail = shell !== undefined || job?.shell !== undefined || wf.shell !== undefined ? /pipefail|^bash$/.test(effectiveShell.trim()) : false;
      const analysis = analyzeScript(step.run, { pipefail }, classify);
      for (const a of analysis.activities) step.activities.push({ ...a, escapes: [...escapes, ...a.escapes] });
    }
    steps.push(step);
  });
  return steps;
}

/** Every activity of a workflow or action, in source order. */
export function activitiesOf(wf: GhWorkflow): Activity[] {
  return wf.jobs.flatMap((j) => j.steps.flatMap((s) => s.activities));
}
