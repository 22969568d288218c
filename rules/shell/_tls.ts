/** shell/tls-verification-disabled: commands and variables that switch TLS or signature checks off. */
import type { TextEdit } from '../../server/src/core/types';
import { effectiveCommand, findFlag, programName, subcommand, type EffectiveCommand } from '../../server/src/parsers/shell/commands';
import type { ShellCommand, ShellScript, ShellWord } from '../../server/src/parsers/shell/model';
import { FALSY, hit, removeCommandEdit, removeWordsEdit, withNestedScripts, type ShellHit } from './_words';

/** curl short options that take a value: a cluster stops at them (`-ok` is `-o k`). */
export const CURL_SHORT_VALUE = ['A', 'b', 'c', 'C', 'd', 'D', 'e', 'E', 'F', 'H', 'K', 'm', 'o', 'P', 'Q', 'r', 't', 'T', 'u', 'U', 'w', 'x', 'X', 'y', 'Y', 'z'];

interface FlagRule {
  programs: RegExp;
  short?: string[];
  long: string[];
  /** The long option takes a value in the next word unless written `--opt=value`. */
  takesValue?: boolean;
  /** Only when the value is one of these (`--tls-verify=false`). */
  falseValue?: boolean;
  shortWithValue?: string[];
}

const PIP_RULE: FlagRule = { programs: /^pip/, long: ['trusted-host'], takesValue: true };

const FLAG_RULES: FlagRule[] = [
  { programs: /^curl$/, short: ['k'], long: ['insecure', 'proxy-insecure'], shortWithValue: CURL_SHORT_VALUE },
  { programs: /^wget2?$/, long: ['no-check-certificate'] },
  { programs: /^uv$/, long: ['allow-insecure-host', 'trusted-host'], takesValue: true },
  { programs: /^(apt-get|apt|aptitude)$/, long: ['allow-unauthenticated', 'force-yes', 'allow-insecure-repositories'] },
  { programs: /^apk$/, long: ['allow-untrusted'] },
  { programs: /^(yum|dnf|microdnf|tdnf)$/, long: ['nogpgcheck'] },
  { programs: /^zypper$/, long: ['no-gpg-checks'] },
  { programs: /^rpm$/, long: ['nosignature', 'nodigest'] },
  { programs: /^(npm|pnpm|yarn|npx)$/, long: ['no-strict-ssl'] },
  { programs: /^(kubectl|helm|oc)$/, long: ['insecure-skip-tls-verify'] },
];

/** Options whose `=false` value disables verification. */
const FALSE_VALUE_FLAGS: { programs: RegExp; long: string[] }[] = [
  { programs: /^(npm|pnpm|yarn|npx)$/, long: ['strict-ssl'] },
  { programs: /^(podman|buildah|skopeo)$/, long: ['tls-verify', 'src-tls-verify', 'dest-tls-verify'] },
];

/** Environment variables that turn verification off, and when their value does. */
const TLS_ENV: { name: RegExp; disables: (value: string) => boolean }[] = [
  { name: /^NODE_TLS_REJECT_UNAUTHORIZED$/, disables: (v) => v === '0' },
  // git only checks that the variable is set, so anything but an explicit "off" value counts.
  { name: /^GIT_SSL_NO_VERIFY$/, disables: (v) => v !== '' && !FALSY.has(v.toLowerCase()) },
  { name: /^PYTHONHTTPSVERIFY$/, disables: (v) => v === '0' },
  { name: /^npm_config_strict_ssl$/i, disables: (v) => FALSY.has(v.toLowerCase()) },
  { name: /^PIP_TRUSTED_HOST$/, disables: (v) => v.trim() !== '' },
  { name: /^UV_INSECURE_HOST$/, disables: (v) => v.trim() !== '' },
];

/** Whether `NAME=value` (an env assignment anywhere: shell, ENV, ARG, compose) disables TLS checks. */
export function tlsDisablingEnv(name: string, value: string): boolean {
  return TLS_ENV.some((e) => e.name.test(name) && e.disables(value));
}

const APT_OPTION = /^(Acquire::https?(::[^:=]+)?::Verify-(Peer|Host)=(false|0|no)|APT::Get::AllowUnauthenticated=(true|1|yes)|Acquire::AllowInsecureRepositories=(true|1|yes))$/i;
const GIT_SSL_KEY = /^http\.(.+\.)?sslverify=(.*)$/i;

/** `pip`, `pip3`, `pip3.12`, `python -m pip`, `python3 -m pip`. */
export function isPip(eff: EffectiveCommand): boolean {
  const name = programName(eff.name) ?? '';
  if (/^pip(\d+(\.\d+)?)?$/.test(name)) return true;
  return /^python(\d+(\.\d+)?)?$/.test(name) && eff.args[0]?.text === '-m' && /^pip\d*$/.test(eff.args[1]?.text ?? '');
}

