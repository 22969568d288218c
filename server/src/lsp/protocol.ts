/**
 * Custom messages between the VS Code client and the Readiness language server, declared once.
 *
 * Both sides import this file (esbuild inlines it into each bundle), so it must stay plain types and
 * string constants: no `vscode`, no `vscode-languageserver`, no engine imports. Lines and columns in
 * the audit report are 1-based because the report is read by people; LSP positions stay 0-based.
 */

/**
 * `readiness/audit`, client → server request. Sent by the **Readiness: Run readiness audit** command;
 * the server audits the workspace root and answers with an {@link AuditReport}. The client passes a
 * cancellation token, so the server should honour `$/cancelRequest` on long audits.
 */
export const AuditRequestMethod = 'readiness/audit';

/** Params of {@link AuditRequestMethod}. Empty today; `format` leaves room for other renderings. */
export interface AuditParams {
  format?: 'model';
}

/** Severity as written in reports (the LSP `DiagnosticSeverity` numbers never leave the server). */
export type ReportSeverity = 'error' | 'warning' | 'info';

/** One category's score: 100 × weighted passed / weighted applicable; `null` when nothing applies. */
export interface CategoryScore {
  id: string;
  score: number | null;
  passed: number;
  applicable: number;
}

/** One rule's targets: how many were checked and how many passed. */
export interface CheckResult {
  rule: string;
  category: string;
  passed: number;
  applicable: number;
}

/** One failed check. `file` is relative to the report root with `/` separators, `null` for workspace-level findings. */
export interface ReportFinding {
  rule: string;
  category: string;
  severity: ReportSeverity;
  file: string | null;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** 1-based. */
  endLine: number;
  /** 1-based. */
  endColumn: number;
  message: string;
  /** True when a fix is offered for this finding (safe or not). */
  fixable: boolean;
}

/** Result of {@link AuditRequestMethod}; the same shape as the CLI's `--format json` output. */
export interface AuditReport {
  version: 1;
  /** Absolute path of the audited folder. */
  root: string;
  /** Overall score in 0–100, `null` when no check applied anywhere. */
  score: number | null;
  filesAnalyzed: number;
  durationMs: number;
  categories: CategoryScore[];
  checks: CheckResult[];
  /** Sorted by file, line, column, rule. */
  findings: ReportFinding[];
  /** Readiness claims found in documentation; their shape is owned by the engine's report module. */
  claims: unknown[];
}

/**
 * `readiness/score`, server → client notification. Optional: the server sends it after its background
 * scan (and whenever the score changes) so the status bar can show a score before anyone runs an audit.
 */
export const ScoreNotificationMethod = 'readiness/score';

/** Params of {@link ScoreNotificationMethod}. */
export interface ScoreParams {
  score: number | null;
  findings: number;
}

/** Values of the `readiness.*` settings, as the client reads them (see `contributes.configuration`). */
export interface ReadinessSettings {
  enable: boolean;
  /** Rule id → severity override; wins over `.readiness.yaml`. */
  rules: Record<string, 'off' | 'info' | 'warning' | 'error'>;
  /** Globs of files to leave out, relative to the workspace folder. */
  exclude: string[];
  debounceMs: number;
}

/**
 * `initializationOptions` of the `initialize` request. The window-level settings at start-up, so the
 * first scan does not wait for a `workspace/configuration` round trip; per-resource values are still
 * pulled with `workspace/configuration` (section `readiness`).
 */
export interface InitializationOptions {
  settings: ReadinessSettings;
}
