/**
 * ci/script-injection helpers: which expressions in a step's script carry attacker-controlled text,
 * and the fix that hoists them into the step's `env:` and references the variable instead.
 */
import { isMap } from 'yaml';
import type { FileChange, TextEdit } from '../../server/src/core/types';
import { findExpressions, isUntrustedPath, valueContexts, type ContextRef, type ExpressionRef } from '../../server/src/parsers/ci/expressions';
import type { CiScript, GhJob, GhStep, GhWorkflow, KeyValue } from '../../server/src/parsers/ci/model';
import { documentSpan } from '../../server/src/parsers/ci/scripts';
import { insertEntries } from '../../server/src/parsers/yaml/edit';
import { jsQuotingAt, pwshQuotingAt, shellQuotingAt } from './_quoting';

export interface TaintedUse {
  expression: ExpressionRef;
  /** The untrusted context that reaches the script (the first one, for the message). */
  context: ContextRef;
  /** Why it is untrusted, for the message: "anyone who can open an issue". */
  who: string;
}

const SAFE_INPUT_TYPES = new Set(['boolean', 'number', 'choice', 'environment']);

function whoControls(path: string): string {
  if (path.startsWith('github.event.issue')) return 'anyone who can open an issue';
  if (path.startsWith('github.event.comment') || path.startsWith('github.event.review')) return 'anyone who can comment';
  if (path.startsWith('github.event.discussion')) return 'anyone who can start a discussion';
  if (path.startsWith('github.event.pull_request') || path === 'github.head_ref' || path.startsWith('github.event.workflow_run')) return 'anyone who can open a pull request from a fork';
  if (path.startsWith('inputs.') || path.startsWith('github.event.inputs')) return 'whoever dispatches the workflow';
  return 'whoever writes the commit, branch or page name';
}

/** Env variables (step over job over workflow) whose value carries an untrusted expression. */
function taintedEnv(wf: GhWorkflow, job: GhJob | undefined, step: GhStep): Map<string, ContextRef> {
  const out = new Map<string, ContextRef>();
  const layers: KeyValue[][] = [wf.env, job?.env ?? [], step.env];
  for (const layer of layers) {
    for (const kv of layer) {
      out.delete(kv.key.toLowerCase());
      for (const e of findExpressionsIn(kv.value)) {
        const hit = valueContexts(e.ast).find((c) => isUntrustedDirect(wf, c));
        if (hit) out.set(kv.key.toLowerCase(), hit);
      }
    }
  }
  return out;
}

function findExpressionsIn(text: string | undefined): ExpressionRef[] {
  return text && text.includes('${{') ? findExpressions(text) : [];
}

function isUntrustedDirect(wf: GhWorkflow, c: ContextRef): boolean {
  if (isUntrustedPath(c.segments)) return true;
  const inputName = c.segments[0] === 'inputs' ? c.segments[1] : c.segments[0] === 'github' && c.segments[1] === 'event' && c.segments[2] === 'inputs' ? c.segments[3] : undefined;
  if (inputName === undefined || wf.kind !== 'workflow') return false;
  const input = wf.dispatchInputs.find((i) => i.name === inputName);
  return input !== undefined && !SAFE_INPUT_TYPES.has(input.type.toLowerCase());
}

/** Untrusted expressions in a script of `step`. */
export function taintedUses(wf: GhWorkflow, job: GhJob | undefined, step: GhStep, script: CiScript): TaintedUse[] {
  const env = taintedEnv(wf, job, step);
  const out: TaintedUse[] = [];
  for (const e of script.expressions) {
    for (const c of valueContexts(e.ast)) {
      const viaEnv = c.segments[0] === 'env' && c.segments[1] ? env.get(c.segments[1]) : undefined;
      if (isUntrustedDirect(wf, c) || viaEnv) {
        out.push({ expression: e, context: c, who: whoControls((viaEnv ?? c).path) });
        break;
      }
    }
  }
  return out;
}

const RESERVED_ENV = /^(GITHUB_|RUNNER_|ACTIONS_)|^(CI|HOME|PATH|SHELL|PWD|USER|IFS|PS1|TMPDIR|LANG)$/;

/** `github.event.issue.title` → ISSUE_TITLE, `github.head_ref` → HEAD_REF, `inputs.tag` → INPUT_TAG. */
export function envNameFor(context: ContextRef): string {
  const segs = context.segments.filter((s) => s !== '*' && s !== 'github' && s !== 'event');
  let parts = segs.slice(-2);
  if (context.segments[0] === 'inputs' || (context.segments[1] === 'event' && context.segments[2] === 'inputs')) parts = ['input', segs[segs.length - 1] ?? 'value'];
  const name = parts.join('_').toUpperCase().replace(/[^A-Z0-9_]/g, '_').replace(/^(\d)/, '_$1');
  return name || 'UNTRUSTED_VALUE';
}

function yamlScalar(text: string): string {
  return /: |\s#|^[\s'"&*!|>%@`{[]|[\n\r]|\s$|:$/.test(text) ? `'${text.replace(/'/g, "''")}'` : text;
}

