/**
 * Command-line parsing for `readiness`. Hand-written because the grammar is tiny and a dependency
 * would be the largest thing in the CLI bundle; every mistake becomes a UsageError whose message is
 * the one line printed on stderr.
 */

export const AUDIT_FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];
export const RULES_FORMATS = ['text', 'json'] as const;
export type RulesFormat = (typeof RULES_FORMATS)[number];
export const FAIL_ON = ['error', 'warning', 'info', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'audit'; dir: string; format: AuditFormat; output: string | null; failOn: FailOn; verbose: boolean }
  | { kind: 'rules'; format: RulesFormat };

export class UsageError extends Error {}

interface FlagSpec {
  /** Long name without dashes. */
  name: string;
  short?: string;
  takesValue: boolean;
}

const AUDIT_FLAGS: FlagSpec[] = [
  { name: 'format', short: 'f', takesValue: true },
  { name: 'output', short: 'o', takesValue: true },
  { name: 'fail-on', takesValue: true },
  { name: 'verbose', takesValue: false },
];
const RULES_FLAGS: FlagSpec[] = [{ name: 'format', short: 'f', takesValue: true }];

interface Parsed {
  positionals: string[];
  values: Map<string, string | true>;
  help: boolean;
  version: boolean;
}

/**
 * Splits argv into positionals and flags. `--help`/`--version` win wherever they appear, so
 * `readiness audit --help` prints help even next to a bad flag (what users expect from CLIs).
 */
function scan(argv: readonly string[], specs: readonly FlagSpec[]): Parsed {
  const parsed: Parsed = { positionals: [], values: new Map(), help: false, version: false };
  if (argv.some((a) => a === '--help' || a === '-h')) parsed.help = true;
  else if (argv.some((a) => a === '--version' || a === '-v')) parsed.version = true;
  if (parsed.help || parsed.version) return parsed;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? arg.slice(2, eq >= 0 ? eq : undefined) : arg.slice(1, eq >= 0 ? eq : undefined);
    const spec = arg.startsWith('--') ? specs.find((s) => s.name === name) : specs.find((s) => s.short === name);
    const shown = eq >= 0 ? arg.slice(0, eq) : arg;
    if (!spec) throw new UsageError(`unknown option ${shown} (see readiness --help)`);
    if (!spec.takesValue) {
      if (eq >= 0) throw new UsageError(`option ${shown} takes no value`);
      parsed.values.set(spec.name, true);
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      // A following flag is a forgotten value, not a value: `--output --format json` must not write a file named "--format".
      if (next !== undefined && !(next.startsWith('-') && next.length > 1)) {
        value = next;
        i++;
      }
    }
    if (value === undefined || value === '') throw new UsageError(`option ${shown} needs a value`);
    parsed.values.set(spec.name, value);
  }
  return parsed;
}

function choice<T extends string>(flag: string, value: string | true | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === true) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`unknown ${flag} value "${value}" (expected ${allowed.join(', ')})`);
}

export function parseArgs(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('missing command (see readiness --help)');
  if (command === '--help' || command === '-h' || command === 'help') return { kind: 'help' };
  if (command === '--version' || command === '-v' || command === 'version') return { kind: 'version' };

  if (command === 'audit') {
    const p = scan(rest, AUDIT_FLAGS);
    if (p.help) return { kind: 'help' };
    if (p.version) return { kind: 'version' };
    if (p.positionals.length > 1) throw new UsageError(`unexpected argument "${p.positionals[1]}" (audit takes one directory)`);
    const output = p.values.get('output');
    return {
      kind: 'audit',
      dir: p.positionals[0] ?? '.',
      format: choice('--format', p.values.get('format'), AUDIT_FORMATS, 'text'),
      output: typeof output === 'string' ? output : null,
      failOn: choice('--fail-on', p.values.get('fail-on'), FAIL_ON, 'error'),
      verbose: p.values.get('verbose') === true,
    };
  }
  if (command === 'rules') {
    const p = scan(rest, RULES_FLAGS);
    if (p.help) return { kind: 'help' };
    if (p.version) return { kind: 'version' };
    if (p.positionals.length) throw new UsageError(`unexpected argument "${p.positionals[0]}" (rules takes none)`);
    return { kind: 'rules', format: choice('--format', p.values.get('format'), RULES_FORMATS, 'text') };
  }
  if (command.startsWith('-')) throw new UsageError(`unknown option ${command.split('=')[0]} (see readiness --help)`);
  throw new UsageError(`unknown command "${command}" (expected audit, rules or help)`);
}

export const HELP = `readiness — is what you are about to ship ready for production?

Usage:
  readiness audit [dir] [options]   audit a project (default: the current directory)
  readiness rules [--format F]      list every rule: id, category, severity, fix safety
  readiness --help | -h | help      show this help
  readiness --version | -v          print the version

Audit options:
  -f, --format text|json|sarif|markdown   report format (default: text)
  -o, --output FILE                       write the report to FILE instead of stdout
      --fail-on error|warning|info|never  exit 1 when a finding at or above this severity exists
                                          (default: error)
      --verbose                           report skipped files and rule problems on stderr

Rules options:
  -f, --format text|json                  listing format (default: text)

Exit codes:
  0  nothing at or above the --fail-on threshold was found
  1  something was
  2  usage or I/O error (one line on stderr)

Configuration: .readiness.yaml at the audited root (rules, ignore, environments).
Suppress a finding with a comment on the line above: # readiness-ignore <rule-id> -- reason
`;
