/**
 * Package installs and removals found in shell commands, and the binaries packages provide.
 * Unknown package names are assumed to provide a binary of their own name (true for most CLIs and
 * harmless otherwise: nobody asks whether `libpq-dev` is on the PATH).
 */
import type { ShellCommand, ShellWord } from '../parsers/shell/model';
import { effectiveCommand, programName, subcommand } from '../parsers/shell/commands';

export type InstallManager = 'apt' | 'apk' | 'yum' | 'dnf' | 'microdnf' | 'pip' | 'npm' | 'gem' | 'go' | 'cargo';

export interface PackageOperation {
  manager: InstallManager;
  action: 'install' | 'remove';
  /** Static package words (name as written, version stripped in `name`). */
  packages: { name: string; word: ShellWord }[];
  /** `apk add --virtual NAME`: the group name. */
  group?: string;
  /** A package argument was dynamic (`$PKGS`): anything may have been installed or removed. */
  dynamic: boolean;
}

const SYSTEM_BINARIES: Record<string, string[]> = {
  'curl-minimal': ['curl'],
  netcat: ['nc'],
  'netcat-openbsd': ['nc'],
  'netcat-traditional': ['nc'],
  ncat: ['nc', 'ncat'],
  'nmap-ncat': ['nc', 'ncat'],
  'busybox-extras': ['telnet', 'nc'],
  procps: ['ps', 'top', 'pgrep', 'pkill', 'free'],
  'procps-ng': ['ps', 'top', 'pgrep', 'pkill', 'free'],
  'iputils-ping': ['ping'],
  iputils: ['ping'],
  'inetutils-ping': ['ping'],
  'openssh-client': ['ssh', 'scp', 'ssh-keygen'],
  'openssh-clients': ['ssh', 'scp', 'ssh-keygen'],
  python3: ['python3'],
  'python3-pip': ['pip3', 'pip'],
  'py3-pip': ['pip3', 'pip'],
  python: ['python'],
  nodejs: ['node'],
  npm: ['npm', 'npx'],
  'xz-utils': ['xz'],
  'build-essential': ['gcc', 'g++', 'make', 'cc'],
  'build-base': ['gcc', 'g++', 'make', 'cc'],
  'gcc-c++': ['g++'],
  'postgresql-client': ['psql', 'pg_isready'],
  'default-mysql-client': ['mysql', 'mysqladmin'],
  'mysql-client': ['mysql', 'mysqladmin'],
  'mariadb-client': ['mariadb', 'mysql', 'mysqladmin'],
  'redis-tools': ['redis-cli'],
  redis: ['redis-cli', 'redis-server'],
  'net-tools': ['netstat', 'ifconfig'],
  iproute2: ['ip', 'ss'],
  dnsutils: ['dig', 'nslookup'],
  'bind-tools': ['dig', 'nslookup'],
  'bind-utils': ['dig', 'nslookup'],
  gnupg: ['gpg'],
  gnupg2: ['gpg'],
  supervisor: ['supervisord', 'supervisorctl'],
  'ca-certificates': [],
  tzdata: [],
};

const PIP_BINARIES: Record<string, string[]> = {
  httpie: ['http', 'https'],
  awscli: ['aws'],
  supervisor: ['supervisord', 'supervisorctl'],
  django: ['django-admin'],
  ansible: ['ansible', 'ansible-playbook'],
  'ansible-core': ['ansible', 'ansible-playbook'],
  setuptools: [],
  wheel: ['wheel'],
};

const NPM_BINARIES: Record<string, string[]> = {
  typescript: ['tsc', 'tsserver'],
  '@angular/cli': ['ng'],
  '@nestjs/cli': ['nest'],
  pm2: ['pm2', 'pm2-runtime'],
  yarn: ['yarn', 'yarnpkg'],
  pnpm: ['pnpm', 'pnpx'],
  npm: ['npm', 'npx'],
  'firebase-tools': ['firebase'],
  'netlify-cli': ['netlify'],
};

