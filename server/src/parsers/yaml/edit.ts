/**
 * Text edits for quick fixes on YAML files. They never re-serialise a document (that would drop
 * comments and reflow the user's formatting): they insert, replace or delete whole lines, in the
 * file's own indentation style and line endings.
 */
import { isMap, isScalar, isSeq, type Pair } from 'yaml';
import type { TextEdit } from '../../core/types';
import type { YamlEntry, YamlFile, YMap, YNode, YSeq } from './parse';
import { scalarSource } from './scalar';

/** A value to insert: a scalar already written as YAML (`"10m"`, `["CMD", "x"]`), a list, or a mapping. */
export type Snippet = string | Snippet[] | { [key: string]: Snippet };

export interface YamlStyle {
  /** Columns between a key and the keys of its nested mapping. */
  indent: number;
  /** Columns between a key and the `-` of its block sequence (0 for "indentless" sequences). */
  seqIndent: number;
  eol: '\n' | '\r\n';
}

const styles = new WeakMap<YamlFile, YamlStyle>();

/** The file's indentation unit and sequence style, from the first nested mapping and sequence found. */
export function styleOf(file: YamlFile): YamlStyle {
  const known = styles.get(file);
  if (known) return known;
  let indent: number | undefined;
  let seqIndent: number | undefined;
  const stack: unknown[] = file.documents.map((d) => d.contents);
  let budget = 10_000;
  while (stack.length && budget-- > 0 && (indent === undefined || seqIndent === undefined)) {
    const node = stack.pop();
    if (isMap(node) && !node.flow) {
      for (const pair of node.items as Pair<YNode | null, YNode | null>[]) {
        const key = pair.key;
        const value = pair.value;
        if (!key?.range || !value?.range) continue;
        const keyCol = column(file, key.range[0]);
        if (isMap(value) && !value.flow && value.items.length) {
          const first = (value.items[0] as Pair<YNode | null, unknown>).key;
          if (first?.range && indent === undefined && file.lines.positionAt(first.range[0]).line > file.lines.positionAt(key.range[0]).line) {
            const d = column(file, first.range[0]) - keyCol;
            if (d > 0) indent = d;
          }
        } else if (isSeq(value) && !value.flow && seqIndent === undefined && file.lines.positionAt(value.range[0]).line > file.lines.positionAt(key.range[0]).line) {
          seqIndent = Math.max(0, column(file, value.range[0]) - keyCol);
        }
        stack.push(value);
      }
    } else if (isSeq(node) && !node.flow) {
      for (const item of node.items) stack.push(item);
    }
  }
  const style: YamlStyle = { indent: indent ?? 2, seqIndent: seqIndent ?? indent ?? 2, eol: file.lines.eol };
  styles.set(file, style);
  return style;
}

function column(file: YamlFile, offset: number): number {
  return file.lines.positionAt(offset).character;
}

/** A string as a YAML scalar: plain when unambiguous, else double-quoted. */
export function yamlQuote(s: string): string {
  const plain =
    /^[A-Za-z_/.][\w./@%+=:-]*$/.test(s) && !/:$/.test(s) &&
    !/^(true|false|yes|no|on|off|null|y|n|~)$/i.test(s);
  return plain ? s : JSON.stringify(s);
}

/** Renders mapping entries at `column`, one line each (no trailing line break). */
export function renderEntries(entries: { [key: string]: Snippet }, col: number, style: YamlStyle): string {
  return renderLines(entries, col, style).join(style.eol);
}

function renderLines(entries: { [key: string]: Snippet }, col: number, style: YamlStyle): string[] {
  const pad = ' '.repeat(col);
  const out: string[] = [];
  for (const [key, value] of Object.entries(entries)) {
    if (typeof value === 'string') out.push(`${pad}${key}: ${value}`);
    else if (Array.isArray(value)) {
      if (!value.length) {
        out.push(`${pad}${key}: []`);
        continue;
      }
      out.push(`${pad}${key}:`);
      const dash = ' '.repeat(col + style.seqIndent);
      for (const item of value) {
        if (typeof item === 'string') out.push(`${dash}- ${item}`);
        else if (Array.isArray(item)) out.push(`${dash}- [${item.join(', ')}]`);
        else {
          const lines = renderLines(item, col + style.seqIndent + 2, style);
          if (lines.length) lines[0] = `${dash}- ${lines[0].trimStart()}`;
          out.push(...lines);
        }
      }
    } else if (!Object.keys(value).length) out.push(`${pad}${key}: {}`);
    else out.push(`${pad}${key}:`, ...renderLines(value, col + style.indent, style));
  }
  return out;
}

