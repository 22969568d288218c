/**
 * What a CI step does: runs tests, lint, type checks, security scans or image builds, from the
 * commands of its script (after wrappers like `sudo`/`env`, and through `npm run <script>` into
 * package.json) or from the action it uses. Tables are data; matching is by program name and the
 * first sub-command, so `go test ./...` and `poetry run pytest -q` are both tests.
 */
import type { ShellWord } from '../shell/model';
import { programName, type EffectiveCommand } from '../shell/commands';
import type { ActivityKind } from './model';

export interface CommandActivity {
  kind: ActivityKind;
  tool: string;
  word: ShellWord;
}

/** Programs that are one activity whatever their arguments. */
const PROGRAMS: Record<string, [ActivityKind, string]> = {
  pytest: ['test', 'pytest'], 'py.test': ['test', 'pytest'], tox: ['test', 'tox'], nox: ['test', 'nox'],
  jest: ['test', 'jest'], vitest: ['test', 'vitest'], mocha: ['test', 'mocha'], ava: ['test', 'ava'],
  karma: ['test', 'karma'], phpunit: ['test', 'phpunit'], pest: ['test', 'pest'], rspec: ['test', 'rspec'],
  gotestsum: ['test', 'gotestsum'], ctest: ['test', 'ctest'], nosetests: ['test', 'nose'], 'ward': ['test', 'ward'],
  ruff: ['lint', 'ruff'], flake8: ['lint', 'flake8'], pylint: ['lint', 'pylint'], eslint: ['lint', 'eslint'],
  'golangci-lint': ['lint', 'golangci-lint'], hadolint: ['lint', 'hadolint'], actionlint: ['lint', 'actionlint'],
  shellcheck: ['lint', 'shellcheck'], yamllint: ['lint', 'yamllint'], stylelint: ['lint', 'stylelint'],
  rubocop: ['lint', 'rubocop'], markdownlint: ['lint', 'markdownlint'], 'markdownlint-cli2': ['lint', 'markdownlint'],
  staticcheck: ['lint', 'staticcheck'], revive: ['lint', 'revive'], biome: ['lint', 'biome'], xo: ['lint', 'xo'],
  pycodestyle: ['lint', 'pycodestyle'], pydocstyle: ['lint', 'pydocstyle'], tflint: ['lint', 'tflint'],
  mypy: ['typecheck', 'mypy'], dmypy: ['typecheck', 'mypy'], pyright: ['typecheck', 'pyright'], pytype: ['typecheck', 'pytype'],
  basedpyright: ['typecheck', 'pyright'],
  'pip-audit': ['security', 'pip-audit'], bandit: ['security', 'bandit'], trivy: ['security', 'trivy'],
  grype: ['security', 'grype'], gosec: ['security', 'gosec'], govulncheck: ['security', 'govulncheck'],
  semgrep: ['security', 'semgrep'], snyk: ['security', 'snyk'], 'osv-scanner': ['security', 'osv-scanner'],
  gitleaks: ['security', 'gitleaks'], trufflehog: ['security', 'trufflehog'], 'bundle-audit': ['security', 'bundler-audit'],
  'bundler-audit': ['security', 'bundler-audit'], 'dependency-check': ['security', 'OWASP dependency-check'],
  'dependency-check.sh': ['security', 'OWASP dependency-check'], checkov: ['security', 'checkov'], tfsec: ['security', 'tfsec'],
  zizmor: ['security', 'zizmor'], 'detect-secrets': ['security', 'detect-secrets'], codeql: ['security', 'CodeQL'],
  kaniko: ['image-build', 'kaniko'], buildah: ['image-build', 'buildah'],
};

