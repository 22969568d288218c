/**
 * Shell detectors shared by the shell/* rules. They work on a parsed `ShellScript` only, so the
 * Dockerfile rules, the CI analyzers (`run:`/`script:`) and compose `command:` can all call them;
 * every edit they return is expressed in host ranges (the document the script was taken from).
 */
import type { Range, TextEdit } from '../../server/src/core/types';
import { effectiveCommand, findFlag, programName, subcommand, findSetOptions, type EffectiveCommand } from '../../server/src/parsers/shell/commands';
import type { ShellCommand, ShellScript, ShellWord } from '../../server/src/parsers/shell/model';
import { parseShell } from '../../server/src/parsers/shell/parse';

export interface ShellHit {
  /** The offending word (or token), in script offsets and host range. */
  start: number;
  end: number;
  range: Range;
  /** What was found, for messages: `curl -k`, `NODE_TLS_REJECT_UNAUTHORIZED=0`, `curl … | sh`. */
  what: string;
  /** Host edits removing the problem; absent when no clean textual removal exists. */
  edits?: TextEdit[];
  /** tls-verification-disabled: whether transport (TLS) or package-signature checks are switched off. */
  kind?: 'tls' | 'signature';
  /** curl-pipe-shell: the URL downloaded, when it is a static word. */
  url?: string;
}

// ---- generic helpers ---------------------------------------------------------------------------

/** Words of a command in source order: name then args (wrappers included). */
function wordsOf(cmd: ShellCommand): ShellWord[] {
  return cmd.name ? [cmd.name, ...cmd.args] : [...cmd.args];
}

/**
 * Removes one or more consecutive words of a command. The removal runs up to the next word so that
 * a flag alone on a continuation line takes its `\` line with it; a trailing flag instead takes the
 * whitespace before it, so the command never ends in a dangling continuation.
 */
export function removeWordsEdit(cmd: ShellCommand, first: ShellWord, last: ShellWord = first): TextEdit {
  const words = wordsOf(cmd);
  const after = words.find((w) => w.start >= last.end);
  if (after) return { range: { start: first.range.start, end: after.range.start }, newText: '' };
  const before = [...words].reverse().find((w) => w.end <= first.start);
  if (before) return { range: { start: before.range.end, end: last.range.end }, newText: '' };
  return { range: { start: first.range.start, end: last.range.end }, newText: '' };
}

const KEYWORD_AFTER = /^(fi|done|esac|then|do|else|elif|\}|\))\b/;

/**
 * Removes a whole command from a `&&`/`;`/newline list, with its connector. Undefined when the
 * command is not a plain list member (inside a pipeline, a condition, or the only command).
 */
export function removeCommandEdit(script: ShellScript, cmd: ShellCommand): TextEdit | undefined {
  if (cmd.pipeline) return undefined;
  const src = script.source;
  let i = cmd.end;
  while (i < src.length && (src[i] === ' ' || src[i] === '\t')) i++;
  let connector = '';
  if (src.startsWith('&&', i)) connector = '&&';
  else if (src[i] === ';' && src[i + 1] !== ';') connector = ';';
  else if (src[i] === '\n') connector = '\n';
  let j = i + connector.length;
  while (j < src.length && /\s/.test(src[j])) j++;
  const before = precedingToken(src, cmd.start);
  const startsList = before.token === '' || before.token === '&&' || before.token === ';' || before.token === '\n';
  if (!startsList) return undefined;
  if (connector && j < src.length && !KEYWORD_AFTER.test(src.slice(j))) {
    return { range: script.toHostRange(cmd.start, j), newText: '' };
  }
  if (!connector && i >= src.length && before.token !== '' && before.token !== '\n') {
    // Last command of the list: take the connector before it.
    return { range: script.toHostRange(before.end, cmd.end), newText: '' };
  }
  return undefined;
}

/** The list operator before `offset` (`''` at the start of the script) and where the previous text ends. */
function precedingToken(src: string, offset: number): { token: string; end: number } {
  let i = offset;
  while (i > 0 && (src[i - 1] === ' ' || src[i - 1] === '\t')) i--;
  if (i === 0) return { token: '', end: 0 };
  let token = '';
  if (src.slice(i - 2, i) === '&&') token = '&&';
  else if (src[i - 1] === ';' && src[i - 2] !== ';') token = ';';
  else if (src[i - 1] === '\n') token = '\n';
  else return { token: src[i - 1], end: i };
  let k = i - token.length;
  while (k > 0 && /\s/.test(src[k - 1])) k--;
  return { token: k === 0 ? '' : token, end: k };
}

