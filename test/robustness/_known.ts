/**
 * Defects these tests found and that are not fixed yet, each with where it lives, what happens and a
 * minimal reproducer. The property tests tolerate a problem only when one of these recognises it (and
 * count it in their diagnostics); anything else fails. Each reproducer also runs as a `todo` test
 * (known-defects.test.ts), which starts passing the day the defect is fixed: then delete the entry.
 */
export interface KnownDefect {
  id: string;
  where: string;
  summary: string;
  /** Recognises a problem line reported by the worker (crash, out-of-range). */
  problem?: (problem: string) => boolean;
  /** Recognises an input that is known to exceed the time bound. */
  slowInput?: (text: string, path: string) => boolean;
  /** Recognises an input that kills the process (a V8 fatal error): never run in-process. */
  fatalInput?: (text: string, path: string) => boolean;
  /** The smallest input that shows it: the files of a workspace. */
  reproducer: Record<string, string>;
}

/** A run of at least `n` characters of `[a-z0-9+.-]` (any case) that contains a separator. */
function longSchemeLikeRun(text: string, n: number): boolean {
  const runs = text.match(new RegExp(`[a-z0-9+.-]{${n},}`, 'gi')) ?? [];
  return runs.some((r) => /[+.-]/.test(r));
}

const IGNORE_GLOBS = /(^|\/)(\.gitignore|\.readiness\.ya?ml)$/;

