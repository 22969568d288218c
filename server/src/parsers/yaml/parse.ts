/**
 * The shared YAML layer (compose, CI workflows…): parses every document of a file with source
 * ranges, never throws, never expands aliases (an alias bomb costs nothing: `*x` resolves to the
 * anchored node, whose ranges are the anchor's own text) and exposes mapping lookups that follow
 * aliases and merge keys.
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Alias, type Document, type Pair, type ParsedNode, type YAMLMap, type YAMLSeq } from 'yaml';
import { ZERO_RANGE, type Range } from '../../core/types';
import { LineIndex } from '../../workspace/line-index';
import { firstTooDeepLine, MAX_DEPTH } from './depth';

export type YNode = ParsedNode;
export type YMap = YAMLMap.Parsed;
export type YSeq = YAMLSeq.Parsed;

export interface YamlProblem {
  range: Range;
  message: string;
  /** The `yaml` error code (`BAD_INDENT`, `DUPLICATE_KEY`…), or `TOO_DEEP`. */
  code: string;
  severity: 'error' | 'warning';
}

export interface YamlEntry {
  /** The key as a string (the source text for a non-scalar key, '' for a missing one). */
  key: string;
  keyNode: YNode | null;
  /** The value with aliases resolved (a null scalar for `key:` with nothing after it; null for an unknown alias). */
  value: YNode | null;
  /** The value as written: an Alias for `key: *x`. */
  written: YNode | null;
  pair: Pair<YNode | null, YNode | null>;
  keyRange: Range;
  /** Range of the resolved value: the anchor's text when the value is an alias. */
  valueRange: Range;
  /** Range of the value as written (`*x` for an alias); the key's range when there is no value. */
  writtenRange: Range;
  /** When the entry is inherited through a merge key (`<<: *defaults`): the map it comes from. */
  mergedFrom?: YMap;
}

export interface YamlDocument {
  doc: Document.Parsed;
  /** The root node, or null for an empty document. */
  contents: YNode | null;
}

interface MapEntries {
  list: YamlEntry[];
  byKey: Map<string, YamlEntry>;
}

/** Merge chains deeper than this are ignored (`&a {<<: *b}` repeated thousands of times). */
const MAX_MERGE_DEPTH = 32;

export class YamlFile {
  readonly documents: YamlDocument[] = [];
  readonly problems: YamlProblem[] = [];
  /** Offset where parsing stopped because the nesting was too deep; -1 when the whole text was read. */
  readonly truncatedAt: number;
  private readonly aliasTargets = new Map<Alias, YNode | null>();
  private readonly entryCache = new WeakMap<YMap, MapEntries>();
  private mergeDepth = 0;
  private flowNodes: WeakSet<object> | undefined;

  constructor(
    readonly text: string,
    readonly lines: LineIndex,
  ) {
    const cut = firstTooDeepLine(text);
    this.truncatedAt = cut;
    const source = cut >= 0 ? text.slice(0, cut) : text;
    if (cut >= 0) {
      this.problems.push({
        range: this.offsetRange(cut, Math.max(cut, lines.lineEnd(lines.positionAt(cut).line))),
        message: `Nesting deeper than ${MAX_DEPTH} levels; the rest of the file is not analysed.`,
        code: 'TOO_DEEP',
        severity: 'error',
      });
    }
    let docs: Document.Parsed[] = [];
    try {
      // No keepSourceTokens: nothing reads the CST, and keeping it would double the memory per file.
      const parsed = parseAllDocuments(source, { uniqueKeys: false, prettyErrors: false });
      docs = Array.isArray(parsed) ? (parsed as Document.Parsed[]) : [];
    } catch (error) {
      // The library reports problems as errors; a throw is a bug in it, still not a reason to crash.
      this.problems.push({ range: ZERO_RANGE, message: `YAML could not be parsed: ${(error as Error).message}`, code: 'PARSE', severity: 'error' });
    }
    for (const doc of docs) {
      for (const e of doc.errors) this.problems.push(this.problemOf(e.pos, e.message, e.code, 'error'));
      for (const w of doc.warnings) this.problems.push(this.problemOf(w.pos, w.message, w.code, 'warning'));
      const contents = (doc.contents as YNode | null) ?? null;
      this.documents.push({ doc, contents });
      this.index(contents);
    }
  }

  get errors(): YamlProblem[] {
    return this.problems.filter((p) => p.severity === 'error');
  }

  /** The first document's root node (most files have one document). */
  get root(): YNode | null {
    return this.documents[0]?.contents ?? null;
  }

  // ---- ranges ---------------------------------------------------------------------------------

  offsetRange(start: number, end: number): Range {
    return this.lines.rangeAt(start, end);
  }

