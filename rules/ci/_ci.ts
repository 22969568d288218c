/** Shared plumbing of the ci/* rules: the models a file rule checks, and small formatting helpers. */
import type { RuleContext } from '../../server/src/core/rule';
import type { Range, TextEdit } from '../../server/src/core/types';
import { githubModel, gitlabPipelineFor } from '../../server/src/parsers/ci/index';
import type { CiScript, GhJob, GhWorkflow, GlPipeline } from '../../server/src/parsers/ci/model';
import { spanOf } from '../../server/src/parsers/ci/scalar';
import { insertEntries, renderEntries, styleOf, type Snippet } from '../../server/src/parsers/yaml/edit';
import type { YamlFile, YMap } from '../../server/src/parsers/yaml/parse';

/** The workflow or composite action under check (undefined for other kinds). */
export function githubOf(ctx: RuleContext): GhWorkflow | undefined {
  return ctx.file ? githubModel(ctx.workspace, ctx.file) : undefined;
}

/** The GitLab pipeline this file rule run is responsible for (a root covers the files it includes). */
export function pipelineOf(ctx: RuleContext): GlPipeline | undefined {
  return ctx.file && ctx.file.kind === 'gitlab-ci' ? gitlabPipelineFor(ctx.workspace, ctx.file) : undefined;
}

/** Range of value[from, to) of a script in its file. */
export function scriptRange(script: CiScript, from: number, to: number): Range {
  const span = spanOf(script.scalar, from, to);
  return script.yaml.offsetRange(span.start, span.end);
}

/** `job "build"`, `step "Run tests"` or `step 3 of job "build"` for messages. */
export function stepLabel(jobId: string | undefined, step: { name?: string; index: number; id?: string }): string {
  const s = step.name ? `step "${step.name}"` : step.id ? `step "${step.id}"` : `step ${step.index + 1}`;
  return jobId && jobId !== '(composite)' ? `${s} of job "${jobId}"` : s;
}

export function zizmor(audit: string): string {
  return `zizmor:${audit}`;
}

/**
 * Inserts mapping entries on new lines just before the line of `beforeKey` in `map` (at that key's
 * column), so `permissions:` lands above `jobs:` and `timeout-minutes:` above `steps:`; falls back
 * to the end of the mapping. Undefined for flow mappings.
 */
export function insertBeforeKey(yf: YamlFile, map: YMap | undefined, beforeKeys: string[], entries: Record<string, Snippet>): TextEdit | undefined {
  if (!map || map.flow) return undefined;
  const style = styleOf(yf);
  for (const key of beforeKeys) {
    const entry = yf.get(map, key);
    const start = entry?.keyNode?.range?.[0];
    if (start === undefined || entry?.mergedFrom) continue;
    const line = yf.lines.positionAt(start).line;
    const lineStart = yf.lines.lineStart(line);
    if (!/^[ \t]*$/.test(yf.text.slice(lineStart, start))) continue;
    // Comments directly above the key belong to it: insert above them.
    let at = line;
    while (at > 0 && /^\s*#/.test(yf.lines.lineText(at - 1))) at--;
    const pos = { line: at, character: 0 };
    return { range: { start: pos, end: pos }, newText: renderEntries(entries, start - lineStart, style) + style.eol };
  }
  return insertEntries(yf, map, entries);
}

/** Jobs that need a write-scoped GITHUB_TOKEN (or OIDC) to do their work, so read-only defaults break them. */
const WRITE_ACTIONS = /^(softprops\/action-gh-release|ncipollo\/release-action|peter-evans\/|stefanzweifel\/git-auto-commit-action|actions\/deploy-pages|actions\/create-release|actions\/upload-release-asset|marocchino\/sticky-pull-request-comment|actions\/labeler|actions\/stale|actions\/github-script|release-drafter\/|googleapis\/release-please-action|google-github-actions\/release-please-action|changesets\/action|jamesives\/github-pages-deploy-action|peaceiris\/actions-gh-pages|endbug\/add-and-commit|ad-m\/github-push-action|aws-actions\/configure-aws-credentials|google-github-actions\/auth|azure\/login|pypa\/gh-action-pypi-publish|actions\/attest|sigstore\/|github\/codeql-action|docker\/login-action|dependabot\/fetch-metadata|actions\/first-interaction|thollander\/actions-comment-pull-request|mshick\/add-pr-comment)/;
const WRITE_COMMANDS = /\bgit\s+push\b|\bgh\s+(release|pr\s+(create|comment|merge|edit|review|close)|issue\s+(create|comment|edit|close|label)|api\b|label\b)|\bcosign\s+sign\b|\bdocker\s+push\s+ghcr\.io|\bnpm\s+publish\b/;

/** Why a job probably needs more than `contents: read` (undefined when nothing suggests it). */
export function writeNeed(job: GhJob): string | undefined {
  if (job.uses) return `it calls the reusable workflow \`${job.uses.raw}\``;
  for (const step of job.steps) {
    const slug = step.uses?.slug;
    if (slug && WRITE_ACTIONS.test(`${slug}/${step.uses?.path ?? ''}`)) return `it uses \`${slug}\``;
    const text = step.run?.text;
    const m = text ? WRITE_COMMANDS.exec(text) : null;
    if (m) return `it runs \`${m[0]}\``;
  }
  return undefined;
}
