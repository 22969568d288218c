import type { ClaimRecord } from '../core/claims';
import type { Category, Finding, Severity } from '../core/types';
import type { AnalysisResult } from '../engine/analyze';
import { computeScores } from '../engine/score';

/** The audit report: the JSON contract of ARCHITECTURE.md (1-based positions, relative paths). */
export interface AuditReport {
  version: 1;
  root: string;
  score: number | null;
  filesAnalyzed: number;
  durationMs: number;
  categories: { id: Category; score: number | null; passed: number; applicable: number }[];
  checks: { rule: string; category: Category; passed: number; applicable: number }[];
  findings: ReportFinding[];
  claims: ReportClaim[];
}

export interface ReportFinding {
  rule: string;
  category: Category;
  severity: Severity;
  file: string | null;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  fixable: boolean;
}

export interface ReportClaim {
  file: string;
  line: number;
  text: string;
  capability: string;
  status: 'supported' | 'contradicted' | 'unverified';
  evidence: { file: string; line: number }[];
  /**
   * For people (Markdown and text reports, the editor's report view); not part of the JSON contract
   * (json.ts lists its keys): "4 of 6 services have no healthcheck (…)", "verified: …".
   */
  summary?: string;
}

export function toReportFinding(f: Finding): ReportFinding {
  return {
    rule: f.rule,
    category: f.category,
    severity: f.severity,
    file: f.file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    message: f.message,
    fixable: f.fixes.length > 0,
  };
}

export function toReportClaim(c: ClaimRecord): ReportClaim {
  const seen = new Set<string>();
  const evidence: ReportClaim['evidence'] = [];
  for (const e of c.evidence) {
    const key = `${e.file}:${e.range.start.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    evidence.push({ file: e.file, line: e.range.start.line + 1 });
  }
  return { file: c.file, line: c.range.start.line + 1, text: c.text, capability: c.capability, status: c.status, evidence, summary: c.summary };
}

export function buildAuditReport(root: string, result: AnalysisResult, durationMs: number): AuditReport {
  const { score, categories } = computeScores(result.checks);
  return {
    version: 1,
    root,
    score,
    filesAnalyzed: result.filesAnalyzed,
    durationMs: Math.round(durationMs),
    categories,
    checks: result.checks.map((c) => ({ rule: c.rule, category: c.category, passed: c.passed, applicable: c.applicable })),
    findings: result.findings.map(toReportFinding),
    claims: result.claims.map(toReportClaim),
  };
}
