/**
 * Reading workspaces from disk for the language server.
 *
 * The engine's discovery (`loadWorkspaceFromDisk`) is synchronous. A large folder would freeze the
 * server for the length of the scan, so the server runs it in a worker thread (the bundle itself is
 * the worker entry, see main.ts) and rebuilds the `Workspace` from the listing and the texts the
 * worker posts back. When no worker entry is known (tests running the TypeScript sources) or the
 * worker fails, the scan runs on the main thread after yielding once to pending messages.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { ReadinessConfig } from '../engine/config';
import { kindsToRead, loadWorkspaceFromDisk } from '../engine/workspace-loader';
import { classifyPath, EXISTENCE_ONLY_KINDS } from '../workspace/classify';
import { decodeText, MAX_FILE_BYTES } from '../workspace/discover';
import { Workspace } from '../workspace/workspace';

/** What a scan found: every listed path and the text of every analysed file. Structured-clonable. */
export interface ScanResult {
  paths: string[];
  files: { path: string; text: string }[];
  skipped: { path: string; reason: string }[];
  /** Set when the root itself could not be read; the listing is then empty. */
  error?: string;
}

interface ScanRequest {
  root: string;
  editor: Partial<ReadinessConfig>;
}

/** Key of `workerData` that marks a worker started by {@link scanFolder}. */
const WORKER_KEY = 'readinessScan';

/** Scans synchronously on the calling thread. Never throws. */
export function scanInThread(root: string, editor: Partial<ReadinessConfig>, isCancelled?: () => boolean): ScanResult {
  const skipped: ScanResult['skipped'] = [];
  try {
    const ws = loadWorkspaceFromDisk(root, { editor, isCancelled, onSkip: (path, reason) => skipped.push({ path, reason }) });
    const files: ScanResult['files'] = [];
    for (const f of ws.files()) files.push({ path: f.path, text: f.text });
    return { paths: [...ws.allPaths], files, skipped };
  } catch (error) {
    return { paths: [], files: [], skipped, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Scans `root` off the main thread when `workerEntry` (a script that calls {@link runScanWorker} in
 * worker threads) is given, else on the main thread. Resolves undefined when `signal` aborts.
 */
export function scanFolder(
  root: string,
  editor: Partial<ReadinessConfig>,
  options: { workerEntry?: string; signal?: AbortSignal; log?: (message: string) => void } = {},
): Promise<ScanResult | undefined> {
  const inThread = async (): Promise<ScanResult | undefined> => {
    // Let messages already received (didOpen, requests) be handled before the blocking scan.
    await new Promise((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) return undefined;
    return scanInThread(root, editor, () => options.signal?.aborted === true);
  };
  if (!options.workerEntry) return inThread();
  return new Promise((resolve) => {
    let settled = false;
    const settle = (value: ScanResult | undefined | 'fallback') => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      if (value === 'fallback') void inThread().then(resolve);
      else resolve(value);
    };
    let worker: Worker;
    try {
      worker = new Worker(options.workerEntry!, { workerData: { [WORKER_KEY]: { root, editor } satisfies ScanRequest } });
    } catch (error) {
      options.log?.(`scan worker could not start (${(error as Error).message}); scanning on the main thread`);
      settle('fallback');
      return;
    }
    const onAbort = () => {
      void worker.terminate();
      settle(undefined);
    };
    options.signal?.addEventListener('abort', onAbort);
    worker.once('message', (result: ScanResult) => {
      settle(result);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      options.log?.(`scan worker failed (${error.message}); scanning on the main thread`);
      settle('fallback');
    });
    worker.once('exit', () => settle('fallback'));
    // The scan must not keep a shutting-down server alive.
    worker.unref();
  });
}

/** True in a worker thread started by {@link scanFolder}. */
export function isScanWorker(): boolean {
  return parentPort !== null && typeof workerData === 'object' && workerData !== null && WORKER_KEY in workerData;
}

/** Worker-thread body: scans the requested root and posts the {@link ScanResult}. */
export function runScanWorker(): void {
  const request = (workerData as Record<string, ScanRequest>)[WORKER_KEY];
  parentPort!.postMessage(scanInThread(request.root, request.editor));
}

/** Rebuilds a workspace from a scan. */
export function workspaceFromScan(root: string, result: ScanResult): Workspace {
  const ws = new Workspace(root);
  for (const path of result.paths) ws.addPath(path);
  for (const file of result.files) ws.setText(file.path, file.text, 0);
  return ws;
}

/** Reads one file for the workspace model: no text when absent, a directory, too large, binary or unreadable. */
export function readAnalysedFile(absolute: string): { text?: string; exists: boolean; isDirectory?: boolean; reason?: string } {
  try {
    const stat = statSync(absolute);
    if (stat.isDirectory()) return { exists: true, isDirectory: true };
    if (!stat.isFile()) return { exists: false };
    if (stat.size > MAX_FILE_BYTES) return { exists: true, reason: 'too large' };
    const bytes = readFileSync(absolute);
    if (bytes.subarray(0, 8192).includes(0)) return { exists: true, reason: 'binary' };
    return { exists: true, text: decodeText(bytes) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { exists: code !== 'ENOENT' && code !== 'ENOTDIR', reason: code ?? 'unreadable' };
  }
}

/** Whether the engine needs the text of files of this path's kind (else only their existence). */
export function isReadKind(path: string, kinds: ReadonlySet<string> = kindsToRead()): boolean {
  const kind = classifyPath(path);
  return !EXISTENCE_ONLY_KINDS.has(kind) && kinds.has(kind);
}

/**
 * Lists one directory (not recursively) into `ws`: the cheap first look at a document's surroundings
 * (its `.dockerignore`, the root's `.readiness.yaml`) before, or instead of, a full scan.
 */
export function primeDirectory(ws: Workspace, absoluteDir: string, relativeDir: string): void {
  let names: string[];
  try {
    names = readdirSync(absoluteDir, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name);
  } catch {
    return;
  }
  const kinds = kindsToRead();
  for (const name of names.slice(0, 5_000)) {
    const path = relativeDir ? `${relativeDir}/${name}` : name;
    if (ws.allPaths.has(path)) continue;
    ws.addPath(path);
    if (!isReadKind(path, kinds)) continue;
    const read = readAnalysedFile(join(absoluteDir, name));
    if (read.text !== undefined) ws.setText(path, read.text, 0);
  }
}
