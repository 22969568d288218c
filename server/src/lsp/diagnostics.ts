/**
 * Finding → LSP Diagnostic. Every diagnostic is fully identified (source, code = rule id, docs link)
 * and carries everything its code actions need in `data`, so that code actions never look at the
 * message text: the fixes as the engine computed them, the suppression edit, and the document version
 * they were computed against.
 */
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { Finding, Fix, Severity, TextEdit } from '../core/types';
import { docsUrl } from '../engine/registry';
import { statementStartOf } from '../engine/statements';
import { suppressionEdit } from '../engine/suppression';
import type { SourceFile } from '../workspace/model';
import type { Workspace } from '../workspace/workspace';

export const SOURCE = 'readiness';

/** `diagnostic.data` of every Readiness diagnostic. */
export interface DiagnosticData {
  rule: string;
  /** The finding's fixes, paths relative to the document's root. */
  fixes: Fix[];
  /** Inserts `readiness-ignore <rule>` above the finding; null where the file has no comments (JSON). */
  suppress: TextEdit | null;
  /** Version of the document the fixes were computed against. */
  version: number;
}

export function isDiagnosticData(value: unknown): value is DiagnosticData {
  if (!value || typeof value !== 'object') return false;
  const d = value as Record<string, unknown>;
  return typeof d.rule === 'string' && Array.isArray(d.fixes) && typeof d.version === 'number';
}

/** The data of one of our diagnostics, recognised by source and a well-formed `data` (never by message). */
export function readinessData(d: Diagnostic): DiagnosticData | undefined {
  return d.source === SOURCE && isDiagnosticData(d.data) ? d.data : undefined;
}

/** A diagnostic's message as plain text (LSP 3.18 allows Markup). */
export function messageText(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export interface ConversionContext {
  workspace: Workspace;
  file: SourceFile;
  /** Whether the client renders `relatedInformation`; if not, related locations go into the message. */
  relatedInformation: boolean;
  /** URI of a workspace-relative path (the client's own URI when the file is open). */
  uriOf: (rel: string) => string;
}

/** Kinds whose syntax has no comments (a suppression line would break them). */
function allowsComments(file: SourceFile): boolean {
  return !/\.json$/i.test(file.path);
}

export function toDiagnostics(findings: readonly Finding[], ctx: ConversionContext): Diagnostic[] {
  let statementStart: ((line: number) => number) | undefined;
  try {
    statementStart = statementStartOf(ctx.workspace, ctx.file);
  } catch {
    statementStart = undefined;
  }
  return findings.map((f) => toDiagnostic(f, ctx, statementStart));
}

function toDiagnostic(f: Finding, ctx: ConversionContext, statementStart: ((line: number) => number) | undefined): Diagnostic {
  let message = f.message;
  let relatedInformation: DiagnosticRelatedInformation[] | undefined;
  if (f.related.length > 0) {
    if (ctx.relatedInformation) {
      relatedInformation = f.related.map((r) => ({ location: { uri: ctx.uriOf(r.file), range: r.range }, message: r.message }));
    } else {
      message += f.related.map((r) => `\n${r.file}:${r.range.start.line + 1}: ${r.message}`).join('');
    }
  }
  const data: DiagnosticData = {
    rule: f.rule,
    fixes: f.fixes,
    suppress: allowsComments(ctx.file) ? suppressionEdit(ctx.file.kind, ctx.file.lines, f.range, f.rule, statementStart) : null,
    version: ctx.file.version,
  };
  const diagnostic: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity] ?? DiagnosticSeverity.Warning,
    source: SOURCE,
    code: f.rule,
    codeDescription: { href: docsUrl(f.rule) },
    message,
    data,
  };
  if (relatedInformation) diagnostic.relatedInformation = relatedInformation;
  return diagnostic;
}
