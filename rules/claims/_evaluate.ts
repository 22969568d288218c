/**
 * Weighs each claim of a Markdown file against the evidence: outcomes of the rules listed for its
 * capability (read through ctx.outcome, suppressed failures excluded) and the direct checks. Both
 * claims/* rules call this and record every claim; the engine keeps one record per claim.
 *
 * Status: a claim read as universal ("all services", a bare per-target practice, an invariant such
 * as "secrets via env") is contradicted by any failure; an existential one ("we have health checks",
 * a project-level "CI/CD") only when nothing supports it. No evidence either way: unverified.
 */
import type { ClaimEvidence, ClaimRecord, ClaimStatus } from '../../server/src/core/claims';
import type { RuleContext } from '../../server/src/core/rule';
import type { Range, RelatedLocation, Report } from '../../server/src/core/types';
import { extractClaims, type MarkdownClaim } from '../../server/src/parsers/markdown/claims';
import { capabilityLabel } from '../../server/src/parsers/markdown/dictionary';
import type { SourceFile, WorkspaceModel } from '../../server/src/workspace/model';
import { capabilityEvidence, type CapabilityEvidence } from './_capabilities';
import type { Counter } from './_direct';

export interface EvaluatedClaim {
  claim: MarkdownClaim;
  record: ClaimRecord;
  /** For contradicted claims: the finding's message and related locations. */
  message: string;
  related: RelatedLocation[];
}

const MAX_RELATED = 10;
const MAX_LISTED = 3;
const MAX_GROUPS = 3;

export function claimsOf(ws: WorkspaceModel, file: SourceFile): MarkdownClaim[] {
  return ws.cached(file, () => extractClaims(file.path, file.text), 'claims');
}

/**
 * The directory a document speaks for: its own, or the project above a docs folder
 * (`services/api/README.md` → `services/api`, `docs/ops/checklist.md` → the root).
 */
export function scopeDirOf(path: string): string {
  const parts = path.split('/').slice(0, -1);
  const docs = parts.findIndex((p) => /^(docs?|documentation|wiki)$/i.test(p));
  return (docs >= 0 ? parts.slice(0, docs) : parts).join('/');
}

function inDir(file: string | null, dir: string): boolean {
  if (dir === '') return true;
  return file !== null && file.startsWith(`${dir}/`);
}

/** Repository-wide configuration (root CI, hooks, Dependabot) that a subdirectory's document inherits. */
function isRootConfig(file: string): boolean {
  return !file.includes('/') || /^\.(github|gitlab|husky|circleci)\//.test(file);
}

/** Kinds whose names say nothing about an environment (`ci.yml` is not a development file). */
const ENVIRONMENT_FREE = new Set(['github-workflow', 'github-action', 'gitlab-ci', 'dependabot', 'renovate', 'pre-commit']);

/** Readiness claims are about production: a local compose file's demo password says nothing about them. */
function counts(ws: WorkspaceModel, cap: CapabilityEvidence, file: string | null, dir: string): boolean {
  const inScope = inDir(file, dir) || (cap.scope === 'project' && (file === null || isRootConfig(file)));
  if (!inScope || file === null) return inScope;
  const kind = ws.file(file)?.kind;
  return (kind !== undefined && ENVIRONMENT_FREE.has(kind)) || ws.environmentOf(file) === 'production';
}

