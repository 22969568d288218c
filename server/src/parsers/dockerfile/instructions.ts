/** Turns one lexed instruction into a DockerInstruction (flags, exec/shell form, heredocs, properties…). */
import type { Range } from '../../core/types';
import type { LineIndex } from '../../workspace/line-index';
import type { ShellScript } from '../shell/model';
import { getLoadedParser } from '../shell/grammar';
import { decodeMapped, isPosixShell, parseExecForm, shellScriptIndex } from './exec-form';
import type { RawHeredoc, RawInstruction } from './lexer';
import type { DockerFlag, DockerHeredoc, DockerInstruction, DockerProperty, DockerStage } from './model';
import { MappedText } from './source-map';
import { processWord, type Lookup } from './variables';

export interface BuildContext {
  text: string;
  lines: LineIndex;
  esc: string;
  /** Variables known before this instruction. */
  lookup: Lookup;
  stage: DockerStage | undefined;
  /** False when the stage's SHELL is not a POSIX shell (or the base is Windows): do not bash-parse. */
  posixShell: boolean;
  error(start: number, end: number, message: string): void;
  /** ONBUILD/HEALTHCHECK nesting, bounded so that `ONBUILD ONBUILD …` cannot recurse deeply. */
  depth: number;
  /** Scripts created empty, parsed together once the whole file is read (see parseShellScripts). */
  pending: ShellScript[];
}

export interface Built {
  instruction: DockerInstruction;
  logical: MappedText;
  argsStart: number;
  argsEnd: number;
}

export interface Word {
  start: number;
  end: number;
  text: string;
}

const RESOLVED_ARGS = new Set(['USER', 'WORKDIR', 'EXPOSE', 'VOLUME', 'STOPSIGNAL', 'COPY', 'ADD']);
const EXEC_CAPABLE = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL']);
const SHELL_SCRIPT_PREFIX = /^\s*((\S*\/)?(ba|da|a|z|k|mk)?sh(\s+[-+][A-Za-z]+)*\s+)?$/;
const NON_SHELL_SHEBANG = /^#!\s*(\S*\/)?(env\s+(-\S+\s+)*)?(\S+)/;

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
}

function skipSpaces(s: string, i: number, end = s.length): number {
  while (i < end && isSpace(s[i])) i++;
  return i;
}

/** End of the word starting at `i`, honouring quotes and the escape character. */
function wordEnd(s: string, i: number, end: number, esc: string): number {
  while (i < end && !isSpace(s[i])) {
    const c = s[i];
    if (c === esc) i += 2;
    else if (c === '"' || c === "'") {
      i++;
      while (i < end && s[i] !== c) i += c === '"' && s[i] === esc ? 2 : 1;
      i++;
    } else i++;
  }
  return Math.min(i, end);
}

/** Quote-aware words of `s[from, to)`. */
export function splitWords(s: string, from: number, to: number, esc: string): Word[] {
  const words: Word[] = [];
  let i = skipSpaces(s, from, to);
  while (i < to) {
    const e = wordEnd(s, i, to, esc);
    words.push({ start: i, end: e, text: s.slice(i, e) });
    i = skipSpaces(s, e, to);
  }
  return words;
}

/** Index of the first `=` outside quotes in a word, or -1. */
function unquotedEquals(word: string, esc: string): number {
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (c === esc) i++;
    else if (c === '"' || c === "'") {
      i++;
      while (i < word.length && word[i] !== c) i += c === '"' && word[i] === esc ? 2 : 1;
    } else if (c === '=') return i;
  }
  return -1;
}

export function mappedRange(ctx: BuildContext, map: MappedText, start: number, end: number): Range {
  const s = map.toHost(start);
  const e = end > start ? map.toHost(end, true) : s;
  return ctx.lines.rangeAt(s, Math.max(s, e));
}

function runShell(ctx: BuildContext, map: MappedText): ShellScript | undefined {
  if (!getLoadedParser('bash')) return undefined;
  const script: ShellScript = { source: map.text, commands: [], hasErrors: false, toHostRange: (s, e) => mappedRange(ctx, map, s, e) };
  ctx.pending.push(script);
  return script;
}

