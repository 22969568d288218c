/**
 * Mutations of real files, as fast-check arbitraries. Each mutation is plain data (so a failing case
 * prints as a readable recipe) applied by `applyMutations`. Byte-level mutations go through the
 * bytes and back with `decodeText`, exactly as discovery decodes files from disk.
 */
import fc from 'fast-check';
import { decodeText } from '../../server/src/workspace/discover';

export type Mutation =
  | { op: 'truncate'; at: number }
  | { op: 'flipBytes'; at: number[]; values: number[] }
  | { op: 'duplicateLines'; at: number; count: number; times: number }
  | { op: 'deleteLines'; at: number; count: number }
  | { op: 'crlf'; lone: boolean }
  | { op: 'tabs' }
  | { op: 'hugeLine'; at: number; unit: string; kb: number }
  | { op: 'deepNesting'; at: number; open: string; close: string; depth: number }
  | { op: 'indentLadder'; at: number; depth: number }
  | { op: 'aliasBomb'; at: number; width: number; levels: number }
  | { op: 'invalidUtf8'; at: number; bytes: number[] }
  | { op: 'insertText'; at: number; text: string };

/** Units repeated into 100 KB lines: runs that make naive regexes and scanners backtrack. */
export const HUGE_UNITS = [' ', 'a', '=', '${', '"', "'", '\\', '-', '/', '*', 'a ', '-a', '${a', 'a=', '\\ ', '$(', '#', ':', '&&', '\t', 'é', '\u0000'];
const NESTING: [string, string][] = [['[', ']'], ['{', '}'], ['{a: ', '}'], ['- ', ''], ['$(', ')'], ['"${', '}"'], ['((', '))'], ['`', '`']];
const INVALID_UTF8 = [[0xc3, 0x28], [0xff], [0xfe, 0xff], [0xed, 0xa0, 0x80], [0xf0, 0x28, 0x8c, 0x28], [0xe2, 0x82], [0x00], [0xef, 0xbb, 0xbf], [0xc0, 0xaf]];
const SNIPPETS = ['\\\n', '<<EOF\n', '${{ github.event.issue.title }}', '<<: *x\n', '&a ', '*a', '---\n', '...\n', '? ', '!!binary ', '%YAML 1.1\n', '# readiness-ignore-file dockerfile/root-user\n', '# escape=`\n', 'FROM scratch AS a\nFROM a AS a\n', 'ARG X=${X}\nFROM ${X}\n', 'RUN <<A <<B\n', '"', "'", '\r', '\u2028', '\uFEFF'];

/** Positions are fractions of the text (0..1), so one recipe means something for any file. */
const at = fc.double({ min: 0, max: 1, noNaN: true });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at }),
  fc.record({ op: fc.constant('flipBytes' as const), at: fc.array(at, { minLength: 1, maxLength: 8 }), values: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('duplicateLines' as const), at, count: fc.integer({ min: 1, max: 20 }), times: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ op: fc.constant('deleteLines' as const), at, count: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ op: fc.constant('crlf' as const), lone: fc.boolean() }),
  fc.record({ op: fc.constant('tabs' as const) }),
  fc.record({ op: fc.constant('hugeLine' as const), at, unit: fc.constantFrom(...HUGE_UNITS), kb: fc.constantFrom(1, 10, 100) }),
  fc.record({ op: fc.constant('deepNesting' as const), at, depth: fc.integer({ min: 100, max: 5_000 }), pair: fc.constantFrom(...NESTING) }).map(({ pair, ...m }) => ({ ...m, open: pair[0], close: pair[1] })),
  fc.record({ op: fc.constant('indentLadder' as const), at, depth: fc.integer({ min: 50, max: 1_000 }) }),
  fc.record({ op: fc.constant('aliasBomb' as const), at, width: fc.integer({ min: 2, max: 10 }), levels: fc.integer({ min: 2, max: 12 }) }),
  fc.record({ op: fc.constant('invalidUtf8' as const), at, bytes: fc.constantFrom(...INVALID_UTF8) }),
  fc.record({ op: fc.constant('insertText' as const), at, text: fc.constantFrom(...SNIPPETS) }),
);

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 });

function lineIndexAt(lines: string[], fraction: number): number {
  return Math.min(lines.length, Math.floor(fraction * (lines.length + 1)));
}

function insertLine(text: string, fraction: number, line: string): string {
  const lines = text.split('\n');
  lines.splice(lineIndexAt(lines, fraction), 0, line);
  return lines.join('\n');
}

function withBytes(text: string, edit: (bytes: Buffer) => Buffer): string {
  return decodeText(edit(Buffer.from(text, 'utf8')));
}

export function aliasBomb(width: number, levels: number): string {
  const out = ['bomb0: &b0 ["lol", "lol"]'];
  for (let i = 1; i <= levels; i++) out.push(`bomb${i}: &b${i} [${Array(width).fill(`*b${i - 1}`).join(', ')}]`);
  out.push(`loop: &loop [*loop, *b${levels}]`, `merge: {<<: [*b${levels}, *b${levels}]}`);
  return out.join('\n');
}

export function applyMutation(text: string, m: Mutation): string {
  switch (m.op) {
    case 'truncate':
      return text.slice(0, Math.floor(m.at * text.length));
    case 'flipBytes':
      return withBytes(text, (b) => {
        const out = Buffer.from(b);
        if (out.length) m.at.forEach((f, i) => (out[Math.min(out.length - 1, Math.floor(f * out.length))] = m.values[i % m.values.length]));
        return out;
      });
    case 'duplicateLines': {
      const lines = text.split('\n');
      const start = Math.min(lines.length - 1, lineIndexAt(lines, m.at));
      const block = lines.slice(start, start + m.count);
      lines.splice(start, 0, ...Array.from({ length: m.times }, () => block).flat());
      return lines.join('\n');
    }
    case 'deleteLines': {
      const lines = text.split('\n');
      lines.splice(lineIndexAt(lines, m.at), m.count);
      return lines.join('\n');
    }
    case 'crlf':
      return m.lone ? text.replace(/\n/g, '\r') : text.replace(/\r?\n/g, '\r\n');
    case 'tabs':
      return text.replace(/^( {2})+/gm, (s) => '\t'.repeat(s.length / 2));
    case 'hugeLine':
      return insertLine(text, m.at, m.unit.repeat(Math.ceil((m.kb * 1024) / m.unit.length)));
    case 'deepNesting':
      return insertLine(text, m.at, m.open.repeat(m.depth) + m.close.repeat(m.depth));
    case 'indentLadder':
      return insertLine(text, m.at, Array.from({ length: m.depth }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'));
    case 'aliasBomb':
      return insertLine(text, m.at, aliasBomb(m.width, m.levels));
    case 'invalidUtf8':
      return withBytes(text, (b) => {
        const i = Math.floor(m.at * b.length);
        return Buffer.concat([b.subarray(0, i), Buffer.from(m.bytes), b.subarray(i)]);
      });
    case 'insertText': {
      const i = Math.floor(m.at * text.length);
      return text.slice(0, i) + m.text + text.slice(i);
    }
  }
}

export function applyMutations(text: string, ms: readonly Mutation[]): string {
  return ms.reduce(applyMutation, text);
}
