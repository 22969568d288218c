/**
 * Text edits for Python fixes: imports added after the module's existing imports (only the names
 * not already imported), code inserted at insertion points in the file's indentation and line
 * endings, and the "add the dependency" action for requirements files and pyproject.toml.
 */
import type { Fix, Position, TextEdit } from '../../../core/types';
import type { SourceFile, WorkspaceModel } from '../../../workspace/model';

/** The line where new imports go: after the last top-level import of the module's header. */
export function importLine(file: SourceFile): number {
  const lines = file.lines;
  let last = -1;
  let inDocstring: string | undefined;
  let depth = 0;
  for (let i = 0; i < lines.lineCount; i++) {
    const line = lines.lineText(i);
    if (inDocstring) {
      if (line.includes(inDocstring)) {
        inDocstring = undefined;
        if (last < 0) last = i;
      }
      continue;
    }
    if (depth > 0) {
      depth += (line.match(/\(/g) ?? []).length - (line.match(/\)/g) ?? []).length;
      if (depth <= 0) last = i;
      continue;
    }
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const doc = /^[rRuU]?("""|''')/.exec(trimmed);
    if (doc && last < 0) {
      const rest = trimmed.slice(doc[0].length);
      if (rest.includes(doc[1])) last = i;
      else inDocstring = doc[1];
      continue;
    }
    if (/^(import|from)\s/.test(line)) {
      last = i;
      depth = (line.match(/\(/g) ?? []).length - (line.match(/\)/g) ?? []).length;
      continue;
    }
    // `try: import x` blocks, `if TYPE_CHECKING:` and code end the header.
    if (/^(def|class|@|if|try|async)\b/.test(line) || /^\S/.test(line)) break;
  }
  return last + 1;
}

function alreadyImports(text: string, module: string, name: string | undefined): boolean {
  const mod = module.replace(/\./g, '\\.');
  if (!name) return new RegExp(`^\\s*import\\s+([\\w.]+\\s*,\\s*)*${mod}(\\s*,|\\s*$|\\s+#)`, 'm').test(text);
  const re = new RegExp(`^\\s*from\\s+${mod}\\s+import\\s+(\\([^)]*\\)|[^\\n]*)`, 'gm');
  for (const m of text.matchAll(re)) if (new RegExp(`(^|[\\s,(])${name}(\\s*($|[,)#\\n])|\\s+as\\s)`).test(m[1].replace(/^\(/, ' '))) return true;
  return false;
}

/** Import lines the file lacks: `['os']`, `['slowapi', 'Limiter']`… ([module] or [module, name]). */
export function missingImports(file: SourceFile, wanted: [string, string?][]): string {
  const byModule = new Map<string, string[]>();
  const plain: string[] = [];
  for (const [module, name] of wanted) {
    if (alreadyImports(file.text, module, name)) continue;
    if (!name) plain.push(`import ${module}`);
    else byModule.set(module, [...(byModule.get(module) ?? []), name]);
  }
  const eol = file.lines.eol;
  const out = [...plain, ...[...byModule].map(([m, names]) => `from ${m} import ${names.join(', ')}`)];
  return out.map((l) => l + eol).join('');
}

/** Merges insertions at the same position (in order) so the result does not depend on edit ordering. */
export function mergeInserts(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    if (!e.newText && e.range.start.line === e.range.end.line && e.range.start.character === e.range.end.character) continue;
    const same = out.find(
      (o) => o.range.start.line === e.range.start.line && o.range.start.character === e.range.start.character &&
        o.range.end.line === o.range.start.line && o.range.end.character === o.range.start.character &&
        e.range.end.line === e.range.start.line && e.range.end.character === e.range.start.character,
    );
    if (same) same.newText += e.newText;
    else out.push({ ...e });
  }
  return out;
}

export function insertAt(line: number, character: number, newText: string): TextEdit {
  const at: Position = { line, character };
  return { range: { start: at, end: at }, newText };
}

/**
 * Inserts whole lines before `line`; past the last line (a file without a final newline, or a
 * statement the parser stretched to the end) they go after the last line's text instead, so the
 * edit never addresses a line that does not exist.
 */
export function lineInsert(file: SourceFile, line: number, text: string): TextEdit {
  const count = file.lines.lineCount;
  if (line < count) return insertAt(line, 0, text);
  const last = count - 1;
  const lastText = file.lines.lineText(last);
  return lastText === '' ? insertAt(last, 0, text) : insertAt(last, lastText.length, file.lines.eol + text.replace(/(\r?\n)$/, ''));
}

/** The imports edit (or none) at the import line. */
export function importEdit(file: SourceFile, wanted: [string, string?][]): TextEdit[] {
  const text = missingImports(file, wanted);
  if (!text) return [];
  const line = importLine(file);
  // A module whose last line has no newline: start the import on a new line.
  if (line >= file.lines.lineCount) return [insertAt(file.lines.lineCount - 1, file.lines.lineText(file.lines.lineCount - 1).length, file.lines.eol + text)];
  return [insertAt(line, 0, text)];
}

/** Re-indents a block written with 4-space indentation to start at `indent`, with the file's line endings. */
export function block(lines: string[], indent: string, eol: string): string {
  return lines.map((l) => (l ? indent + l : '')).join(eol) + eol;
}

const REQUIREMENT_FILES = ['requirements.txt', 'requirements/base.txt', 'requirements/prod.txt', 'requirements/production.txt', 'requirements/common.txt', 'requirements.in'];

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** "Add slowapi to requirements.txt" (or pyproject.toml), when the service declares its dependencies and lacks it. */
export function dependencyFix(ws: WorkspaceModel, serviceDir: string, pkg: string): Fix[] {
  const prefix = serviceDir ? `${serviceDir}/` : '';
  for (const name of REQUIREMENT_FILES) {
    const f = ws.file(prefix + name);
    if (!f) continue;
    const listed = f.text.split(/\r?\n/).some((l) => normalize(l.trim().split(/[\s=<>!~;[]/)[0] ?? '') === normalize(pkg));
    if (listed) return [];
    const last = f.lines.lineCount - 1;
    const lastText = f.lines.lineText(last);
    const edit = lastText === '' ? insertAt(last, 0, pkg + f.lines.eol) : insertAt(last, lastText.length, f.lines.eol + pkg + f.lines.eol);
    return [{ title: `Add ${pkg} to ${name}`, safety: 'unsafe', changes: [{ file: f.path, edits: [edit] }] }];
  }
  const py = ws.file(`${prefix}pyproject.toml`);
  if (!py || new RegExp(`["']${pkg}\\b|^${pkg}\\s*=`, 'im').test(py.text)) return [];
  for (let i = 0; i < py.lines.lineCount; i++) {
    const line = py.lines.lineText(i);
    const m = /^(\s*)dependencies\s*=\s*\[(.*)$/.exec(line);
    if (!m) continue;
    if (m[2].includes(']')) {
      const close = line.lastIndexOf(']');
      const empty = m[2].trim() === ']';
      return [{ title: `Add ${pkg} to pyproject.toml`, safety: 'unsafe', changes: [{ file: py.path, edits: [insertAt(i, close, `${empty ? '' : ', '}"${pkg}"`)] }] }];
    }
    const next = py.lines.lineText(i + 1);
    const indent = /^\s*/.exec(next)![0] || '    ';
    return [{ title: `Add ${pkg} to pyproject.toml`, safety: 'unsafe', changes: [{ file: py.path, edits: [insertAt(i + 1, 0, `${indent}"${pkg}",${py.lines.eol}`)] }] }];
  }
  return [];
}

/** Blank lines to add before/after inserting at `line` so that `wanted` blank lines separate the new block from its neighbours. */
export function blankLines(file: SourceFile, line: number, wanted: number): { before: number; after: number } {
  const blank = (i: number) => i < 0 || i >= file.lines.lineCount || file.lines.lineText(i).trim() === '';
  let above = 0;
  while (above < wanted && line - 1 - above >= 0 && blank(line - 1 - above)) above++;
  let below = 0;
  while (below < wanted && line + below < file.lines.lineCount && blank(line + below)) below++;
  const atEnd = line >= file.lines.lineCount || (line === file.lines.lineCount - 1 && file.lines.lineText(line) === '');
  return { before: line === 0 ? 0 : wanted - above, after: atEnd ? 0 : wanted - below };
}