function sub(map: MappedText, start: number, end: number): MappedText {
  const out = new MappedText();
  out.appendMapped(map, start, end);
  return out;
}

/** Appends physical lines `[from, to)` followed by `\n`, optionally without leading tabs. */
function appendLines(ctx: BuildContext, out: MappedText, from: number, to: number, stripTabs: boolean): void {
  for (let l = from; l < to; l++) {
    let s = ctx.lines.lineStart(l);
    const e = ctx.lines.lineEnd(l);
    if (stripTabs) while (s < e && ctx.text.charCodeAt(s) === 9) s++;
    out.appendHost(ctx.text, s, e);
    const breakWidth = e >= ctx.text.length ? 0 : ctx.text.charCodeAt(e) === 13 ? 2 : 1;
    out.appendSynthetic('\n', e, breakWidth);
  }
}

function isShellBody(body: string): boolean {
  if (!body.startsWith('#!')) return true;
  const m = NON_SHELL_SHEBANG.exec(body.slice(0, body.indexOf('\n') >>> 0));
  return m !== null && isPosixShell(m[4]);
}

function parseFlags(ctx: BuildContext, map: MappedText, src: string, pos: number, end: number): { flags: DockerFlag[]; next: number } {
  const flags: DockerFlag[] = [];
  while (src.startsWith('--', pos) && pos < end) {
    const e = wordEnd(src, pos, end, ctx.esc);
    const body = src.slice(pos + 2, e);
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const value = eq < 0 ? undefined : processWord(body.slice(eq + 1), ctx.esc).value;
    flags.push({ name, value, range: mappedRange(ctx, map, pos, e) });
    pos = skipSpaces(src, e, end);
  }
  return { flags, next: pos };
}

function buildProperties(ctx: BuildContext, keyword: string, map: MappedText, src: string, from: number, to: number): DockerProperty[] {
  const words = splitWords(src, from, to, ctx.esc);
  const properties: DockerProperty[] = [];
  const resolve = (raw: string): string => processWord(raw, ctx.esc, ctx.lookup).value;
  if (words.length > 0 && keyword !== 'ARG' && unquotedEquals(words[0].text, ctx.esc) < 0) {
    // Legacy `ENV NAME value with spaces`.
    const nameWord = words[0];
    const valueStart = skipSpaces(src, nameWord.end, to);
    const raw = src.slice(valueStart, to);
    if (raw.length === 0) ctx.error(map.toHost(nameWord.start), map.toHost(nameWord.end, true), `${keyword} ${nameWord.text} has no value`);
    properties.push({
      name: processWord(nameWord.text, ctx.esc).value,
      value: processWord(raw, ctx.esc).value,
      resolvedValue: resolve(raw),
      nameRange: mappedRange(ctx, map, nameWord.start, nameWord.end),
      valueRange: mappedRange(ctx, map, valueStart, to),
      range: mappedRange(ctx, map, nameWord.start, to),
    });
    return properties;
  }
  for (const w of words) {
    const eq = unquotedEquals(w.text, ctx.esc);
    const nameEnd = eq < 0 ? w.end : w.start + eq;
    const raw = eq < 0 ? undefined : w.text.slice(eq + 1);
    properties.push({
      name: processWord(src.slice(w.start, nameEnd), ctx.esc).value,
      value: raw === undefined ? undefined : processWord(raw, ctx.esc).value,
      resolvedValue: raw === undefined ? undefined : resolve(raw),
      nameRange: mappedRange(ctx, map, w.start, nameEnd),
      valueRange: raw === undefined ? undefined : mappedRange(ctx, map, nameEnd + 1, w.end),
      range: mappedRange(ctx, map, w.start, w.end),
    });
  }
  return properties;
}

