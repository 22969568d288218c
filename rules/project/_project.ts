/** Shared facts of the project/* rules: ecosystems present, test files, the workflow to anchor on. */
import { ZERO_RANGE, type Range } from '../../server/src/core/types';
import { ciYaml, githubModel, gitlabRoots } from '../../server/src/parsers/ci/index';
import type { SourceFile, WorkspaceModel } from '../../server/src/workspace/model';

/** Trees that hold test inputs or third-party code, not the project's own manifests. */
const FIXTURE_SEGMENT = /(^|\/)(fixtures?|__fixtures__|testdata|test-fixtures|vendor|third_party|node_modules)(\/|$)/;

export function isFixture(path: string): boolean {
  return FIXTURE_SEGMENT.test(path);
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).toLowerCase();
}

/** Dependabot ecosystem of a manifest or Dockerfile, by file name. */
function ecosystemOf(file: SourceFile): string | undefined {
  if (file.kind === 'dockerfile') return 'docker';
  if (file.kind !== 'manifest') return undefined;
  const b = baseOf(file.path);
  if (b === 'package.json') return 'npm';
  if (/^requirements[\w.-]*\.txt$/.test(b) || b === 'pyproject.toml' || b === 'pipfile' || b === 'setup.py' || b === 'setup.cfg') return 'pip';
  if (b === 'go.mod') return 'gomod';
  if (b === 'cargo.toml') return 'cargo';
  if (b === 'pom.xml') return 'maven';
  if (b === 'build.gradle' || b === 'build.gradle.kts') return 'gradle';
  if (b === 'gemfile') return 'bundler';
  if (b === 'composer.json') return 'composer';
  return undefined;
}

export const ECOSYSTEM_ORDER = ['github-actions', 'pip', 'npm', 'gomod', 'cargo', 'maven', 'gradle', 'bundler', 'composer', 'docker'];

/** Ecosystems Dependabot can update, each with the directories (`/`, `/web`) holding its manifests. */
export function ecosystems(workspace: WorkspaceModel): Map<string, string[]> {
  const found = new Map<string, Set<string>>();
  const add = (eco: string, dir: string) => {
    let set = found.get(eco);
    if (!set) found.set(eco, (set = new Set()));
    set.add('/' + dir);
  };
  for (const file of workspace.files()) {
    if (isFixture(file.path)) continue;
    const eco = ecosystemOf(file);
    if (eco) add(eco, dirOf(file.path));
  }
  if (workspace.filesOfKind('github-workflow').length || workspace.isDirectory('.github/workflows')) add('github-actions', '');
  const out = new Map<string, string[]>();
  for (const eco of ECOSYSTEM_ORDER) {
    const dirs = found.get(eco);
    if (dirs) out.set(eco, [...dirs].sort());
  }
  return out;
}

/** One `updates:` entry of a Dependabot config, in the config's indentation. */
export function dependabotEntry(eco: string, dirs: string[], pad: string, unit: string, eol: string, interval = 'weekly'): string {
  const lines = [`${pad}- package-ecosystem: ${JSON.stringify(eco)}`];
  if (dirs.length === 1) lines.push(`${pad}  directory: ${JSON.stringify(dirs[0])}`);
  else lines.push(`${pad}  directories:`, ...dirs.map((d) => `${pad}  ${unit}- ${JSON.stringify(d)}`));
  lines.push(`${pad}  schedule:`, `${pad}  ${unit}interval: ${JSON.stringify(interval)}`);
  return lines.join(eol);
}

const TEST_FILE = /(^|\/)(test_[^/]*\.py|[^/]*_test\.py|[^/]*\.(test|spec)\.[cm]?[jt]sx?|[^/]*_test\.go|[^/]*_spec\.rb|[^/]*Test\.(java|kt)|[^/]*Tests?\.cs)$/;
const TEST_DIRS = ['tests', 'test', '__tests__', 'spec', 'src/test'];

/** A file or directory proving the project has tests (undefined when none is found). */
export function findTests(workspace: WorkspaceModel): { path: string; count: number } | undefined {
  let first: string | undefined;
  let count = 0;
  for (const f of workspace.files()) {
    if (isFixture(f.path) || !TEST_FILE.test(f.path)) continue;
    count++;
    if (first === undefined || f.path < first) first = f.path;
  }
  if (first) return { path: first, count };
  const roots = ['', ...workspace.listDir('').filter((n) => workspace.isDirectory(n) && !n.startsWith('.'))];
  for (const root of roots) {
    for (const d of TEST_DIRS) {
      const dir = root ? `${root}/${d}` : d;
      if (!isFixture(dir) && workspace.isDirectory(dir) && workspace.listDir(dir).length) return { path: dir, count: 0 };
    }
  }
  return undefined;
}

/**
 * The CI file a project finding anchors on: the first workflow that runs on pushes or pull requests
 * (else the first workflow), else the first GitLab root. Range: its `jobs:` key or the file start.
 */
export function ciAnchor(workspace: WorkspaceModel): { file: string; range: Range } | undefined {
  const workflows = workspace.filesOfKind('github-workflow').sort((a, b) => (a.path < b.path ? -1 : 1));
  let fallback: { file: string; range: Range } | undefined;
  for (const f of workflows) {
    const wf = githubModel(workspace, f);
    if (!wf) continue;
    const anchor = { file: f.path, range: wf.jobsRange ?? ZERO_RANGE };
    if (wf.triggers.some((t) => t.event === 'push' || t.event === 'pull_request')) return anchor;
    fallback ??= anchor;
  }
  if (fallback) return fallback;
  const root = gitlabRoots(workspace)[0];
  if (!root) return undefined;
  const yf = ciYaml(workspace, root);
  const firstKey = yf.entries(yf.root)[0];
  return { file: root.path, range: firstKey?.keyRange ?? ZERO_RANGE };
}
