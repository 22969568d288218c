/** Small pure helpers over parsed shell commands, shared by rules. */
import type { Range } from '../../core/types';
import type { ShellCommand, ShellScript, ShellWord } from './model';

export interface EffectiveCommand {
  /** The program that actually runs, after wrappers such as `sudo`, `env`, `exec`. */
  name: ShellWord;
  args: ShellWord[];
  /** `VAR=value` prefixes of the command plus those given to `env`. */
  assignments: { name: string; value: string; range: Range }[];
  /** Wrapper programs that were removed, outermost first (`['sudo', 'env']`). */
  wrappers: string[];
  command: ShellCommand;
}

interface WrapperSpec {
  /** Options that consume the next word. */
  valueOptions: string[];
  /** Positional operands before the program (`gosu USER cmd`, `timeout 10 cmd`). */
  operands: number;
  /** `env`-style: leading `NAME=value` words are assignments. */
  assignments?: boolean;
}

const WRAPPERS: Record<string, WrapperSpec> = {
  sudo: { valueOptions: ['-u', '-g', '-h', '-p', '-C', '-D', '-R', '-T', '-U', '-r', '-t', '--user', '--group'], operands: 0, assignments: true },
  doas: { valueOptions: ['-u', '-C'], operands: 0 },
  env: { valueOptions: ['-u', '-C', '-S', '--unset', '--chdir', '--split-string'], operands: 0, assignments: true },
  exec: { valueOptions: ['-a'], operands: 0 },
  nohup: { valueOptions: [], operands: 0 },
  time: { valueOptions: ['-f', '-o', '--format', '--output'], operands: 0 },
  command: { valueOptions: [], operands: 0 },
  builtin: { valueOptions: [], operands: 0 },
  nice: { valueOptions: ['-n', '--adjustment'], operands: 0 },
  ionice: { valueOptions: ['-c', '-n', '-p'], operands: 0 },
  timeout: { valueOptions: ['-s', '-k', '--signal', '--kill-after'], operands: 1 },
  stdbuf: { valueOptions: ['-i', '-o', '-e'], operands: 0 },
  chroot: { valueOptions: ['--userspec', '--groups'], operands: 1 },
  gosu: { valueOptions: [], operands: 1 },
  'su-exec': { valueOptions: [], operands: 1 },
  tini: { valueOptions: ['-p', '-e'], operands: 0 },
  'dumb-init': { valueOptions: ['-r', '--rewrite'], operands: 0 },
};

/** Last path segment of a static program word: `/usr/bin/sudo` → `sudo`. */
export function programName(word: ShellWord | null | undefined): string | undefined {
  if (!word || word.dynamic) return undefined;
  const slash = word.text.lastIndexOf('/');
  return slash >= 0 ? word.text.slice(slash + 1) : word.text;
}

/**
 * The program a command really runs: `sudo -E env A=1 exec nohup curl -k x` → `curl -k x`.
 * Undefined when the command has no name or the real program is not a static word.
 */
export function effectiveCommand(cmd: ShellCommand): EffectiveCommand | undefined {
  if (!cmd.name) return undefined;
  const assignments = cmd.assignments.map((a) => ({ ...a }));
  const wrappers: string[] = [];
  let words = [cmd.name, ...cmd.args];
  for (let guard = 0; guard < 16; guard++) {
    const head = words[0];
    const program = programName(head);
    const spec = program !== undefined ? WRAPPERS[program] : undefined;
    if (!head || !spec || program === undefined) break;
    // `command -v x` / `command -V x` only look a program up.
    if (program === 'command' && words.length > 1 && /^-[a-zA-Z]*[vV]/.test(words[1].text)) break;
    let i = 1;
    while (i < words.length) {
      const w = words[i];
      if (w.dynamic) break;
      if (w.text === '--') {
        i++;
        break;
      }
      if (spec.assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.text)) {
        const eq = w.text.indexOf('=');
        assignments.push({ name: w.text.slice(0, eq), value: w.text.slice(eq + 1), range: w.range });
        i++;
        continue;
      }
      if (!w.text.startsWith('-') || w.text === '-') break;
      i += spec.valueOptions.includes(w.text) ? 2 : 1;
    }
    i += spec.operands;
    // A bare wrapper (`env`, `time`) runs itself.
    if (i >= words.length) break;
    wrappers.push(program);
    words = words.slice(i);
  }
  if (words.length === 0 || words[0].dynamic) return undefined;
  return { name: words[0], args: words.slice(1), assignments, wrappers, command: cmd };
}

