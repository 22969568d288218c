/**
 * Renders the `readiness/audit` answer as Markdown for the report preview.
 *
 * Pure (no `vscode` import): the caller supplies how a file location becomes a link, because that
 * depends on where the preview resolves paths, not on the report.
 */
import type { AuditReport, CategoryScore, CheckResult, ReportFinding } from '../../server/src/lsp/protocol';

/** Builds the link target of a finding; `line` and `column` are 1-based, `file` relative to the report root. */
export type LocationLink = (file: string, line: number, column: number) => string;

/** True when `value` has the fields the renderer reads; a server of another version may answer differently. */
export function isAuditReport(value: unknown): value is AuditReport {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<AuditReport>;
  return (
    r.version === 1 &&
    typeof r.root === 'string' &&
    Array.isArray(r.categories) &&
    Array.isArray(r.checks) &&
    Array.isArray(r.findings)
  );
}

export function formatScore(score: number | null): string {
  return score === null ? 'not applicable' : `${Math.round(score)}%`;
}

export function renderReport(report: AuditReport, link: LocationLink): string {
  const out: string[] = ['# Readiness report', ''];
  out.push(summaryLine(report), '');
  out.push(`Audited folder: ${code(report.root)}`, '');
  out.push(...categoriesSection(report.categories));
  out.push(...checksSection(report.checks));
  out.push(...findingsSection(report.findings, link));
  out.push(...claimsSection(report.claims ?? [], link));
  return out.join('\n');
}

function summaryLine(report: AuditReport): string {
  const files = plural(report.filesAnalyzed, 'file');
  const seconds = (report.durationMs / 1000).toFixed(report.durationMs < 10_000 ? 2 : 1);
  return `**Overall score: ${formatScore(report.score)}** — ${files} analysed in ${seconds} s, ${findingCounts(report.findings)}.`;
}

/** "12 findings (2 errors, 8 warnings, 2 info)"; shared with the status bar tooltip. */
export function findingCounts(findings: readonly ReportFinding[]): string {
  if (findings.length === 0) return 'no findings';
  const bySeverity = (['error', 'warning', 'info'] as const)
    .map((severity) => [severity, findings.filter((f) => f.severity === severity).length] as const)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => (severity === 'info' ? `${n} info` : plural(n, severity)));
  return `${plural(findings.length, 'finding')} (${bySeverity.join(', ')})`;
}

function categoriesSection(categories: readonly CategoryScore[]): string[] {
  if (categories.length === 0) return [];
  const rows = categories.map((c) =>
    // "not applicable" rather than 100%: nothing was checked, so nothing was proven (ARCHITECTURE "Scoring").
    row(c.id, c.applicable === 0 ? 'not applicable' : formatScore(c.score), `${c.passed} of ${c.applicable}`),
  );
  return [
    '## Categories',
    '',
    'Scores weigh each check by severity (error 3, warning 2, info 1); the counts are unweighted.',
    '',
    '| Category | Score | Checks passed |',
    '|:--|--:|--:|',
    ...rows,
    '',
  ];
}

function checksSection(checks: readonly CheckResult[]): string[] {
  if (checks.length === 0) return [];
  // Failing checks first: they are what the reader came for.
  const sorted = [...checks].sort(
    (a, b) => Number(a.passed === a.applicable) - Number(b.passed === b.applicable) || a.rule.localeCompare(b.rule),
  );
  const rows = sorted.map((c) =>
    row(code(c.rule), escape(c.category), c.applicable === 0 ? 'not applicable' : `${c.passed} of ${c.applicable}`),
  );
  return ['## Checks', '', '| Rule | Category | Passed |', '|:--|:--|--:|', ...rows, ''];
}

function findingsSection(findings: readonly ReportFinding[], link: LocationLink): string[] {
  const out = [`## Findings (${findings.length})`, ''];
  if (findings.length === 0) return [...out, 'Nothing to report.', ''];
  const byFile = new Map<string | null, ReportFinding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, group] of byFile) {
    out.push(`### ${file === null ? 'Whole workspace' : escape(file)} (${group.length})`, '');
    for (const f of group) {
      const where = file === null ? '' : `[${escape(`${file}:${f.line}:${f.column}`)}](${link(file, f.line, f.column)}) `;
      const fix = f.fixable ? ' _(fix available)_' : '';
      out.push(`- ${where}**${f.severity}** ${code(f.rule)} — ${escape(f.message)}${fix}`);
    }
    out.push('');
  }
  return out;
}

/** The claim fields the report shows; claims are `unknown[]` in the protocol, so each is checked. */
interface ClaimView {
  file: string;
  line: number;
  text: string;
  status: string;
}

function isClaimView(value: unknown): value is ClaimView {
  const c = value as Partial<ClaimView> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.file === 'string' &&
    typeof c.line === 'number' &&
    typeof c.text === 'string' &&
    typeof c.status === 'string'
  );
}

function claimsSection(claims: readonly unknown[], link: LocationLink): string[] {
  const shown = claims.filter(isClaimView);
  if (shown.length === 0) return [];
  const items = shown.map(
    (c) => `- **${escape(c.status)}** [${escape(`${c.file}:${c.line}`)}](${link(c.file, c.line, 1)}) — ${escape(c.text)}`,
  );
  return ['## Claims in documentation', '', ...items, ''];
}

function row(...cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Inline code that survives backticks in the value (CommonMark: a longer fence than any run inside). */
function code(value: string): string {
  const longestRun = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

/** Escapes text so that messages and paths render literally, also inside table cells. */
export function escape(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/[\\`*_[\]<>|&~#]/g, (ch) => `\\${ch}`);
}
