/**
 * The read-and-parse floor of a workspace. bench/run.mjs bundles this file (like the CLI) and runs
 * `node bench/workspaces/.bin/floor.js <dir> [runs]`; it prints one JSON line. The floor is what any tool built on our parsers must pay: list the
 * directories the engine walks, read every file it reads once, and parse each once with the
 * engine's own parsers (no rules, no cross-file links). The set of files comes from the engine's
 * discovery, run untimed first, so the floor never reads less (or more) than the audit does.
 * Module loading is excluded (the CLI's `durationMs` excludes it too); grammar loading is included
 * (the audit pays it inside `durationMs`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { allRules } from '../server/src/engine/registry';
import { kindsToRead } from '../server/src/engine/workspace-loader';
import { composeFileOf } from '../server/src/parsers/compose';
import { ciShellScripts, gitlabFileModel, githubModel } from '../server/src/parsers/ci';
import { extractClaims } from '../server/src/parsers/markdown/claims';
import { parseNginx } from '../server/src/parsers/nginx';
import { getLoadedParser, loadGrammar } from '../server/src/parsers/shell/grammar';
import { yamlOf } from '../server/src/parsers/yaml';
import { decodeText, discoverWorkspace } from '../server/src/workspace/discover';
import type { SourceFile } from '../server/src/workspace/model';
import { Workspace } from '../server/src/workspace/workspace';
/**
 * The application-code extraction (`codeFacts`), when the engine has it: a virtual module that
 * bench/run.mjs resolves at bundle time to server/src/parsers/code, or to `undefined` before the
 * code analyzers exist, so the floor includes code parsing exactly when the audit does.
 */
// @ts-ignore resolved by the esbuild plugin in bench/run.mjs
import { codeFacts } from 'bench:code-parsers';

type Parse = (ws: Workspace, file: SourceFile) => unknown;

const CODE_KINDS = ['python', 'typescript', 'javascript', 'go'];

/** Code files are parsed in the floor only when some `code/*` rule will make the audit parse them. */
function codeParsers(): Record<string, Parse> {
  if (typeof codeFacts !== 'function' || !allRules().some((r) => r.id.startsWith('code/'))) return {};
  return Object.fromEntries(CODE_KINDS.map((k) => [k, codeFacts as Parse]));
}

const YAML_ONLY = new Set(['dependabot', 'renovate', 'pre-commit', 'readiness-config']);

function parserFor(kind: string, code: Record<string, Parse>): Parse | undefined {
  if (kind === 'dockerfile') return (ws, f) => ws.dockerfile(f.path);
  if (kind === 'compose') return (ws, f) => composeFileOf(ws, f);
  if (kind === 'github-workflow' || kind === 'github-action') return (ws, f) => (githubModel(ws, f), ciShellScripts(ws, f));
  if (kind === 'gitlab-ci') return (ws, f) => (gitlabFileModel(ws, f), ciShellScripts(ws, f));
  if (YAML_ONLY.has(kind)) return (ws, f) => yamlOf(ws, f);
  if (kind === 'manifest') return (_ws, f) => (f.path.endsWith('.json') ? safeJson(f.text) : undefined);
  if (kind === 'markdown') return (_ws, f) => extractClaims(f.path, f.text);
  if (kind === 'nginx') return (_ws, f) => parseNginx(f.text);
  return code[kind];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

interface Plan {
  dirs: string[];
  files: { path: string; kind: string }[];
}

/** The directories and files the engine's discovery walks and reads (untimed). */
function plan(root: string): Plan & { discoveryMs: number } {
  const ws = new Workspace(root);
  const t0 = performance.now();
  discoverWorkspace(ws, { readKinds: kindsToRead(), ignore: [] });
  const discoveryMs = performance.now() - t0;
  const dirs = new Set<string>(['']);
  for (const p of ws.allPaths) {
    for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) dirs.add(p.slice(0, i));
  }
  return { dirs: [...dirs], files: [...ws.files()].map((f) => ({ path: f.path, kind: f.kind })), discoveryMs };
}

async function floorOnce(root: string, p: Plan, code: Record<string, Parse>): Promise<{ ms: number; readMs: number; grammarsMs: number; bytes: number; parsed: Record<string, number>; parseMs: Record<string, number> }> {
  const started = performance.now();
  for (const d of p.dirs) readdirSync(join(root, d), { withFileTypes: true });
  const ws = new Workspace(root);
  let bytes = 0;
  for (const f of p.files) {
    const buf = readFileSync(join(root, f.path));
    bytes += buf.length;
    ws.setText(f.path, decodeText(buf));
  }
  const readMs = performance.now() - started;
  const kinds = new Set(p.files.map((f) => f.kind));
  // The grammars analyze() loads for the same kinds (engine/analyze.ts ensureGrammars).
  if (kinds.has('dockerfile') || kinds.has('compose') || kinds.has('github-workflow') || kinds.has('gitlab-ci') || kinds.has('github-action')) await loadGrammar('bash');
  if (code.python && kinds.has('python')) await loadGrammar('python');
  if (code.go && kinds.has('go')) await loadGrammar('go');
  const grammarsMs = performance.now() - started - readMs;
  const parsed: Record<string, number> = {};
  const parseMs: Record<string, number> = {};
  for (const f of ws.files()) {
    const parse = parserFor(f.kind, code);
    if (!parse) continue;
    const t = performance.now();
    parse(ws, f);
    parseMs[f.kind] = (parseMs[f.kind] ?? 0) + performance.now() - t;
    parsed[f.kind] = (parsed[f.kind] ?? 0) + 1;
  }
  return { ms: performance.now() - started, readMs, grammarsMs, bytes, parsed, parseMs };
}

async function main(): Promise<void> {
  const root = process.argv[2];
  const runs = Number(process.argv[3] ?? 3);
  if (!root) throw new Error('usage: floor.ts <dir> [runs]');
  const code = codeParsers();
  const p = plan(root);
  const samples = [];
  // Each run starts from a fresh Workspace (no parse cache); the bash grammar stays loaded after the
  // first run, so the first is reported apart as the cold figure.
  for (let i = 0; i < runs; i++) samples.push(await floorOnce(root, p, code));
  const warm = samples.slice(1).map((s) => s.ms).sort((a, b) => a - b);
  const readOnly = [...new Set(p.files.map((f) => f.kind))].filter((k) => !parserFor(k, code)).sort();
  console.log(
    JSON.stringify({
      root,
      files: p.files.length,
      dirs: p.dirs.length,
      bytes: samples[0].bytes,
      coldMs: samples[0].ms,
      warmMedianMs: warm.length ? warm[Math.floor(warm.length / 2)] : samples[0].ms,
      readMs: samples[0].readMs,
      grammarsMs: samples[0].grammarsMs,
      parseMsByKind: samples[0].parseMs,
      engineDiscoveryMs: p.discoveryMs,
      parsedByKind: samples[0].parsed,
      readOnlyKinds: readOnly,
      codeParsers: Object.keys(code),
      grammarLoaded: Boolean(getLoadedParser('bash')),
    }),
  );
}

main().catch((error) => {
  console.error(error?.stack ?? error);
  process.exit(1);
});
