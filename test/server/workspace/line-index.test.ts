import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../../../server/src/workspace/line-index';

describe('LineIndex', () => {
  it('counts \\n, \\r\\n and a lone \\r as line breaks, as LSP clients do', () => {
    const text = 'a\nbb\r\nccc\rdddd';
    const index = new LineIndex(text);
    assert.equal(index.lineCount, 4);
    assert.deepEqual([0, 1, 2, 3].map((l) => index.lineText(l)), ['a', 'bb', 'ccc', 'dddd']);
    assert.deepEqual(index.positionAt(text.indexOf('ccc') + 3), { line: 2, character: 3 });
    assert.deepEqual(index.positionAt(text.indexOf('dddd')), { line: 3, character: 0 });
    assert.equal(index.offsetAt({ line: 2, character: 99 }), text.indexOf('\rdddd'));
  });

  it('round-trips offsets and clamps out-of-range positions', () => {
    const text = 'FROM x\r\nRUN y\n';
    const index = new LineIndex(text);
    for (let o = 0; o <= text.length; o++) {
      const p = index.positionAt(o);
      if (text[o - 1] === '\r' && text[o] === '\n') continue; // inside a CRLF pair
      assert.equal(index.offsetAt(p), o, `offset ${o}`);
    }
    assert.equal(index.offsetAt({ line: 99, character: 0 }), text.length);
    assert.equal(index.offsetAt({ line: -1, character: 3 }), 0);
  });
});
