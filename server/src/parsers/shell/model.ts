import type { Range } from '../../core/types';

/** One word of a shell command: the command name or an argument. */
export interface ShellWord {
  /** Value after quote removal when it is static; the raw text when it contains expansions. */
  text: string;
  /** Exactly as written in the script. */
  raw: string;
  /** True when the word contains `$VAR`, `$(…)` or backticks, so `text` is not its runtime value. */
  dynamic: boolean;
  /** Range in the host document (the Dockerfile, the workflow…), not in the script. */
  range: Range;
  /** Offsets in `ShellScript.source`. */
  start: number;
  end: number;
}

export interface ShellAssignment {
  name: string;
  value: string;
  range: Range;
}

/** A simple command (`name args…`), wherever it sits in lists, pipelines, subshells or functions. */
export interface ShellCommand {
  /** Null for a bare assignment such as `FOO=bar`. */
  name: ShellWord | null;
  args: ShellWord[];
  /** `VAR=value` prefixes of this command. */
  assignments: ShellAssignment[];
  range: Range;
  start: number;
  end: number;
  /** Set when the command is part of a pipeline `a | b | c`. */
  pipeline?: { id: number; index: number; length: number };
  /** The text of the command list after `||` when this command (or its pipeline) has a fallback, e.g. `true`. */
  orElse?: string;
  /** Index of this command in `ShellScript.commands`. */
  index: number;
}

export interface ShellScript {
  /** The text handed to the bash grammar (line continuations removed). */
  source: string;
  /** Every simple command in source order. */
  commands: ShellCommand[];
  /** The bash grammar reported ERROR/MISSING nodes; commands are still extracted best-effort. */
  hasErrors: boolean;
  /** Maps offsets in `source` to a range in the host document. */
  toHostRange(start: number, end: number): Range;
}
