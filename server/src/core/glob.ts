/**
 * Minimal glob matching for config `ignore`/`environments` and gitignore patterns: `**`, `*`, `?`,
 * `[…]`, `{a,b}`. Patterns without a `/` match the basename at any depth, as in .gitignore.
 */
const cache = new Map<string, RegExp>();

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? '\\' + ch : ch;
}

function translate(pattern: string): string {
  let out = '';
  let braceDepth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        const atSegmentStart = i === 0 || pattern[i - 1] === '/';
        const atSegmentEnd = i + 2 === pattern.length || pattern[i + 2] === '/';
        if (atSegmentStart && atSegmentEnd) {
          // `**/` matches zero or more directories; a trailing `**` matches everything below.
          if (pattern[i + 2] === '/') {
            out += '(?:.*/)?';
            i += 2;
          } else {
            out += '.*';
            i += 1;
          }
          continue;
        }
        out += '[^/]*';
        i += 1;
        continue;
      }
      out += '[^/]*';
    } else if (ch === '?') out += '[^/]';
    else if (ch === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) out += '\\[';
      else {
        let body = pattern.slice(i + 1, close).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = '^' + body.slice(1);
        out += `[${body}]`;
        i = close;
      }
    } else if (ch === '{') {
      braceDepth++;
      out += '(?:';
    } else if (ch === '}' && braceDepth > 0) {
      braceDepth--;
      out += ')';
    } else if (ch === ',' && braceDepth > 0) out += '|';
    else out += escapeRegex(ch);
  }
  while (braceDepth-- > 0) out += ')';
  return out;
}

/** Longer patterns are not real globs; refusing them keeps V8 from building a giant or too-deep regex. */
const MAX_PATTERN = 1024;
const MAX_BRACE_DEPTH = 8;
/** More wildcards than this could backtrack polynomially on a long path: those patterns match without a regex. */
export const MAX_REGEX_WILDCARDS = 4;
export const NEVER_MATCHES = /(?!)/;
const NEVER = NEVER_MATCHES;

export function globToRegExp(pattern: string): RegExp {
  let cached = cache.get(pattern);
  if (cached) return cached;
  cached = compile(pattern);
  if (cache.size > 2000) cache.clear();
  cache.set(pattern, cached);
  return cached;
}

function braceDepth(pattern: string): number {
  let depth = 0;
  let max = 0;
  for (const ch of pattern) {
    if (ch === '{') max = Math.max(max, ++depth);
    else if (ch === '}' && depth > 0) depth--;
  }
  return max;
}

function compile(pattern: string): RegExp {
  if (pattern.length > MAX_PATTERN || braceDepth(pattern) > MAX_BRACE_DEPTH) return NEVER;
  // `***…` means no more than `**`; collapsing the run removes most of the backtracking.
  pattern = pattern.replace(/\*{3,}/g, '**');
  if ((pattern.match(/\*+/g)?.length ?? 0) > MAX_REGEX_WILDCARDS) return wildcardMatcher(pattern);
  let body = pattern.trim().replace(/\\/g, '/');
  const anchored = body.startsWith('/') || body.replace(/\/$/, '').includes('/');
  body = body.replace(/^\/+/, '');
  const directoryOnly = body.endsWith('/');
  if (directoryOnly) body = body.slice(0, -1);
  const core = translate(body);
  // A directory pattern also matches everything below it.
  const source = (anchored ? '^' : '^(?:.*/)?') + core + '(?:/.*)?$';
  try {
    return new RegExp(source);
  } catch {
    return NEVER;
  }
}

type Token = { kind: 'char'; ch: string } | { kind: 'any' } | { kind: 'star' } | { kind: 'globstar' } | { kind: 'dirs' };

/**
 * A regex-free matcher for wildcard-heavy patterns: dynamic programming over pattern tokens and
 * path positions, O(tokens × path length) whatever the input. Character classes and braces are
 * taken literally here; such patterns are not worth a regex's risk.
 */
export function wildcardMatcher(pattern: string, options: { anchored?: boolean; subpaths?: boolean } = {}): RegExp {
  let body = pattern.trim().replace(/\\/g, '/');
  const anchored = options.anchored ?? (body.startsWith('/') || body.replace(/\/$/, '').includes('/'));
  const subpaths = options.subpaths ?? true;
  body = body.replace(/^\/+/, '').replace(/\/$/, '');
  const tokens: Token[] = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '*') {
      const double = body[i + 1] === '*';
      if (double && body[i + 2] === '/' && (i === 0 || body[i - 1] === '/')) {
        // `**/` is zero or more whole directories.
        tokens.push({ kind: 'dirs' });
        i += 2;
        continue;
      }
      tokens.push({ kind: double ? 'globstar' : 'star' });
      if (double) i++;
    } else if (body[i] === '?') tokens.push({ kind: 'any' });
    else tokens.push({ kind: 'char', ch: body[i] });
  }
  const test = (path: string): boolean => {
    const n = path.length;
    let reach = new Uint8Array(n + 1);
    if (anchored) reach[0] = 1;
    else for (let j = 0; j <= n; j++) if (j === 0 || path[j - 1] === '/') reach[j] = 1;
    for (const t of tokens) {
      const next = new Uint8Array(n + 1);
      if (t.kind === 'char' || t.kind === 'any') {
        for (let j = 0; j < n; j++) if (reach[j] && (t.kind === 'any' ? path[j] !== '/' : path[j] === t.ch)) next[j + 1] = 1;
      } else if (t.kind === 'dirs') {
        let open = false;
        for (let j = 0; j <= n; j++) {
          if (reach[j] || (open && path[j - 1] === '/')) next[j] = 1;
          if (reach[j]) open = true;
        }
      } else {
        let open = false;
        for (let j = 0; j <= n; j++) {
          if (reach[j]) open = true;
          if (open) next[j] = 1;
          if (t.kind === 'star' && path[j] === '/') open = false;
        }
      }
      reach = next;
    }
    // A match may end at the end of the path or at a directory boundary (everything below matches).
    for (let j = 0; j <= n; j++) if (reach[j] && (j === n || (subpaths && path[j] === '/'))) return true;
    return false;
  };
  const matcher = /(?:)/;
  Object.defineProperty(matcher, 'test', { value: test });
  return matcher;
}

/** Whether a workspace-relative path (with `/`) matches a glob. */
export function matchesGlob(path: string, pattern: string): boolean {
  return globToRegExp(pattern).test(path);
}

export function matchesAny(path: string, patterns: readonly string[]): boolean {
  for (const p of patterns) if (matchesGlob(path, p)) return true;
  return false;
}
