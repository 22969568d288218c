import type { Finding, FixSafety, Severity } from '../core/types';
import { docsUrl } from '../engine/registry';
import { capabilityLabel } from '../parsers/markdown/dictionary';
import type { AuditReport, ReportClaim, ReportFinding } from './model';
import { countBySeverity } from './text';

/**
 * Markdown report for PR comments, job summaries and the editor preview. Links are relative to the
 * audited root, so the file renders correctly when it is committed or published from that root.
 */

export interface MarkdownOptions {
  /** Engine findings in the report's order; when given, the fix marker says whether the fix is safe. */
  findings?: readonly Finding[];
}

const SEVERITY_LABEL: Record<Severity, string> = { error: '**Error**', warning: '**Warning**', info: 'Info' };

/**
 * Escapes what Markdown could read as markup in free text (messages quote globs like `*.pem`), but
 * keeps balanced `code spans`, which rule messages use on purpose.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .split(/(`[^`]+`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[\\`*_[\]<>|#]/g, '\\$&')))
    .join('');
}

function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

function linkTarget(file: string, line?: number): string {
  const path = file.split('/').map(encodeURIComponent).join('/');
  return line === undefined ? path : `${path}#L${line}`;
}

function baseName(root: string): string {
  const parts = root.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? root;
}

function fixMarker(f: ReportFinding, engine: Finding | undefined): string {
  if (!f.fixable) return '';
  if (!engine) return ' · fixable';
  const safeties = new Set<FixSafety>(engine.fixes.map((x) => x.safety));
  return safeties.has('safe') ? ' · fixable (safe)' : ' · fixable (review the change)';
}

function counts(report: AuditReport): string {
  const c = countBySeverity(report.findings);
  if (report.findings.length === 0) return 'no findings';
  return `${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}, ${c.info} info`;
}

function categoriesTable(report: AuditReport): string[] {
  const out = ['## Categories', '', '| Category | Score | Passed | Applicable |', '| --- | ---: | ---: | ---: |'];
  for (const c of report.categories) {
    // A category with nothing to check proves nothing; 100 would be a lie (ARCHITECTURE "Scoring").
    const score = c.applicable === 0 || c.score === null ? 'not applicable' : String(c.score);
    out.push(`| ${c.id} | ${score} | ${c.passed} | ${c.applicable} |`);
  }
  return [...out, ''];
}

function checksTable(report: AuditReport): string[] {
  if (report.checks.length === 0) return [];
  const out = ['## Checks', '', '| Rule | Category | Passed |', '| --- | --- | ---: |'];
  for (const c of report.checks) {
    out.push(`| [\`${cell(c.rule)}\`](${docsUrl(c.rule)}) | ${c.category} | ${c.passed} of ${c.applicable} |`);
  }
  return [...out, ''];
}

function findingsSection(report: AuditReport, options: MarkdownOptions): string[] {
  const out = ['## Findings', ''];
  if (report.findings.length === 0) return [...out, 'No findings.', ''];
  let current: string | null | undefined;
  report.findings.forEach((f, i) => {
    if (f.file !== current) {
      if (current !== undefined) out.push('');
      current = f.file;
      out.push(f.file === null ? '### Workspace' : `### [${escapeMarkdown(f.file)}](${linkTarget(f.file)})`, '');
    }
    const where = f.file === null ? '' : ` [${escapeMarkdown(`${f.file}:${f.line}`)}](${linkTarget(f.file, f.line)}) —`;
    const rule = `[\`${f.rule}\`](${docsUrl(f.rule)})`;
    out.push(`- ${SEVERITY_LABEL[f.severity]}${where} ${escapeMarkdown(f.message)} · ${rule}${fixMarker(f, options.findings?.[i])}`);
  });
  return [...out, ''];
}

const CLAIM_STATUS: Record<ReportClaim['status'], string> = { supported: '✅ supported', contradicted: '❌ contradicted', unverified: '❔ unverified' };
const MAX_EVIDENCE_LINKS = 5;

/** What the project's own documents claim, and what the workspace says about it. */
function claimsSection(report: AuditReport): string[] {
  if (report.claims.length === 0) return [];
  const out = ['## Readiness claims', '', '| Claim | Capability | Status | Evidence |', '| --- | --- | --- | --- |'];
  for (const c of report.claims) {
    const claim = `[${escapeMarkdown(`${c.file}:${c.line}`)}](${linkTarget(c.file, c.line)}) ${escapeMarkdown(c.text)}`;
    const links = c.evidence.slice(0, MAX_EVIDENCE_LINKS).map((e) => `[${escapeMarkdown(`${e.file}:${e.line}`)}](${linkTarget(e.file, e.line)})`);
    if (c.evidence.length > MAX_EVIDENCE_LINKS) links.push(`+${c.evidence.length - MAX_EVIDENCE_LINKS} more`);
    const evidence = [c.summary ? escapeMarkdown(c.summary) : '', links.join(', ')].filter(Boolean).join('<br>');
    out.push(`| ${cell(claim)} | ${cell(capabilityLabel(c.capability))} | ${CLAIM_STATUS[c.status]} | ${cell(evidence) || '—'} |`);
  }
  return [...out, ''];
}

export function formatMarkdown(report: AuditReport, options: MarkdownOptions = {}): string {
  const score = report.score === null ? 'not applicable' : `${report.score}/100`;
  const out = [
    `# Readiness report: ${escapeMarkdown(baseName(report.root))}`,
    '',
    `**Score: ${score}** · ${report.filesAnalyzed} file${report.filesAnalyzed === 1 ? '' : 's'} analysed in ${report.durationMs} ms · ${counts(report)}`,
    '',
    ...categoriesTable(report),
    ...checksTable(report),
    ...findingsSection(report, options),
    ...claimsSection(report),
  ];
  return out.join('\n');
}
