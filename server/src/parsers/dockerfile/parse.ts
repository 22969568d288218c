/**
 * Dockerfile → DockerfileModel: stages, ARG/ENV scoping as BuildKit applies it, image references,
 * stage links, and the shell scripts of RUN/CMD/ENTRYPOINT/HEALTHCHECK. Never throws: internal
 * failures become a syntax error on a partial model.
 */
import type { Range } from '../../core/types';
import { LineIndex } from '../../workspace/line-index';
import type { ShellScript } from '../shell/model';
import { parseShellScripts } from '../shell/parse';
import { isPosixShell } from './exec-form';
import { buildInstruction, mappedRange, splitWords, type BuildContext } from './instructions';
import { lexDockerfile } from './lexer';
import type { DockerFrom, DockerInstruction, DockerStage, DockerfileModel } from './model';
import { splitImageReference } from './reference';
import { processWord, type Lookup } from './variables';

const KEYWORDS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);
const MAX_ERRORS = 100;

interface StageState {
  /** The SHELL in effect is a POSIX shell (and the base is not Windows). */
  posix: boolean;
}

function isWindowsImage(image: string): boolean {
  const lower = image.toLowerCase();
  return /(^|\/)windows([/:]|$)|nanoserver|servercore/.test(lower);
}

/** Every distinct shell script an instruction runs (RUN script, heredoc scripts, `sh -c` in exec form). */
export function shellScripts(instruction: DockerInstruction): ShellScript[] {
  const out: ShellScript[] = [];
  const add = (s: ShellScript | undefined): void => {
    if (s && !out.includes(s)) out.push(s);
  };
  add(instruction.shell);
  add(instruction.execShell);
  for (const h of instruction.heredocs) add(h.shell);
  return out;
}

export function parseDockerfile(path: string, text: string): DockerfileModel {
  const stageIndex = new Map<string, DockerStage>();
  const model: DockerfileModel = {
    path,
    escapeChar: '\\',
    globalArgs: new Map(),
    stages: [],
    instructions: [],
    syntaxErrors: [],
    finalStage: undefined,
    stageByName: (name: string) => stageIndex.get(name.toLowerCase()),
  };
  let lines: LineIndex | undefined;
  const addError = (range: Range, message: string): void => {
    if (model.syntaxErrors.length < MAX_ERRORS) model.syntaxErrors.push({ range, message });
  };
  try {
    const lex = lexDockerfile(typeof text === 'string' ? text : String(text ?? ''));
    lines = lex.lines;
    const li = lex.lines;
    model.escapeChar = lex.escapeChar;
    model.directives = lex.directives.map((d) => ({ name: d.name, value: d.value, range: li.rangeAt(d.start, d.end) }));
    for (const e of lex.errors) addError(li.rangeAt(e.start, e.end), e.message);
    buildModel(model, stageIndex, lex, text, addError);
  } catch (error) {
    const at = lines ? lines.rangeAt(0, 0) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    model.syntaxErrors.push({ range: at, message: `Readiness could not fully parse this Dockerfile: ${(error as Error)?.message ?? error}` });
  }
  model.finalStage = model.stages[model.stages.length - 1];
  if (model.finalStage) model.finalStage.isFinal = true;
  return model;
}

function buildModel(
  model: DockerfileModel,
  stageIndex: Map<string, DockerStage>,
  lex: ReturnType<typeof lexDockerfile>,
  text: string,
  addError: (range: Range, message: string) => void,
): void {
  const lines = lex.lines;
  const esc = lex.escapeChar;
  const states = new Map<DockerStage, StageState>();
  const globalLookup: Lookup = (name) => model.globalArgs.get(name);
  let stage: DockerStage | undefined;
  // Copying ARG/ENV maps into every stage built FROM another is quadratic on hostile chains.
  const budget = { left: 200_000 };
  const pending: ShellScript[] = [];

  const stageLookup = (s: DockerStage): Lookup => (name) => (s.env.has(name) ? s.env.get(name) : s.args.get(name));

  for (const raw of lex.instructions) {
    const keyword = /^\S*/.exec(raw.logical.text)?.[0].toUpperCase() ?? '';
    const isFrom = keyword === 'FROM';
    if (isFrom) stage = newStage(model);
    const ctx: BuildContext = {
      text,
      lines,
      esc,
      lookup: stage && !isFrom ? stageLookup(stage) : globalLookup,
      stage,
      posixShell: stage ? (states.get(stage)?.posix ?? true) : true,
      error: (s, e, message) => addError(lines.rangeAt(s, Math.max(s, e)), message),
      depth: 0,
      pending,
    };
    const built = buildInstruction(ctx, raw);
    const ins = built.instruction;
    model.instructions.push(ins);
    if (!KEYWORDS.has(keyword)) addError(ins.keywordRange, `Unknown instruction: ${keyword || raw.logical.text.slice(0, 20)}`);

    if (isFrom && stage) {
      const posix = setupFrom(stageIndex, stage, built, ctx, addError, budget);
      // SHELL carries over to stages built FROM this one, like the rest of the image config.
      states.set(stage, stage.from.stage ? { ...(states.get(stage.from.stage) ?? { posix: true }) } : { posix });
      stage.instructions.push(ins);
      continue;
    }
    if (!stage) {
      if (keyword === 'ARG') {
        for (const p of ins.properties ?? []) model.globalArgs.set(p.name, p.resolvedValue);
      } else if (KEYWORDS.has(keyword)) {
        addError(ins.keywordRange, `${keyword} before the first FROM: only ARG may precede FROM`);
      }
      continue;
    }
    stage.instructions.push(ins);
    stage.range = { start: stage.range.start, end: ins.range.end };
    applyToStage(model, stage, ins, states, ctx);
  }
  parseShellScripts(pending);
}

