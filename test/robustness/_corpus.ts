/**
 * The corpus of the robustness tests: every fixture project under test/fixtures and the examples/
 * project, loaded the way the CLI loads them (discovery, .gitignore, kinds), kept as plain data so it
 * can cross into a worker thread.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Finding, Position, Range } from '../../server/src/core/types';
import { applyConfig, loadWorkspaceFromDisk } from '../../server/src/engine/workspace-loader';
import { LineIndex } from '../../server/src/workspace/line-index';
import { Workspace } from '../../server/src/workspace/workspace';

export const REPO = join(__dirname, '../..');

export interface Project {
  /** Workspace-relative to the repository, e.g. `test/fixtures/compose/shop`. */
  name: string;
  root: string;
  /** Every listed path (analysed or not: lockfiles and other existence-only files count for rules). */
  paths: string[];
  /** Texts of the analysed files. */
  files: Record<string, string>;
}

/** Fixture projects are the first directories, walking down test/fixtures, that hold a file or a `.github` folder. */
export function projectRoots(): string[] {
  const roots: string[] = [join(REPO, 'examples')];
  (function walk(dir: string) {
    const entries = readdirSync(dir).sort();
    if (entries.includes('.github') || entries.some((e) => statSync(join(dir, e)).isFile())) {
      roots.push(dir);
      return;
    }
    for (const e of entries) walk(join(dir, e));
  })(join(REPO, 'test/fixtures'));
  return roots;
}

export function loadProject(root: string): Project {
  const ws = loadWorkspaceFromDisk(root);
  const files: Record<string, string> = {};
  for (const f of ws.files()) files[f.path] = f.text;
  return { name: relative(REPO, root), root, paths: [...ws.allPaths], files };
}

export function loadCorpus(): Project[] {
  return projectRoots().map(loadProject);
}

/** A workspace with the project's listing and the given texts (which may add or replace files). */
export function workspaceOf(paths: readonly string[], files: Record<string, string>): Workspace {
  const ws = new Workspace('/virtual');
  for (const p of paths) ws.addPath(p);
  for (const [p, t] of Object.entries(files)) ws.setText(p, t);
  applyConfig(ws);
  return ws;
}

function positionProblem(what: string, pos: Position, lines: LineIndex): string | undefined {
  if (!Number.isInteger(pos.line) || !Number.isInteger(pos.character) || pos.line < 0 || pos.character < 0) return `${what} ${JSON.stringify(pos)} is not a valid position`;
  if (pos.line >= lines.lineCount) return `${what} line ${pos.line} ≥ line count ${lines.lineCount}`;
  const length = lines.lineText(pos.line).length;
  if (pos.character > length) return `${what} ${pos.line}:${pos.character} past the end of the line (length ${length})`;
  return undefined;
}

/** Why a range does not lie inside a document, or undefined when it does. */
export function rangeProblem(range: Range, text: string | LineIndex): string | undefined {
  // Callers checking many ranges of one text pass its LineIndex: building one per range is quadratic.
  const lines = typeof text === 'string' ? new LineIndex(text) : text;
  const problem = positionProblem('start', range.start, lines) ?? positionProblem('end', range.end, lines);
  if (problem) return problem;
  if (range.start.line > range.end.line || (range.start.line === range.end.line && range.start.character > range.end.character)) return `start ${JSON.stringify(range.start)} after end ${JSON.stringify(range.end)}`;
  return undefined;
}

/** Every finding, related location and fix edit range that falls outside its document. */
export function outOfRange(findings: readonly Finding[], textOf: (path: string) => string | undefined): string[] {
  const out: string[] = [];
  const indexes = new Map<string, LineIndex>();
  const check = (what: string, file: string, range: Range) => {
    const text = textOf(file);
    if (text === undefined) return; // A file that is only listed (no text): nothing to check against.
    let lines = indexes.get(file);
    if (!lines) indexes.set(file, (lines = new LineIndex(text)));
    const problem = rangeProblem(range, lines);
    if (problem) out.push(`${what} in ${file}: ${problem}`);
  };
  for (const f of findings) {
    if (f.file !== null) check(`${f.rule} finding`, f.file, f.range);
    for (const r of f.related) check(`${f.rule} related location`, r.file, r.range);
    for (const fix of f.fixes) {
      for (const change of fix.changes) {
        if (change.create) continue;
        for (const e of change.edits) check(`${f.rule} fix "${fix.title}" edit`, change.file, e.range);
      }
    }
  }
  return out;
}

/** Writes a failing input (and how it was made) under test-output/robustness/, to replay it. */
export function saveReproducer(name: string, text: string, recipe: unknown): string {
  const dir = join(REPO, 'test-output/robustness');
  mkdirSync(dir, { recursive: true });
  const base = join(dir, name.replace(/[^\w.-]+/g, '_'));
  writeFileSync(base, text);
  writeFileSync(`${base}.json`, JSON.stringify(recipe, null, 2));
  return base;
}