const APT_VALUE_OPTIONS = ['-o', '-c', '-t', '--option', '--config-file', '--target-release', '--default-release'];
const APK_VALUE_OPTIONS = ['-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir'];
const APK_GROUP_OPTIONS = ['-t', '--virtual'];
const RPM_VALUE_OPTIONS = ['-c', '--config', '-x', '--exclude', '--installroot', '--releasever', '--repo', '--setopt'];
const PIP_VALUE_OPTIONS = ['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--trusted-host', '--platform', '--python-version', '--implementation', '--abi', '--only-binary', '--no-binary', '--progress-bar', '--src', '--upgrade-strategy', '--cache-dir', '--log', '--proxy', '--retries', '--timeout', '--cert', '--client-cert'];
const NPM_VALUE_OPTIONS = ['--prefix', '--registry', '--cache', '--userconfig', '-C', '--workspace', '-w'];

/** Package names after the verb: non-flag words, skipping the values of options that take one. */
function operands(args: ShellWord[], from: number, valueOptions: string[]): { words: ShellWord[]; dynamic: boolean } {
  const words: ShellWord[] = [];
  let dynamic = false;
  for (let i = from; i < args.length; i++) {
    const w = args[i];
    if (w.dynamic) {
      dynamic = true;
      continue;
    }
    if (w.text.startsWith('-')) {
      if (valueOptions.includes(w.text)) i++;
      continue;
    }
    words.push(w);
  }
  return { words, dynamic };
}

function systemName(text: string): string {
  return text.replace(/:[a-z0-9]+$/, '').replace(/[=<>~].*$/, '');
}