/**
 * The script plus the scripts of `sh -c '…'`/`bash -c "…"` arguments that are plain static strings,
 * parsed with ranges mapped back into the host document.
 */
export function withNestedScripts(script: ShellScript, depth = 0): ShellScript[] {
  const out = [script];
  if (depth > 2) return out;
  for (const cmd of script.commands) {
    const eff = effectiveCommand(cmd);
    if (!eff || !SHELLS.has(programName(eff.name) ?? '')) continue;
    const c = findFlag(eff.args, ['c'], []);
    if (!c) continue;
    const body = eff.args[eff.args.indexOf(c) + 1];
    if (!body || body.dynamic) continue;
    const raw = body.raw;
    const q = raw[0];
    // Offsets map 1:1 only inside single quotes or escape-free double quotes.
    if (!((q === "'" || q === '"') && raw.endsWith(q) && raw.length >= 2)) continue;
    const inner = raw.slice(1, -1);
    if (q === '"' && /[\\$`]/.test(inner)) continue;
    const base = body.start + 1;
    try {
      const nested = parseShell(inner, (s, e) => script.toHostRange(base + s, base + e));
      out.push(...withNestedScripts(nested, depth + 1));
    } catch {
      // Grammar not loaded: the outer script is still analysed.
    }
  }
  return out;
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ash', 'ksh', 'mksh']);
const FALSY = new Set(['false', '0', 'no', 'off']);

function hit(word: { start: number; end: number; range: Range }, what: string, edits?: TextEdit[]): ShellHit {
  return { start: word.start, end: word.end, range: word.range, what, edits };
}

// ---- shell/tls-verification-disabled -----------------------------------------------------------

/** curl short options that take a value: a cluster stops at them (`-ok` is `-o k`). */
const CURL_SHORT_VALUE = ['A', 'b', 'c', 'C', 'd', 'D', 'e', 'E', 'F', 'H', 'K', 'm', 'o', 'P', 'Q', 'r', 't', 'T', 'u', 'U', 'w', 'x', 'X', 'y', 'Y', 'z'];

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

function flagHits(cmd: ShellCommand, eff: EffectiveCommand, rule: FlagRule): ShellHit[] {
  const out: ShellHit[] = [];
  const program = programName(eff.name) ?? '';
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

// ---- shell/curl-pipe-shell ---------------------------------------------------------------------

const INTERPRETERS: Record<string, { inline: string[]; longInline?: string[]; module?: boolean }> = {
  sh: { inline: ['c'] },
  bash: { inline: ['c'] },
  zsh: { inline: ['c'] },
  dash: { inline: ['c'] },
  ash: { inline: ['c'] },
  ksh: { inline: ['c'] },
  python: { inline: ['c', 'm'], module: true },
  perl: { inline: ['e', 'E'] },
  ruby: { inline: ['e'] },
  node: { inline: ['e', 'p'], longInline: ['eval', 'print'] },
  php: { inline: ['r'] },
};

function interpreterKind(name: string): string | undefined {
  if (INTERPRETERS[name]) return name;
  if (/^python(\d+(\.\d+)?)?$/.test(name)) return 'python';
  if (/^(nodejs|bun|deno)$/.test(name)) return undefined;
  return undefined;
}

/** Whether the command downloads to stdout: `curl URL`, `wget -qO- URL`, `wget -O - URL`. */
export function downloadsToStdout(eff: EffectiveCommand): boolean {
  const name = programName(eff.name);
  const args = eff.args;
  if (name === 'curl') {
    for (let i = 0; i < args.length; i++) {
      const t = args[i].text;
      if (t === '--output' || t === '-o') return args[i + 1]?.text === '-';
      if (t.startsWith('--output=')) return t === '--output=-';
      if (t === '-O' || t === '--remote-name' || t === '--remote-name-all') return false;
      const cluster = /^-([a-zA-Z]+)(.*)$/.exec(t);
      if (cluster && !t.startsWith('--')) {
        for (let j = 0; j < cluster[1].length; j++) {
          const c = cluster[1][j];
          if (c === 'O') return false;
          if (c === 'o') return (cluster[1].slice(j + 1) + cluster[2] || args[i + 1]?.text) === '-';
          if (CURL_SHORT_VALUE.includes(c)) break;
        }
      }
    }
    return true;
  }
  if (name === 'wget' || name === 'wget2') {
    for (let i = 0; i < args.length; i++) {
      const t = args[i].text;
      if (t === '--output-document') return args[i + 1]?.text === '-';
      if (t.startsWith('--output-document=')) return t === '--output-document=-';
      const cluster = /^-([a-zA-Z]*)O(.*)$/.exec(t);
      if (cluster && !t.startsWith('--')) return (cluster[2] || args[i + 1]?.text) === '-';
    }
    return false;
  }
  return false;
}

/** Whether the interpreter runs its standard input as a program (no `-c`/`-e` script, no script file). */
export function interpreterRunsStdin(eff: EffectiveCommand): string | undefined {
  const name = programName(eff.name) ?? '';
  const kind = interpreterKind(name);
  if (!kind) return undefined;
  const spec = INTERPRETERS[kind];
  if (findFlag(eff.args, spec.inline, spec.longInline ?? [])) return undefined;
  // Options that take a value must not be mistaken for a script operand.
  const valueOptions = kind === 'python' ? ['-W', '-X'] : kind === 'sh' || kind === 'bash' ? ['-o', '+o', '-O', '+O'] : ['-r', '--require', '-I'];
  for (let i = 0; i < eff.args.length; i++) {
    const t = eff.args[i].text;
    if (t === '--') {
      // sh -s -- args, or a script after `--` (node/python).
      const next = eff.args[i + 1]?.text;
      return kind === 'python' || kind === 'node' || kind === 'perl' || kind === 'ruby' ? (next === undefined || next === '-' ? name : undefined) : name;
    }
    if (t === '-') return name;
    if (t.startsWith('-') || t.startsWith('+')) {
      if (/^-[a-zA-Z]*s$/.test(t) && kind !== 'python' && kind !== 'node') return name;
      if (valueOptions.includes(t)) i++;
      continue;
    }
    // A script operand: stdin is data for it.
    return undefined;
  }
  return name;
}

/**
 * Downloads executed without being saved and checked: `curl … | sh`, `wget -qO- … | sudo bash`,
 * `sh -c "$(curl …)"`, `bash <(curl …)`, `eval "$(curl …)"`. Anchored on the interpreter.
 */
export function curlPipeShell(script: ShellScript): ShellHit[] {
  const hits: ShellHit[] = [];
  for (const s of withNestedScripts(script)) hits.push(...pipeHits(s), ...substitutionHits(s));
  return hits;
}

function urlOf(eff: EffectiveCommand): string | undefined {
  return eff.args.find((w) => !w.dynamic && /^(https?|ftp):\/\//.test(w.text))?.text;
}

function pipeHits(script: ShellScript): ShellHit[] {
  const hits: ShellHit[] = [];
  const byPipeline = new Map<number, ShellCommand[]>();
  for (const c of script.commands) {
    if (!c.pipeline) continue;
    const list = byPipeline.get(c.pipeline.id);
    if (list) list.push(c);
    else byPipeline.set(c.pipeline.id, [c]);
  }
  for (const commands of byPipeline.values()) {
    const download = commands.find((c) => {
      const eff = effectiveCommand(c);
      return eff !== undefined && downloadsToStdout(eff);
    });
    if (!download) continue;
    for (const c of commands) {
      if (c.pipeline!.index <= download.pipeline!.index) continue;
      const eff = effectiveCommand(c);
      const interpreter = eff && interpreterRunsStdin(eff);
      if (!eff || !interpreter) continue;
      const dl = effectiveCommand(download)!;
      hits.push({ ...hit(eff.name, `${programName(dl.name)} … | ${interpreter}`), url: urlOf(dl) });
      break;
    }
  }
  return hits;
}

function substitutionHits(script: ShellScript): ShellHit[] {
  const hits: ShellHit[] = [];
  const downloads = script.commands.filter((c) => {
    const eff = effectiveCommand(c);
    return eff !== undefined && downloadsToStdout(eff) && !c.pipeline;
  });
  if (!downloads.length) return hits;
  for (const cmd of script.commands) {
    const eff = effectiveCommand(cmd);
    if (!eff) continue;
    const name = programName(eff.name) ?? '';
    const kind = interpreterKind(name);
    const evalLike = name === 'eval' || name === 'source' || name === '.';
    if (!kind && !evalLike) continue;
    for (const [i, arg] of eff.args.entries()) {
      const inside = downloads.find((d) => d.start >= arg.start && d.end <= arg.end);
      if (!inside) continue;
      const raw = arg.raw;
      const processSub = raw.startsWith('<(');
      const commandSub = /^"?\$\(/.test(raw) || /^"?`/.test(raw);
      const prev = eff.args[i - 1];
      const inlineScript = kind !== undefined && prev !== undefined && findFlag([prev], INTERPRETERS[kind].inline, INTERPRETERS[kind].longInline ?? []) !== undefined;
      if ((evalLike && (commandSub || processSub)) || (kind && processSub) || (inlineScript && commandSub)) {
        const dl = effectiveCommand(inside)!;
        const downloader = programName(dl.name);
        const what = processSub ? `${name} <(${downloader} …)` : inlineScript ? `${name} -c "$(${downloader} …)"` : `${name} "$(${downloader} …)"`;
        hits.push({ ...hit(eff.name, what), url: urlOf(dl) });
        break;
      }
    }
  }
  return hits;
}

// ---- shell/missing-pipefail --------------------------------------------------------------------

export interface Pipe {
  start: number;
  end: number;
  range: Range;
  /** `set -o pipefail` ran earlier in the script. */
  pipefail: boolean;
  /** Programs on either side (first command of each element), when static. */
  left?: string;
  right?: string;
}

/** The `|` (or `|&`) tokens of a script's pipelines, each with whether `set -o pipefail` ran before it. */
export function pipes(script: ShellScript): Pipe[] {
  const out: Pipe[] = [];
  const programOf = (commands: ShellCommand[]): string | undefined => {
    const eff = commands.map((c) => effectiveCommand(c)).find((e) => e);
    return eff ? programName(eff.name) : undefined;
  };
  const byPipeline = new Map<number, ShellCommand[][]>();
  for (const c of script.commands) {
    if (!c.pipeline) continue;
    let elements = byPipeline.get(c.pipeline.id);
    if (!elements) byPipeline.set(c.pipeline.id, (elements = []));
    (elements[c.pipeline.index] ??= []).push(c);
  }
  const src = script.source;
  for (const elements of byPipeline.values()) {
    for (let i = 1; i < elements.length; i++) {
      const left = elements[i - 1];
      const right = elements[i];
      if (!left || !right) continue;
      const from = Math.max(...left.map((c) => c.end));
      const to = Math.min(...right.map((c) => c.start));
      const at = findPipe(src, from, to);
      if (at < 0) continue;
      const len = src[at + 1] === '&' ? 2 : 1;
      out.push({ start: at, end: at + len, range: script.toHostRange(at, at + len), pipefail: findSetOptions(script, at).pipefail, left: programOf(left), right: programOf(right) });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** First lone `|` between two offsets, skipping quoted text and `||`. */
function findPipe(src: string, from: number, to: number): number {
  let quote = '';
  for (let i = from; i < to; i++) {
    const c = src[i];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(src[i - 1]))) {
      while (i < to && src[i] !== '\n') i++;
    } else if (c === '|') {
      if (src[i + 1] === '|' || src[i - 1] === '|') {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}

/** Where a script's own text ends, before trailing whitespace, a trailing comment and a final `;`. */
export function scriptContentEnd(source: string): number {
  const lineStart = source.lastIndexOf('\n', source.trimEnd().length - 1) + 1;
  let end = source.trimEnd().length;
  let quote = '';
  for (let i = lineStart; i < end; i++) {
    const c = source[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === '\\') i++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === lineStart || /\s/.test(source[i - 1]))) {
      end = i;
      break;
    }
  }
  let text = source.slice(0, end).trimEnd();
  if (text.endsWith(';') && !text.endsWith(';;')) text = text.slice(0, -1).trimEnd();
  return text.length;
}

export { SHELLS };
