/**
 * Code actions, built only from `diagnostic.data` (see diagnostics.ts): each fix of a finding as a
 * quick fix (preferred only for its first safe fix), a "suppress with readiness-ignore" quick fix,
 * and `source.fixAll.readiness`, which applies every safe fix of the document that edits only the
 * document itself and overlaps no other.
 */
import {
  CodeActionKind,
  CreateFile,
  TextDocumentEdit,
  type CodeAction,
  type Diagnostic,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { comparePositions, type FileChange, type Fix, type Range, type TextEdit } from '../core/types';
import { readinessData, type DiagnosticData } from './diagnostics';

export const FIX_ALL_KIND = 'source.fixAll.readiness';

/** What the client can apply. */
export interface EditSupport {
  documentChanges: boolean;
  createFiles: boolean;
}

export interface ActionContext {
  /** URI of the document the actions are for. */
  uri: string;
  /** Workspace-relative path of that document. */
  rel: string;
  /** Its current version. */
  version: number;
  support: EditSupport;
  /** URI of a workspace-relative path. */
  uriOf: (rel: string) => string;
  /** Version of an open document by URI (null when not open). */
  versionOf: (uri: string) => number | null;
}

/** Whether an action of `kind` was asked for by `only` (a kind matches itself and its sub-kinds). */
export function kindRequested(only: readonly string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return true;
  return only.some((k) => k === '' || kind === k || kind.startsWith(`${k}.`));
}

/** Quick fixes for the diagnostics in the request's context. */
export function quickFixes(diagnostics: readonly Diagnostic[], ctx: ActionContext, only?: readonly string[]): CodeAction[] {
  if (!kindRequested(only, CodeActionKind.QuickFix)) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const data = readinessData(diagnostic);
    if (!data) continue;
    let preferredGiven = false;
    for (const fix of data.fixes) {
      if (!isFix(fix)) continue;
      const edit = workspaceEdit(fix.changes, ctx, data.version);
      if (!edit) continue;
      const preferred = fix.safety === 'safe' && !preferredGiven;
      if (preferred) preferredGiven = true;
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: preferred, edit });
    }
    if (data.suppress) {
      const edit = workspaceEdit([{ file: ctx.rel, edits: [data.suppress] }], ctx, data.version);
      if (edit) {
        actions.push({ title: `Suppress ${data.rule} with readiness-ignore`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: false, edit });
      }
    }
  }
  return actions;
}

/**
 * `source.fixAll.readiness` over all of the document's diagnostics (computed for `ctx.version`):
 * the first safe fix of each finding, when it edits only this document and overlaps no fix already
 * taken. Undefined when there is nothing safe to apply.
 */
export function fixAllAction(diagnostics: readonly Diagnostic[], ctx: ActionContext): CodeAction | undefined {
  const taken: TextEdit[] = [];
  const covered: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const data = readinessData(diagnostic);
    if (!data || data.version !== ctx.version) continue;
    const fix = data.fixes.find((f) => isFix(f) && f.safety === 'safe');
    if (!fix || !fix.changes.every((c) => c.file === ctx.rel && !c.create)) continue;
    const edits = fix.changes.flatMap((c) => c.edits);
    if (edits.some((e) => taken.some((t) => overlaps(e.range, t.range)))) continue;
    if (hasInternalOverlap(edits)) continue;
    taken.push(...edits);
    covered.push(diagnostic);
  }
  if (taken.length === 0) return undefined;
  const edit = workspaceEdit([{ file: ctx.rel, edits: taken }], ctx, ctx.version);
  if (!edit) return undefined;
  return { title: 'Fix all safe Readiness problems', kind: FIX_ALL_KIND, diagnostics: covered, edit };
}

/** Whether two edit ranges conflict: they intersect, or both insert at the same point. */
function overlaps(a: Range, b: Range): boolean {
  const aEmpty = comparePositions(a.start, a.end) === 0;
  const bEmpty = comparePositions(b.start, b.end) === 0;
  if (aEmpty && bEmpty) return comparePositions(a.start, b.start) === 0;
  return comparePositions(a.start, b.end) < 0 && comparePositions(b.start, a.end) < 0;
}

function hasInternalOverlap(edits: readonly TextEdit[]): boolean {
  for (let i = 0; i < edits.length; i++) for (let j = i + 1; j < edits.length; j++) if (overlaps(edits[i].range, edits[j].range)) return true;
  return false;
}

function isFix(value: unknown): value is Fix {
  if (!value || typeof value !== 'object') return false;
  const f = value as Record<string, unknown>;
  return typeof f.title === 'string' && (f.safety === 'safe' || f.safety === 'unsafe') && Array.isArray(f.changes);
}

/**
 * A WorkspaceEdit for file changes: versioned `documentChanges` (with `CreateFile` for new files) when
 * the client supports them, else `changes`. Undefined when the client cannot apply it (file creation
 * without resource operations). Edits to the document itself are pinned to `version`, the version
 * the fix was computed for, so a client rejects them if the text moved on.
 */
export function workspaceEdit(changes: readonly FileChange[], ctx: ActionContext, version: number): WorkspaceEdit | undefined {
  if (changes.length === 0) return undefined;
  if (ctx.support.documentChanges) {
    const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
    for (const change of changes) {
      const uri = change.file === ctx.rel ? ctx.uri : ctx.uriOf(change.file);
      if (change.create) {
        if (!ctx.support.createFiles) return undefined;
        documentChanges.push(CreateFile.create(uri, { ignoreIfExists: true }));
        documentChanges.push(TextDocumentEdit.create({ uri, version: null }, change.edits));
      } else {
        const v = change.file === ctx.rel ? version : ctx.versionOf(uri);
        documentChanges.push(TextDocumentEdit.create({ uri, version: v }, change.edits));
      }
    }
    return { documentChanges };
  }
  if (changes.some((c) => c.create)) return undefined;
  const byUri: Record<string, TextEdit[]> = {};
  for (const change of changes) {
    const uri = change.file === ctx.rel ? ctx.uri : ctx.uriOf(change.file);
    (byUri[uri] ??= []).push(...change.edits);
  }
  return { changes: byUri };
}

export type { DiagnosticData };
