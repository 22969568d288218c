/**
 * Facts about the image a Dockerfile stage produces: base image knowledge plus what the stage (and
 * the stages it is built FROM) install, copy, expose and run. Shared by Dockerfile rules and, later,
 * compose analysis.
 */
import type { Range } from '../core/types';
import type { DockerfileModel, DockerInstruction, DockerStage } from '../parsers/dockerfile/model';
import { shellScripts } from '../parsers/dockerfile/parse';
import { effectiveCommand, programName } from '../parsers/shell/commands';
import { baseHas, describeBaseImage, type BaseImage, type Presence } from './base-images';
import { binariesOf, packageOperation, type InstallManager } from './packages';

export * from './base-images';
export { binariesOf, packageOperation, type InstallManager, type PackageOperation } from './packages';

export interface InstalledPackage {
  manager: InstallManager;
  name: string;
  instruction: DockerInstruction;
  range: Range;
  /** A later command in the chain removed it again (`apt-get purge`, `apk del`). */
  removed: boolean;
}

export interface ImageContents {
  base: BaseImage;
  /** Stages from the root (built FROM an image) down to the stage asked about. */
  chain: DockerStage[];
  /** Whether the image contains a binary on its PATH. 'no' is only answered when certain. */
  has(binary: string): Presence;
  /** The RUN/COPY that provides a binary, when the Dockerfile does. */
  providerOf(binary: string): { instruction: DockerInstruction; range: Range } | undefined;
  installs(): InstalledPackage[];
}

const BIN_DIR = /^\/(usr\/(local\/)?)?s?bin\/?$/;
const BIN_PATH = /^\/(usr\/(local\/)?)?s?bin\/([^/]+)$/;
/** Destinations where copying a directory may drop arbitrary binaries on the PATH. */
const OPAQUE_DEST = /^\/(usr(\/local)?)?\/?$/;
const PLACING_COMMANDS = new Set(['cp', 'mv', 'ln', 'install', 'curl', 'wget', 'chmod', 'tar', 'unzip']);

/** Stages from the root down to `stage`, following `FROM <stage>`. */
export function stageChain(stage: DockerStage): DockerStage[] {
  const chain: DockerStage[] = [];
  const seen = new Set<DockerStage>();
  for (let s: DockerStage | undefined = stage; s && !seen.has(s); s = s.from.stage) {
    seen.add(s);
    chain.unshift(s);
  }
  return chain;
}

function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

export function imageContents(_model: DockerfileModel, stage: DockerStage): ImageContents {
  const chain = stageChain(stage);
  const base = describeBaseImage(chain[0].from);
  const installs: InstalledPackage[] = [];
  const provided = new Map<string, { instruction: DockerInstruction; range: Range; removed: boolean }>();
  const groups = new Map<string, InstalledPackage[]>();
  let uncertain = false;

  const provide = (bin: string, instruction: DockerInstruction, range: Range): void => {
    provided.set(bin, { instruction, range, removed: false });
  };
  const remove = (manager: InstallManager, name: string, instruction: DockerInstruction, range: Range): void => {
    for (const item of installs) if (item.manager === manager && item.name === name) item.removed = true;
    // Removing a package takes its binaries away, whether the base or an earlier RUN brought them.
    for (const bin of binariesOf(manager, name)) provided.set(bin, { instruction, range, removed: true });
  };

  for (const s of chain) {
    for (const ins of s.instructions) {
      if (ins.keyword === 'RUN') {
        for (const script of shellScripts(ins)) {
          for (const cmd of script.commands) {
            const operation = packageOperation(cmd);
            if (operation) {
              if (operation.dynamic && operation.action === 'install' && operation.manager !== 'pip' && operation.manager !== 'npm') uncertain = true;
              for (const pkg of operation.packages) {
                if (operation.action === 'install') {
                  const item: InstalledPackage = { manager: operation.manager, name: pkg.name, instruction: ins, range: pkg.word.range, removed: false };
                  installs.push(item);
                  for (const bin of binariesOf(operation.manager, pkg.name)) provide(bin, ins, pkg.word.range);
                  if (operation.group) groups.set(operation.group, [...(groups.get(operation.group) ?? []), item]);
                } else if (groups.has(pkg.name)) {
                  for (const item of groups.get(pkg.name) ?? []) remove(item.manager, item.name, ins, pkg.word.range);
                } else remove(operation.manager, pkg.name, ins, pkg.word.range);
              }
              continue;
            }
            // Binaries placed by hand: `curl -o /usr/local/bin/x`, `ln -s … /usr/bin/x`, `install x /usr/local/bin/`.
            const eff = effectiveCommand(cmd);
            if (!eff || !PLACING_COMMANDS.has(programName(eff.name) ?? '')) continue;
            for (const w of eff.args) {
              const m = w.dynamic ? null : BIN_PATH.exec(w.text);
              if (m) provide(m[3], ins, w.range);
            }
          }
        }
      } else if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && ins.paths?.dest) {
        const dest = ins.paths.dest.text;
        const file = BIN_PATH.exec(dest);
        if (BIN_DIR.test(dest)) for (const src of ins.paths.sources) provide(basename(src.text), ins, src.range);
        else if (file) provide(file[3], ins, ins.paths.dest.range);
        else if (OPAQUE_DEST.test(dest)) uncertain = true;
      }
    }
  }

  return {
    base,
    chain,
    has(binary: string): Presence {
      const p = provided.get(binary);
      if (p) return p.removed ? 'no' : 'yes';
      const fromBase = baseHas(base, binary);
      return fromBase === 'no' && uncertain ? 'unknown' : fromBase;
    },
    providerOf(binary: string) {
      const p = provided.get(binary);
      return p && !p.removed ? { instruction: p.instruction, range: p.range } : undefined;
    },
    installs: () => installs.slice(),
  };
}