function newStage(model: DockerfileModel): DockerStage {
  const placeholder: DockerFrom = {
    raw: '',
    image: '',
    name: '',
    shortName: '',
    tag: undefined,
    digest: undefined,
    unresolved: true,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    platform: undefined,
    stage: undefined,
    isScratch: false,
  };
  const stage: DockerStage = {
    index: model.stages.length,
    name: undefined,
    nameRange: undefined,
    from: placeholder,
    instructions: [],
    isFinal: false,
    args: new Map(),
    env: new Map(),
    copiesFrom: [],
    range: placeholder.range,
  };
  model.stages.push(stage);
  return stage;
}

/** Fills the stage's FROM; returns whether its base can run a POSIX shell form. */
function setupFrom(
  stageIndex: Map<string, DockerStage>,
  stage: DockerStage,
  built: ReturnType<typeof buildInstruction>,
  ctx: BuildContext,
  addError: (range: Range, message: string) => void,
  budget: { left: number },
): boolean {
  const ins = built.instruction;
  stage.range = ins.range;
  const words = splitWords(built.logical.text, built.argsStart, built.argsEnd, ctx.esc);
  const platform = ins.flags.find((f) => f.name === 'platform')?.value;
  stage.from.platform = platform;
  stage.from.range = ins.keywordRange;
  if (words.length === 0) {
    addError(ins.range, 'FROM needs an image: FROM <image> [AS <name>]');
    return true;
  }
  if (words.length === 3 && words[1].text.toLowerCase() === 'as') {
    stage.name = words[2].text.toLowerCase();
    stage.nameRange = mappedRange(ctx, built.logical, words[2].start, words[2].end);
    if (stageIndex.has(stage.name)) addError(stage.nameRange, `Duplicate stage name "${stage.name}"`);
    else stageIndex.set(stage.name, stage);
  } else if (words.length !== 1) {
    addError(ins.argsRange ?? ins.range, 'FROM expects <image> [AS <name>]');
  }
  const imageWord = words[0];
  const processed = processWord(imageWord.text, ctx.esc, ctx.lookup);
  const image = processed.value;
  const parent = stageIndex.get(image.toLowerCase());
  const from = stage.from;
  from.raw = imageWord.text;
  from.image = image;
  from.unresolved = processed.unresolved;
  from.range = mappedRange(ctx, built.logical, imageWord.start, imageWord.end);
  if (parent && parent !== stage && parent.index < stage.index) {
    from.stage = parent;
    from.name = image;
    from.shortName = image.toLowerCase();
    budget.left -= parent.args.size + parent.env.size;
    if (budget.left < 0) {
      if (budget.left + parent.args.size + parent.env.size >= 0) addError(from.range, 'Too many inherited ARG/ENV values to analyse: later stages start empty');
      return true;
    }
    for (const [k, v] of parent.args) stage.args.set(k, v);
    for (const [k, v] of parent.env) stage.env.set(k, v);
    return true;
  }
  const ref = splitImageReference(image);
  from.name = ref.name;
  from.shortName = ref.shortName;
  from.tag = ref.tag;
  from.digest = ref.digest;
  from.isScratch = image.toLowerCase() === 'scratch';
  return !isWindowsImage(image);
}

function applyToStage(
  model: DockerfileModel,
  stage: DockerStage,
  ins: DockerInstruction,
  states: Map<DockerStage, StageState>,
  ctx: BuildContext,
): void {
  switch (ins.keyword) {
    case 'ARG':
      for (const p of ins.properties ?? []) {
        if (p.value === undefined) {
          // A redeclared ARG keeps what it had (inherited stage) or takes the global default.
          const inherited = stage.args.has(p.name) ? stage.args.get(p.name) : model.globalArgs.get(p.name);
          p.resolvedValue = inherited;
          stage.args.set(p.name, inherited);
        } else stage.args.set(p.name, p.resolvedValue);
      }
      break;
    case 'ENV':
      // All values of one ENV were resolved against the scope before it, as Docker does.
      for (const p of ins.properties ?? []) stage.env.set(p.name, p.resolvedValue ?? '');
      break;
    case 'SHELL': {
      const program = ins.execForm?.values[0];
      if (program !== undefined) states.set(stage, { posix: isPosixShell(program) });
      break;
    }
    case 'COPY':
    case 'RUN': {
      const refs: string[] = [];
      for (const f of ins.flags) {
        if (f.value === undefined) continue;
        if (ins.keyword === 'COPY' && f.name === 'from') refs.push(f.value);
        if (ins.keyword === 'RUN' && f.name === 'mount') {
          for (const part of f.value.split(',')) {
            const eq = part.indexOf('=');
            if (eq > 0 && part.slice(0, eq).trim().toLowerCase() === 'from') refs.push(part.slice(eq + 1).trim());
          }
        }
      }
      for (const ref of refs) {
        const name = processWord(ref, ctx.esc, ctx.lookup).value.toLowerCase();
        const target = /^\d+$/.test(name) ? model.stages[Number(name)] : model.stageByName(name);
        if (target && target.index < stage.index && !stage.copiesFrom.includes(target)) stage.copiesFrom.push(target);
      }
      break;
    }
  }
}
