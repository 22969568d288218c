import { defineRule, type RuleContext } from '../../server/src/core/rule';
import type { FileChange, Fix, Range } from '../../server/src/core/types';
import { programName } from '../../server/src/parsers/shell/commands';
import type { DockerfileModel } from '../../server/src/parsers/dockerfile/model';
import type { SourceFile, WorkspaceModel } from '../../server/src/workspace/model';
import { commandsOf, joinPath, runScripts } from './_b';
import { defaultContext, dockerIgnoreFor, type DockerIgnore } from './_ignorefile';

const ENV_FILE = /^\.env(\.[\w.-]+)?$/;
const ENV_TEMPLATE = /\.(example|sample|template|dist|defaults)$/;
/** Build backends that derive the version from git metadata, so the build needs `.git`. */
const VCS_VERSIONING = /setuptools[_-]scm|hatch-vcs|versioningit|dunamai|poetry-dynamic-versioning|setuptools-git-versioning/;

/** The first `COPY .`/`ADD .` of the build context (not `--from` another stage or image). */
function wholeContextCopy(model: DockerfileModel): { range: Range; keyword: string } | undefined {
  for (const ins of model.instructions) {
    if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || !ins.paths) continue;
    if (ins.flags.some((f) => f.name === 'from')) continue;
    const src = ins.paths.sources.find((s) => /^(\.\/?|\.\/\.)$/.test(s.text));
    if (src) return { range: src.range, keyword: ins.keyword };
  }
  return undefined;
}

interface Gap {
  /** Lines to add so that `.git` and every `.env*` file are excluded. */
  lines: string[];
  /** What leaks, for the message. */
  leaks: string[];
}

function gapsOf(ignore: DockerIgnore, ws: WorkspaceModel, contextDir: string): Gap {
  const lines: string[] = [];
  const leaks: string[] = [];
  if (!ignore.excludes('.git')) {
    lines.push('.git');
    leaks.push('.git');
  }
  const envFiles = ws.listDir(contextDir).filter((n) => ENV_FILE.test(n) && !ENV_TEMPLATE.test(n)).sort();
  if (!ignore.excludes('.env')) {
    lines.push('.env');
    leaks.push('.env');
  }
  // Other env files only count when they exist: an ignore file listing `.env` is otherwise enough.
  const leakingVariants = envFiles.filter((n) => n !== '.env' && !ignore.excludes(n));
  if (leakingVariants.length) {
    lines.push('.env.*');
    leaks.push(...leakingVariants);
    // Re-include the template only if it was not excluded before, so nothing else changes.
    if (!ignore.excludes('.env.example')) lines.push('!.env.example');
  }
  return { lines, leaks };
}

/** Whether excluding `.git` could break the build (it runs git, or versions from git metadata). */
function buildNeedsGit(ws: WorkspaceModel, model: DockerfileModel, contextDir: string): boolean {
  if (runScripts(model).some(({ script }) => commandsOf(script).some((c) => programName(c.name) === 'git'))) return true;
  for (const name of ['pyproject.toml', 'setup.py', 'setup.cfg']) {
    const text = ws.file(joinPath(contextDir, name))?.text;
    if (text && VCS_VERSIONING.test(text)) return true;
  }
  return false;
}

function newDockerignore(ws: WorkspaceModel, model: DockerfileModel, contextDir: string): string[] {
  const runs = runScripts(model).flatMap(({ script }) => commandsOf(script).map((c) => programName(c.name) ?? ''));
  const lines = ['# Keep VCS data, secrets and local artefacts out of the build context.', '.git', '.env', '.env.*', '!.env.example'];
  // Dependencies the image installs itself; a host copy would overwrite them.
  const installsNode = runs.some((n) => /^(npm|yarn|pnpm|bun)$/.test(n));
  const installsPython = runs.some((n) => /^(pip\d*(\.\d+)?|poetry|uv|pipenv|pdm)$/.test(n)) || runScripts(model).some(({ script }) => /-m pip\b/.test(script.source));
  if (installsNode || ws.exists(joinPath(contextDir, 'node_modules'))) lines.push('node_modules');
  if (installsPython) lines.push('.venv');
  lines.push('__pycache__', '*.pyc', '*.log');
  return lines;
}

function fixFor(ctx: RuleContext, file: SourceFile, model: DockerfileModel, contextDir: string, ignore: DockerIgnore, gap: Gap): Fix {
  const ws = ctx.workspace;
  const safety = buildNeedsGit(ws, model, contextDir) && gap.lines.includes('.git') ? 'unsafe' : 'safe';
  let change: FileChange;
  if (!ignore.path) {
    const text = newDockerignore(ws, model, contextDir).join('\n') + '\n';
    change = { file: joinPath(contextDir, '.dockerignore'), create: true, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] };
    return { title: 'Create .dockerignore excluding .git, .env files and local artefacts', safety, changes: [change] };
  }
  const existing = ws.file(ignore.path);
  const text = existing?.text ?? '';
  const eol = existing?.lines.eol ?? '\n';
  const lastLine = existing ? existing.lines.lineCount - 1 : 0;
  const end = { line: lastLine, character: existing ? existing.lines.lineText(lastLine).length : 0 };
  const lead = text === '' || text.endsWith('\n') ? '' : eol;
  change = { file: ignore.path, edits: [{ range: { start: end, end }, newText: lead + gap.lines.join(eol) + eol }] };
  return { title: `Add ${gap.lines.filter((l) => !l.startsWith('!')).join(', ')} to ${ignore.path.slice(ignore.path.lastIndexOf('/') + 1)}`, safety, changes: [change] };
}

/** Checks one build: a Dockerfile built with the given context directory. */
export function checkBuildContext(ctx: RuleContext, file: SourceFile, model: DockerfileModel, contextDir: string): void {
  const copy = wholeContextCopy(model);
  if (!copy) return;
  const ignore = dockerIgnoreFor(ctx.workspace, file.path, contextDir);
  const gap = gapsOf(ignore, ctx.workspace, contextDir);
  if (!gap.lines.length) {
    ctx.pass();
    return;
  }
  const where = contextDir ? `the build context ${contextDir}/` : 'the build context';
  const message = ignore.path
    ? `\`${copy.keyword} .\` copies ${where} into the image, and ${ignore.path} does not exclude ${gap.leaks.join(', ')}: ${gap.leaks.includes('.git') ? 'the repository history and any secret' : 'the secrets'} in them end up in an image layer.`
    : `\`${copy.keyword} .\` copies ${where} into the image and there is no .dockerignore: .git, .env files and local artefacts end up in an image layer.`;
  ctx.report({ file: file.path, range: copy.range, message, fixes: [fixFor(ctx, file, model, contextDir, ignore, gap)] });
}

export default defineRule({
  id: 'dockerfile/missing-dockerignore',
  meta: {
    category: 'security',
    severity: 'warning',
    summary: '`COPY .` sends the whole build context while no .dockerignore keeps .git and .env files out.',
    fixes: ['safe', 'unsafe'],
    aliases: [],
    scope: 'file',
    kinds: ['dockerfile'],
    productionOnly: false,
  },
  check(ctx) {
    const file = ctx.file!;
    const model = ctx.workspace.dockerfile(file.path);
    if (!model) return;
    // Compose can build with another context; until that is modelled, the Dockerfile's directory.
    checkBuildContext(ctx, file, model, defaultContext(file.path));
  },
});