function buildHeredocs(ctx: BuildContext, ins: DockerInstruction, built: Built, raw: RawHeredoc[]): void {
  const { logical, argsStart, argsEnd } = built;
  const src = logical.text;
  const isRun = ins.keyword === 'RUN';
  // A RUN whose command line is only `<<EOF` (or `bash -e <<EOF`) runs the body as its script.
  const single = raw.length === 1 ? raw[0] : undefined;
  const scriptMarker =
    isRun && single && SHELL_SCRIPT_PREFIX.test(src.slice(argsStart, single.markerStart)) && src.slice(single.markerEnd, argsEnd).trim() === ''
      ? single
      : undefined;
  const onlyMarker = scriptMarker !== undefined && src.slice(argsStart, scriptMarker.markerStart).trim() === '';
  for (const h of raw) {
    const body = new MappedText();
    appendLines(ctx, body, h.bodyFirst, h.bodyEnd, h.stripTabs);
    const heredoc: DockerHeredoc = {
      name: h.name,
      body: body.text,
      bodyRange:
        h.bodyEnd > h.bodyFirst ? ctx.lines.rangeAt(ctx.lines.lineStart(h.bodyFirst), ctx.lines.lineEnd(h.bodyEnd - 1)) : undefined,
      isScript: h === scriptMarker,
    };
    if (heredoc.isScript && ctx.posixShell && isShellBody(heredoc.body)) heredoc.shell = runShell(ctx, body);
    ins.heredocs.push(heredoc);
  }
  if (!isRun || !ctx.posixShell) return;
  if (onlyMarker) {
    ins.shell = ins.heredocs[0].shell;
    return;
  }
  // Otherwise the shell receives the command line followed by the heredocs, as BuildKit passes them.
  const script = sub(logical, argsStart, argsEnd);
  script.appendSynthetic('\n', logical.toHost(argsEnd, true), 0);
  for (const h of raw) appendLines(ctx, script, h.bodyFirst, h.terminator >= 0 ? h.terminator + 1 : h.bodyEnd, false);
  ins.shell = runShell(ctx, script);
}

function buildExec(ctx: BuildContext, ins: DockerInstruction, built: Built): boolean {
  const { logical, argsStart, argsEnd } = built;
  const form = parseExecForm(logical.text, argsStart, argsEnd);
  if (!form) return false;
  ins.execForm = { values: form.values, ranges: form.spans.map(([s, e]) => mappedRange(ctx, logical, s, e)) };
  const k = shellScriptIndex(form.values);
  if (k !== undefined && ins.keyword !== 'SHELL') {
    const script = decodeMapped(logical, form.spans[k]);
    ins.execShell = runShell(ctx, script);
  }
  return true;
}

/** Builds the instruction whose logical text (from the keyword on) is `raw.logical`. */
export function buildInstruction(ctx: BuildContext, raw: RawInstruction): Built {
  const logical = raw.logical;
  const src = logical.text;
  let kwEnd = 0;
  while (kwEnd < src.length && !isSpace(src[kwEnd])) kwEnd++;
  const keyword = src.slice(0, kwEnd).toUpperCase();
  let end = src.length;
  while (end > kwEnd && isSpace(src[end - 1])) end--;
  let pos = skipSpaces(src, kwEnd, end);
  const { flags, next } = keyword === 'ONBUILD' ? { flags: [], next: pos } : parseFlags(ctx, logical, src, pos, end);
  pos = next;
  const ins: DockerInstruction = {
    keyword,
    range: ctx.lines.rangeAt(raw.start, Math.max(raw.start, raw.fullEnd)),
    keywordRange: mappedRange(ctx, logical, 0, kwEnd),
    argsRange: pos < end ? mappedRange(ctx, logical, pos, end) : undefined,
    argsText: src.slice(pos, end),
    flags,
    stage: ctx.stage,
    heredocs: [],
  };
  const built: Built = { instruction: ins, logical, argsStart: pos, argsEnd: end };

  if (EXEC_CAPABLE.has(keyword)) {
    if (!buildExec(ctx, ins, built)) {
      if (keyword === 'SHELL') ctx.error(raw.start, raw.end, 'SHELL requires the JSON form: SHELL ["executable", "parameters"]');
      else if (raw.heredocs.length > 0) buildHeredocs(ctx, ins, built, raw.heredocs);
      else if (ctx.posixShell && pos < end) ins.shell = runShell(ctx, sub(logical, pos, end));
    }
  } else if (keyword === 'COPY' || keyword === 'ADD') {
    buildHeredocs(ctx, ins, built, raw.heredocs);
    buildPaths(ctx, ins, built);
  } else if (keyword === 'ENV' || keyword === 'ARG' || keyword === 'LABEL') {
    ins.properties = buildProperties(ctx, keyword, logical, src, pos, end);
  } else if (keyword === 'HEALTHCHECK') {
    buildHealthcheck(ctx, ins, built, raw);
  } else if (keyword === 'ONBUILD' && pos < end && ctx.depth < 2) {
    const trigger = sub(logical, pos, src.length);
    const start = logical.toHost(pos);
    ins.trigger = buildInstruction({ ...ctx, depth: ctx.depth + 1 }, { logical: trigger, start, end: raw.end, fullEnd: raw.end, heredocs: [] }).instruction;
  }
  if (RESOLVED_ARGS.has(keyword)) ins.resolvedArgsText = processWord(ins.argsText, ctx.esc, ctx.lookup).value;
  return built;
}