export const KNOWN: KnownDefect[] = [
  {
    id: 'glob-brace-nesting-fatal',
    where: 'server/src/core/glob.ts translate() (used for .gitignore lines, `.readiness.yaml` ignore, readiness.exclude)',
    summary:
      'Every unclosed `{` opens a `(?:` group, so a 20 KB pattern `{a{a{a…` compiles to a regex nested 10,000 deep and V8 aborts the whole process: "FATAL ERROR: RegExpCompiler Allocation failed - process out of memory" (SIGABRT, uncatchable). A repository whose .gitignore holds such a line kills `readiness audit` and the language server (its scan). Capping brace depth (or pattern length) avoids it.',
    fatalInput: (t, path) => IGNORE_GLOBS.test(path) && /\{[^}\n]{0,3}(?:\{[^}\n]{0,3}){1000}/.test(t),
    reproducer: { '.gitignore': '{a'.repeat(10_000) + '\n', '.env': 'A=1\n' },
  },
  {
    id: 'dockerignore-star-run-exponential',
    where: 'rules/dockerfile/_ignorefile.ts toRegex (each `*` becomes `[^/]*`)',
    summary:
      'Runs of `*` in a .dockerignore line become adjacent `.*`/`[^/]*` groups, and a path that fails to match backtracks combinatorially: against a 41-character path 14 stars + `!` take 0.5 s, 16 stars 3.3 s, 18 stars 19 s; with `.env.production.local` in the build context, 24 stars take 0.9 s and 28 stars 6.7 s of dockerfile/missing-dockerignore. Collapsing runs of `*` before translating fixes it.',
    slowInput: (t, path) => /(^|\/)\.dockerignore$/.test(path) && /\*{12}/.test(t),
    reproducer: { Dockerfile: 'FROM alpine:3.20\nCOPY . /app\n', '.dockerignore': '*'.repeat(32) + '!\n', '.env.production.local': 'A=1\n' },
  },
  {
    id: 'glob-star-run-polynomial',
    where: 'server/src/core/glob.ts translate() (`**` → `.*`, `*` → `[^/]*`)',
    summary:
      'A long run of `*` in a .gitignore line or an ignore glob backtracks polynomially on every path tested: 40 stars + `!` take 1.4 s on a 41-character path and 68 s on `.env.production.local` in project/env-file-committed; 1,000 stars 58 s. Discovery tests every path of the workspace against every .gitignore rule, so one such line makes `readiness audit` (and the language server scan) run for hours. Collapsing runs of `*` fixes it.',
    slowInput: (t, path) => IGNORE_GLOBS.test(path) && /\*{30}/.test(t),
    reproducer: { '.gitignore': '*'.repeat(40) + '!\n', '.env.production.local': 'A=1\n' },
  },
  {
    id: 'copy-source-trailing-slash-quadratic',
    where: 'rules/dockerfile/copy-sensitive-file.ts sensitiveReason (`/\\/+$/`)',
    summary:
      'The unanchored `/\\/+$/` is quadratic on a long run of `/` that does not end the string: `COPY ////…! /app/` with 50 KB of slashes takes ~2 s, 100 KB ~8 s. The same `X+$` shape appears in model/image.ts:54, parsers/compose/link.ts:42, compose/syntax.ts:101-102, code/typescript/nest.ts:58, code/typescript/fixes/presence.ts:103, rules/dockerfile/_b.ts:161, npm-install-without-lockfile.ts:89, _startup.ts:85 (`\\s+$`).',
    slowInput: (t, path) => /(^|\/)Dockerfile|\.dockerfile$/i.test(path) && /^\s*(COPY|ADD)\b[^\n]*\/{20000}/im.test(t),
    reproducer: { Dockerfile: 'FROM alpine:3.20\nCOPY ' + '/'.repeat(50_000) + '! /app/\nUSER app\n' },
  },
  {
    id: 'yaml-quote-run',
    where: 'the `yaml` library (parseAllDocuments), through server/src/parsers/yaml/parse.ts',
    summary:
      'A plain scalar made of a long run of `"` (`image: """…!`) is superlinear in the yaml library: 13 KB 0.3 s, 51 KB 1.3 s, 100 KB several seconds, for every YAML kind (compose, workflows, GitLab). Refusing lines over a size before parsing would bound it.',
    slowInput: (t, path) => /\.ya?ml$/i.test(path) && /"{20000}/.test(t),
    reproducer: { 'compose.yaml': 'services:\n  a:\n    image: ' + '"'.repeat(60_000) + '!\n' },
  },
  {
    id: 'line-index-lone-cr',
    where: 'server/src/workspace/line-index.ts (LineIndex.positionAt / lineEnd)',
    summary:
      'A CR that is not followed by LF (a lone-CR file, or a CR as the last character) is dropped from lineText but counted by positionAt, so a range ending after it has character = line length + 1. Lone CR is also a line break for LSP clients, so on such files every engine position is on a different line than the editor shows.',
    problem: (p) => /past the end of the line/.test(p),
    reproducer: { 'compose.yaml': 'services:\r  api:\r    image: [unclosed\r' },
  },
  {
    id: 'regex-too-large',
    where: 'server/src/core/glob.ts globToRegExp (via workspace/discover.ts parseGitignore, config ignore globs) and rules/dockerfile/_ignorefile.ts toRegex',
    summary:
      'A .gitignore, .dockerignore or `.readiness.yaml` ignore pattern of ~60 KB becomes a RegExp that V8 refuses at first use ("Regular expression too large"): project/env-file-committed and dockerfile/missing-dockerignore crash, and `readiness audit` exits 2 with "unexpected error" when the line is in a .gitignore on disk.',
    problem: (p) => /Regular expression too large/.test(p),
    reproducer: { Dockerfile: 'FROM alpine:3.20\nCOPY . /app\n', '.dockerignore': 'a'.repeat(70_000) + '\n', '.gitignore': 'b'.repeat(70_000) + '\n', '.env': 'A=1\n' },
  },
  {
    id: 'secret-url-regex-quadratic',
    where: "rules/dockerfile/_secrets.ts:46 ('password in URL': /\\b[a-z][a-z0-9+.-]*:\\/\\/…/i)",
    summary:
      'Quadratic on long runs of [a-z0-9+.-] with word boundaries inside (e.g. `-a-a-a…`, a long dotted or hex-with-dashes token): 50 KB take ~3 s, 100 KB ~13 s, in every scanner that uses the secret patterns (Dockerfile, compose, code/hardcoded-secret on TS/JS/Python/Go files). Bounding the scheme (`[a-z0-9+.-]{0,32}`) makes it linear.',
    slowInput: (t) => longSchemeLikeRun(t, 20_000),
    reproducer: { 'src/index.ts': '-a'.repeat(50_000) + '\n' },
  },
  {
    id: 'bash-nested-expansion',
    where: 'server/src/parsers/shell/parse.ts (parseWithTreeSitter) with tree-sitter-bash; also the Python code parser',
    summary:
      'tree-sitter-bash is superlinear on nested or unclosed `${` (`echo ${${${…`): 48 KB ~7 s, 66 KB ~14 s, so a RUN line like that stalls the language server on every edit. The parse has no bound: passing `progressCallback` (web-tree-sitter ParseOptions) with a deadline, or skipping tree-sitter above a script size, would cap it. tree-sitter-python is linear but slow on the same runs (~1.7 s per 100 KB of `${`).',
    slowInput: (t) => /(?:\$\{[^}\n]{0,3}){2000}/.test(t),
    reproducer: { Dockerfile: 'FROM alpine:3.20\nRUN echo ' + '${'.repeat(16_000) + '}'.repeat(16_000) + '\n' },
  },
  {
    id: 'config-negative-position',
    where: 'server/src/engine/config.ts parseConfigFile (the "too large" early return)',
    summary: 'A `.readiness.yaml` over 256 KB gets its "too large to read" problem at line -1, character -1: toRange(null) asks a LineCounter that never saw the text, whose linePos(0) is {line: 0, col: 0}. config/invalid-config reports it at -1:-1 (an LSP client rejects or misplaces it).',
    problem: (p) => /readiness\.yaml: start \{"line":-1/.test(p),
    reproducer: { '.readiness.yaml': '# padding\n'.repeat(30_000) },
  },
];

export function knownProblem(problem: string): KnownDefect | undefined {
  return KNOWN.find((k) => k.problem?.(problem));
}

export function knownSlowInput(text: string, path = ''): KnownDefect | undefined {
  return KNOWN.find((k) => k.slowInput?.(text, path));
}

export function knownFatalInput(text: string, path: string): KnownDefect | undefined {
  return KNOWN.find((k) => k.fatalInput?.(text, path));
}
