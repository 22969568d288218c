/**
 * Lazy access to ts-morph. `server.js` never contains it: the bundled build ships it as
 * `server/out/ts-morph.js` next to the server, required on first use; from sources (tests under tsx)
 * the package itself is required. Either way the cost (~0.4 s minified, more from sources) is paid
 * once per process, and only by workspaces with TS/JS files that pass the pre-filter.
 *
 * One in-memory Project per workspace holds the parsed files (syntax only: no lib files, no
 * resolution, no type checking); a file is re-parsed only when its text changed.
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

interface Parsed {
  text: string;
  source: ts.SourceFile;
  hasErrors: boolean;
}

interface ProjectState {
  project: Project;
  files: Map<string, Parsed>;
  parses: number;
}

const projects = new WeakMap<WorkspaceModel, ProjectState>();

function stateOf(workspace: WorkspaceModel): ProjectState {
  let state = projects.get(workspace);
  if (!state) {
    const { Project } = tsMorph();
    const project = new Project({
      useInMemoryFileSystem: true,
      skipLoadingLibFiles: true,
      skipFileDependencyResolution: true,
      skipAddingFilesFromTsConfig: true,
      compilerOptions: { allowJs: true, noResolve: true, noLib: true },
    });
    state = { project, files: new Map(), parses: 0 };
    projects.set(workspace, state);
  }
  return state;
}

/** The syntax tree of `path` with this text, parsed at most once per text. */
export function parseFile(workspace: WorkspaceModel, path: string, text: string): Parsed {
  const state = stateOf(workspace);
  const hit = state.files.get(path);
  if (hit && hit.text === text) return hit;
  if (++state.parses % 200 === 0) prune(workspace, state);
  const sourceFile = state.project.createSourceFile('/' + path, text, { overwrite: true });
  const source = sourceFile.compilerNode;
  const diagnostics = (source as unknown as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics;
  const parsed = { text, source, hasErrors: (diagnostics?.length ?? 0) > 0 };
  state.files.set(path, parsed);
  return parsed;
}

/** Parses a text outside any workspace (fix checks in tests): true when it has no syntax error. */
export function parsesCleanly(path: string, text: string): boolean {
  const { ts } = tsMorph();
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, scriptKindOf(path));
  return ((source as unknown as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics?.length ?? 0) === 0;
}

function scriptKindOf(path: string): ts.ScriptKind {
  const { ts } = tsMorph();
  if (/\.tsx$/.test(path)) return ts.ScriptKind.TSX;
  if (/\.(jsx)$/.test(path)) return ts.ScriptKind.JSX;
  if (/\.(js|mjs|cjs)$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Drops files the workspace no longer has (deleted or renamed), so a long session does not grow. */
function prune(workspace: WorkspaceModel, state: ProjectState): void {
  for (const path of [...state.files.keys()]) {
    if (workspace.file(path)) continue;
    state.files.delete(path);
    const sourceFile = state.project.getSourceFile('/' + path);
    if (sourceFile) state.project.removeSourceFile(sourceFile);
  }
}
