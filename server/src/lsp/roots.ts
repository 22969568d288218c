/**
 * The server's workspaces: one per workspace folder (scanned from disk in the background) and one
 * ad-hoc workspace per directory for files outside every folder (single-file mode: the directory of
 * the file is listed shallowly, so a `.dockerignore` next to a Dockerfile still counts). Each
 * workspace keeps its own workspace-rule cache and editor settings.
 */
import { basename, dirname } from 'node:path';
import { WorkspaceRuleCache } from '../engine/analyze';
import type { ReadinessConfig } from '../engine/config';
import { applyConfig } from '../engine/workspace-loader';
import { Workspace } from '../workspace/workspace';
import { pathKey, relativeTo } from './paths';
import { primeDirectory } from './scan';

export type ScanState = 'pending' | 'running' | 'done';

/** One analysed tree: a workspace folder or an ad-hoc directory. */
export class Root {
  workspace: Workspace;
  cache = new WorkspaceRuleCache();
  /** Sanitized editor settings for this root (merged over `.readiness.yaml` by `applyConfig`). */
  editor: Partial<ReadinessConfig> = {};
  scan: ScanState;
  /** Resolves when the background scan finished (immediately for ad-hoc roots). */
  readonly scanned: Promise<void>;
  markScanned!: () => void;
  /** Paths reported by watched-file events while the scan ran: re-read once its result is in. */
  readonly changedDuringScan = new Set<string>();
  /** Aborts the background scan when the folder is removed or the server shuts down. */
  readonly abort = new AbortController();

  constructor(
    /** Absolute file-system path. */
    readonly path: string,
    /** The folder URI as the client sent it; null for ad-hoc roots. */
    readonly uri: string | null,
    readonly name: string,
  ) {
    this.workspace = new Workspace(path);
    this.scan = uri === null ? 'done' : 'pending';
    this.scanned = new Promise((resolve) => (this.markScanned = resolve));
    if (uri === null) this.markScanned();
  }

  get isFolder(): boolean {
    return this.uri !== null;
  }

  /** Replaces the workspace (after a scan); cached workspace-rule results belong to the old one. */
  replaceWorkspace(ws: Workspace): void {
    this.workspace = ws;
    this.cache = new WorkspaceRuleCache();
    this.reconfigure();
  }

  /** Re-reads `.readiness.yaml` from the workspace and applies the editor settings over it. */
  reconfigure(): void {
    applyConfig(this.workspace, this.editor);
  }

  /** Workspace-relative path of an absolute path, undefined outside the root. */
  relative(path: string): string | undefined {
    const rel = relativeTo(this.path, path);
    return rel === '' ? undefined : rel;
  }
}

export class RootSet {
  private folders: Root[] = [];
  private readonly adHoc = new Map<string, Root>();

  /** Workspace folders, outermost first (so the deepest match is found by scanning backwards). */
  get folderRoots(): readonly Root[] {
    return this.folders;
  }

  get adHocRoots(): Root[] {
    return [...this.adHoc.values()];
  }

  all(): Root[] {
    return [...this.folders, ...this.adHoc.values()];
  }

  /** Sets the workspace folders; returns the roots that were added and removed. */
  setFolders(folders: readonly { path: string; uri: string; name: string }[]): { added: Root[]; removed: Root[] } {
    const wanted = new Map(folders.map((f) => [pathKey(f.path), f]));
    const removed = this.folders.filter((r) => !wanted.has(pathKey(r.path)));
    const kept = this.folders.filter((r) => wanted.has(pathKey(r.path)));
    const keptKeys = new Set(kept.map((r) => pathKey(r.path)));
    const added = [...wanted.entries()].filter(([k]) => !keptKeys.has(k)).map(([, f]) => new Root(f.path, f.uri, f.name));
    this.folders = [...kept, ...added].sort((a, b) => a.path.length - b.path.length);
    for (const r of removed) r.abort.abort();
    return { added, removed };
  }

  /** The innermost workspace folder containing `path`. */
  folderFor(path: string): Root | undefined {
    for (let i = this.folders.length - 1; i >= 0; i--) {
      if (this.folders[i].relative(path) !== undefined) return this.folders[i];
    }
    return undefined;
  }

  /** The root a document belongs to: its workspace folder, else the ad-hoc root of its directory. */
  rootFor(path: string, create: boolean, editor: Partial<ReadinessConfig>): Root | undefined {
    const folder = this.folderFor(path);
    if (folder) return folder;
    const dir = dirname(path);
    let root = this.adHoc.get(pathKey(dir));
    if (!root && create) {
      root = new Root(dir, null, basename(dir) || dir);
      root.editor = editor;
      primeDirectory(root.workspace, dir, '');
      root.reconfigure();
      this.adHoc.set(pathKey(dir), root);
    }
    return root;
  }

  /** Forgets an ad-hoc root (when its last open document closed). */
  dropAdHoc(root: Root): void {
    if (!root.isFolder) this.adHoc.delete(pathKey(root.path));
  }

  /** Every root whose tree contains `path` (a watched-file event may concern several nested folders). */
  rootsContaining(path: string): Root[] {
    return this.all().filter((r) => r.relative(path) !== undefined);
  }

  dispose(): void {
    for (const r of this.folders) r.abort.abort();
  }
}