/** Every place a script disables TLS or package-signature verification. */
export function tlsVerificationDisabled(script: ShellScript): ShellHit[] {
  const hits: ShellHit[] = [];
  for (const s of withNestedScripts(script)) {
    for (const cmd of s.commands) hits.push(...tlsInCommand(s, cmd));
  }
  return hits.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

const SIGNATURE = /allow-unauthenticated|force-yes|allow-untrusted|gpg|nosignature|nodigest|AllowUnauthenticated|insecure-repositories|AllowInsecureRepositories/i;

function tlsInCommand(script: ShellScript, cmd: ShellCommand): ShellHit[] {
  return tlsHitsOf(script, cmd).map((h) => ({ ...h, kind: SIGNATURE.test(h.what) ? 'signature' : 'tls' }));
}

function tlsHitsOf(script: ShellScript, cmd: ShellCommand): ShellHit[] {
  const hits: ShellHit[] = [];
  const eff = effectiveCommand(cmd);
  const program = eff ? programName(eff.name) ?? '' : '';

  // `VAR=0 cmd` prefixes, `env VAR=0 cmd`, and bare `VAR=0` statements.
  for (const a of cmd.assignments) {
    if (!tlsDisablingEnv(a.name, a.value)) continue;
    const word = cmd.args.find((w) => w.range.start.line === a.range.start.line && w.range.start.character === a.range.start.character);
    const found = script.source.indexOf(`${a.name}=`, cmd.start);
    const start = word?.start ?? (found >= 0 ? found : cmd.start);
    const edits = !cmd.name ? removeCommandEdit(script, cmd) : cmd.name.text === 'export' || cmd.name.text === 'declare' ? removeExportEdit(script, cmd, word) : { range: { start: a.range.start, end: cmd.name.range.start }, newText: '' };
    hits.push({ start, end: start + a.name.length + 1 + a.value.length, range: a.range, what: `${a.name}=${a.value}`, edits: edits ? [edits] : undefined });
  }
  if (eff && eff.wrappers.includes('env')) {
    for (const w of eff.command.args) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w.text);
      if (m && !w.dynamic && w.start < eff.name.start && tlsDisablingEnv(m[1], m[2])) hits.push(hit(w, w.text, [removeWordsEdit(cmd, w)]));
    }
  }
  if (!eff) return hits;

  for (const rule of FLAG_RULES) {
    if (rule.programs.test(program)) hits.push(...flagHits(cmd, eff, rule));
  }
  if (isPip(eff)) hits.push(...flagHits(cmd, eff, PIP_RULE));
  for (const rule of FALSE_VALUE_FLAGS) {
    if (!rule.programs.test(program)) continue;
    for (let i = 0; i < eff.args.length; i++) {
      const w = eff.args[i];
      if (w.dynamic) continue;
      const name = rule.long.find((l) => w.text === `--${l}` || w.text.startsWith(`--${l}=`));
      if (!name) continue;
      const inline = w.text.startsWith(`--${name}=`);
      const value = inline ? w.text.slice(name.length + 3) : eff.args[i + 1]?.text;
      if (value === undefined || !FALSY.has(value.toLowerCase())) continue;
      // `--tls-verify false` needs an explicit value; a bare boolean option is the positive form.
      if (!inline && !/^(npm|pnpm|yarn|npx)$/.test(program)) continue;
      const last = inline ? w : eff.args[i + 1];
      hits.push(hit(w, inline ? w.text : `${w.text} ${value}`, [removeWordsEdit(cmd, w, last)]));
    }
  }

  // apt-get -o Acquire::https::Verify-Peer=false
  if (/^(apt-get|apt|aptitude)$/.test(program)) {
    for (let i = 0; i < eff.args.length; i++) {
      const w = eff.args[i];
      const joined = w.text === '-o' || w.text === '--option' ? eff.args[i + 1] : undefined;
      const value = joined ? joined.text : /^-o(.+)$/.exec(w.text)?.[1] ?? /^--option=(.+)$/.exec(w.text)?.[1];
      if (value && APT_OPTION.test(value)) hits.push(hit(w, `${program} ${w.text}${joined ? ' ' + joined.text : ''}`, [removeWordsEdit(cmd, w, joined ?? w)]));
    }
  }

  if (program === 'git') {
    // Global `-c key=value` options come before the subcommand.
    for (let i = 0; i < eff.args.length; i++) {
      const w = eff.args[i];
      if (w.dynamic) continue;
      if (!w.text.startsWith('-')) break;
      const valueWord = w.text === '-c' ? eff.args[i + 1] : undefined;
      const setting = valueWord ? valueWord.text : /^-c(.+)$/.exec(w.text)?.[1];
      if (valueWord) i++;
      const m = setting ? GIT_SSL_KEY.exec(setting) : null;
      if (m && FALSY.has(m[2].toLowerCase())) hits.push(hit(w, `git -c ${setting}`, [removeWordsEdit(cmd, w, valueWord ?? w)]));
    }
    const sub = subcommand(eff.args, ['-c', '-C', '--git-dir', '--work-tree', '--namespace']);
    if (sub?.text === 'config') {
      const rest = eff.args.slice(eff.args.indexOf(sub) + 1).filter((w) => !w.text.startsWith('-'));
      if (rest.length >= 2 && /^http\.(.+\.)?sslverify$/i.test(rest[0].text) && FALSY.has(rest[1].text.toLowerCase())) {
        const edit = removeCommandEdit(script, cmd);
        hits.push(hit(rest[0], `git config ${rest[0].text} ${rest[1].text}`, edit ? [edit] : undefined));
      }
    }
  }

  // npm/pnpm/yarn config set strict-ssl false (also `npm set`, `strict-ssl=false`, yarn berry enableStrictSsl).
  if (/^(npm|pnpm|yarn)$/.test(program)) {
    const positional = eff.args.filter((w) => !w.text.startsWith('-'));
    let i = 0;
    if (positional[i]?.text === 'config') i++;
    if (positional[i]?.text === 'set' && (i === 1 || program !== 'yarn')) {
      const key = positional[i + 1];
      const inline = key ? /^(strict-ssl|enableStrictSsl)=(.*)$/i.exec(key.text) : null;
      const value = inline ? inline[2] : positional[i + 2]?.text;
      if (key && (inline || /^(strict-ssl|enableStrictSsl)$/i.test(key.text)) && value !== undefined && FALSY.has(value.toLowerCase())) {
        const edit = removeCommandEdit(script, cmd);
        hits.push(hit(key, `${program} config set ${key.text}${inline ? '' : ' ' + value}`, edit ? [edit] : undefined));
      }
    }
  }

  // pip config set global.trusted-host …
  if (isPip(eff)) {
    const positional = eff.args.filter((w) => !w.text.startsWith('-') && w.text !== 'pip' && !/^pip\d*$/.test(w.text));
    if (positional[0]?.text === 'config' && positional[1]?.text === 'set' && /^[a-z]+\.trusted-host$/.test(positional[2]?.text ?? '')) {
      const edit = removeCommandEdit(script, cmd);
      hits.push(hit(positional[2], `pip config set ${positional[2].text}`, edit ? [edit] : undefined));
    }
  }
  return hits;
}

