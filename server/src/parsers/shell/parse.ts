/**
 * Flattens a bash syntax tree into the list of simple commands rules reason about.
 *
 * Context choices (documented because rules depend on them):
 * - `orElse`: for `L || R`, every command inside L (all of an `a && b` chain, every stage of a
 *   pipeline, every command of a subshell) gets `orElse = text of R`, since a failure anywhere in L
 *   runs R. The innermost `||` wins: in `(a || b) || c`, `a` gets `b`.
 * - `pipeline`: every command inside a pipeline element gets that element's index, including
 *   commands nested in a compound element (`x | while read l; do y; done` → y is index 1).
 *   The innermost pipeline wins.
 * - `$(…)`, backticks and `<(…)` start a fresh context: their commands belong to no outer pipeline
 *   and have no outer fallback.
 * - `export/local/declare/readonly/typeset/unset` are commands named by their keyword; the
 *   `NAME=value` operands are both args and `assignments`.
 * - `[ … ]`/`[[ … ]]` tests are not commands (commands substituted inside them are).
 *
 * Every tree-sitter call crosses into WASM, so the walk asks each node only what it needs, and
 * scripts made of plain words and `&& || | ;` skip tree-sitter entirely (see fast.ts).
 */
import type { TreeCursor } from '@vscode/tree-sitter-wasm';
import type { Range } from '../../core/types';
import { fastParse } from './fast';
import { getLoadedParser, parseWithBudget } from './grammar';
import type { ShellCommand, ShellScript } from './model';
import { makeAssignment, makeWord, mayContainCommands, newCommand } from './words';

interface Frame {
  type: string;
  /** Substitution nesting level: context never crosses `$(…)`. */
  level: number;
  /** Command filled by this node's children (command, declaration, bare assignments). */
  command?: ShellCommand;
  /** `list`: commands created before the operator, and the operator once seen. */
  firstCommand: number;
  op?: string;
  /** `pipeline`: its id (pre-order) and where each element's commands start. */
  pipelineElements?: number[];
  pipelineId?: number;
}

/**
 * "Next command not yet settled" pointers (union-find with path halving). Once the innermost
 * `||` or pipeline settled a command no outer one may change it, so each command is visited about
 * once: `a || b || c …` stays linear instead of quadratic.
 */
class Settled {
  private readonly next: number[] = [];

  find(i: number): number {
    const next = this.next;
    while (next[i] !== undefined && next[i] !== i) {
      const n = next[i];
      next[i] = next[n] ?? n;
      i = n;
    }
    return i;
  }

  settle(i: number): void {
    this.next[i] = i + 1;
  }
}

/** Nodes whose insides never hold commands. */
const LEAVES = new Set(['comment', 'heredoc_start', 'heredoc_end', 'heredoc_content', 'word', 'raw_string', 'number', 'test_operator', 'variable_name', 'file_descriptor', 'ansi_c_string', 'special_variable_name', 'regex']);
const DECLARATIONS = new Set(['declaration_command', 'unset_command']);
const BOUNDARIES = new Set(['command_substitution', 'process_substitution']);

export function parseShell(source: string, toHostRange: (start: number, end: number) => Range): ShellScript {
  const script: ShellScript = { source, commands: [], hasErrors: false, toHostRange };
  if (fastParse(script)) return script;
  return parseWithTreeSitter(script);
}

/** Per-script walk state: commands' substitution levels and which contexts are settled. */
interface ScriptState {
  script: ShellScript;
  levels: number[];
  inPipeline: Settled;
  hasFallback: Settled;
  pipelineIds: number;
}

function stateOf(script: ShellScript): ScriptState {
  return { script, levels: [], inPipeline: new Settled(), hasFallback: new Settled(), pipelineIds: 0 };
}

function requireParser() {
  const parser = getLoadedParser('bash');
  if (!parser) throw new Error("Readiness: the bash grammar is not loaded; await loadGrammar('bash') before parseShell");
  return parser;
}

/** The tree-sitter path only (tests compare it with the fast path). */
export function parseWithTreeSitter(script: ShellScript): ShellScript {
  const parser = requireParser();
  script.commands.length = 0;
  let tree;
  try {
    tree = parseWithBudget(parser, script.source);
  } catch {
    // A WASM trap leaves the parser mid-parse; reset it so the next script starts clean.
    parser.reset();
    script.hasErrors = true;
    return script;
  }
  if (!tree) {
    script.hasErrors = true;
    return script;
  }
  try {
    script.hasErrors = tree.rootNode.hasError;
    collect(tree.walk(), stateOf(script));
    inSourceOrder(script);
  } catch {
    script.hasErrors = true;
  } finally {
    tree.delete();
  }
  return script;
}

/** Parses scripts in place (used for every RUN of a Dockerfile). */
export function parseShellScripts(scripts: ShellScript[]): void {
  // Joining scripts into one tree-sitter parse was measured: no faster for a few hundred scripts and
  // slower for tens of thousands (one huge tree), so each script is parsed on its own.
  for (const script of scripts) if (!fastParse(script)) parseWithTreeSitter(script);
}