  /** Range of a node (its value, without trailing comments) or of a pair (key through value). */
  rangeOf(node: YNode | Pair<unknown, unknown> | null | undefined): Range {
    const span = this.spanOf(node);
    return span ? this.offsetRange(span[0], span[1]) : ZERO_RANGE;
  }

  /** Start and end offsets of a node or pair, as `rangeOf` measures them. */
  spanOf(node: YNode | Pair<unknown, unknown> | null | undefined): [number, number] | undefined {
    if (!node) return undefined;
    if ('range' in node && node.range) return [node.range[0], node.range[1]];
    if ('key' in node) {
      const key = node.key as YNode | null;
      const value = node.value as YNode | null;
      const start = key?.range?.[0] ?? value?.range?.[0];
      const end = value?.range?.[1] ?? key?.range?.[1];
      if (start !== undefined && end !== undefined) return [start, end];
    }
    return undefined;
  }

  /** The source text of a node. */
  sourceOf(node: YNode | null | undefined): string {
    const span = this.spanOf(node);
    return span ? this.text.slice(span[0], span[1]) : '';
  }

  // ---- navigation -----------------------------------------------------------------------------

  /** Follows an alias to its anchored node (null when the anchor is unknown); other nodes unchanged. */
  resolve(node: unknown): YNode | null {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.aliasTargets.get(node as Alias) ?? null;
    return node as YNode;
  }

  asMap(node: unknown): YMap | undefined {
    const n = this.resolve(node);
    return isMap(n) ? (n as YMap) : undefined;
  }

  asSeq(node: unknown): YSeq | undefined {
    const n = this.resolve(node);
    return isSeq(n) ? (n as YSeq) : undefined;
  }

  /** Items of a sequence with aliases resolved (nulls dropped); [] for anything else. */
  items(node: unknown): YNode[] {
    const seq = this.asSeq(node);
    if (!seq) return [];
    const out: YNode[] = [];
    for (const item of seq.items) {
      const r = this.resolve(item);
      if (r) out.push(r);
    }
    return out;
  }

  /** A scalar as a string (numbers and booleans as written); undefined for null, maps and sequences. */
  str(node: unknown): string | undefined {
    const n = this.resolve(node);
    if (!isScalar(n)) return undefined;
    const v = n.value;
    if (v === null || v === undefined) return undefined;
    if (typeof v === 'string') return v;
    const source = (n as { source?: unknown }).source;
    return typeof source === 'string' ? source : String(v);
  }

  /** `true`, `"true"`, `yes`… */
  isTrue(node: unknown): boolean {
    const s = this.str(node);
    return s !== undefined && /^(true|yes|on)$/i.test(s);
  }

  /** Entries of a mapping: its own keys (the last of duplicates wins), then keys merged in through `<<`. */
  entries(node: unknown): YamlEntry[] {
    const map = this.asMap(node);
    return map ? this.entriesOf(map).list : [];
  }

  get(node: unknown, key: string): YamlEntry | undefined {
    const map = this.asMap(node);
    return map ? this.entriesOf(map).byKey.get(key) : undefined;
  }

  /** `getPath(service, 'deploy', 'resources', 'limits')`: the entry at the end of the path, if all exist. */
  getPath(node: unknown, ...keys: string[]): YamlEntry | undefined {
    let current: unknown = node;
    let entry: YamlEntry | undefined;
    for (const key of keys) {
      entry = this.get(current, key);
      if (!entry) return undefined;
      current = entry.value;
    }
    return entry;
  }

  /**
   * Whether a node sits inside a flow collection (`{a: x}`, `[x]`), where `,[]{}` end a plain
   * scalar: edits must then quote what they write. The set is built on first use, once per file.
   */
  isInFlow(target: YNode): boolean {
    if (!this.flowNodes) {
      const inFlow = new WeakSet<object>();
      for (const d of this.documents) {
        const stack: { node: unknown; flow: boolean }[] = [{ node: d.contents, flow: false }];
        while (stack.length) {
          const { node, flow } = stack.pop()!;
          if (!node || typeof node !== 'object') continue;
          if (flow) inFlow.add(node);
          if (isMap(node)) {
            const inner = flow || !!node.flow;
            for (const p of node.items as Pair<unknown, unknown>[]) stack.push({ node: p.key, flow: inner }, { node: p.value, flow: inner });
          } else if (isSeq(node)) {
            const inner = flow || !!node.flow;
            for (const item of node.items) stack.push({ node: item, flow: inner });
          }
        }
      }
      this.flowNodes = inFlow;
    }
    return this.flowNodes.has(target);
  }

  /** Whether a key is a merge key (`<<`, plain). */
  isMergeKey(key: unknown): boolean {
    return isScalar(key) && (key.value === '<<' || (typeof key.value === 'symbol' && key.value.description === '<<')) && key.type === 'PLAIN';
  }

