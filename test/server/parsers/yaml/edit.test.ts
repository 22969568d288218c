import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../../server/src/core/edits';
import type { TextEdit } from '../../../../server/src/core/types';
import { deleteEntry, deleteItem, ensurePath, insertEntries, parseYaml, styleOf, yamlQuote, type YMap } from '../../../../server/src/parsers/yaml';

function apply(text: string, edit: TextEdit | undefined): string {
  assert.ok(edit, 'expected an edit');
  const out = applyEdits(text, [edit]);
  assert.equal(parseYaml(out).errors.length, 0, `invalid YAML after edit:\n${out}`);
  return out;
}

describe('YAML edit helpers', () => {
  it('detects the indentation unit and sequence style', () => {
    assert.deepEqual(styleOf(parseYaml('a:\n    b:\n        - x\n')), { indent: 4, seqIndent: 4, eol: '\n' });
    assert.deepEqual(styleOf(parseYaml('a:\n  b:\n  - x\n')), { indent: 2, seqIndent: 0, eol: '\n' });
    assert.equal(styleOf(parseYaml('a:\r\n   b: 1\r\n')).eol, '\r\n');
  });

  it('inserts after the last entry, before comments that belong to the next key', () => {
    const text = [
      'services:',
      '    api:',
      '        image: app:1.0   # pinned',
      '        command: |',
      '            run',
      '',
      '    # the database',
      '    db:',
      '        image: postgres:16',
      '',
    ].join('\n');
    const f = parseYaml(text);
    const api = f.getPath(f.root, 'services', 'api')!.value as YMap;
    const out = apply(text, insertEntries(f, api, { restart: 'unless-stopped', logging: { driver: 'json-file', options: { 'max-size': '"10m"' } } }));
    assert.equal(
      out,
      [
        'services:',
        '    api:',
        '        image: app:1.0   # pinned',
        '        command: |',
        '            run',
        '        restart: unless-stopped',
        '        logging:',
        '            driver: json-file',
        '            options:',
        '                max-size: "10m"',
        '',
        '    # the database',
        '    db:',
        '        image: postgres:16',
        '',
      ].join('\n'),
    );
  });

  it('ensures a nested path, descending into what exists, keeping CRLF', () => {
    const text = 'services:\r\n  api:\r\n    deploy:\r\n      replicas: 2\r\n    image: x\r\n';
    const f = parseYaml(text);
    const api = f.getPath(f.root, 'services', 'api')!.value as YMap;
    const out = apply(text, ensurePath(f, api, ['deploy', 'resources', 'limits'], { memory: '512M' }));
    assert.equal(out, 'services:\r\n  api:\r\n    deploy:\r\n      replicas: 2\r\n      resources:\r\n        limits:\r\n          memory: 512M\r\n    image: x\r\n');
    const again = parseYaml(out);
    assert.equal(ensurePath(again, again.getPath(again.root, 'services', 'api')!.value as YMap, ['deploy', 'resources', 'limits'], { memory: '512M' }), undefined);
  });

  it('fills empty keys and flow-empty mappings', () => {
    const text = 'services:\n  api:\n    logging:\n    deploy: {}\n';
    const f = parseYaml(text);
    const api = f.getPath(f.root, 'services', 'api')!.value as YMap;
    assert.equal(apply(text, ensurePath(f, api, ['logging', 'options'], { 'max-size': '"10m"' })), 'services:\n  api:\n    logging:\n      options:\n        max-size: "10m"\n    deploy: {}\n');
    assert.equal(apply(text, ensurePath(f, api, ['deploy', 'resources'], { x: '1' })), 'services:\n  api:\n    logging:\n    deploy:\n      resources:\n        x: 1\n');
  });

  it('deletes entries and sequence items by whole lines', () => {
    const text = 'version: "3.8"\nservices:\n  db:\n    ports:\n      - "5432:5432"\n      - 8080:80 # admin\n    image: postgres\n';
    const f = parseYaml(text);
    assert.equal(apply(text, deleteEntry(f, f.get(f.root, 'version')!)), text.slice('version: "3.8"\n'.length));
    const ports = f.getPath(f.root, 'services', 'db', 'ports')!;
    assert.equal(apply(text, deleteItem(f, ports.value as never, 1)), text.replace('      - 8080:80 # admin\n', ''));
    assert.equal(apply(text, deleteEntry(f, ports)), text.replace('    ports:\n      - "5432:5432"\n      - 8080:80 # admin\n', ''));
    const flow = 'p: ["1:1", "2:2", "3:3"]\n';
    const ff = parseYaml(flow);
    const seq = ff.get(ff.root, 'p')!.value as never;
    assert.equal(apply(flow, deleteItem(ff, seq, 0)), 'p: ["2:2", "3:3"]\n');
    assert.equal(apply(flow, deleteItem(ff, seq, 2)), 'p: ["1:1", "2:2"]\n');
  });

  it('quotes scalars only when needed', () => {
    assert.equal(yamlQuote('unless-stopped'), 'unless-stopped');
    assert.equal(yamlQuote('10m'), '"10m"');
    assert.equal(yamlQuote('yes'), '"yes"');
    assert.equal(yamlQuote('a: b'), '"a: b"');
    assert.equal(yamlQuote('${X:?X must be set}'), '"${X:?X must be set}"');
  });
});