/** `tool sub` pairs (sub-command = first non-flag argument). */
const SUBCOMMANDS: Record<string, Record<string, [ActivityKind, string]>> = {
  go: { test: ['test', 'go test'], vet: ['lint', 'go vet'] },
  cargo: { test: ['test', 'cargo test'], nextest: ['test', 'cargo nextest'], clippy: ['lint', 'cargo clippy'], audit: ['security', 'cargo audit'], deny: ['security', 'cargo deny'] },
  dotnet: { test: ['test', 'dotnet test'] },
  swift: { test: ['test', 'swift test'] },
  mix: { test: ['test', 'mix test'], credo: ['lint', 'credo'] },
  deno: { test: ['test', 'deno test'], lint: ['lint', 'deno lint'], check: ['typecheck', 'deno check'] },
  bun: { test: ['test', 'bun test'] },
  rake: { test: ['test', 'rake test'], spec: ['test', 'rake spec'] },
  safety: { check: ['security', 'safety'], scan: ['security', 'safety'] },
  docker: { build: ['image-build', 'docker build'], buildx: ['image-build', 'docker buildx'], scout: ['security', 'docker scout'] },
  podman: { build: ['image-build', 'podman build'] },
  buildctl: { build: ['image-build', 'buildkit'] },
  ko: { build: ['image-build', 'ko'] },
  pack: { build: ['image-build', 'pack'] },
  npm: { test: ['test', 'npm test'], t: ['test', 'npm test'], tst: ['test', 'npm test'], audit: ['security', 'npm audit'] },
  yarn: { test: ['test', 'yarn test'], audit: ['security', 'yarn audit'] },
  pnpm: { test: ['test', 'pnpm test'], t: ['test', 'pnpm test'], audit: ['security', 'pnpm audit'] },
  composer: { test: ['test', 'composer test'], audit: ['security', 'composer audit'] },
  hatch: { test: ['test', 'hatch test'] },
  'pre-commit': { run: ['lint', 'pre-commit'] },
};

/** Runners that execute another program: `poetry run pytest`, `npx jest`, `python -m pytest`. */
const RUNNERS: Record<string, string[]> = {
  poetry: ['run'], pipenv: ['run'], uv: ['run', 'tool run'], pdm: ['run'], hatch: ['run'], rye: ['run'], conda: ['run'],
  npx: [''], pnpx: [''], bunx: [''], uvx: [''], pipx: ['run'], bundle: ['exec'], dotenv: [''], coverage: ['run'],
  'yarn-dlx': [''],
};

const MAVEN_TEST_PHASES = new Set(['test', 'verify', 'install', 'package', 'integration-test', 'deploy']);
const GRADLE_TEST_TASKS = /^(:?[\w-]+:)*(test|check|build|integrationTest|\w*Test)$/;
const SCRIPT_TEST = /^(test|tests|ci|check|unit|e2e|coverage|cov)(?:[:_-].*)?$|^(?:[\w-]+[:_-])?(?:test|tests|unit|e2e)$/;
const SCRIPT_LINT = /^(lint|eslint|stylelint|format:check|fmt:check|check:lint|check-format|prettier:check)(?:[:_-].*)?$/;
const SCRIPT_TYPES = /^(typecheck|type-check|types|tsc|check-types|check:types|typescript|lint:types)(?:[:_-].*)?$/;
const SCRIPT_AUDIT = /^(audit|security|snyk|scan)(?:[:_-].*)?$/;

export interface ClassifyOptions {
  /** Looks up a package.json script (for `npm run x`); depth-limited by the caller. */
  npmScript?: (name: string) => string | undefined;
  /** Parses a package.json script body so its commands can be classified (ranges map to the `npm run` word). */
  parseScript?: (source: string, at: ShellWord) => EffectiveCommand[];
  depth?: number;
}

function firstPositional(args: readonly ShellWord[], skipValueFlags: string[] = []): { word: ShellWord; index: number } | undefined {
  for (let i = 0; i < args.length; i++) {
    const t = args[i].text;
    if (args[i].dynamic) return undefined;
    if (t === '--') return args[i + 1] ? { word: args[i + 1], index: i + 1 } : undefined;
    if (t.startsWith('-')) {
      if (skipValueFlags.includes(t)) i++;
      continue;
    }
    return { word: args[i], index: i };
  }
  return undefined;
}

function hasArg(args: readonly ShellWord[], ...flags: string[]): boolean {
  return args.some((a) => flags.some((f) => a.text === f || a.text.startsWith(f + '=')));
}