function stripDashes(flag: string): string {
  return flag.replace(/^-+/, '');
}

export interface FlagOptions {
  /** Short options that take a value (`-o file`, `-ofile`): scanning a cluster stops at them. */
  shortWithValue?: string[];
}

/**
 * The first argument that sets one of the flags: short (`-k`, also inside clusters like `-sSkL`) or
 * long (`--insecure`, `--insecure=…`). Scanning stops at `--`. Dynamic words are ignored.
 */
export function findFlag(args: readonly ShellWord[], short: string[], long: string[], options: FlagOptions = {}): ShellWord | undefined {
  const shorts = new Set(short.map(stripDashes));
  const longs = new Set(long.map(stripDashes));
  const withValue = new Set((options.shortWithValue ?? []).map(stripDashes));
  for (const arg of args) {
    if (arg.dynamic) continue;
    const t = arg.text;
    if (t === '--') break;
    if (t.startsWith('--')) {
      const eq = t.indexOf('=');
      if (longs.has(eq < 0 ? t.slice(2) : t.slice(2, eq))) return arg;
    } else if (t.startsWith('-') && t.length > 1) {
      for (let i = 1; i < t.length; i++) {
        const c = t[i];
        if (shorts.has(c)) return arg;
        if (withValue.has(c)) break;
      }
    }
  }
  return undefined;
}

export function hasFlag(args: readonly ShellWord[], short: string[], long: string[], options: FlagOptions = {}): boolean {
  return findFlag(args, short, long, options) !== undefined;
}

/**
 * The first non-flag argument (`apt-get -y install x` → `install`). `valueFlags` lists options that
 * consume the next word (`git -C dir status`, `git -c k=v clone`).
 */
export function subcommand(args: readonly ShellWord[], valueFlags: string[] = []): ShellWord | undefined {
  for (let i = 0; i < args.length; i++) {
    const t = args[i].text;
    if (t === '--') return args[i + 1];
    if (t.startsWith('-') && t !== '-') {
      if (valueFlags.includes(t)) i++;
      continue;
    }
    return args[i];
  }
  return undefined;
}

export interface SetOptions {
  pipefail: boolean;
  errexit: boolean;
  nounset: boolean;
  xtrace: boolean;
}

const SHORT_SET: Record<string, keyof SetOptions> = { e: 'errexit', u: 'nounset', x: 'xtrace' };
const LONG_SET: Record<string, keyof SetOptions> = { pipefail: 'pipefail', errexit: 'errexit', nounset: 'nounset', xtrace: 'xtrace' };

/**
 * Shell options switched on by `set` commands that start before `beforeOffset` (offsets in the
 * script source): `set -o pipefail`, `set -eo pipefail`, `set -euxo pipefail`; `+o`/`+e` turn off.
 */
export function findSetOptions(script: ShellScript, beforeOffset: number = Number.MAX_SAFE_INTEGER): SetOptions {
  const state: SetOptions = { pipefail: false, errexit: false, nounset: false, xtrace: false };
  for (const cmd of script.commands) {
    if (cmd.start >= beforeOffset) break;
    const eff = effectiveCommand(cmd);
    if (!eff || eff.name.text !== 'set') continue;
    const args = eff.args;
    for (let i = 0; i < args.length; i++) {
      const t = args[i].text;
      if (args[i].dynamic || t === '--') break;
      if (!/^[-+][a-zA-Z]+$/.test(t)) continue;
      const on = t[0] === '-';
      for (const c of t.slice(1)) {
        if (c === 'o') {
          const name = args[i + 1]?.text;
          const key = name !== undefined ? LONG_SET[name] : undefined;
          if (key) state[key] = on;
          i++;
        } else if (SHORT_SET[c]) state[SHORT_SET[c]] = on;
      }
    }
  }
  return state;
}