/** Offset just after the last character that belongs to a node's content (not trailing comments or blank lines). */
export function contentEnd(file: YamlFile, node: YNode | null | undefined): number {
  let current: unknown = node;
  for (let guard = 0; guard < 1000; guard++) {
    if (isMap(current) && !current.flow && current.items.length) {
      const last = current.items[current.items.length - 1] as Pair<YNode | null, YNode | null>;
      current = last.value && last.value.range && last.value.range[1] > last.value.range[0] ? last.value : last.key;
      continue;
    }
    if (isSeq(current) && !current.flow && current.items.length) {
      current = current.items[current.items.length - 1];
      continue;
    }
    break;
  }
  const range = (current as YNode | null | undefined)?.range;
  if (!range) return 0;
  let end = range[1];
  while (end > range[0] && /\s/.test(file.text[end - 1])) end--;
  return end;
}

function lineEndAfter(file: YamlFile, offset: number): number {
  return file.lines.lineEnd(file.lines.positionAt(Math.max(0, offset - 1)).line);
}

function insertAt(file: YamlFile, offset: number, text: string): TextEdit {
  const pos = file.lines.positionAt(offset);
  return { range: { start: pos, end: pos }, newText: text };
}

/** Inserts entries at the end of a block mapping, at its keys' column. Undefined for flow or empty mappings. */
export function insertEntries(file: YamlFile, map: YMap, entries: { [key: string]: Snippet }): TextEdit | undefined {
  if (map.flow || !map.items.length) return undefined;
  const firstKey = (map.items[0] as Pair<YNode | null, unknown>).key;
  if (!firstKey?.range) return undefined;
  const style = styleOf(file);
  const at = lineEndAfter(file, contentEnd(file, map));
  return insertAt(file, at, style.eol + renderEntries(entries, column(file, firstKey.range[0]), style));
}

/** Fills a key whose value is empty (`key:` or `key: {}`) with nested entries. */
export function fillEmptyKey(file: YamlFile, entry: YamlEntry, entries: { [key: string]: Snippet }): TextEdit | undefined {
  const key = entry.keyNode;
  const value = entry.written;
  if (!key?.range) return undefined;
  const style = styleOf(file);
  const body = renderEntries(entries, column(file, key.range[0]) + style.indent, style);
  if (!value || (isScalar(value) && value.value === null)) {
    return insertAt(file, lineEndAfter(file, key.range[1]), style.eol + body);
  }
  if (isMap(value) && value.flow && !value.items.length && value.range) {
    return { range: file.offsetRange(key.range[1], value.range[1]), newText: ':' + style.eol + body };
  }
  return undefined;
}

/**
 * Makes sure `path` exists under `map` and holds `entries`: descends through existing mappings and
 * inserts what is missing at the deepest existing level (`deploy:` present → only `resources:` is
 * added under it). Undefined when a level is a scalar, a sequence or a flow mapping.
 */
export function ensurePath(file: YamlFile, map: YMap, path: string[], entries: { [key: string]: Snippet }): TextEdit | undefined {
  let current: YMap = map;
  for (let i = 0; i < path.length; i++) {
    const entry = file.get(current, path[i]);
    const nested = nest(path.slice(i + 1), entries);
    if (!entry) return insertEntries(file, current, { [path[i]]: nested });
    const value = entry.value;
    if (!value || (isScalar(value) && value.value === null) || (isMap(value) && value.flow && !value.items.length)) {
      return fillEmptyKey(file, entry, nested);
    }
    if (!isMap(value) || value.flow) return undefined;
    current = value as YMap;
  }
  const missing: { [key: string]: Snippet } = {};
  for (const [k, v] of Object.entries(entries)) if (!file.get(current, k)) missing[k] = v;
  return Object.keys(missing).length ? insertEntries(file, current, missing) : undefined;
}

