import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMap } from 'yaml';
import { parseYaml, scalarSource, type YamlFile } from '../../../../server/src/parsers/yaml';
import { firstTooDeepLine } from '../../../../server/src/parsers/yaml/depth';

const at = (file: YamlFile, r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
  `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

describe('parseYaml', () => {
  it('walks mappings by key with ranges', () => {
    const f = parseYaml('services:\n  api:\n    image: "python:3.12"  # pinned\n    replicas: 3\n');
    const api = f.getPath(f.root, 'services', 'api');
    assert.ok(api);
    const image = f.get(api.value, 'image')!;
    assert.equal(f.str(image.value), 'python:3.12');
    assert.equal(at(f, image.keyRange), '2:4-2:9');
    assert.equal(at(f, image.valueRange), '2:11-2:24');
    assert.equal(f.str(f.get(api.value, 'replicas')!.value), '3');
    assert.deepEqual(f.entries(api.value).map((e) => e.key), ['image', 'replicas']);
    assert.equal(f.problems.length, 0);
  });

  it('resolves aliases to the anchored node, with the anchor text as range', () => {
    const text = 'x-hc: &hc\n  test: ["CMD", "true"]\nservices:\n  a:\n    healthcheck: *hc\n';
    const f = parseYaml(text);
    const hc = f.getPath(f.root, 'services', 'a', 'healthcheck')!;
    assert.ok(isMap(hc.value));
    assert.equal(at(f, hc.writtenRange), '4:17-4:20');
    assert.equal(hc.valueRange.start.line, 1);
    assert.deepEqual(f.items(f.get(hc.value, 'test')!.value).map((n) => f.str(n)), ['CMD', 'true']);
  });

  it('merges `<<` keys: own keys win, earlier sources win over later ones', () => {
    const text = [
      'x-a: &a',
      '  restart: always',
      '  logging: {driver: local}',
      'x-b: &b',
      '  restart: "no"',
      '  mem_limit: 1g',
      'services:',
      '  api:',
      '    <<: [*a, *b]',
      '    mem_limit: 2g',
      '  web:',
      '    <<: *b',
      '',
    ].join('\n');
    const f = parseYaml(text);
    const api = f.getPath(f.root, 'services', 'api')!.value;
    assert.equal(f.str(f.get(api, 'restart')!.value), 'always');
    assert.equal(f.str(f.get(api, 'mem_limit')!.value), '2g');
    assert.equal(f.get(api, 'mem_limit')!.mergedFrom, undefined);
    const restart = f.get(api, 'restart')!;
    assert.ok(restart.mergedFrom);
    assert.equal(restart.keyRange.start.line, 1, 'a merged entry points at the anchor text');
    assert.deepEqual(f.entries(api).map((e) => e.key).sort(), ['logging', 'mem_limit', 'restart']);
    const web = f.getPath(f.root, 'services', 'web')!.value;
    assert.equal(f.str(f.get(web, 'restart')!.value), 'no');
  });

  it('survives merge cycles and alias bombs without expanding them', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 30; i++) bomb.push(`${String.fromCharCode(97 + (i % 26))}${i}: &l${i} [${Array(9).fill(i === 1 ? '*a' : `*l${i - 1}`).join(',')}]`);
    const started = Date.now();
    const f = parseYaml(bomb.join('\n') + '\nself: &s {<<: *s, k: v}\nloop: &m [*m, *m]\n');
    assert.ok(Date.now() - started < 1000);
    const self = f.get(f.root, 'self')!.value;
    assert.equal(f.str(f.get(self, 'k')!.value), 'v');
    const loop = f.get(f.root, 'loop')!.value;
    assert.equal(f.items(loop).length, 2);
    assert.equal(f.items(f.items(loop)[0]).length, 2, 'a self-alias resolves to the same node');
  });

  it('reports syntax errors with 0-based ranges and keeps a partial model', () => {
    const f = parseYaml('services:\n  api:\n    image: x\n  db: [\n');
    assert.ok(f.errors.length > 0);
    assert.ok(f.errors.every((e) => e.range.start.line >= 0));
    assert.equal(f.str(f.getPath(f.root, 'services', 'api', 'image')?.value), 'x');
  });

  it('reports duplicate keys and unknown anchors', () => {
    const f = parseYaml('a: 1\nb: *nope\na: 2\n');
    assert.deepEqual(f.problems.map((p) => p.code).sort(), ['DUPLICATE_KEY', 'UNKNOWN_ANCHOR']);
    assert.equal(f.str(f.get(f.root, 'a')!.value), '2', 'the last duplicate wins');
  });

  it('parses every document of a stream', () => {
    const f = parseYaml('a: 1\n---\nb: 2\n');
    assert.equal(f.documents.length, 2);
    assert.equal(f.str(f.get(f.documents[1].contents, 'b')!.value), '2');
  });

  it('handles CRLF, a BOM and tabs', () => {
    const crlf = parseYaml('\ufeffservices:\r\n  api:\r\n    image: x\r\n');
    assert.equal(crlf.problems.length, 0);
    assert.equal(at(crlf, crlf.getPath(crlf.root, 'services', 'api', 'image')!.valueRange), '2:11-2:12');
    const tabs = parseYaml('services:\n\tapi:\n\t\timage: x\n');
    assert.ok(tabs.errors.length > 0);
  });

  it('refuses nesting deep enough to threaten the stack, and stays usable afterwards', () => {
    for (const text of ['['.repeat(10_000) + ']'.repeat(10_000), '- '.repeat(10_000) + 'x', Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + 'k:').join('\n') + ' 1']) {
      const f = parseYaml('ok: 1\n' + text);
      assert.ok(f.problems.some((p) => p.code === 'TOO_DEEP'), text.slice(0, 10));
      assert.equal(f.str(f.get(f.root, 'ok')?.value), '1');
    }
    // A second parse in the same process must still work (the library's own overflow poisons V8).
    assert.equal(parseYaml('a: [1]\n').str(parseYaml('a: b\n').get(parseYaml('a: b\n').root, 'a')!.value), 'b');
  });

  it('does not mistake ordinary files for deep ones', () => {
    const text = [
      'run: |',
      '  ' + Array.from({ length: 200 }, (_, i) => ' '.repeat(i) + 'x').join('\n  '),
      'cmd: echo [[[[[[ unbalanced',
      "quoted: '[[[[[[[['",
      'flow: {a: [1, {b: [2, 3]}]}',
      '',
    ].join('\n');
    assert.equal(firstTooDeepLine(text), -1);
  });
});

describe('scalarSource', () => {
  const valueAt = (text: string, key: string) => {
    const f = parseYaml(text);
    const src = scalarSource(f, f.get(f.root, key)!.value)!;
    return { f, src };
  };

  it('maps plain, quoted and block scalars character by character', () => {
    for (const [text, word, line, col] of [
      ['c: curl -f http://x\n', 'http', 0, 11],
      ['c: "curl \\"-f\\" http://x"\n', 'http', 0, 16],
      ["c: 'it''s http'\n", 'http', 0, 10],
      ['c: |\n  set -e\n  curl http://x\n', 'http', 2, 7],
      ['c: >-\n  curl\n  http://x\n', 'http', 2, 2],
      ['c: curl\n  http://x\n', 'http', 1, 2],
    ] as const) {
      const { f, src } = valueAt(text, 'c');
      assert.ok(src.offsets, text);
      const i = src.value.indexOf(word);
      const r = src.toHostRange(i, i + word.length);
      assert.deepEqual([r.start.line, r.start.character, r.end.character - r.start.character], [line, col, word.length], text);
      assert.equal(f.text.slice(src.offsets![i], src.offsets![i] + word.length), word);
    }
  });

  it('falls back to the scalar range when the mapping is not exact', () => {
    const { src } = valueAt('c: "a\\u00e9\\U0001F600 http"\n', 'c');
    const r = src.toHostRange(0, 1);
    assert.equal(r.start.character, src.offsets ? 4 : 3);
  });
});
