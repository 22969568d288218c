import type { FileKind } from '../core/types';

const LOCKFILES = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock',
  'poetry.lock', 'pipfile.lock', 'uv.lock', 'pdm.lock', 'go.sum', 'cargo.lock', 'gemfile.lock', 'composer.lock',
]);
const MANIFESTS = new Set([
  'package.json', 'pyproject.toml', 'pipfile', 'setup.py', 'setup.cfg', 'go.mod', 'cargo.toml', 'pom.xml',
  'build.gradle', 'build.gradle.kts', 'gemfile', 'composer.json',
]);
const RENOVATE = new Set(['renovate.json', 'renovate.json5', '.renovaterc', '.renovaterc.json', '.renovaterc.json5']);

/** Decides what a file is from its workspace-relative path alone. */
export function classifyPath(path: string): FileKind {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  const lower = base.toLowerCase();
  const dir = slash >= 0 ? path.slice(0, slash) : '';

  if (lower === '.readiness.yaml' || lower === '.readiness.yml') return 'readiness-config';
  if (lower === '.dockerignore' || lower.endsWith('.dockerignore')) return 'dockerignore';
  if (
    lower === 'dockerfile' || lower === 'containerfile' ||
    /^(docker|container)file\.[\w.-]+$/.test(lower) && !/\.(md|txt|json|ya?ml|sh)$/.test(lower) ||
    lower.endsWith('.dockerfile') || lower.endsWith('.containerfile')
  ) return 'dockerfile';
  const isYaml = /\.ya?ml$/.test(lower);
  if (isYaml && /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/.test(lower)) return 'compose';
  if (isYaml && (dir === '.github/workflows' || dir.endsWith('/.github/workflows'))) return 'github-workflow';
  if (isYaml && (dir === '.github' || dir.endsWith('/.github')) && /^dependabot\.ya?ml$/.test(lower)) return 'dependabot';
  if (lower === '.gitlab-ci.yml' || lower === '.gitlab-ci.yaml') return 'gitlab-ci';
  if (isYaml && /^action\.ya?ml$/.test(lower)) return 'github-action';
  if (lower === '.pre-commit-config.yaml' || lower === '.pre-commit-config.yml') return 'pre-commit';
  if (RENOVATE.has(lower) || (/^renovate\.json5?$/.test(lower) && dir.endsWith('.github'))) return 'renovate';
  if (lower === '.gitignore') return 'gitignore';
  if (lower === '.env' || lower.startsWith('.env.') || (lower.endsWith('.env') && !lower.includes('/'))) return 'env';
  if (LOCKFILES.has(lower)) return 'lockfile';
  if (MANIFESTS.has(lower) || /^requirements[\w.-]*\.(txt|in)$/.test(lower)) return 'manifest';
  if (lower.endsWith('.py')) return 'python';
  if (/\.(ts|tsx|mts|cts)$/.test(lower) && !lower.endsWith('.d.ts')) return 'typescript';
  if (/\.(js|jsx|mjs|cjs)$/.test(lower) && !/\.min\.js$/.test(lower)) return 'javascript';
  if (lower.endsWith('.go')) return 'go';
  if (/\.(md|markdown)$/.test(lower)) return 'markdown';
  if (/^nginx[\w.-]*\.conf$/.test(lower) || (lower.endsWith('.conf') && /(^|\/)conf\.d$/.test(dir)) || /(^|\/)sites-(available|enabled)$/.test(dir)) return 'nginx';
  return 'other';
}

/** Kinds whose text is never needed by the engine: only their existence matters. */
export const EXISTENCE_ONLY_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['lockfile', 'other']);
