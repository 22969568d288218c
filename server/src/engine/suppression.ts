import type { FileKind, Range, TextEdit } from '../core/types';
import type { LineIndex } from '../workspace/line-index';

/**
 * Inline suppressions. Ours: `readiness-ignore <id>[,<id>] [-- reason]` in a comment on the line above
 * a finding (or trailing on its line) and `readiness-ignore-file <id>` anywhere. Other tools' pragmas
 * are honoured through rule aliases: `# hadolint ignore=DL3002`, `# hadolint global ignore=…`,
 * `# zizmor: ignore[template-injection]` (alias `zizmor:template-injection`).
 */
export interface Suppressions {
  /** Whether a finding of `rule` (with `aliases`) starting on `line` is suppressed. */
  isSuppressed(rule: string, aliases: readonly string[], line: number): boolean;
}

const OURS = /(?:#|\/\/|\/\*|<!--)\s*readiness-ignore(-file)?\b(?:[ \t]+([^\n]*?))?\s*(?:-->|\*\/)?\s*$/;
const HADOLINT = /#\s*hadolint\s+(global\s+)?ignore=([\w,\s]+)/i;
const ZIZMOR = /#\s*zizmor:\s*ignore\[([\w,\s-]+)\]/i;
const COMMENT_START = /^\s*(#|\/\/|\/\*|\*|<!--)/;

export function commentPrefix(kind: FileKind): string {
  switch (kind) {
    case 'typescript':
    case 'javascript':
    case 'go':
      return '//';
    case 'markdown':
      return '<!--';
    default:
      return '#';
  }
}

function idsOf(list: string): string[] {
  return list
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const EMPTY: Suppressions = { isSuppressed: () => false };

/**
 * @param statementStart maps a line to the first line of the statement containing it (a Dockerfile
 *   instruction spanning continuation lines), so a directive above the statement covers all of it.
 */
export function parseSuppressions(text: string, lines: LineIndex, statementStart?: (line: number) => number): Suppressions {
  if (!text.includes('readiness-ignore') && !/hadolint|zizmor/i.test(text)) return EMPTY;
  const fileIds = new Set<string>();
  const lineIds = new Map<number, Set<string>>();
  const add = (line: number, ids: string[]) => {
    let set = lineIds.get(line);
    if (!set) lineIds.set(line, (set = new Set()));
    for (const id of ids) set.add(id);
  };
  const count = lines.lineCount;
  for (let line = 0; line < count; line++) {
    const content = lines.lineText(line);
    if (content.length > 10_000) continue;
    let ids: string[] | undefined;
    let fileWide = false;
    const ours = OURS.exec(content);
    if (ours) {
      fileWide = ours[1] === '-file';
      const body = (ours[2] ?? '').split(/\s--\s|\s--$|^--\s/)[0];
      ids = idsOf(body);
      if (ids.length === 0) ids = ['*'];
    } else {
      const hadolint = HADOLINT.exec(content);
      if (hadolint) {
        fileWide = Boolean(hadolint[1]);
        ids = idsOf(hadolint[2]);
      } else {
        const zizmor = ZIZMOR.exec(content);
        if (zizmor) ids = idsOf(zizmor[1]).map((id) => `zizmor:${id}`);
      }
    }
    if (!ids) continue;
    if (fileWide) {
      for (const id of ids) fileIds.add(id);
      continue;
    }
    const isWholeLineComment = COMMENT_START.test(content);
    if (!isWholeLineComment) {
      add(line, ids); // trailing comment: applies to its own line
      continue;
    }
    // A directive applies to the next line that is not itself a comment or blank.
    let target = line + 1;
    while (target < count && (COMMENT_START.test(lines.lineText(target)) || lines.lineText(target).trim() === '')) target++;
    if (target < count) add(target, ids);
  }
  const matches = (set: Set<string> | undefined, rule: string, aliases: readonly string[]) =>
    !!set && (set.has('*') || set.has(rule) || aliases.some((a) => set.has(a)));
  return {
    isSuppressed(rule, aliases, line) {
      if (matches(fileIds, rule, aliases)) return true;
      if (matches(lineIds.get(line), rule, aliases)) return true;
      const start = statementStart?.(line);
      return start !== undefined && start !== line && matches(lineIds.get(start), rule, aliases);
    },
  };
}

/** The edit that inserts `readiness-ignore <rule>` above `line` (or above its statement's first line). */
export function suppressionEdit(kind: FileKind, lines: LineIndex, range: Range, rule: string, statementStart?: (line: number) => number): TextEdit {
  const line = statementStart?.(range.start.line) ?? range.start.line;
  const current = lines.lineText(line);
  const indent = /^[ \t]*/.exec(current)?.[0] ?? '';
  const prefix = commentPrefix(kind);
  const suffix = prefix === '<!--' ? ' -->' : '';
  const start = { line, character: 0 };
  return { range: { start, end: start }, newText: `${indent}${prefix} readiness-ignore ${rule}${suffix}${lines.eol}` };
}