/** Source text at a failure, when it is a short name on one line (a service key, an image). */
function quoted(ws: WorkspaceModel, file: string | null, range: Range): string | undefined {
  if (file === null || range.start.line !== range.end.line) return undefined;
  const f = ws.file(file);
  if (!f) return undefined;
  const text = f.lines.lineText(range.start.line).slice(range.start.character, range.end.character).trim().replace(/^(["'])(.*)\1$/, '$2');
  return text && text.length <= 40 && !text.includes('`') ? text : undefined;
}

function where(c: { file: string | null; range: Range }): string {
  return c.file === null ? 'workspace' : `${c.file}:${c.range.start.line + 1}`;
}

interface Tally {
  counters: Counter[];
  supports: ClaimEvidence[];
  passed: number;
  /** Rules whose passes count as support. */
  passedRules: Set<string>;
  /** Targets each rule checked (passes + failures), for "4 of 6 services". */
  totals: Map<string, number>;
}

function tally(ctx: RuleContext, cap: CapabilityEvidence, claim: MarkdownClaim, dir: string): Tally {
  const ws = ctx.workspace;
  const t: Tally = { counters: [], supports: [], passed: 0, passedRules: new Set(), totals: new Map() };
  // Direct checks first: they name the thing claimed ("single-stage build") before side effects.
  if (cap.direct) {
    const d = cap.direct(ws);
    const supports = d.supports.filter((s) => counts(ws, cap, s.file, dir));
    t.supports.push(...supports);
    t.passed += supports.length;
    t.counters.push(...d.counters.filter((c) => counts(ws, cap, c.file, dir)));
  }
  for (const r of cap.rules) {
    const outcome = ctx.outcome(r.rule);
    if (!outcome) continue;
    const failures = outcome.failures.filter((f: Report) => counts(ws, cap, f.file, dir));
    const contradicts = r.role !== 'presence' && (!r.contradictsWhen || r.contradictsWhen.test(claim.plain));
    if (!contradicts) {
      for (const f of failures) if (f.file !== null) t.supports.push({ file: f.file, range: f.range, message: `set up here (also: ${r.noun[0]} ${r.verb[0]}, ${r.rule})` });
      t.passed += failures.length + (r.ignorePasses ? 0 : outcome.passed);
      continue;
    }
    if (!r.ignorePasses) t.passed += outcome.passed;
    if (!r.ignorePasses && outcome.passed > 0) t.passedRules.add(r.rule);
    // Passes carry no location, so "of N" is only exact when the claim speaks for the whole workspace.
    if (dir === '' && !r.ignorePasses) t.totals.set(r.rule, outcome.passed + outcome.failures.length);
    for (const f of failures) {
      t.counters.push({ file: f.file, range: f.range, detail: r.quote ? quoted(ws, f.file, f.range) : undefined, noun: r.noun, verb: r.verb, key: r.rule });
    }
  }
  return t;
}

function isUniversal(cap: CapabilityEvidence, claim: MarkdownClaim): boolean {
  if (cap.scope === 'invariant' || claim.quantifier === 'universal') return true;
  return claim.quantifier === 'generic' && cap.scope === 'per-target';
}

/** "4 of 6 services have no healthcheck (docker-compose.prod.yml:28 `worker`, :66 `redis`, +2 more)". */
function describeCounters(counters: readonly Counter[], totals: ReadonlyMap<string, number>): string {
  const groups = new Map<string, Counter[]>();
  for (const c of counters) {
    const list = groups.get(c.key);
    if (list) list.push(c);
    else groups.set(c.key, [c]);
  }
  const parts: string[] = [];
  for (const [key, list] of [...groups].slice(0, MAX_GROUPS)) {
    const n = list.length;
    const { noun, verb } = list[0];
    const total = totals.get(key);
    const head = total !== undefined && total > n ? `${n} of ${total} ${noun[1]} ${n === 1 ? verb[0] : verb[1]}` : `${n} ${n === 1 ? noun[0] : noun[1]} ${n === 1 ? verb[0] : verb[1]}`;
    let lastFile: string | null | undefined;
    const places = list.slice(0, MAX_LISTED).map((c) => {
      const loc = c.file === null ? '' : c.file === lastFile ? `:${c.range.start.line + 1}` : where(c);
      lastFile = c.file;
      return [loc, c.detail ? `\`${c.detail}\`` : ''].filter(Boolean).join(' ');
    }).filter(Boolean);
    const more = n > MAX_LISTED ? `, +${n - MAX_LISTED} more` : '';
    parts.push(places.length ? `${head} (${places.join(', ')}${more})` : head);
  }
  const rest = [...groups].slice(MAX_GROUPS).reduce((sum, [, l]) => sum + l.length, 0);
  if (rest) parts.push(`and ${rest} more problem${rest === 1 ? '' : 's'}`);
  return parts.join('; ');
}

function counterMessage(c: Counter): string {
  const what = `${c.detail ? `\`${c.detail}\`: ` : ''}${c.noun[0]} ${c.verb[0]}`;
  return c.key.startsWith('direct:') ? what : `${what} (${c.key})`;
}

function dedupe(evidence: ClaimEvidence[]): ClaimEvidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const key = `${e.file}:${e.range.start.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function evaluateOne(ctx: RuleContext, file: SourceFile, claim: MarkdownClaim, capability: string, dir: string): EvaluatedClaim | undefined {
  const cap = capabilityEvidence(capability);
  if (!cap) return undefined;
  const ws = ctx.workspace;
  const t = tally(ctx, cap, claim, dir);
  const whereSupported = cap.where ? cap.where(ws).filter((e) => counts(ws, cap, e.file, dir)) : [];
  let status: ClaimStatus;
  if (t.counters.length && (isUniversal(cap, claim) || t.passed === 0)) status = 'contradicted';
  else if (t.counters.length === 0 && t.passed === 0) status = whereSupported.length ? 'supported' : 'unverified';
  else status = 'supported';

  // Name the capability only when the claim names several ("Resource limits and restart policies").
  const label = claim.capabilities.length > 1 ? ` (${capabilityLabel(capability).toLowerCase()})` : '';
  const quotedText = claim.text.length > 80 ? `${claim.text.slice(0, 77)}…` : claim.text;
  let summary: string;
  let evidence: ClaimEvidence[];
  let message = '';
  let related: RelatedLocation[] = [];
  if (status === 'contradicted') {
    const described = describeCounters(t.counters, t.totals);
    evidence = t.counters.filter((c) => c.file !== null).map((c) => ({ file: c.file!, range: c.range, message: counterMessage(c) }));
    summary = described;
    message = `Claim "${quotedText}"${label} is contradicted: ${described}.`;
    related = evidence.slice(0, MAX_RELATED).map((e) => ({ file: e.file, range: e.range, message: e.message }));
  } else if (status === 'unverified') {
    evidence = [];
    summary = `no evidence either way in ${dir ? `${dir}/` : 'the workspace'}`;
    message = `Claim "${quotedText}"${label} cannot be checked: nothing in ${dir ? `${dir}/` : 'the workspace'} shows it or contradicts it.`;
  } else {
    evidence = dedupe([...t.supports, ...whereSupported]);
    const more = evidence.length > 1 ? ` (+${evidence.length - 1} more)` : '';
    // Rules count passes without saying where: name them when no location backs the claim.
    summary = evidence[0] ? `verified: ${where(evidence[0])}${more}` : `verified: ${[...t.passedRules].join(', ')} passed`;
    // An existential claim that holds somewhere: say where it does not, too.
    if (t.counters.length) summary += ` (not everywhere: ${describeCounters(t.counters, t.totals)})`;
  }
  const record: ClaimRecord = { file: file.path, range: claim.range, text: claim.text, capability, status, evidence, summary };
  return { claim, record, message, related };
}

/** Every (claim, capability) of the file under check, weighed. Never throws on odd input. */
export function evaluateClaims(ctx: RuleContext): EvaluatedClaim[] {
  const file = ctx.file;
  if (!file || file.kind !== 'markdown') return [];
  const dir = scopeDirOf(file.path);
  const out: EvaluatedClaim[] = [];
  for (const claim of claimsOf(ctx.workspace, file)) {
    for (const capability of claim.capabilities) {
      const e = evaluateOne(ctx, file, claim, capability, dir);
      if (e) out.push(e);
    }
  }
  return out;
}
