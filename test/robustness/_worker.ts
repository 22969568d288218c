/**
 * Runs inside a worker thread (see _sandbox.ts) so that a hang can be stopped: the parent terminates
 * the thread when an input exceeds its time bound. For one task it runs every parser that applies to
 * the target file, directly, then `analyze()` on the whole in-memory project, and reports crashes
 * (a parser that threw, a rule that crashed) and ranges outside their documents.
 */
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { parseConfigFile } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/analyze';
import { KNOWN_RULE_IDS } from '../../server/src/engine/registry';
import { statementStartOf } from '../../server/src/engine/statements';
import { parseSuppressions } from '../../server/src/engine/suppression';
import { buildGithub } from '../../server/src/parsers/ci/github';
import { parseGitlabFile } from '../../server/src/parsers/ci/gitlab';
import { ciShellScripts, gitlabPipelineFor } from '../../server/src/parsers/ci';
import { codeFacts } from '../../server/src/parsers/code';
import { parseComposeFile } from '../../server/src/parsers/compose';
import { parseDockerfile } from '../../server/src/parsers/dockerfile/parse';
import { extractClaims } from '../../server/src/parsers/markdown/claims';
import { parseNginx } from '../../server/src/parsers/nginx';
import { loadGrammar } from '../../server/src/parsers/shell/grammar';
import { parseShell } from '../../server/src/parsers/shell/parse';
import { parseYaml } from '../../server/src/parsers/yaml';
import { ZERO_RANGE, type Range } from '../../server/src/core/types';
import type { SourceFile } from '../../server/src/workspace/model';
import type { Workspace } from '../../server/src/workspace/workspace';
import { outOfRange, rangeProblem, workspaceOf } from './_corpus';

export interface Task {
  id: number;
  paths: string[];
  files: Record<string, string>;
  /** The mutated file: its parsers run directly and its findings are checked first. */
  target: string;
}

export interface Outcome {
  id: number;
  ms: number;
  findings: number;
  /** Crashes and out-of-range positions; empty when the input was handled. */
  problems: string[];
  /** Milliseconds per parser and for analyze(), to tell which part was slow. */
  timings: Record<string, number>;
}

const YAML_KINDS = new Set(['compose', 'github-workflow', 'github-action', 'gitlab-ci', 'dependabot', 'pre-commit', 'readiness-config']);
const CODE_KINDS = new Set(['python', 'typescript', 'javascript', 'go']);

/** The parsers that apply to one file, each called on its own so a crash names the parser. */
function parsersFor(ws: Workspace, file: SourceFile): [name: string, run: () => Range[]][] {
  const text = file.text;
  const out: [string, () => Range[]][] = [
    ['suppressions', () => (parseSuppressions(text, file.lines, statementStartOf(ws, file)), [])],
  ];
  if (file.kind === 'dockerfile') {
    out.push(['dockerfile', () => {
      const m = parseDockerfile(file.path, text);
      return [...m.syntaxErrors.map((e) => e.range), ...m.instructions.map((i) => i.range)];
    }]);
    // The bash parser sees every Dockerfile line as shell: garbage in, still no crash.
    out.push(['shell', () => (parseShell(text, () => ZERO_RANGE), [])]);
  }
  if (YAML_KINDS.has(file.kind)) {
    out.push(['yaml', () => parseYaml(text, file.lines).problems.map((p) => p.range)]);
    if (file.kind === 'compose') out.push(['compose', () => (parseComposeFile(file.path, parseYaml(text, file.lines)), [])]);
    if (file.kind === 'github-workflow' || file.kind === 'github-action') {
      out.push(['github', () => (buildGithub(parseYaml(text, file.lines), file.path, file.kind === 'github-action' ? 'action' : 'workflow'), [])]);
    }
    if (file.kind === 'gitlab-ci') {
      out.push(['gitlab', () => (parseGitlabFile(parseYaml(text, file.lines), file.path), [])]);
      out.push(['gitlab pipeline', () => (gitlabPipelineFor(ws, file), [])]);
    }
    if (file.kind !== 'compose' && file.kind !== 'dependabot' && file.kind !== 'readiness-config') out.push(['ci scripts', () => (ciShellScripts(ws, file), [])]);
    if (file.kind === 'readiness-config') out.push(['config', () => parseConfigFile(text, KNOWN_RULE_IDS).problems.map((p) => p.range)]);
  }
  if (CODE_KINDS.has(file.kind)) out.push(['code', () => (codeFacts(ws, file), [])]);
  if (file.kind === 'nginx') out.push(['nginx', () => (parseNginx(text), [])]);
  if (file.kind === 'markdown') out.push(['markdown claims', () => (extractClaims(file.path, text), [])]);
  return out;
}

export async function check(task: Task): Promise<Outcome> {
  const started = performance.now();
  const problems: string[] = [];
  const timings: Record<string, number> = {};
  const ws = workspaceOf(task.paths, task.files);
  const target = ws.file(task.target);
  if (target) {
    for (const [name, run] of parsersFor(ws, target)) {
      const t = performance.now();
      try {
        for (const r of run()) {
          const p = rangeProblem(r, target.lines);
          if (p) problems.push(`${name} parser range in ${task.target}: ${p}`);
        }
      } catch (error) {
        problems.push(`${name} parser threw on ${task.target}: ${(error as Error)?.stack ?? error}`);
      }
      timings[name] = performance.now() - t;
    }
  }
  let findings = 0;
  const t = performance.now();
  try {
    const result = await analyze(ws, { onRuleError: (rule, file, error) => problems.push(`rule ${rule} crashed on ${file ?? 'the workspace'}: ${(error as Error)?.stack ?? error}`) });
    findings = result.findings.length;
    problems.push(...outOfRange(result.findings, (p) => ws.file(p)?.text));
  } catch (error) {
    problems.push(`analyze threw: ${(error as Error)?.stack ?? error}`);
  }
  timings.analyze = performance.now() - t;
  return { id: task.id, ms: performance.now() - started, findings, problems, timings };
}

if (parentPort) {
  const port = parentPort;
  // The grammars analyze() would load lazily, loaded up front so the first input is not slower.
  void Promise.all([loadGrammar('bash'), loadGrammar('python'), loadGrammar('go')]).then(() => {
    port.on('message', (task: Task) => {
      void check(task).then((outcome) => port.postMessage(outcome));
    });
    port.postMessage({ ready: true });
  });
}