  private entriesOf(map: YMap): MapEntries {
    const cached = this.entryCache.get(map);
    if (cached) return cached;
    // Registered before merging so a merge cycle (`&a {<<: *a}`) sees an empty map, not recursion.
    const result: MapEntries = { list: [], byKey: new Map() };
    this.entryCache.set(map, result);
    const merges: YNode[] = [];
    for (const pair of map.items as Pair<YNode | null, YNode | null>[]) {
      if (this.isMergeKey(pair.key)) {
        if (pair.value) merges.push(pair.value);
        continue;
      }
      const entry = this.entryOf(pair);
      const previous = result.byKey.get(entry.key);
      if (previous) result.list.splice(result.list.indexOf(previous), 1);
      result.byKey.set(entry.key, entry);
      result.list.push(entry);
    }
    if (merges.length && this.mergeDepth < MAX_MERGE_DEPTH) {
      this.mergeDepth++;
      try {
        for (const m of merges) {
          const resolved = this.resolve(m);
          const sources = isSeq(resolved) ? this.items(resolved) : resolved ? [resolved] : [];
          for (const source of sources) {
            if (!isMap(source)) continue;
            // Earlier sources win over later ones, and the map's own keys over all of them.
            for (const inherited of this.entriesOf(source as YMap).list) {
              if (result.byKey.has(inherited.key)) continue;
              const entry = inherited.mergedFrom ? inherited : { ...inherited, mergedFrom: source as YMap };
              result.byKey.set(entry.key, entry);
              result.list.push(entry);
            }
          }
        }
      } finally {
        this.mergeDepth--;
      }
    }
    return result;
  }

  private entryOf(pair: Pair<YNode | null, YNode | null>): YamlEntry {
    const keyNode = pair.key;
    const key = keyNode === null ? '' : isScalar(keyNode) ? (this.str(keyNode) ?? '') : this.sourceOf(keyNode);
    const written = pair.value;
    const value = this.resolve(written);
    const keyRange = this.rangeOf(keyNode);
    const writtenRange = written ? this.rangeOf(written) : keyRange;
    return {
      key,
      keyNode,
      value,
      written,
      pair,
      keyRange,
      valueRange: value ? this.rangeOf(value) : writtenRange,
      writtenRange,
    };
  }

  // ---- indexing -------------------------------------------------------------------------------

  private problemOf(pos: [number, number], message: string, code: string, severity: 'error' | 'warning'): YamlProblem {
    const start = Math.min(pos[0], this.text.length);
    const end = Math.max(start, Math.min(pos[1], this.text.length));
    return { range: this.offsetRange(start, end === start ? Math.min(start + 1, this.lines.lineEnd(this.lines.positionAt(start).line)) : end), message: message.split('\n')[0], code, severity };
  }

  /**
   * One iterative pre-order pass per document, in source order: records which anchored node each
   * alias names (the most recent anchor before it) and reports duplicate keys, which Compose and
   * GitHub reject even though YAML parsers disagree on them.
   */
  private index(root: YNode | null): void {
    if (!root) return;
    const anchors = new Map<string, YNode>();
    const stack: unknown[] = [root];
    while (stack.length) {
      const node = stack.pop();
      if (!node) continue;
      if (isAlias(node)) {
        const target = anchors.get((node as Alias).source);
        this.aliasTargets.set(node as Alias, target ?? null);
        if (!target) {
          this.problems.push({ range: this.rangeOf(node as YNode), message: `Unknown anchor \`${(node as Alias).source}\`: an alias must follow the \`&${(node as Alias).source}\` it refers to.`, code: 'UNKNOWN_ANCHOR', severity: 'error' });
        }
        continue;
      }
      const anchor = (node as { anchor?: string }).anchor;
      if (anchor) anchors.set(anchor, node as YNode);
      if (isMap(node)) {
        const seen = new Set<string>();
        const pairs = node.items as Pair<YNode | null, YNode | null>[];
        for (const pair of pairs) {
          if (!isScalar(pair.key) || this.isMergeKey(pair.key)) continue;
          const k = String(pair.key.value);
          if (seen.has(k)) {
            this.problems.push({ range: this.rangeOf(pair.key), message: `Duplicate key \`${k}\`: Compose and GitHub Actions reject the file; other tools keep only one of the values.`, code: 'DUPLICATE_KEY', severity: 'error' });
          }
          seen.add(k);
        }
        for (let i = pairs.length - 1; i >= 0; i--) stack.push(pairs[i].value, pairs[i].key);
      } else if (isSeq(node)) {
        for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
      }
    }
  }
}

/** Parses YAML text (all documents). Never throws; problems are in `problems`. */
export function parseYaml(text: string, lines: LineIndex = new LineIndex(text)): YamlFile {
  return new YamlFile(text, lines);
}
