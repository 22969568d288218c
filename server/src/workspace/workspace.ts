import type { FileKind, Range } from '../core/types';
import { DEFAULT_CONFIG, type ReadinessConfig } from '../engine/config';
import type { DockerfileModel } from '../parsers/dockerfile/model';
import { parseDockerfile } from '../parsers/dockerfile/parse';
import { classifyPath } from './classify';
import { environmentOfPath, environmentOfStage } from './environment';
import { LineIndex } from './line-index';
import type { Environment, SourceFile, WorkspaceModel } from './model';

/**
 * The mutable workspace behind the model: the listing of every path, the texts of analysed files and
 * a per-version cache of parsed models. The CLI fills it once from disk; the language server keeps it
 * in sync with open documents and watched-file events.
 */
export class Workspace implements WorkspaceModel {
  private readonly paths = new Set<string>();
  private readonly children = new Map<string, Set<string>>([['', new Set()]]);
  private readonly sources = new Map<string, SourceFile>();
  /** Analysed files by kind, in insertion order: rules ask for "every compose file" very often. */
  private readonly byKind = new Map<FileKind, Map<string, SourceFile>>();
  private readonly parsed = new Map<string, { version: number; text: string; model: unknown }>();
  /** Bumped whenever a file of the kind changes, so workspace-rule results can be cached. */
  private readonly kindGenerations = new Map<FileKind, number>();
  private generation = 0;

  constructor(
    readonly root: string,
    public config: ReadinessConfig = DEFAULT_CONFIG,
  ) {}

  // ---- mutation -------------------------------------------------------------------------------

  /** Records that a path exists (without reading it). */
  addPath(path: string): void {
    if (this.paths.has(path)) return;
    this.paths.add(path);
    let child = path;
    for (;;) {
      const slash = child.lastIndexOf('/');
      const dir = slash >= 0 ? child.slice(0, slash) : '';
      const name = child.slice(slash + 1);
      let set = this.children.get(dir);
      if (!set) this.children.set(dir, (set = new Set()));
      // Once a directory already lists this child, its ancestors are registered too.
      if (set.has(name)) break;
      set.add(name);
      if (dir === '') break;
      child = dir;
    }
    this.touch(classifyPath(path));
  }

  setText(path: string, text: string, version = 0): SourceFile {
    this.addPath(path);
    const previous = this.sources.get(path);
    if (previous && previous.text === text) {
      previous.version = version;
      return previous;
    }
    const file: SourceFile = { path, kind: classifyPath(path), text, version, lines: new LineIndex(text) };
    this.sources.set(path, file);
    let ofKind = this.byKind.get(file.kind);
    if (!ofKind) this.byKind.set(file.kind, (ofKind = new Map()));
    ofKind.set(path, file);
    this.touch(file.kind);
    return file;
  }

  remove(path: string): void {
    const hadPath = this.paths.delete(path);
    const source = this.sources.get(path);
    if (source) this.byKind.get(source.kind)?.delete(path);
    this.sources.delete(path);
    this.parsed.delete(path);
    if (!hadPath) return;
    const slash = path.lastIndexOf('/');
    this.children.get(slash >= 0 ? path.slice(0, slash) : '')?.delete(path.slice(slash + 1));
    this.touch(classifyPath(path));
  }

  private touch(kind: FileKind): void {
    this.generation++;
    this.kindGenerations.set(kind, (this.kindGenerations.get(kind) ?? 0) + 1);
  }

  /** A key that changes whenever a file of one of the kinds changes. */
  generationOf(kinds: readonly FileKind[]): string {
    return kinds.map((k) => this.kindGenerations.get(k) ?? 0).join('.') + ':' + this.configGeneration;
  }

  private configGeneration = 0;
  private problems: readonly { file: string; range: Range; message: string }[] = [];
  setConfig(config: ReadinessConfig, problems: readonly { file: string; range: Range; message: string }[] = []): void {
    this.config = config;
    this.problems = problems;
    this.configGeneration++;
  }

  configProblems(): readonly { file: string; range: Range; message: string }[] {
    return this.problems;
  }

  get allPaths(): ReadonlySet<string> {
    return this.paths;
  }

  // ---- WorkspaceModel -------------------------------------------------------------------------

  files(): Iterable<SourceFile> {
    return this.sources.values();
  }

  filesOfKind(kind: FileKind): SourceFile[] {
    const ofKind = this.byKind.get(kind);
    return ofKind ? [...ofKind.values()] : [];
  }

  file(path: string): SourceFile | undefined {
    return this.sources.get(path);
  }

  exists(path: string): boolean {
    const p = normalize(path);
    return p === '' || this.paths.has(p) || this.children.has(p);
  }

  isDirectory(path: string): boolean {
    const p = normalize(path);
    return this.children.has(p) && !this.paths.has(p);
  }

  listDir(dir: string): string[] {
    return [...(this.children.get(normalize(dir)) ?? [])];
  }

  dockerfile(path: string): DockerfileModel | undefined {
    const file = this.sources.get(path);
    if (!file || file.kind !== 'dockerfile') return undefined;
    return this.cached(file, () => parseDockerfile(file.path, file.text));
  }

  private readonly memos = new Map<string, { key: string; value: unknown }>();

  memo<T>(name: string, kinds: readonly FileKind[], build: () => T): T {
    const key = this.generationOf(kinds);
    const hit = this.memos.get(name);
    if (hit && hit.key === key) return hit.value as T;
    const value = build();
    this.memos.set(name, { key, value });
    return value;
  }

  /** Per-version cache shared by every parser: a model is built at most once per file version. */
  cached<T>(file: SourceFile, build: () => T, slot = ''): T {
    const key = slot ? `${file.path}\u0000${slot}` : file.path;
    const hit = this.parsed.get(key);
    if (hit && hit.text === file.text) return hit.model as T;
    const model = build();
    this.parsed.set(key, { version: file.version, text: file.text, model });
    return model;
  }

  environmentOf(path: string): Environment {
    return environmentOfPath(path, this.config.environments);
  }

  stageEnvironment(path: string, stageName: string | undefined): Environment {
    return environmentOfStage(this.environmentOf(path), stageName);
  }
}

/** Removes `./`, duplicate and trailing slashes; resolves `..` inside the workspace. */
export function normalize(path: string): string {
  const parts: string[] = [];
  for (const seg of path.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}
