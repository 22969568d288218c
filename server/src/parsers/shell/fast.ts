/**
 * A JS-only parse for the most common shape of script: plain words joined by `&&`, `||`, `|`, `;`
 * and newlines (`apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*`).
 * It produces exactly what the tree-sitter walk produces (a test compares both on generated
 * scripts) and gives up on anything else — quotes, `$`, redirections, keywords, comments — so the
 * WASM parse and walk, the bulk of a Dockerfile's parse time, are only paid where needed.
 */
import type { ShellCommand, ShellScript } from './model';
import { makeAssignment, makeWord, newCommand } from './words';

const PLAIN = /^[A-Za-z0-9_\-./:=@%+,~* \t\n&|;]*$/;
const RESERVED = new Set([
  'if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'function',
  'select', 'in', 'time', 'coproc', 'export', 'local', 'declare', 'readonly', 'typeset', 'unset', 'unsetenv',
]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

type Token = { kind: 'word' | 'op'; start: number; end: number; text: string };

function tokenize(source: string): Token[] | undefined {
  const tokens: Token[] = [];
  const n = source.length;
  let i = 0;
  while (i < n) {
    const c = source[i];
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '\n' || c === ';') {
      tokens.push({ kind: 'op', start: i, end: i + 1, text: c });
      i++;
    } else if (c === '&') {
      if (source[i + 1] !== '&') return undefined;
      tokens.push({ kind: 'op', start: i, end: i + 2, text: '&&' });
      i += 2;
    } else if (c === '|') {
      // tree-sitter nests `|&` differently from `|`: leave it to the real parser.
      if (source[i + 1] === '&') return undefined;
      const two = source[i + 1] === '|';
      tokens.push({ kind: 'op', start: i, end: i + (two ? 2 : 1), text: two ? '||' : '|' });
      i += two ? 2 : 1;
    } else {
      const start = i;
      while (i < n && !/[ \t\n;&|]/.test(source[i])) i++;
      tokens.push({ kind: 'word', start, end: i, text: source.slice(start, i) });
    }
  }
  return tokens;
}

/** Fills `script.commands` and returns true, or returns false (untouched) when the script is not plain. */
export function fastParse(script: ShellScript): boolean {
  const source = script.source;
  if (!PLAIN.test(source)) return false;
  const tokens = tokenize(source);
  if (!tokens) return false;

  // Validate and group: statements → pipelines joined by && / || → commands joined by |.
  type Pipeline = { commands: Token[][]; start: number; end: number };
  type Statement = { pipelines: Pipeline[]; ops: string[] };
  const statements: Statement[] = [];
  let statement: Statement = { pipelines: [], ops: [] };
  let pipeline: Pipeline | undefined;
  let command: Token[] | undefined;
  let expectCommand = false;
  for (const t of tokens) {
    if (t.kind === 'word') {
      if (!command) {
        // tree-sitter reads any leading `x=…` word as an assignment; only plain names are mirrored here.
        if (RESERVED.has(t.text) || (t.text.includes('=') && !ASSIGNMENT.test(t.text)) || !/^[A-Za-z_./]/.test(t.text)) return false;
        command = [];
        if (!pipeline) {
          pipeline = { commands: [], start: t.start, end: t.end };
          statement.pipelines.push(pipeline);
        }
        pipeline.commands.push(command);
      }
      command.push(t);
      pipeline!.end = t.end;
      expectCommand = false;
      continue;
    }
    if (t.text === ';' || t.text === '\n') {
      if (expectCommand && t.text === '\n') continue; // `a &&\n b`
      if (!command) {
        if (statement.pipelines.length === 0 && !expectCommand) continue; // blank line
        return false;
      }
      statements.push(statement);
      statement = { pipelines: [], ops: [] };
      pipeline = undefined;
      command = undefined;
      continue;
    }
    if (!command) return false; // operator without a left side
    command = undefined;
    expectCommand = true;
    if (t.text === '&&' || t.text === '||') {
      statement.ops.push(t.text);
      pipeline = undefined;
    }
  }
  if (expectCommand) return false;
  if (statement.pipelines.length > 0) statements.push(statement);

  // A bare assignment inside a pipeline nests oddly in tree-sitter's tree: leave those to it.
  for (const st of statements) {
    for (const p of st.pipelines) {
      if (p.commands.length > 1 && p.commands.some((words) => words.every((w) => ASSIGNMENT.test(w.text)))) return false;
    }
  }

  let pipelineId = 0;
  for (const st of statements) {
    const built: ShellCommand[][] = [];
    for (const p of st.pipelines) {
      const cmds: ShellCommand[] = [];
      const id = p.commands.length > 1 ? pipelineId++ : -1;
      p.commands.forEach((words, index) => {
        const cmd = newCommand(script, words[0].start, words[words.length - 1].end);
        let k = 0;
        while (k < words.length && ASSIGNMENT.test(words[k].text)) {
          cmd.assignments.push(makeAssignment(script, words[k].start, words[k].end));
          k++;
        }
        if (k < words.length) {
          cmd.name = makeWord(script, words[k].start, words[k].end);
          for (k++; k < words.length; k++) cmd.args.push(makeWord(script, words[k].start, words[k].end));
        }
        if (id >= 0) cmd.pipeline = { id, index, length: p.commands.length };
        cmds.push(cmd);
      });
      built.push(cmds);
    }
    // Left-associative lists: for each `||`, everything on its left not yet covered falls back to its right.
    let uncovered = 0;
    st.ops.forEach((op, k) => {
      if (op !== '||') return;
      const right = st.pipelines[k + 1];
      const text = source.slice(right.start, right.end);
      for (; uncovered <= k; uncovered++) for (const cmd of built[uncovered]) cmd.orElse = text;
    });
  }
  return true;
}