function pipName(text: string): string | undefined {
  if (/[/\\]|^\.|:\/\//.test(text) || /\.(whl|tar\.gz|zip)$/.test(text)) return undefined;
  return text.replace(/\[.*$/, '').replace(/\s*[=<>!~@;].*$/, '').toLowerCase();
}

function npmName(text: string): string | undefined {
  if (/^(\.|\/|git\+|https?:|file:)/.test(text)) return undefined;
  const at = text.lastIndexOf('@');
  return at > 0 ? text.slice(0, at) : text;
}

function op(manager: InstallManager, action: 'install' | 'remove', words: ShellWord[], dynamic: boolean, name: (t: string) => string | undefined): PackageOperation {
  const packages: { name: string; word: ShellWord }[] = [];
  for (const word of words) {
    const n = name(word.text);
    if (n) packages.push({ name: n, word });
  }
  return { manager, action, packages, dynamic };
}

/** The package operation a command performs, if any. */
export function packageOperation(cmd: ShellCommand): PackageOperation | undefined {
  const eff = effectiveCommand(cmd);
  if (!eff) return undefined;
  let program = programName(eff.name) ?? '';
  let args = eff.args;
  if (/^python(\d+(\.\d+)?)?$/.test(program) && args[0]?.text === '-m' && /^pip\d*$/.test(args[1]?.text ?? '')) {
    program = 'pip';
    args = args.slice(2);
  } else if (program === 'uv' && args[0]?.text === 'pip') {
    program = 'pip';
    args = args.slice(1);
  }
  if (program === 'apt-get' || program === 'apt' || program === 'aptitude') {
    const verb = subcommand(args, APT_VALUE_OPTIONS);
    if (!verb) return undefined;
    const action = verb.text === 'install' ? 'install' : ['remove', 'purge', 'autoremove'].includes(verb.text) ? 'remove' : undefined;
    if (!action) return undefined;
    const { words, dynamic } = operands(args, args.indexOf(verb) + 1, APT_VALUE_OPTIONS);
    return op('apt', action, words, dynamic, systemName);
  }
  if (program === 'apk') {
    const verb = subcommand(args, [...APK_VALUE_OPTIONS, ...APK_GROUP_OPTIONS]);
    if (!verb || (verb.text !== 'add' && verb.text !== 'del')) return undefined;
    const rest = args.slice(args.indexOf(verb) + 1);
    const groupFlag = rest.findIndex((w) => APK_GROUP_OPTIONS.includes(w.text));
    const { words, dynamic } = operands(rest, 0, [...APK_VALUE_OPTIONS, ...APK_GROUP_OPTIONS]);
    const result = op('apk', verb.text === 'add' ? 'install' : 'remove', words, dynamic, systemName);
    if (groupFlag >= 0 && rest[groupFlag + 1]) result.group = rest[groupFlag + 1].text;
    return result;
  }
  if (program === 'yum' || program === 'dnf' || program === 'microdnf' || program === 'tdnf') {
    const verb = subcommand(args, RPM_VALUE_OPTIONS);
    if (!verb) return undefined;
    const action = verb.text === 'install' ? 'install' : ['remove', 'erase'].includes(verb.text) ? 'remove' : undefined;
    if (!action) return undefined;
    const { words, dynamic } = operands(args, args.indexOf(verb) + 1, RPM_VALUE_OPTIONS);
    const manager: InstallManager = program === 'tdnf' ? 'dnf' : program;
    return op(manager, action, words, dynamic, (t) => systemName(t).replace(/-\d[\w.:-]*$/, ''));
  }
  if (/^pip\d*(\.\d+)?$/.test(program)) {
    const verb = subcommand(args, PIP_VALUE_OPTIONS);
    if (!verb || (verb.text !== 'install' && verb.text !== 'uninstall')) return undefined;
    const { words } = operands(args, args.indexOf(verb) + 1, PIP_VALUE_OPTIONS);
    return op('pip', verb.text === 'install' ? 'install' : 'remove', words, false, pipName);
  }
  if (program === 'npm' || program === 'pnpm' || program === 'yarn') {
    const global = args.some((w) => w.text === '-g' || w.text === '--global' || w.text === '--location=global');
    const verb = subcommand(args, NPM_VALUE_OPTIONS);
    if (!verb) return undefined;
    let from = args.indexOf(verb) + 1;
    if (program === 'yarn' && verb.text === 'global' && args[from]?.text === 'add') from++;
    else if (!global || !['i', 'install', 'add'].includes(verb.text)) return undefined;
    const { words } = operands(args, from, NPM_VALUE_OPTIONS);
    return op('npm', 'install', words, false, npmName);
  }
  if (program === 'gem' && subcommand(args)?.text === 'install') {
    const { words } = operands(args, args.indexOf(subcommand(args)!) + 1, ['-v', '--version', '-i', '--install-dir', '-n', '--bindir']);
    return op('gem', 'install', words, false, (t) => t);
  }
  if ((program === 'go' || program === 'cargo') && subcommand(args)?.text === 'install') {
    const { words } = operands(args, args.indexOf(subcommand(args)!) + 1, ['--version', '--git', '--root', '--path', '-j']);
    const name = program === 'go' ? (t: string) => goBinary(t) : (t: string) => t.replace(/@.*$/, '');
    return op(program, 'install', words, false, name);
  }
  return undefined;
}

function goBinary(pkg: string): string | undefined {
  const path = pkg.replace(/@.*$/, '').replace(/\/\.\.\.$/, '');
  const parts = path.split('/').filter(Boolean);
  let last = parts.pop();
  // Major-version suffixes (`…/cmd/tool/v2`) are not the binary name.
  if (last && /^v\d+$/.test(last)) last = parts.pop();
  return last;
}

/** Binaries a package provides. */
export function binariesOf(manager: InstallManager, name: string): string[] {
  const lower = name.toLowerCase();
  if (manager === 'pip') return PIP_BINARIES[lower] ?? [lower];
  if (manager === 'npm') return NPM_BINARIES[lower] ?? [lower.slice(lower.lastIndexOf('/') + 1)];
  if (manager === 'go' || manager === 'gem' || manager === 'cargo') return [name];
  if (lower in SYSTEM_BINARIES) return SYSTEM_BINARIES[lower];
  if (/^postgresql\d*-client(-\d+)?$/.test(lower)) return ['psql', 'pg_isready'];
  if (/^netcat/.test(lower)) return ['nc'];
  return [lower];
}