function closePipeline(frame: Frame, st: ScriptState): void {
  const elements = frame.pipelineElements ?? [];
  const length = elements.length;
  const commands = st.script.commands;
  for (let e = 0; e < length; e++) {
    const to = e + 1 < length ? elements[e + 1] : commands.length;
    for (let i = st.inPipeline.find(elements[e]); i < to; i = st.inPipeline.find(i)) {
      if (st.levels[i] === frame.level) commands[i].pipeline = { id: frame.pipelineId ?? 0, index: e, length };
      st.inPipeline.settle(i);
    }
  }
}

/** Iterative pre-order walk (explicit frame stack: deep nesting must not overflow the JS stack). */
function collect(cursor: TreeCursor, state: ScriptState): void {
  const frames: Frame[] = [];
  const script = state.script;
  const src = script.source;
  const commands = script.commands;
  try {
    for (;;) {
      const type = cursor.nodeType;
      const parent = frames.length > 0 ? frames[frames.length - 1] : undefined;
      const level = parent ? parent.level + (BOUNDARIES.has(type) ? 1 : 0) : 0;
      const named = /^[a-zA-Z_]/.test(type);
      let descend = named && !LEAVES.has(type);
      const frame: Frame = { type, level, firstCommand: commands.length };

      if (parent) {
        const owner = parent.command;
        const add = (start: number, end: number): ShellCommand => {
          const command = newCommand(script, start, end);
          state.levels[command.index] = level;
          return command;
        };

        if (parent.type === 'list' && (type === '||' || type === '&&')) {
          parent.op = type;
        } else if (parent.type === 'list' && parent.op === '||') {
          // The right operand: its text is the fallback of everything on the left.
          const text = src.slice(cursor.startIndex, cursor.endIndex);
          for (let i = state.hasFallback.find(parent.firstCommand); i < commands.length; i = state.hasFallback.find(i)) {
            if (state.levels[i] === parent.level) commands[i].orElse = text;
            state.hasFallback.settle(i);
          }
          parent.op = undefined;
        } else if (parent.pipelineElements && type !== '|' && type !== '|&' && type !== 'comment') {
          parent.pipelineElements.push(commands.length);
        }

        if (type === 'command') {
          frame.command = add(cursor.startIndex, cursor.endIndex);
        } else if (DECLARATIONS.has(type)) {
          const start = cursor.startIndex;
          const command = add(start, cursor.endIndex);
          const keyword = /^[A-Za-z]+/.exec(src.slice(start, start + 16));
          if (keyword) command.name = makeWord(script, start, start + keyword[0].length);
          frame.command = command;
        } else if (owner && parent.type === 'command') {
          if (named) {
            const start = cursor.startIndex;
            const end = cursor.endIndex;
            if (type === 'command_name') owner.name = makeWord(script, start, end);
            else if (type === 'variable_assignment') owner.assignments.push(makeAssignment(script, start, end));
            else if (!type.endsWith('redirect') && type !== 'comment' && owner.name) owner.args.push(makeWord(script, start, end));
            // Words and redirections only hide commands inside substitutions.
            descend = mayContainCommands(src.slice(start, end));
          }
        } else if (owner && DECLARATIONS.has(parent.type)) {
          const start = named && type !== 'comment' ? cursor.startIndex : -1;
          // The keyword (`export`…) is the command's name, not an operand.
          if (start > owner.start) {
            const end = cursor.endIndex;
            owner.args.push(makeWord(script, start, end));
            if (type === 'variable_assignment') owner.assignments.push(makeAssignment(script, start, end));
            descend = mayContainCommands(src.slice(start, end));
          }
        } else if (owner && parent.type === 'variable_assignments') {
          if (type === 'variable_assignment') {
            const start = cursor.startIndex;
            const end = cursor.endIndex;
            owner.assignments.push(makeAssignment(script, start, end));
            descend = mayContainCommands(src.slice(start, end));
          }
        } else if (type === 'variable_assignment' || type === 'variable_assignments') {
          // A bare `FOO=bar` statement: a command without a name.
          const start = cursor.startIndex;
          const end = cursor.endIndex;
          const command = add(start, end);
          if (type === 'variable_assignment') {
            command.assignments.push(makeAssignment(script, start, end));
            descend = mayContainCommands(src.slice(start, end));
          } else frame.command = command;
        } else if (type === 'pipeline') {
          frame.pipelineElements = [];
          frame.pipelineId = state.pipelineIds++;
        }
      }

      if (descend && cursor.gotoFirstChild()) {
        frames.push(frame);
        continue;
      }
      for (;;) {
        if (cursor.gotoNextSibling()) break;
        if (!cursor.gotoParent()) return;
        const done = frames.pop();
        if (done?.pipelineElements) closePipeline(done, state);
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Heredoc bodies sit inside their redirection in the tree, before later commands of the same line. */
function inSourceOrder(script: ShellScript): void {
  const commands = script.commands;
  let sorted = true;
  for (let i = 1; i < commands.length && sorted; i++) sorted = commands[i - 1].start <= commands[i].start;
  if (sorted) return;
  commands.sort((a, b) => a.start - b.start || a.index - b.index);
  commands.forEach((c, i) => (c.index = i));
}