export interface ExposedPort {
  /** Undefined when the text is not a number after resolution (`$PORT` with no default). */
  port: number | undefined;
  /** Upper end of a range such as `8000-8010`. */
  endPort?: number;
  protocol: 'tcp' | 'udp';
  text: string;
  range: Range;
  instruction: DockerInstruction;
}

/** EXPOSEd ports of the stage, including those inherited through `FROM <stage>`. */
export function exposedPorts(stage: DockerStage): ExposedPort[] {
  const ports: ExposedPort[] = [];
  for (const s of stageChain(stage)) {
    for (const ins of s.instructions) {
      if (ins.keyword !== 'EXPOSE' || !ins.argsRange) continue;
      const rawWords = [...ins.argsText.matchAll(/\S+/g)];
      const resolved = (ins.resolvedArgsText ?? ins.argsText).split(/\s+/).filter(Boolean);
      const singleLine = ins.argsRange.start.line === ins.argsRange.end.line && ins.argsRange.end.character - ins.argsRange.start.character === ins.argsText.length;
      rawWords.forEach((m, i) => {
        const text = resolved.length === rawWords.length ? resolved[i] : m[0];
        const pm = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp))?$/i.exec(text);
        const at = ins.argsRange!.start;
        const range = singleLine
          ? { start: { line: at.line, character: at.character + (m.index ?? 0) }, end: { line: at.line, character: at.character + (m.index ?? 0) + m[0].length } }
          : ins.argsRange!;
        ports.push({
          port: pm ? Number(pm[1]) : undefined,
          ...(pm?.[2] ? { endPort: Number(pm[2]) } : {}),
          protocol: pm?.[3]?.toLowerCase() === 'udp' ? 'udp' : 'tcp',
          text,
          range,
          instruction: ins,
        });
      });
    }
  }
  return ports;
}

export interface StageUser {
  /** Resolved USER value (`app:app`, `1000`, `root`). */
  user: string;
  /** The user part before `:`. */
  name: string;
  instruction: DockerInstruction;
  range: Range;
}

/** The USER in effect at the end of the stage (inherited through `FROM <stage>`), if any is set. */
export function finalUser(stage: DockerStage): StageUser | undefined {
  const chain = stageChain(stage);
  for (let c = chain.length - 1; c >= 0; c--) {
    const instructions = chain[c].instructions;
    for (let i = instructions.length - 1; i >= 0; i--) {
      const ins = instructions[i];
      if (ins.keyword !== 'USER') continue;
      const user = (ins.resolvedArgsText ?? ins.argsText).trim();
      return { user, name: user.split(':')[0], instruction: ins, range: ins.argsRange ?? ins.range };
    }
  }
  return undefined;
}

/**
 * The ENTRYPOINT and CMD in effect at the end of the stage. As in Docker, an ENTRYPOINT clears a CMD
 * inherited from the parent unless the same stage sets CMD too.
 */
export function entrypointAndCmd(stage: DockerStage): { entrypoint: DockerInstruction | undefined; cmd: DockerInstruction | undefined } {
  let entrypoint: DockerInstruction | undefined;
  let cmd: DockerInstruction | undefined;
  for (const s of stageChain(stage)) {
    let cmdSet = false;
    for (const ins of s.instructions) {
      if (ins.keyword === 'CMD') {
        cmd = ins;
        cmdSet = true;
      } else if (ins.keyword === 'ENTRYPOINT') {
        entrypoint = ins;
        if (!cmdSet) cmd = undefined;
      }
    }
  }
  return { entrypoint, cmd };
}