interface Replacement {
  from: number;
  to: number;
  text: string;
}

function referenceFor(script: CiScript, masked: string, at: number, end: number, name: string): string | undefined {
  const next = script.text[end] ?? '';
  switch (script.language) {
    case 'shell': {
      const q = shellQuotingAt(masked, at);
      if (q === 'double' || q === 'heredoc') return /[A-Za-z0-9_]/.test(next) ? `\${${name}}` : `$${name}`;
      if (q === 'single') return `'"$${name}"'`;
      if (q === 'code') return `"$${name}"`;
      if (q === 'comment') return `$${name}`;
      return undefined; // a quoted heredoc never expands variables
    }
    case 'javascript': {
      const q = jsQuotingAt(masked, at);
      if (q === 'single') return `' + process.env.${name} + '`;
      if (q === 'double') return `" + process.env.${name} + "`;
      if (q === 'template') return `\${process.env.${name}}`;
      return `process.env.${name}`;
    }
    case 'pwsh': {
      const q = pwshQuotingAt(masked, at);
      if (q === 'code' || q === 'comment') return `$env:${name}`;
      if (q === 'double') return /[A-Za-z0-9_:]/.test(next) ? `$($env:${name})` : `$env:${name}`;
      return undefined;
    }
    default:
      return undefined;
  }
}

function maskedText(script: CiScript): string {
  let out = script.text;
  for (const e of script.expressions) out = out.slice(0, e.start) + out.slice(e.start, e.end).replace(/[^\n]/g, '_') + out.slice(e.end);
  return out;
}

/**
 * The fix for every untrusted expression of one step's script: new `env:` entries (one per distinct
 * expression) and the script rewritten to read the variables. Undefined when any occurrence cannot be
 * rewritten correctly (a quoted heredoc, an escaped YAML string, a flow-style `env:`).
 */
export function hoistFix(wf: GhWorkflow, job: GhJob | undefined, step: GhStep, script: CiScript, uses: TaintedUse[]): { title: string; changes: FileChange[] } | undefined {
  const yf = wf.yaml;
  const taken = new Set<string>([...wf.env, ...(job?.env ?? []), ...step.env].map((kv) => kv.key.toUpperCase()));
  const existing = new Map<string, string>();
  for (const kv of step.env) if (kv.value) existing.set(kv.value.replace(/\s+/g, ''), kv.key);
  const names = new Map<string, string>();
  const added: Record<string, string> = {};
  for (const u of uses) {
    const key = u.expression.inner.trim().replace(/\s+/g, '');
    if (names.has(key)) continue;
    const reuse = existing.get(`\${{${key}}}`);
    if (reuse) {
      names.set(key, reuse);
      continue;
    }
    const base = envNameFor(u.context);
    let name = base;
    for (let n = 2; taken.has(name) || RESERVED_ENV.test(name) || new RegExp(`\\$\\{?${name}\\b`).test(script.text); n++) name = `${base}_${n}`;
    taken.add(name);
    names.set(key, name);
    added[name] = yamlScalar(`\${{ ${u.expression.inner.trim()} }}`);
  }
  const masked = maskedText(script);
  const replacements: Replacement[] = [];
  for (const u of uses) {
    const name = names.get(u.expression.inner.trim().replace(/\s+/g, ''))!;
    const ref = referenceFor(script, masked, u.expression.start, u.expression.end, name);
    if (!ref) return undefined;
    replacements.push({ from: u.expression.start, to: u.expression.end, text: ref });
  }
  const edits: TextEdit[] = [];
  const block = script.scalar.style === 'BLOCK_LITERAL' || script.scalar.style === 'BLOCK_FOLDED';
  if (block) {
    for (const r of replacements) {
      const span = documentSpan(script, r.from, r.to);
      if (!span) return undefined;
      edits.push({ range: yf.offsetRange(span.start, span.end), newText: r.text });
    }
  } else {
    // A flow scalar is re-emitted whole as a double-quoted string: same value, no quoting surprises.
    let value = script.text;
    for (const r of [...replacements].sort((a, b) => b.from - a.from)) value = value.slice(0, r.from) + r.text + value.slice(r.to);
    edits.push({ range: yf.offsetRange(script.scalar.start, script.scalar.end), newText: JSON.stringify(value) });
  }
  if (Object.keys(added).length) {
    const envEntry = yf.get(step.map, 'env');
    if (envEntry) {
      if (!isMap(envEntry.value) || envEntry.value.flow || !envEntry.value.items.length) return undefined;
      const edit = insertEntries(yf, envEntry.value, added);
      if (!edit) return undefined;
      edits.push(edit);
    } else {
      const edit = insertEntries(yf, step.map, { env: added });
      if (!edit) return undefined;
      edits.push(edit);
    }
  }
  const list = [...names.values()];
  return {
    title: `Pass ${list.map((n) => `$${n}`).join(', ')} through env: instead of expanding the expression${list.length > 1 ? 's' : ''} in the script`,
    changes: [{ file: script.file, edits }],
  };
}
