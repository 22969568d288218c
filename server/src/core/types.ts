/**
 * Types shared by the engine, the parsers, the rules, the LSP layer and the CLI.
 * Positions are 0-based (LSP convention) everywhere inside the engine; only the CLI's outputs convert
 * to 1-based lines and columns.
 */

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export const CATEGORIES = [
  'security',
  'reliability',
  'observability',
  'delivery',
  'containers',
  'configuration',
  'testing',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** What a workspace file is, decided from its path (and never from running anything). */
export type FileKind =
  | 'dockerfile'
  | 'dockerignore'
  | 'compose'
  | 'github-workflow'
  | 'github-action'
  | 'gitlab-ci'
  | 'dependabot'
  | 'renovate'
  | 'pre-commit'
  | 'python'
  | 'typescript'
  | 'javascript'
  | 'go'
  | 'nginx'
  | 'markdown'
  | 'manifest'
  | 'lockfile'
  | 'gitignore'
  | 'env'
  | 'readiness-config'
  | 'other';

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based UTF-16 column. */
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** Edits to one file, relative to the workspace root with `/` separators. */
export interface FileChange {
  file: string;
  /** When true the file does not exist yet and is created with the edits applied to an empty text. */
  create?: boolean;
  edits: TextEdit[];
}

export type FixSafety = 'safe' | 'unsafe';

export interface Fix {
  /** Imperative title shown in the lightbulb, e.g. "Add --no-install-recommends". */
  title: string;
  safety: FixSafety;
  changes: FileChange[];
}

export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

/** A failed check as reported by a rule (before severity resolution and suppression). */
export interface Report {
  /** Workspace-relative file the finding is shown on; null for workspace-level findings. */
  file: string | null;
  range: Range;
  message: string;
  related?: RelatedLocation[];
  /** Rule-specific payload handed back to the rule's `fix` function. Must be JSON-serialisable. */
  data?: unknown;
  /** Fixes computed at check time; the rule's `fix` function may add more. */
  fixes?: Fix[];
  /**
   * A lower severity than the rule's default for this target (e.g. first-party actions pinned to a
   * tag are info, third-party ones warning). Ignored when the user configured the rule's severity.
   */
  severity?: Severity;
}

/** A finding after the engine resolved its severity, category and fixes. */
export interface Finding {
  rule: string;
  category: Category;
  severity: Severity;
  file: string | null;
  range: Range;
  message: string;
  related: RelatedLocation[];
  fixes: Fix[];
  data?: unknown;
}

export const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function rangeOf(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}