function removeExportEdit(script: ShellScript, cmd: ShellCommand, word: ShellWord | undefined): TextEdit | undefined {
  // `export A=1 X=0` keeps `export A=1`; `export X=0` alone goes with its connector.
  if (cmd.args.length > 1 && word) return removeWordsEdit(cmd, word);
  return removeCommandEdit(script, cmd);
}

/** Every URL the command fetches is on the loopback interface (a healthcheck against a self-signed local cert). */
function onlyLoopback(eff: EffectiveCommand): boolean {
  const urls = eff.args.filter((w) => /^[a-z]+:\/\//i.test(w.text));
  return urls.length > 0 && urls.every((w) => !w.dynamic && /^[a-z]+:\/\/(localhost|127(\.\d+){3}|\[::1\]|0\.0\.0\.0)(:\d+)?(\/|$)/i.test(w.text));
}

function flagHits(cmd: ShellCommand, eff: EffectiveCommand, rule: FlagRule): ShellHit[] {
  const out: ShellHit[] = [];
  const program = programName(eff.name) ?? '';
  if ((program === 'curl' || program.startsWith('wget')) && onlyLoopback(eff)) return out;
  let args = eff.args;
  for (let guard = 0; guard < 8; guard++) {
    const w = findFlag(args, rule.short ?? [], rule.long, { shortWithValue: rule.shortWithValue });
    if (!w) break;
    args = args.slice(args.indexOf(w) + 1);
    if (w.text.startsWith('--')) {
      const inline = w.text.includes('=');
      const value = rule.takesValue && !inline ? args[0] : undefined;
      if (rule.takesValue && !inline && !value) continue;
      if (value) args = args.slice(1);
      out.push(hit(w, `${program} ${w.text}${value ? ' ' + value.text : ''}`, [removeWordsEdit(cmd, w, value ?? w)]));
      continue;
    }
    // A short flag, possibly inside a cluster such as `-sSLk`.
    const letter = (rule.short ?? []).find((s) => w.text.slice(1).includes(s))!;
    if (w.text === `-${letter}`) {
      out.push(hit(w, `${program} -${letter}`, [removeWordsEdit(cmd, w)]));
    } else if (w.raw === w.text) {
      const rest = '-' + w.text.slice(1).replace(letter, '');
      out.push(hit(w, `${program} ${w.text}`, [{ range: w.range, newText: rest }]));
    } else {
      out.push(hit(w, `${program} ${w.text}`));
    }
  }
  return out;
}

/** The pip subcommand word (`install` in `python3 -m pip install -r r.txt`). */
export function pipSubcommand(eff: EffectiveCommand): ShellWord | undefined {
  if (!isPip(eff)) return undefined;
  const args = /^pip/.test(programName(eff.name) ?? '') ? eff.args : eff.args.slice(2);
  return subcommand(args, ['--log', '--proxy', '--retries', '--timeout', '--exists-action', '--trusted-host', '--cert', '--client-cert', '--cache-dir', '--python', '--use-feature', '--use-deprecated', '-r']);
}
