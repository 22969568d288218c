import type { AuditReport } from './model';

/**
 * The JSON report of ARCHITECTURE.md "Outputs of the CLI". Keys are re-listed explicitly so that a
 * field added to the in-memory model for another consumer never leaks into the public contract.
 */
export function formatJson(report: AuditReport): string {
  const contract = {
    version: report.version,
    root: report.root,
    score: report.score,
    filesAnalyzed: report.filesAnalyzed,
    durationMs: report.durationMs,
    categories: report.categories.map((c) => ({ id: c.id, score: c.score, passed: c.passed, applicable: c.applicable })),
    checks: report.checks.map((c) => ({ rule: c.rule, category: c.category, passed: c.passed, applicable: c.applicable })),
    findings: report.findings.map((f) => ({
      rule: f.rule,
      category: f.category,
      severity: f.severity,
      file: f.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      message: f.message,
      fixable: f.fixable,
    })),
    claims: report.claims.map((c) => ({
      file: c.file,
      line: c.line,
      text: c.text,
      capability: c.capability,
      status: c.status,
      evidence: c.evidence.map((e) => ({ file: e.file, line: e.line })),
    })),
  };
  return JSON.stringify(contract, null, 2) + '\n';
}
