import type { Severity } from '../core/types';
import type { AuditReport, ReportClaim, ReportFinding } from './model';

/** The human report: findings grouped by file, then category scores, then one summary line. */

export interface TextOptions {
  color: boolean;
}

/**
 * Colour policy shared by the CLI: FORCE_COLOR wins (CI logs render ANSI), then NO_COLOR
 * (https://no-color.org), then whether the stream is a terminal.
 */
export function shouldColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force !== 'false') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}

type Paint = (code: string, text: string) => string;

const SEVERITY_COLOR: Record<Severity, string> = { error: '31', warning: '33', info: '36' };
/** Messages longer than this are not padded: one long message must not push every rule id off-screen. */
const MAX_MESSAGE_PAD = 72;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function countBySeverity(findings: readonly ReportFinding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** `Score 73/100 — 3 errors, 5 warnings, 2 info in 41 files (312 ms)` */
export function summaryLine(report: AuditReport): string {
  const c = countBySeverity(report.findings);
  const score = report.score === null ? 'Score n/a' : `Score ${report.score}/100`;
  return `${score} — ${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info in ${plural(report.filesAnalyzed, 'file')} (${report.durationMs} ms)`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ');
}

function groupByFile(findings: readonly ReportFinding[]): [string | null, ReportFinding[]][] {
  const groups = new Map<string | null, ReportFinding[]>();
  for (const f of findings) {
    const list = groups.get(f.file);
    if (list) list.push(f);
    else groups.set(f.file, [f]);
  }
  return [...groups];
}

function findingsSection(findings: readonly ReportFinding[], paint: Paint): string[] {
  const out: string[] = [];
  for (const [file, list] of groupByFile(findings)) {
    out.push(paint('4', file ?? '(workspace)'));
    const rows = list.map((f) => ({
      where: f.file === null ? '-' : `${f.line}:${f.column}`,
      f,
      message: oneLine(f.message) + (f.fixable ? ' (fixable)' : ''),
    }));
    const whereWidth = Math.max(...rows.map((r) => r.where.length));
    const messageWidth = Math.min(MAX_MESSAGE_PAD, Math.max(...rows.map((r) => r.message.length)));
    for (const { where, f, message } of rows) {
      const severity = paint(SEVERITY_COLOR[f.severity], f.severity.padEnd(7));
      out.push(`  ${paint('2', where.padStart(whereWidth))}  ${severity}  ${message.padEnd(messageWidth)}  ${paint('2', f.rule)}`);
    }
    out.push('');
  }
  return out;
}

function scoreColor(score: number): string {
  return score >= 80 ? '32' : score >= 50 ? '33' : '31';
}

function categoriesSection(report: AuditReport, paint: Paint): string[] {
  const width = Math.max(...report.categories.map((c) => c.id.length));
  const out = ['Categories'];
  for (const c of report.categories) {
    const name = c.id.padEnd(width);
    if (c.applicable === 0 || c.score === null) {
      out.push(`  ${name}  ${paint('2', 'not applicable')}`);
      continue;
    }
    out.push(`  ${name}  ${paint(scoreColor(c.score), String(c.score).padStart(3))}  ${paint('2', `${c.passed} of ${c.applicable} checks passed`)}`);
  }
  return out;
}

const CLAIM_COLOR: Record<ReportClaim['status'], string> = { supported: '32', contradicted: '33', unverified: '2' };

/** One line per claim: where, status, the claim, and the first piece of evidence or counter-evidence. */
function claimsSection(claims: readonly ReportClaim[], paint: Paint): string[] {
  const rows = claims.map((c) => ({ where: `${c.file}:${c.line}`, c }));
  const whereWidth = Math.max(...rows.map((r) => r.where.length));
  const out = ['Readiness claims'];
  for (const { where, c } of rows) {
    const status = paint(CLAIM_COLOR[c.status], c.status.padEnd(12));
    out.push(`  ${paint('2', where.padEnd(whereWidth))}  ${status}  ${oneLine(c.text)}${c.summary ? paint('2', ` — ${oneLine(c.summary)}`) : ''}`);
  }
  return out;
}

export function formatText(report: AuditReport, options: TextOptions): string {
  const paint: Paint = options.color ? (code, text) => `\u001b[${code}m${text}\u001b[0m` : (_code, text) => text;
  const out: string[] = [];
  if (report.findings.length === 0) out.push('No findings.', '');
  else out.push(...findingsSection(report.findings, paint));
  if (report.claims.length) out.push(...claimsSection(report.claims, paint), '');
  if (report.categories.length) out.push(...categoriesSection(report, paint), '');
  const summary = summaryLine(report);
  out.push(options.color && report.score !== null ? paint('1', summary) : summary);
  return out.join('\n') + '\n';
}
