import { closeSync, openSync, readFileSync, readSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { FileKind } from '../core/types';
import { globToRegExp, matchesAny } from '../core/glob';
import { classifyPath, EXISTENCE_ONLY_KINDS } from './classify';
import type { Workspace } from './workspace';

/** Directories that never hold what we analyse, or hold someone else's code. */
const SKIPPED_DIRS = new Set([
  'node_modules', '.git', '.hg', '.svn', 'vendor', 'third_party', 'bower_components', '__pycache__', '.venv', 'venv',
  '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.next', '.nuxt', '.svelte-kit', 'coverage', '.terraform',
  '.idea', '.vscode-test', '.gradle', '.cache', '.yarn', '.pnpm-store', 'site-packages', '.turbo', '.parcel-cache',
]);

export const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_FILES = 200_000;

export interface DiscoveryOptions {
  /** Kinds whose text must be read; other files are only listed. */
  readKinds: ReadonlySet<FileKind>;
  ignore: readonly string[];
  /** Called for files that were skipped for a reason worth telling (too large, unreadable). */
  onSkip?: (path: string, reason: string) => void;
  /** Checked between directories; return true to stop early. */
  isCancelled?: () => boolean;
}

interface IgnoreRule {
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

/** Parses a .gitignore relative to its directory (simplified: no escaped trailing spaces). */
function parseGitignore(text: string, base: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    const anchored = line.startsWith('/') || line.replace(/\/$/, '').includes('/');
    let pattern = line.replace(/^\//, '').replace(/\/$/, '');
    if (!anchored) pattern = '**/' + pattern;
    if (base) pattern = base + '/' + pattern;
    rules.push({ regex: globToRegExp('/' + pattern), negate, dirOnly });
  }
  return rules;
}

function isIgnored(path: string, isDir: boolean, rules: readonly IgnoreRule[]): boolean {
  let ignored = false;
  for (const r of rules) {
    if (r.dirOnly && !isDir) continue;
    if (r.regex.test(path)) ignored = !r.negate;
  }
  return ignored;
}

/** Throws (like the read that follows would) when the file cannot be opened. */
function looksBinary(absolute: string): boolean {
  const fd = openSync(absolute, 'r');
  try {
    const buf = Buffer.alloc(8192);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).includes(0);
  } finally {
    closeSync(fd);
  }
}

/** Decodes bytes as UTF-8 with replacement characters (never throws) and strips a BOM. */
export function decodeText(bytes: Buffer): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Lists the workspace into `workspace`: every path is recorded, files of `readKinds` are read.
 * Never throws for unreadable entries; the root itself must be a readable directory (checked by callers).
 */
export function discoverWorkspace(workspace: Workspace, options: DiscoveryOptions): { listed: number; read: number } {
  let listed = 0;
  let read = 0;
  const stack: { dir: string; rules: IgnoreRule[] }[] = [{ dir: '', rules: [] }];
  while (stack.length) {
    if (options.isCancelled?.()) break;
    const { dir, rules: inherited } = stack.pop()!;
    const absoluteDir = join(workspace.root, dir);
    let entries: Dirent[];
    try {
      entries = readdirSync(absoluteDir, { withFileTypes: true });
    } catch (err) {
      options.onSkip?.(dir || '.', `unreadable directory (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      continue;
    }
    let rules = inherited;
    const gitignore = entries.find((e) => e.name === '.gitignore' && e.isFile());
    if (gitignore) {
      try {
        rules = inherited.concat(parseGitignore(readFileSync(join(absoluteDir, '.gitignore'), 'utf8'), dir));
      } catch {
        /* an unreadable .gitignore ignores nothing */
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      // Symlinks are not followed: they can loop or leave the workspace.
      if (entry.isDirectory()) {
        if (SKIPPED_DIRS.has(entry.name)) continue;
        if (isIgnored(path, true, rules) || matchesAny(path, options.ignore)) continue;
        stack.push({ dir: path, rules });
        continue;
      }
      if (!entry.isFile()) continue;
      const kind = classifyPath(path);
      // Ignored files are still listed when they are facts (a lockfile, an ignored .env) but never analysed.
      const gitIgnored = isIgnored(path, false, rules);
      if (matchesAny(path, options.ignore)) continue;
      if (listed >= MAX_FILES) {
        options.onSkip?.(path, `workspace listing capped at ${MAX_FILES} files`);
        return { listed, read };
      }
      if (gitIgnored && kind !== 'env' && kind !== 'lockfile') continue;
      workspace.addPath(path);
      listed++;
      // YAML that is not named like anything we analyse may still be pulled in by a compose
      // `include:`/`extends: file:` or a GitLab `include: local:`, so its text is kept too.
      const includable = kind === 'other' && /\.ya?ml$/i.test(entry.name) && (options.readKinds.has('compose') || options.readKinds.has('gitlab-ci'));
      if (gitIgnored || (!includable && (EXISTENCE_ONLY_KINDS.has(kind) || !options.readKinds.has(kind)))) continue;
      const absolute = join(workspace.root, path);
      try {
        const size = statSync(absolute).size;
        if (size > MAX_FILE_BYTES) {
          options.onSkip?.(path, `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
          continue;
        }
        if (looksBinary(absolute)) continue;
        workspace.setText(path, decodeText(readFileSync(absolute)));
        read++;
      } catch (err) {
        options.onSkip?.(path, `unreadable (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
  }
  return { listed, read };
}

/** Whether .gitignore rules of the workspace ignore a path (used by project/env-file-committed). */
export function gitignoreMatcher(texts: { dir: string; text: string }[]): (path: string) => boolean {
  const rules = texts.flatMap((t) => parseGitignore(t.text, t.dir));
  return (path) => isIgnored(path, false, rules);
}
