import { defineRule } from '../../server/src/core/rule';
import type { TextEdit } from '../../server/src/core/types';
import { findFlag, programName, subcommand, type EffectiveCommand } from '../../server/src/parsers/shell/commands';
import type { DockerInstruction, DockerStage } from '../../server/src/parsers/dockerfile/model';
import type { ShellWord } from '../../server/src/parsers/shell/model';
import type { WorkspaceModel } from '../../server/src/workspace/model';
import { ancestry, commandsOf, dirOf, envAt, insertAfterWord, joinPath, mountsOf, scriptsOf } from './_b';
import { defaultContext, toRegex } from './_ignorefile';

type Tool = 'npm' | 'yarn' | 'pnpm' | 'bun';

const LOCKFILES: Record<Tool, string[]> = {
  npm: ['package-lock.json', 'npm-shrinkwrap.json'],
  yarn: ['yarn.lock'],
  pnpm: ['pnpm-lock.yaml'],
  bun: ['bun.lock', 'bun.lockb'],
};
const NPM_INSTALL = new Set(['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add']);
const NPM_VALUE = ['--prefix', '-C', '--registry', '--cache', '--loglevel', '--workspace', '-w', '--omit', '--include', '--userconfig', '--tag', '--install-strategy', '--location', '--before', '--fetch-retries', '--fetch-timeout'];
const YARN_VALUE = ['--cwd', '--modules-folder', '--cache-folder', '--network-timeout', '--mutex', '--registry', '--network-concurrency'];

interface Install {
  tool: Tool;
  /** The word the finding sits on and the fix edits around: the subcommand, or `yarn` when bare. */
  anchor: ShellWord;
  shown: string;
}

/** A lockfile-less install of the project's dependencies, or undefined. */
function projectInstall(eff: EffectiveCommand, ins: DockerInstruction, stage: DockerStage): Install | undefined {
  const tool = programName(eff.name);
  const args = eff.args;
  if (tool === 'npm') {
    const verb = subcommand(args, NPM_VALUE);
    if (!verb || !NPM_INSTALL.has(verb.text)) return undefined;
    if (findFlag(args, ['g'], ['global', 'no-package-lock']) || args.some((w) => /^--(location=global|package-lock=false)$/.test(w.text))) return undefined;
    // Any package operand makes it an install of named packages, not of the lockfile.
    const rest = args.slice(args.indexOf(verb) + 1);
    for (let i = 0; i < rest.length; i++) {
      if (rest[i].text.startsWith('-')) {
        if (NPM_VALUE.includes(rest[i].text)) i++;
        continue;
      }
      return undefined;
    }
    return { tool, anchor: verb, shown: `npm ${verb.text}` };
  }
  if (tool === 'yarn') {
    const verb = subcommand(args, YARN_VALUE);
    if (verb && verb.text !== 'install') return undefined;
    if (findFlag(args, [], ['frozen-lockfile', 'immutable'])) return undefined;
    const immutable = [...eff.assignments.map((a) => [a.name, a.value]), ['YARN_ENABLE_IMMUTABLE_INSTALLS', envAt(stage, ins, 'YARN_ENABLE_IMMUTABLE_INSTALLS') ?? '']];
    if (immutable.some(([n, v]) => n === 'YARN_ENABLE_IMMUTABLE_INSTALLS' && /^(1|true)$/i.test(v))) return undefined;
    return { tool, anchor: verb ?? eff.name, shown: verb ? 'yarn install' : 'yarn' };
  }
  if (tool === 'pnpm' || tool === 'bun') {
    const verb = subcommand(args, ['--dir', '-C', '--filter', '--cwd']);
    if (!verb || (verb.text !== 'install' && verb.text !== 'i')) return undefined;
    // `--frozen-lockfile=false` is an explicit choice, not an oversight.
    if (args.some((w) => w.text.startsWith('--frozen-lockfile'))) return undefined;
    if (args.slice(args.indexOf(verb) + 1).some((w) => !w.text.startsWith('-'))) return undefined;
    return { tool, anchor: verb, shown: `${tool} ${verb.text}` };
  }
  return undefined;
}

interface LockState {
  /** The lockfile is in the image when the RUN executes (copied or bind-mounted). */
  inImage?: string;
  /** The context holds one next to a package.json the image uses. */
  inContext?: string;
}