/** Activities of one command (usually zero or one; `npm run ci` may expand into several). */
export function classifyCommand(eff: EffectiveCommand, options: ClassifyOptions = {}): CommandActivity[] {
  const depth = options.depth ?? 0;
  if (depth > 4) return [];
  let name = programName(eff.name) ?? '';
  let args = eff.args;
  let word = eff.name;
  name = name.replace(/\.(exe|cmd|bat)$/i, '');
  // Unwrap runners (`poetry run`, `npx`, `python -m`), a few levels deep.
  for (let guard = 0; guard < 4; guard++) {
    const runner = RUNNERS[name];
    if (runner) {
      const pos = firstPositional(args, ['-p', '--package', '--with', '--from', '--python', '-e', '--env-file']);
      if (!pos) return [];
      if (runner.includes('')) {
        word = pos.word;
        name = programName(pos.word) ?? '';
        args = args.slice(pos.index + 1);
        continue;
      }
      if (runner.includes(pos.word.text)) {
        const next = firstPositional(args.slice(pos.index + 1));
        if (!next) return [];
        word = next.word;
        name = programName(next.word) ?? '';
        args = args.slice(pos.index + 1 + next.index + 1);
        continue;
      }
      if (name === 'hatch' || name === 'uv' || name === 'pdm') break;
      return [];
    }
    if (/^python[\d.]*$|^py$/.test(name)) {
      const m = args.findIndex((a) => a.text === '-m');
      if (m < 0 || !args[m + 1]) return [];
      word = args[m + 1];
      name = args[m + 1].text;
      args = args.slice(m + 2);
      if (name === 'unittest') return [{ kind: 'test', tool: 'unittest', word }];
      continue;
    }
    break;
  }
  name = name.replace(/^\.\/(node_modules\/\.bin\/)?/, '').replace(/^vendor\/bin\//, '');
  const direct = PROGRAMS[name];
  if (direct) return [{ kind: direct[0], tool: direct[1], word }];
  if (name === 'tsc' || name === 'vue-tsc') return hasArg(args, '--noEmit', '--noemit') || name === 'vue-tsc' ? [{ kind: 'typecheck', tool: name, word }] : [];
  if (name === 'black' || name === 'isort') return hasArg(args, '--check', '--diff', '-c') ? [{ kind: 'lint', tool: name, word }] : [];
  if (name === 'prettier') return hasArg(args, '--check', '-c', '--list-different', '-l') ? [{ kind: 'lint', tool: 'prettier', word }] : [];
  if (name === 'gofmt') return hasArg(args, '-l', '-d') ? [{ kind: 'lint', tool: 'gofmt', word }] : [];
  if (name === 'mvn' || name === 'mvnw' || name === './mvnw') {
    const skip = hasArg(args, '-DskipTests', '-Dmaven.test.skip');
    const phase = args.find((a) => !a.text.startsWith('-') && MAVEN_TEST_PHASES.has(a.text.replace(/^.*:/, '')));
    return phase && !skip ? [{ kind: 'test', tool: `mvn ${phase.text}`, word }] : [];
  }
  if (name === 'gradle' || name === 'gradlew') {
    if (args.some((a) => a.text === '-x' || a.text === '--exclude-task')) return [];
    const task = args.find((a) => !a.text.startsWith('-') && GRADLE_TEST_TASKS.test(a.text));
    return task ? [{ kind: 'test', tool: `gradle ${task.text}`, word }] : [];
  }
  if (name === 'make' || name === 'just' || name === 'task' || name === 'mage') {
    const targets = args.filter((a) => !a.text.startsWith('-') && !a.text.includes('='));
    for (const t of targets) {
      if (/^(test|tests|check|ci|unit|unittest|test-[\w-]+|[\w-]+-test|[\w-]+_test)$/.test(t.text)) return [{ kind: 'test', tool: `${name} ${t.text}`, word }];
      if (/^(lint|[\w-]+-lint|lint-[\w-]+)$/.test(t.text)) return [{ kind: 'lint', tool: `${name} ${t.text}`, word }];
      if (/^(typecheck|type-check|mypy)$/.test(t.text)) return [{ kind: 'typecheck', tool: `${name} ${t.text}`, word }];
      if (/^(audit|security|scan|vuln|vulncheck)$/.test(t.text)) return [{ kind: 'security', tool: `${name} ${t.text}`, word }];
    }
    return [];
  }
  if (/^(\.\/)?(scripts?|bin|ci|tools)\/.*(test|check)[\w.-]*$/.test(eff.name.text) || /^(bash|sh)$/.test(name) && args[0] && /(^|\/)(run[-_])?tests?\.sh$/.test(args[0].text)) {
    return [{ kind: 'test', tool: eff.name.text, word }];
  }
  if (name === 'kubectl' || name === 'helm') return [];
  if (name === '/kaniko/executor' || eff.name.text === '/kaniko/executor') return [{ kind: 'image-build', tool: 'kaniko', word }];
  if (name === 'executor' && hasArg(args, '--context', '--dockerfile', '-c', '-f')) return [{ kind: 'image-build', tool: 'kaniko', word }];
  if (name === 'docker' || name === 'podman') {
    const sub = firstPositional(args, ['-H', '--host', '--context', '--config', '-c', '--log-level', '-l']);
    const s = sub?.word.text;
    if (s === 'build' || s === 'buildx') return [{ kind: 'image-build', tool: `${name} build`, word }];
    if (s === 'image' && args[sub!.index + 1]?.text === 'build') return [{ kind: 'image-build', tool: `${name} build`, word }];
    if (s === 'compose' && args.slice(sub!.index + 1).some((a) => a.text === 'build')) return [{ kind: 'image-build', tool: 'docker compose build', word }];
    if (s === 'scout') return [{ kind: 'security', tool: 'docker scout', word }];
    return [];
  }
  if (name === 'npm' || name === 'yarn' || name === 'pnpm' || name === 'bun') return classifyPackageManager(name, args, word, options);
  const table = SUBCOMMANDS[name];
  if (table) {
    const sub = firstPositional(args);
    const hit = sub ? table[sub.word.text] : undefined;
    if (hit) return [{ kind: hit[0], tool: hit[1], word }];
  }
  return [];
}

function classifyPackageManager(pm: string, args: readonly ShellWord[], word: ShellWord, options: ClassifyOptions): CommandActivity[] {
  const sub = firstPositional(args, ['--prefix', '-C', '--dir', '--filter', '-F', '-w', '--workspace', '--cwd']);
  if (!sub) return [];
  const s = sub.word.text;
  const table = SUBCOMMANDS[pm];
  if (table?.[s]) return [{ kind: table[s][0], tool: table[s][1], word }];
  if (pm === 'yarn' && s === 'npm' && args[sub.index + 1]?.text === 'audit') return [{ kind: 'security', tool: 'yarn npm audit', word }];
  let script: string | undefined;
  if (s === 'run' || s === 'run-script') script = firstPositional(args.slice(sub.index + 1), ['--prefix', '-w', '--workspace', '--filter', '-F'])?.word.text;
  else if (pm !== 'npm' && !['install', 'add', 'ci', 'exec', 'dlx', 'remove', 'build', 'publish', 'link', 'why', 'outdated', 'upgrade', 'up', 'config', 'set', 'cache', 'workspace', 'workspaces'].includes(s)) script = s;
  else if ((pm === 'yarn' || pm === 'pnpm') && (s === 'exec' || s === 'dlx')) {
    const next = firstPositional(args.slice(sub.index + 1));
    const hit = next ? PROGRAMS[next.word.text] : undefined;
    return hit ? [{ kind: hit[0], tool: hit[1], word }] : [];
  }
  if (!script) return [];
  // A package.json script runs what it says: classify its commands when we can read it.
  const body = options.npmScript?.(script);
  if (body !== undefined && options.parseScript) {
    const inner: CommandActivity[] = [];
    for (const eff of options.parseScript(body, word)) {
      for (const a of classifyCommand(eff, { ...options, depth: (options.depth ?? 0) + 1 })) inner.push({ ...a, word, tool: `${pm} run ${script} (${a.tool})` });
    }
    if (inner.length) return inner;
  }
  const tool = `${pm} run ${script}`;
  if (SCRIPT_TEST.test(script)) return [{ kind: 'test', tool, word }];
  if (SCRIPT_TYPES.test(script)) return [{ kind: 'typecheck', tool, word }];
  if (SCRIPT_LINT.test(script)) return [{ kind: 'lint', tool, word }];
  if (SCRIPT_AUDIT.test(script)) return [{ kind: 'security', tool, word }];
  return [];
}

/** Actions that are an activity by themselves (`owner/repo` or `owner/repo/path`, lower-case prefix match). */
const ACTIONS: [string, ActivityKind, string][] = [
  ['github/codeql-action/analyze', 'security', 'CodeQL'],
  ['github/codeql-action/init', 'security', 'CodeQL'],
  ['github/codeql-action/upload-sarif', 'security', 'SARIF upload'],
  ['returntocorp/semgrep-action', 'security', 'semgrep'],
  ['semgrep/semgrep-action', 'security', 'semgrep'],
  ['snyk/actions', 'security', 'snyk'],
  ['aquasecurity/trivy-action', 'security', 'trivy'],
  ['anchore/scan-action', 'security', 'grype'],
  ['google/osv-scanner-action', 'security', 'osv-scanner'],
  ['actions/dependency-review-action', 'security', 'dependency review'],
  ['gitleaks/gitleaks-action', 'security', 'gitleaks'],
  ['trufflesecurity/trufflehog', 'security', 'trufflehog'],
  ['pypa/gh-action-pip-audit', 'security', 'pip-audit'],
  ['securego/gosec', 'security', 'gosec'],
  ['golang/govulncheck-action', 'security', 'govulncheck'],
  ['zizmorcore/zizmor-action', 'security', 'zizmor'],
  ['ossf/scorecard-action', 'security', 'OpenSSF Scorecard'],
  ['docker/scout-action', 'security', 'docker scout'],
  ['bridgecrewio/checkov-action', 'security', 'checkov'],
  ['aquasecurity/tfsec-action', 'security', 'tfsec'],
  ['shiftleftsecurity/scan-action', 'security', 'shiftleft scan'],
  ['golangci/golangci-lint-action', 'lint', 'golangci-lint'],
  ['hadolint/hadolint-action', 'lint', 'hadolint'],
  ['pre-commit/action', 'lint', 'pre-commit'],
  ['super-linter/super-linter', 'lint', 'super-linter'],
  ['github/super-linter', 'lint', 'super-linter'],
  ['astral-sh/ruff-action', 'lint', 'ruff'],
  ['chartboost/ruff-action', 'lint', 'ruff'],
  ['psf/black', 'lint', 'black'],
  ['ludeeus/action-shellcheck', 'lint', 'shellcheck'],
  ['wearerequired/lint-action', 'lint', 'lint-action'],
  ['reviewdog/action-', 'lint', 'reviewdog'],
  ['raven-actions/actionlint', 'lint', 'actionlint'],
  ['jakebailey/pyright-action', 'typecheck', 'pyright'],
  ['docker/build-push-action', 'image-build', 'docker/build-push-action'],
  ['redhat-actions/buildah-build', 'image-build', 'buildah'],
  ['aevea/action-kaniko', 'image-build', 'kaniko'],
  ['int128/kaniko-action', 'image-build', 'kaniko'],
];

/** The activity of a `uses:` action (`slug` and `path` lower-cased). */
export function classifyAction(slug: string, path: string | undefined): { kind: ActivityKind; tool: string } | undefined {
  const full = path ? `${slug}/${path}` : slug;
  for (const [prefix, kind, tool] of ACTIONS) {
    if (full === prefix || full.startsWith(prefix.endsWith('-') ? prefix : prefix + '/') || (prefix.endsWith('-') && full.startsWith(prefix))) return { kind, tool };
  }
  return undefined;
}

/** GitLab CI templates that add security jobs (`include: template:`). */
export function isSecurityTemplate(name: string): boolean {
  return /(^|\/)(SAST|SAST-IaC|Dependency-Scanning|Secret-Detection|Container-Scanning|DAST|License-Scanning|Coverage-Fuzzing|API-Security)(\.latest)?\.gitlab-ci\.yml$/i.test(name);
}