function nest(path: string[], leaf: { [key: string]: Snippet }): { [key: string]: Snippet } {
  let out = leaf;
  for (let i = path.length - 1; i >= 0; i--) out = { [path[i]]: out };
  return out;
}

export function replaceNode(file: YamlFile, node: YNode, newText: string): TextEdit {
  return { range: file.rangeOf(node), newText };
}

/** Whole lines from the one holding `start` through the one holding `end - 1`, with the final line break. */
function deleteLines(file: YamlFile, start: number, end: number): TextEdit {
  const first = file.lines.positionAt(start).line;
  const last = file.lines.positionAt(Math.max(start, end - 1)).line;
  const from = file.lines.lineStart(first);
  const to = last + 1 < file.lines.lineCount ? file.lines.lineStart(last + 1) : file.text.length;
  return { range: file.offsetRange(from, to), newText: '' };
}

function onlySpaceBefore(file: YamlFile, offset: number): boolean {
  const lineStart = file.lines.lineStart(file.lines.positionAt(offset).line);
  return /^[ \t]*$/.test(file.text.slice(lineStart, offset));
}

/** Deletes a mapping entry (its key line through its value's last line). Undefined when it is not alone on its lines. */
export function deleteEntry(file: YamlFile, entry: YamlEntry): TextEdit | undefined {
  const key = entry.keyNode;
  if (!key?.range || !onlySpaceBefore(file, key.range[0])) return undefined;
  const end = Math.max(key.range[1], contentEnd(file, entry.written));
  const after = file.text.slice(end, lineEndAfter(file, end));
  if (!/^\s*(#.*)?$/.test(after)) return undefined;
  return deleteLines(file, key.range[0], end);
}

/** Deletes one item of a sequence: its lines for a block sequence, the item and a comma for a flow one. */
export function deleteItem(file: YamlFile, seq: YSeq, index: number): TextEdit | undefined {
  const item = seq.items[index] as YNode | null;
  if (!item?.range) return undefined;
  if (seq.flow) {
    const next = seq.items[index + 1] as YNode | null | undefined;
    const prev = seq.items[index - 1] as YNode | null | undefined;
    if (next?.range) return { range: file.offsetRange(item.range[0], next.range[0]), newText: '' };
    if (prev?.range) return { range: file.offsetRange(prev.range[1], item.range[1]), newText: '' };
    return { range: file.rangeOf(item), newText: '' };
  }
  const dash = file.text.lastIndexOf('-', item.range[0]);
  if (dash < 0 || !onlySpaceBefore(file, dash)) return undefined;
  return deleteLines(file, dash, Math.max(item.range[0] + 1, contentEnd(file, item)));
}

/**
 * Replaces part of a scalar's value (`value.slice(start, end)`) with `text`, in place when the
 * scalar's style allows writing `text` as is (plain outside flow collections, quoted when `text`
 * has no quote or backslash), else by rewriting the whole scalar double-quoted.
 */
export function replaceInScalar(file: YamlFile, node: YNode, start: number, end: number, text: string): TextEdit | undefined {
  const src = scalarSource(file, node);
  if (!src || !isScalar(node)) return undefined;
  const whole = src.value.slice(0, start) + text + src.value.slice(end);
  const inPlace =
    src.offsets !== undefined &&
    src.offsets.length > 0 &&
    (node.type === 'PLAIN' ? !file.isInFlow(node) && !/(^[-?:,[\]{}#&*!|>'"%@`]|: | #)/.test(whole) && !/[\r\n]/.test(text)
      : node.type === 'QUOTE_DOUBLE' ? !/["\\]/.test(text)
      : node.type === 'QUOTE_SINGLE' ? !text.includes("'")
      : !/[\r\n]/.test(text));
  if (inPlace) {
    const offsets = src.offsets!;
    const from = start < offsets.length ? offsets[start] : offsets[offsets.length - 1] + 1;
    const to = end <= start ? from : offsets[Math.min(end, offsets.length) - 1] + 1;
    return { range: file.offsetRange(from, to), newText: text };
  }
  return replaceNode(file, node, JSON.stringify(whole));
}
