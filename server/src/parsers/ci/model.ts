/**
 * The CI model: what GitHub Actions workflows, composite actions and GitLab CI pipelines declare and
 * what their steps do. Ranges are 0-based, in the file named next to them (a GitLab job may come from
 * an included file). Models are plain data except for `ShellScript`, and cached per file version.
 */
import type { Range } from '../../core/types';
import type { ShellScript } from '../shell/model';
import type { YamlEntry, YamlFile, YMap } from '../yaml/parse';
import type { ExpressionRef } from './expressions';
import type { ScalarSource } from './scalar';

/** What a step, a command or a job does, as far as readiness is concerned. */
export type ActivityKind = 'test' | 'lint' | 'typecheck' | 'security' | 'image-build';

/** Why a step or command cannot fail the pipeline. */
export type EscapeKind = 'continue-on-error' | 'allow-failure' | 'or-true' | 'exit-zero' | 'errexit-off' | 'pipeline';

export interface Escape {
  kind: EscapeKind;
  file: string;
  /** The escape itself: the `continue-on-error: true` pair, the `|| true`, the `--exit-zero` flag. */
  range: Range;
  /** As written, for messages: `continue-on-error: true`, `|| true`. */
  text: string;
  /** Document offsets to delete to remove the escape (whole line for YAML keys); absent when unsafe to cut. */
  removal?: { start: number; end: number; replacement?: string };
  /** Removing it can change what else runs (`set +e` covers other commands). */
  removalUnsafe?: boolean;
}

export interface Activity {
  kind: ActivityKind;
  /** The tool as people name it: `pytest`, `npm test`, `CodeQL`, `trivy`. */
  tool: string;
  file: string;
  /** The command word or the `uses:` value. */
  range: Range;
  /** Everything that stops this activity from failing the pipeline (empty: it can fail). */
  escapes: Escape[];
}

/** A script body (`run:`, GitLab `script:` item, github-script `script:`) with its document mapping. */
export interface CiScript {
  file: string;
  /** The parsed file the script belongs to (its text and line index place edits). */
  yaml: YamlFile;
  /** The value as YAML decoded it (expressions still in place). */
  text: string;
  scalar: ScalarSource;
  /** Range of the whole value in the document. */
  range: Range;
  /** `bash`/`sh` scripts are parsed; others (`pwsh`, `python`, `cmd`, JavaScript) are not. */
  language: 'shell' | 'pwsh' | 'python' | 'cmd' | 'javascript' | 'other';
  /** Parsed shell, with `${{ … }}` replaced by same-length placeholders; ranges inside the block scalar. */
  shell?: ShellScript;
  /** GitHub expressions in the text (offsets in `text`). */
  expressions: ExpressionRef[];
}

export interface KeyValue {
  key: string;
  value: string | undefined;
  keyRange: Range;
  /** Range of the value (the key's range when the value is missing). */
  range: Range;
  /** The YAML entry, for fixes that edit or delete it. */
  entry: YamlEntry;
}

export interface UsesRef {
  raw: string;
  kind: 'action' | 'reusable-workflow' | 'local' | 'docker';
  /** `actions/checkout` (lower-cased owner/repo); undefined for local and docker. */
  slug?: string;
  /** Sub-path inside the repository (`init` of `github/codeql-action/init`). */
  path?: string;
  ref?: string;
  range: Range;
}

export interface GhPermissions {
  /** `map` for a scope mapping, else the shorthand (`read-all`, `write-all`, `{}` is an empty map). */
  kind: 'map' | 'read-all' | 'write-all' | 'other';
  scopes: Record<string, string>;
  keyRange: Range;
  range: Range;
}

export interface GhStep {
  index: number;
  file: string;
  id?: string;
  name?: string;
  uses?: UsesRef;
  with: KeyValue[];
  run?: CiScript;
  /** `actions/github-script` `with.script`. */
  script?: CiScript;
  shell?: string;
  env: KeyValue[];
  continueOnError?: KeyValue;
  if?: string;
  /** Range of the step's mapping (the item after `- `). */
  range: Range;
  map: YMap;
  /** The effective shell (`shell:`, job or workflow `defaults.run.shell`, else the runner's default). */
  effectiveShell: string;
  /** `continue-on-error: true` of the step and of its job: they swallow whatever the step runs. */
  escapes: Escape[];
  activities: Activity[];
}

export interface GhJob {
  id: string;
  file: string;
  idRange: Range;
  name?: string;
  permissions?: GhPermissions;
  timeoutMinutes?: KeyValue;
  continueOnError?: KeyValue;
  /** Reusable workflow call (`jobs.<id>.uses`). */
  uses?: UsesRef;
  runsOn?: string;
  /** `defaults.run.shell` of the job (else the workflow's). */
  shell?: string;
  env: KeyValue[];
  concurrency: boolean;
  /** Names of the matrix dimensions. */
  matrix: string[];
  steps: GhStep[];
  map: YMap;
}

export interface GhTrigger {
  event: string;
  range: Range;
}

export interface GhDispatchInput {
  name: string;
  type: string;
  range: Range;
}

export interface GhWorkflow {
  file: string;
  kind: 'workflow' | 'action';
  name?: string;
  triggers: GhTrigger[];
  /** Range of the `on:` key (or of the file start when missing). */
  onRange: Range;
  dispatchInputs: GhDispatchInput[];
  permissions?: GhPermissions;
  concurrency: boolean;
  env: KeyValue[];
  shell?: string;
  jobs: GhJob[];
  /** The root mapping and the parsed file, for fixes. */
  root?: YMap;
  yaml: YamlFile;
  /** Range of the `jobs:` key. */
  jobsRange?: Range;
  /** Every `uses:` in the file (steps, reusable-workflow jobs, composite action steps). */
  uses: UsesRef[];
  /** Container/services registry passwords written literally. */
  literalCredentials: { range: Range; where: string; value: string }[];
  parseErrors: { range: Range; message: string }[];
}

export interface GlScriptRef {
  section: 'script' | 'before_script' | 'after_script';
  scripts: CiScript[];
}

export interface GlJob {
  name: string;
  /** File defining the job. */
  file: string;
  nameRange: Range;
  hidden: boolean;
  /** `trigger:` jobs start another pipeline and run nothing. */
  trigger: boolean;
  extends: string[];
  /** After `extends:`, merge keys, `default:` and `!reference` resolution. */
  sections: GlScriptRef[];
  allowFailure?: KeyValue & { file: string };
  timeout?: KeyValue & { file: string };
  image?: string;
  stage?: string;
  map: YMap;
  yaml: YamlFile;
  activities: Activity[];
}

export interface GlPipeline {
  /** The root `.gitlab-ci.yml`. */
  file: string;
  /** The root and every local include that was found, in include order. */
  files: string[];
  /** Local includes that do not exist in the workspace (or are not readable). */
  missingIncludes: string[];
  /** `include: template:` names (e.g. `Security/SAST.gitlab-ci.yml`). */
  templates: string[];
  jobs: GlJob[];
  parseErrors: { file: string; range: Range; message: string }[];
}