function buildHealthcheck(ctx: BuildContext, ins: DockerInstruction, built: Built, raw: RawInstruction): void {
  const { logical, argsStart, argsEnd } = built;
  const src = logical.text;
  const first = /^\S*/.exec(src.slice(argsStart, argsEnd))?.[0].toUpperCase() ?? '';
  ins.healthcheck = { none: first === 'NONE', options: ins.flags };
  if (first !== 'CMD') {
    if (first !== 'NONE') ctx.error(raw.start, raw.end, 'HEALTHCHECK needs CMD <command> or NONE');
    return;
  }
  if (ctx.depth >= 2) return;
  const start = logical.toHost(argsStart);
  const command = buildInstruction(
    { ...ctx, depth: ctx.depth + 1 },
    { logical: sub(logical, argsStart, src.length), start, end: raw.end, fullEnd: raw.end, heredocs: [] },
  ).instruction;
  ins.healthcheck.command = command;
  // The same objects, so rules walking instructions see the check's command without duplicates.
  if (command.execForm) ins.execForm = command.execForm;
  if (command.shell) ins.shell = command.shell;
  if (command.execShell) ins.execShell = command.execShell;
}

function buildPaths(ctx: BuildContext, ins: DockerInstruction, built: Built): void {
  const { logical, argsStart, argsEnd } = built;
  const src = logical.text;
  const form = parseExecForm(src, argsStart, argsEnd);
  let items: { text: string; range: Range }[];
  if (form) {
    ins.execForm = { values: form.values, ranges: form.spans.map(([s, e]) => mappedRange(ctx, logical, s, e)) };
    items = form.values.map((v, i) => ({ text: processWord(v, ctx.esc, ctx.lookup).value, range: ins.execForm!.ranges[i] }));
  } else {
    items = [];
    // COPY/ADD split on blanks only (no quote handling), as BuildKit does.
    const re = /\S+/g;
    const region = src.slice(argsStart, argsEnd);
    for (let m = re.exec(region); m; m = re.exec(region)) {
      if (/^\d*<</.test(m[0])) continue;
      const s = argsStart + m.index;
      items.push({ text: processWord(m[0], ctx.esc, ctx.lookup).value, range: mappedRange(ctx, logical, s, s + m[0].length) });
    }
  }
  const heredocSources = ins.heredocs.length;
  if (items.length + heredocSources < 2) {
    ctx.error(logical.toHost(0), logical.toHost(argsEnd, true), `${ins.keyword} needs at least a source and a destination`);
  }
  ins.paths = items.length + heredocSources < 2 ? { sources: items, dest: undefined } : { sources: items.slice(0, -1), dest: items[items.length - 1] };
}
