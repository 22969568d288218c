import type { ClaimRecord } from './claims';
import type { Category, FileKind, Fix, FixSafety, Report, SeveritySetting } from './types';
import type { SourceFile, WorkspaceModel } from '../workspace/model';

export interface RuleMeta {
  category: Category;
  /** Default severity; `off` means the rule only runs when configured on. */
  severity: SeveritySetting;
  /** One sentence: what the rule flags. Used by hover, `readiness rules` and SARIF shortDescription. */
  summary: string;
  /** Safeties of the fixes the rule can offer (empty when it has none). */
  fixes: FixSafety[];
  /** Ids of other tools' checks that mean the same (hadolint DL3002, zizmor audits…): their pragmas suppress us. */
  aliases: string[];
  /**
   * `file`: `check` runs once per file whose kind is in `kinds`, with `ctx.file` set.
   * `workspace`: `check` runs once per analysis with `ctx.file` null; it is re-run when a file of one of `kinds` changes.
   */
  scope: 'file' | 'workspace';
  kinds: FileKind[];
  /** Skipped on files the configuration classifies as development (rules may also ask per stage/service). */
  productionOnly: boolean;
  /**
   * Rules whose outcomes this rule reads through `ctx.outcome` (readiness claims weigh the evidence of
   * other rules). Such a rule runs after all others, and its dependencies run on the whole workspace.
   */
  uses?: readonly string[];
}

/** What a rule found across the whole workspace, for rules that weigh other rules' evidence. */
export interface RuleOutcome {
  passed: number;
  /** Failed targets that were not suppressed, with their locations. */
  failures: readonly Report[];
}

export interface RuleContext {
  readonly workspace: WorkspaceModel;
  /** The file under check for file rules; null for workspace rules. */
  readonly file: SourceFile | null;
  /** Record passing checks (targets), so that scores are "N of M". */
  pass(count?: number): void;
  /** Record a failing target. */
  report(report: Report): void;
  /** Outcome of a rule listed in `meta.uses` (undefined for others, or when that rule is off). */
  outcome(ruleId: string): RuleOutcome | undefined;
  /**
   * Records a readiness claim found in a document, with its status and evidence. Supported claims
   * are no findings, so this is how they reach the report and the editor's CodeLens. Rules that
   * weigh the same claims may each record them: the engine keeps one record per claim.
   */
  claim(record: ClaimRecord): void;
}

export interface FixContext {
  readonly workspace: WorkspaceModel;
  readonly report: Report;
}

export interface RuleDefinition {
  /** `<domain>/<what-it-flags>`; a contract, never renamed. */
  id: string;
  meta: RuleMeta;
  check(ctx: RuleContext): void;
  /**
   * Optional cheap test of whether a file has anything for this rule (e.g. a Markdown file holds
   * readiness claims). A file it rejects is not checked, and a rule with `meta.uses` then does not
   * make its evidence rules run over the whole workspace.
   */
  applies?(file: SourceFile, workspace: WorkspaceModel): boolean;
  /** Builds fixes for one of this rule's reports (from `report.data`); merged after `report.fixes`. */
  fix?(ctx: FixContext): Fix[];
}

export function defineRule(rule: RuleDefinition): RuleDefinition {
  return rule;
}