/** Where the tool's lockfile is, given what the stage copied from the context before the RUN. */
function lockState(ws: WorkspaceModel, stage: DockerStage, ins: DockerInstruction, contextDir: string, names: string[]): LockState {
  const state: LockState = {};
  // Directories of the package.json files the image uses; the context root is the last resort.
  const projectDirs = new Set<string>();
  const sources: string[] = [];
  for (const s of ancestry(stage)) {
    const limit = s === stage ? s.instructions.indexOf(ins) : s.instructions.length;
    for (const c of s.instructions.slice(0, limit)) {
      if ((c.keyword !== 'COPY' && c.keyword !== 'ADD') || !c.paths || c.flags.some((f) => f.name === 'from')) continue;
      sources.push(...c.paths.sources.map((p) => p.text));
    }
  }
  sources.push(...mountsOf(ins).filter((m) => m.type === 'bind' && !m.from).map((m) => m.source));
  for (const raw of sources) {
    const src = raw.replace(/^(\.\/)+|^\/+/, '').replace(/\/+$/, '').replace(/^\.$/, '');
    const path = joinPath(contextDir, src);
    if (/[*?[]/.test(src)) {
      const dir = dirOf(src);
      const re = toRegex(src);
      for (const name of ws.listDir(joinPath(contextDir, dir))) {
        if (!re.test(joinPath(dir, name))) continue;
        if (names.includes(name)) state.inImage ??= joinPath(joinPath(contextDir, dir), name);
        if (name === 'package.json') projectDirs.add(joinPath(contextDir, dir));
      }
    } else if (src === '' || ws.isDirectory(path)) {
      const found = names.find((n) => ws.exists(joinPath(path, n)));
      if (found) state.inImage ??= joinPath(path, found);
    } else {
      const base = src.slice(src.lastIndexOf('/') + 1);
      if (names.includes(base) && ws.exists(path)) state.inImage ??= path;
      if (base === 'package.json') projectDirs.add(joinPath(contextDir, dirOf(src)));
    }
  }
  projectDirs.add(contextDir);
  for (const dir of projectDirs) {
    const found = names.find((n) => ws.exists(joinPath(dir, n)));
    if (found) state.inContext ??= joinPath(dir, found);
  }
  return state;
}

function isYarnBerry(ws: WorkspaceModel, dir: string): boolean {
  if (ws.exists(joinPath(dir, '.yarnrc.yml'))) return true;
  const manifest = ws.file(joinPath(dir, 'package.json'))?.text ?? '';
  return /"packageManager"\s*:\s*"yarn@([2-9]|\d\d)/.test(manifest);
}

function fixEdit(ws: WorkspaceModel, found: Install, lock: string): { title: string; edit: TextEdit } {
  if (found.tool === 'npm') return { title: 'Use npm ci', edit: { range: found.anchor.range, newText: 'ci' } };
  const flag = found.tool === 'yarn' && isYarnBerry(ws, dirOf(lock)) ? '--immutable' : '--frozen-lockfile';
  return { title: `Add ${flag}`, edit: insertAfterWord(found.anchor, ` ${flag}`) };
}

export default defineRule({
  id: 'dockerfile/npm-install-without-lockfile',
  meta: {
    category: 'reliability',
    severity: 'warning',
    summary: 'Dependencies are installed without enforcing the lockfile, so the image can get versions nobody tested.',
    fixes: ['safe'],
    aliases: [],
    scope: 'file',
    kinds: ['dockerfile'],
    productionOnly: false,
  },
  check(ctx) {
    const file = ctx.file!;
    const ws = ctx.workspace;
    const model = ws.dockerfile(file.path);
    if (!model) return;
    const contextDir = defaultContext(file.path);
    for (const stage of model.stages) {
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'RUN') continue;
        for (const { script } of scriptsOf(ins)) {
          for (const eff of commandsOf(script)) {
            const tool = programName(eff.name) as Tool;
            if (!LOCKFILES[tool]) continue;
            if (tool === 'npm' && subcommand(eff.args, NPM_VALUE)?.text === 'ci') {
              ctx.pass();
              continue;
            }
            const found = projectInstall(eff, ins, stage);
            if (!found) {
              // A frozen yarn/pnpm/bun install is a passing target; named installs are not targets.
              if (tool !== 'npm' && /install|^i$/.test(subcommand(eff.args, YARN_VALUE)?.text ?? 'install') && findFlag(eff.args, [], ['frozen-lockfile', 'immutable'])) ctx.pass();
              continue;
            }
            const lock = lockState(ws, stage, ins, contextDir, LOCKFILES[tool]);
            const lockPath = lock.inImage ?? lock.inContext;
            if (!lockPath) continue;
            const lockName = lockPath.slice(lockPath.lastIndexOf('/') + 1);
            const better = found.tool === 'npm' ? 'npm ci' : `${found.shown} ${found.tool === 'yarn' && isYarnBerry(ws, dirOf(lockPath)) ? '--immutable' : '--frozen-lockfile'}`;
            if (!lock.inImage) {
              ctx.report({
                file: file.path,
                range: found.anchor.range,
                message: `\`${found.shown}\` runs before ${lockName} is copied into the image, so it resolves versions afresh: copy ${lockPath} first and use \`${better}\`.`,
              });
              continue;
            }
            const { title, edit } = fixEdit(ws, found, lockPath);
            ctx.report({
              file: file.path,
              range: found.anchor.range,
              message: `\`${found.shown}\` does not enforce ${lockName}: it may install versions the lockfile does not pin (and rewrite it). Use \`${better}\`.`,
              fixes: [{ title, safety: 'safe', changes: [{ file: file.path, edits: [edit] }] }],
            });
          }
        }
      }
    }
  },
});
