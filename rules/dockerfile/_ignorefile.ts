import { MAX_REGEX_WILDCARDS, NEVER_MATCHES, wildcardMatcher } from '../../server/src/core/glob';
/**
 * `.dockerignore` semantics as BuildKit applies them (moby/patternmatcher): one pattern per line,
 * `#` comment lines, `!` re-includes, a leading `/` is the context root, `**` spans directories,
 * the last matching pattern wins, and a pattern matching a directory excludes everything under it.
 */
import type { WorkspaceModel } from '../../server/src/workspace/model';
import { dirOf, joinPath } from './_b';

interface Pattern {
  negated: boolean;
  regex: RegExp;
  text: string;
  line: number;
}

export interface DockerIgnore {
  /** Workspace path of the file that applies, or undefined when there is none. */
  path: string | undefined;
  patterns: Pattern[];
  excludes(relativePath: string): boolean;
}

function clean(pattern: string): string {
  const parts: string[] = [];
  for (const seg of pattern.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

/** A Go `filepath.Match`-style glob (plus `**`) as an anchored regex; also used for COPY sources. */
export function toRegex(pattern: string): RegExp {
  // Star runs and wildcard-heavy or huge patterns would backtrack (or overflow V8's regex limits):
  // those are matched by the linear matcher with the same anchored, whole-path meaning.
  pattern = pattern.replace(/\*{3,}/g, '**');
  if (pattern.length > 1024) return NEVER_MATCHES;
  if ((pattern.match(/\*+/g)?.length ?? 0) > MAX_REGEX_WILDCARDS) return wildcardMatcher(pattern, { anchored: true, subpaths: false });
  let out = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else out += '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        let cls = pattern.slice(i + 1, close);
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        out += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '\\' && i + 1 < pattern.length) {
      out += pattern[++i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  try {
    return new RegExp(out + '$');
  } catch {
    return NEVER_MATCHES;
  }
}

export function parseDockerIgnore(text: string, path?: string): DockerIgnore {
  const patterns: Pattern[] = [];
  text.split(/\r?\n/).forEach((rawLine, line) => {
    if (rawLine.startsWith('#')) return;
    let p = rawLine.trim();
    if (!p) return;
    const negated = p.startsWith('!');
    if (negated) p = p.slice(1).trim();
    p = clean(p);
    if (!p) return;
    try {
      patterns.push({ negated, regex: toRegex(p), text: rawLine.trim(), line });
    } catch {
      // An invalid pattern is ignored, as BuildKit reports it and moves on.
    }
  });
  return {
    path,
    patterns,
    excludes(relativePath: string): boolean {
      const target = clean(relativePath);
      const prefixes: string[] = [];
      const segs = target.split('/');
      for (let i = 1; i <= segs.length; i++) prefixes.push(segs.slice(0, i).join('/'));
      let excluded = false;
      for (const p of patterns) {
        if (prefixes.some((prefix) => p.regex.test(prefix))) excluded = !p.negated;
      }
      return excluded;
    },
  };
}

/**
 * The ignore file BuildKit uses for a build: `<Dockerfile name>.dockerignore` next to the
 * Dockerfile wins over `<context>/.dockerignore`.
 */
export function dockerIgnoreFor(ws: WorkspaceModel, dockerfilePath: string, contextDir: string): DockerIgnore {
  const candidates = [`${dockerfilePath}.dockerignore`, joinPath(contextDir, '.dockerignore')];
  for (const candidate of candidates) {
    if (!ws.exists(candidate) || ws.isDirectory(candidate)) continue;
    const file = ws.file(candidate);
    return parseDockerIgnore(file?.text ?? '', candidate);
  }
  return parseDockerIgnore('', undefined);
}

/** The default build context of a Dockerfile: its own directory. */
export function defaultContext(dockerfilePath: string): string {
  return dirOf(dockerfilePath);
}
