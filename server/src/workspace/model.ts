import type { FileKind, Range } from '../core/types';
import type { DockerfileModel } from '../parsers/dockerfile/model';
import type { LineIndex } from './line-index';

/** A workspace file whose text was read (analysed kinds only). */
export interface SourceFile {
  /** Relative to the workspace root, `/` separators. */
  path: string;
  kind: FileKind;
  text: string;
  /** Bumped by the LSP on every edit; 0 for files read from disk. */
  version: number;
  lines: LineIndex;
}

export type Environment = 'production' | 'development';

/**
 * Everything rules may know about the workspace. Parsed models are computed lazily and cached per
 * file version, so a rule asking for a Dockerfile it does not need costs nothing.
 */
export interface WorkspaceModel {
  /** Absolute path of the root (informational; rules never do I/O). */
  readonly root: string;
  /** Analysed files (their text is loaded). */
  files(): Iterable<SourceFile>;
  filesOfKind(kind: FileKind): SourceFile[];
  file(path: string): SourceFile | undefined;
  /** Whether a path (file or directory) exists in the workspace listing, analysed or not. */
  exists(path: string): boolean;
  isDirectory(path: string): boolean;
  /** Immediate children names of a directory ('' for the root). */
  listDir(dir: string): string[];
  /** Parsed Dockerfile model (cached per version); undefined when the path is not a Dockerfile. */
  dockerfile(path: string): DockerfileModel | undefined;
  /** Production or development, from `.readiness.yaml` environments or the default name patterns. */
  environmentOf(path: string): Environment;
  /** Stage names `dev*`, `test*`, `debug*` are development; the rest follow the file. */
  stageEnvironment(path: string, stageName: string | undefined): Environment;
  /**
   * A workspace-wide derived value (an index, every deployment…), rebuilt only after a file of one of
   * `kinds` changed. `name` identifies the value.
   */
  memo<T>(name: string, kinds: readonly FileKind[], build: () => T): T;
  /** Builds a derived model at most once per file version (`slot` distinguishes models of one file). */
  cached<T>(file: SourceFile, build: () => T, slot?: string): T;
  /** Problems found in `.readiness.yaml` (reported by the `config/invalid-config` rule). */
  configProblems(): readonly { file: string; range: Range; message: string }[];
}
