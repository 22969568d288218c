import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles } from '../../../helpers/workspace';

/** Runs the whole engine on one compose file: no rule may crash (analyzeFiles throws if one does), nothing may hang. */
async function survive(text: string, budgetMs = 5000) {
  const started = Date.now();
  const result = await analyzeFiles({ 'compose.yaml': text, Dockerfile: 'FROM python:3.12-slim\n' });
  const elapsed = Date.now() - started;
  assert.ok(elapsed < budgetMs, `took ${elapsed} ms`);
  return result.findings;
}

const rules = (findings: { rule: string }[]) => [...new Set(findings.map((f) => f.rule))].sort();

describe('compose on hostile input', () => {
  it('billion laughs: aliases are never expanded', async () => {
    const lines = ['x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 12; i++) lines.push(`x-${i}: &l${i} [${Array(9).fill(i === 1 ? '*a' : `*l${i - 1}`).join(',')}]`);
    lines.push('services:', '  api:', '    image: app:1', '    environment: *l11', '    command: *l11', '    ports: *l11', '    volumes: *l11', '    depends_on: *l11');
    await survive(lines.join('\n') + '\n');
  });

  it('self-referencing anchors and merge cycles', async () => {
    const findings = await survive('x-a: &a [*a, *a]\nx-m: &m\n  <<: *m\n  restart: always\nservices:\n  api: &svc\n    <<: [*m, *svc]\n    image: app:1\n    environment: *a\n    depends_on: *a\n');
    assert.ok(!rules(findings).includes('compose/missing-restart-policy'), 'the merge still works around the cycle');
  });

  it('10,000 levels of nesting, flow and block', async () => {
    for (const tail of ['['.repeat(10_000) + ']'.repeat(10_000), '\n      ' + '- '.repeat(10_000) + 'x', Array.from({ length: 2000 }, (_, i) => ' '.repeat(i + 4) + 'k:').join('\n')]) {
      const findings = await survive('services:\n  api:\n    image: app\n    labels: ' + tail + '\n');
      assert.ok(findings.some((f) => f.rule === 'yaml/syntax-error' && /Nesting deeper/.test(f.message)));
      assert.ok(findings.some((f) => f.rule === 'compose/unpinned-image'), 'the readable part is still analysed');
    }
  });

  it('tabs, invalid YAML, a BOM, CRLF, odd types and an empty file', async () => {
    assert.ok(rules(await survive('services:\n\tapi:\n\t\timage: app\n')).includes('yaml/syntax-error'));
    assert.ok(rules(await survive('services:\n  api:\n    image: "app\n    ports: [1\n')).includes('yaml/syntax-error'));
    const bom = await survive('\ufeffservices:\r\n  db:\r\n    image: postgres\r\n    ports:\r\n      - "5432:5432"\r\n');
    assert.deepEqual(bom.filter((f) => f.rule === 'compose/exposed-datastore-port').map((f) => [f.range.start.line, f.range.start.character]), [[4, 8]]);
    for (const text of ['', '---\n---\n', 'services: 42\n', 'services: [a, b]\n', 'services:\n  api: ~\n  web: [1]\n  x: "str"\n', '- just\n- a list\n', 'services:\n  api:\n    build: {context: [1], dockerfile: {a: b}}\n    ports: [{}, [], ~, "::::"]\n    volumes: [{}, "::", ~]\n    healthcheck: {test: [[1], {}]}\n    environment: [{}, "=x", "A"]\n    depends_on: [[x]]\n    extends: {file: ../../../etc/passwd, service: x}\n', 'include: [{path: {}}, ~, ../../x.yaml]\nservices:\n  a:\n    extends: a\n']) {
      await survive(text);
    }
  });

  it('a very long line and many documents', async () => {
    await survive('services:\n  api:\n    image: app:1\n    command: ' + 'x'.repeat(500_000) + '\n');
    await survive(Array.from({ length: 2000 }, (_, i) => `services:\n  s${i}:\n    image: app:1\n`).join('---\n'));
  });
});
