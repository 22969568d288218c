/**
 * Open documents and their place in the workspace model. An open document's text overrides the disk
 * text in its root's workspace; closing it restores the disk text (or removes the path if the file
 * is gone). Documents over the engine's size cap are listed but never analysed.
 */
import { join } from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILES } from '../engine/workspace-loader';
import { classifyPath } from '../workspace/classify';
import { MAX_FILE_BYTES } from '../workspace/discover';
import { pathKey, uriToPath } from './paths';
import type { Root, RootSet } from './roots';
import { isReadKind, readAnalysedFile } from './scan';
import type { ReadinessConfig } from '../engine/config';

/** What the server knows about one open document. */
export interface OpenDoc {
  readonly uri: string;
  /** Absolute file-system path. */
  readonly path: string;
  root: Root;
  /** Path relative to `root`, `/` separators. */
  rel: string;
  /** The text is over {@link MAX_FILE_BYTES}: no diagnostics. */
  tooLarge: boolean;
  /** The path's kind is one we analyse (classifyPath !== 'other'). */
  analysed: boolean;
}

export interface DocumentUpdate {
  doc: OpenDoc;
  /** The text differs from what the workspace held. */
  changed: boolean;
  /** The document is the root's `.readiness.yaml`, so the configuration was re-read. */
  configChanged: boolean;
}

/** Whether a workspace-relative path is the root's configuration file. */
export function isConfigPath(rel: string): boolean {
  return CONFIG_FILES.includes(rel);
}

export class OpenDocuments {
  private readonly byUri = new Map<string, OpenDoc>();
  private readonly warnedTooLarge = new Set<string>();

  constructor(
    private readonly roots: RootSet,
    private readonly windowSettings: () => Partial<ReadinessConfig>,
    private readonly log: (message: string) => void,
  ) {}

  get(uri: string): OpenDoc | undefined {
    return this.byUri.get(uri);
  }

  all(): OpenDoc[] {
    return [...this.byUri.values()];
  }

  inRoot(root: Root): OpenDoc[] {
    return this.all().filter((d) => d.root === root);
  }

  /** The client's URI for an absolute path when that file is open (clients compare URIs as strings). */
  uriOfPath(path: string): string | undefined {
    const key = pathKey(path);
    for (const d of this.byUri.values()) if (pathKey(d.path) === key) return d.uri;
    return undefined;
  }

  /** Records an opened or edited document; undefined for URIs we do not analyse (not `file:`). */
  update(text: TextDocument): DocumentUpdate | undefined {
    let doc = this.byUri.get(text.uri);
    if (!doc) {
      const path = uriToPath(text.uri);
      if (!path) return undefined;
      const root = this.roots.rootFor(path, true, this.windowSettings())!;
      const rel = root.relative(path) ?? path;
      doc = { uri: text.uri, path, root, rel, tooLarge: false, analysed: classifyPath(rel) !== 'other' };
      this.byUri.set(text.uri, doc);
    }
    return { doc, ...this.writeText(doc, text.getText(), text.version) };
  }

  /** Puts an open document's text into its root's workspace. */
  writeText(doc: OpenDoc, text: string, version: number): { changed: boolean; configChanged: boolean } {
    const ws = doc.root.workspace;
    const tooLarge = text.length > MAX_FILE_BYTES || Buffer.byteLength(text) > MAX_FILE_BYTES;
    doc.tooLarge = tooLarge;
    let changed: boolean;
    if (tooLarge) {
      if (!this.warnedTooLarge.has(doc.uri)) {
        this.warnedTooLarge.add(doc.uri);
        this.log(`${doc.rel} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; it is not analysed`);
      }
      changed = ws.file(doc.rel) !== undefined;
      if (changed) ws.remove(doc.rel);
      ws.addPath(doc.rel);
    } else {
      changed = ws.file(doc.rel)?.text !== text;
      ws.setText(doc.rel, text, version);
    }
    const configChanged = changed && isConfigPath(doc.rel);
    if (configChanged) doc.root.reconfigure();
    return { changed, configChanged };
  }

  /**
   * Forgets a closed document: its disk text replaces the editor's (or its path is removed when the
   * file no longer exists). Returns what closed, so callers can clear its diagnostics.
   */
  close(uri: string): { doc: OpenDoc; changed: boolean; configChanged: boolean } | undefined {
    const doc = this.byUri.get(uri);
    if (!doc) return undefined;
    this.byUri.delete(uri);
    this.warnedTooLarge.delete(uri);
    const result = this.restoreFromDisk(doc.root, doc.rel);
    if (!doc.root.isFolder && this.inRoot(doc.root).length === 0) this.roots.dropAdHoc(doc.root);
    return { doc, ...result };
  }

  /** Re-reads a path from disk into a root's workspace (unless it is open, which wins). */
  restoreFromDisk(root: Root, rel: string): { changed: boolean; configChanged: boolean } {
    const ws = root.workspace;
    if (this.all().some((d) => d.root === root && d.rel === rel)) return { changed: false, configChanged: false };
    const before = ws.file(rel)?.text;
    const hadPath = ws.allPaths.has(rel);
    const read = readAnalysedFile(join(root.path, rel));
    if (read.isDirectory) return { changed: false, configChanged: false };
    if (!read.exists) {
      ws.remove(rel);
    } else if (read.text !== undefined && isReadKind(rel)) {
      ws.setText(rel, read.text, 0);
    } else {
      // Listed but not read (a lockfile, a binary, an oversized file): existence only.
      if (before !== undefined) ws.remove(rel);
      ws.addPath(rel);
    }
    const changed = before !== ws.file(rel)?.text || hadPath !== ws.allPaths.has(rel);
    const configChanged = changed && isConfigPath(rel);
    if (configChanged) root.reconfigure();
    return { changed, configChanged };
  }

  /** A deleted path that may have been a directory: forgets it and everything listed under it. */
  removeTree(root: Root, rel: string): boolean {
    const ws = root.workspace;
    const prefix = `${rel}/`;
    const doomed = [...ws.allPaths].filter((p) => p === rel || p.startsWith(prefix));
    let changed = false;
    for (const path of doomed) changed = this.restoreFromDisk(root, path).changed || changed;
    return changed;
  }

  /** Writes every open document of `root` over its (freshly scanned) workspace. */
  overlay(root: Root, texts: (uri: string) => TextDocument | undefined): void {
    for (const doc of this.inRoot(root)) {
      const text = texts(doc.uri);
      if (text) this.writeText(doc, text.getText(), text.version);
    }
  }

  /**
   * Moves open documents to the root they now belong to (after workspace folders changed); their
   * text leaves the old root's workspace. Returns the documents that moved.
   */
  rehome(texts: (uri: string) => TextDocument | undefined): OpenDoc[] {
    const moved: OpenDoc[] = [];
    for (const doc of this.all()) {
      const root = this.roots.rootFor(doc.path, true, this.windowSettings())!;
      if (root === doc.root) continue;
      const old = doc.root;
      doc.root = root;
      doc.rel = root.relative(doc.path) ?? doc.path;
      this.restoreFromDisk(old, old.relative(doc.path) ?? doc.rel);
      if (!old.isFolder && this.inRoot(old).length === 0) this.roots.dropAdHoc(old);
      const text = texts(doc.uri);
      if (text) this.writeText(doc, text.getText(), text.version);
      moved.push(doc);
    }
    return moved;
  }
}
