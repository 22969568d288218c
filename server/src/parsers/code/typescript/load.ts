/**
 * Lazy access to ts-morph and the TypeScript compiler it bundles. `server.js` never contains them:
 * the build ships them as `server/out/ts-morph.js` next to the server, required on first use; from
 * sources (tests under tsx) the package itself is required. Either way the cost (~0.4 s minified,
 * ~1 s from sources) is paid once per process, and only by workspaces with TS/JS files that pass the
 * pre-filter. Syntax only: no lib files, no module resolution, no type checking.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Project, ts } from 'ts-morph';
import type { WorkspaceModel } from '../../../workspace/model';

export type TsMorph = { Project: typeof Project; ts: typeof ts };

let loaded: TsMorph | undefined;
let loadMs = 0;

export function tsMorph(): TsMorph {
  if (loaded) return loaded;
  const started = performance.now();
  const bundled = typeof __dirname === 'string' ? join(__dirname, 'ts-morph.js') : '';
  // A variable, so that esbuild leaves this require alone instead of bundling the compiler in.
  const fromSources = 'ts-morph';
  loaded = (bundled && existsSync(bundled) ? require(bundled) : require(fromSources)) as TsMorph;
  loadMs = performance.now() - started;
  return loaded;
}

/** Milliseconds the first `tsMorph()` took (0 before it ran): reported by benchmarks. */
export function tsMorphLoadMs(): number {
  return loadMs;
}

export function isTsMorphLoaded(): boolean {
  return loaded !== undefined;
}

export interface Parsed {
  text: string;
  source: ts.SourceFile;
  hasErrors: boolean;
  /** Import/constant tables, built on first use (fix builders ask for them several times per version). */
  bindings?: unknown;
}

/**
 * Parsed files per workspace, one entry per path, replaced when the text changes. Parsing goes
 * straight to the compiler's `createSourceFile` (ts-morph's bundled TypeScript), not through a
 * ts-morph Project: for a syntax-only read the Project adds nothing but cost — measured on a
 * 2,000-line file, `project.createSourceFile(…, { overwrite: true })` takes 64 ms at p50 and 400 ms
 * at p95 (it re-wraps and forgets the previous tree), `ts.createSourceFile` 22 ms and 53 ms.
 */
const workspaces = new WeakMap<WorkspaceModel, { files: Map<string, Parsed>; parses: number }>();

/** The syntax tree of `path` with this text, parsed at most once per text. */
export function parseFile(workspace: WorkspaceModel, path: string, text: string): Parsed {
  let state = workspaces.get(workspace);
  if (!state) workspaces.set(workspace, (state = { files: new Map(), parses: 0 }));
  const hit = state.files.get(path);
  if (hit && hit.text === text) return hit;
  if (++state.parses % 200 === 0) prune(workspace, state.files);
  const { ts } = tsMorph();
  const source = ts.createSourceFile('/' + path, text, ts.ScriptTarget.Latest, true, scriptKindOf(path));
  const parsed: Parsed = { text, source, hasErrors: parseErrors(source) > 0 };
  state.files.set(path, parsed);
  return parsed;
}

function parseErrors(source: ts.SourceFile): number {
  return (source as unknown as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics?.length ?? 0;
}

/** Parses a text outside any workspace (fix checks in tests): true when it has no syntax error. */
export function parsesCleanly(path: string, text: string): boolean {
  const { ts } = tsMorph();
  return parseErrors(ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, scriptKindOf(path))) === 0;
}

function scriptKindOf(path: string): ts.ScriptKind {
  const { ts } = tsMorph();
  if (/\.tsx$/.test(path)) return ts.ScriptKind.TSX;
  if (/\.jsx$/.test(path)) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Drops files the workspace no longer has (deleted or renamed), so a long session does not grow. */
function prune(workspace: WorkspaceModel, files: Map<string, Parsed>): void {
  for (const path of [...files.keys()]) if (!workspace.file(path)) files.delete(path);
}
