/**
 * The example project's README says "Production readiness ✅"; its files say otherwise. Checked
 * through the engine (claims records), and through each output format built from the same analysis.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze, type AnalysisResult } from '../../../server/src/engine/analyze';
import { loadWorkspaceFromDisk } from '../../../server/src/engine/workspace-loader';
import { formatJson } from '../../../server/src/report/json';
import { formatMarkdown } from '../../../server/src/report/markdown';
import { buildAuditReport, type AuditReport } from '../../../server/src/report/model';
import { formatText } from '../../../server/src/report/text';

const examples = join(__dirname, '../../../examples');

let result: AnalysisResult;
let report: AuditReport;
before(async () => {
  result = await analyze(loadWorkspaceFromDisk(examples));
  report = buildAuditReport(examples, result, 0);
});

const status = (capability: string) => report.claims.find((c) => c.capability === capability)?.status;

describe('claims of examples/README.md', () => {
  it('reads the checked items of the checklist, not the unchecked "Dependabot"', () => {
    assert.ok(report.claims.every((c) => c.file === 'README.md'));
    assert.deepEqual(
      [...new Set(report.claims.map((c) => c.capability))],
      ['healthchecks', 'multi-stage', 'non-root', 'rate-limiting', 'secrets-env', 'ci-cd', 'security-scanning', 'error-tracking', 'metrics', 'resource-limits', 'restart-policies', 'log-rotation'],
    );
    assert.equal(status('dependency-updates'), undefined);
  });

  it('"Health checks on all services" is contradicted, pointing at the services without one', () => {
    assert.equal(status('healthchecks'), 'contradicted');
    const f = result.findings.find((x) => x.rule === 'claims/contradicted' && x.message.startsWith('Claim "Health checks on all services"'))!;
    assert.match(f.message, /of 6 services have no healthcheck \(docker-compose\.prod\.yml:28 `worker`/);
    assert.ok(f.related.some((r) => r.file === 'docker-compose.prod.yml' && r.range.start.line === 27 && r.message.includes('`worker`')));
    assert.ok(f.related.length <= 10);
  });

  it('"Docker multi-stage builds" is contradicted: the API is multi-stage, the worker is not (a bare practice means all images)', () => {
    assert.equal(status('multi-stage'), 'contradicted');
    const c = report.claims.find((x) => x.capability === 'multi-stage')!;
    assert.ok(c.evidence.some((e) => e.file === 'worker/Dockerfile'));
    assert.ok(!c.evidence.some((e) => e.file === 'api/Dockerfile'));
  });

  it('the other overstated items are contradicted, "CI/CD" itself holds', () => {
    for (const cap of ['non-root', 'rate-limiting', 'secrets-env', 'security-scanning', 'metrics', 'resource-limits', 'restart-policies', 'log-rotation']) {
      assert.equal(status(cap), 'contradicted', cap);
    }
    assert.equal(status('ci-cd'), 'supported');
    assert.deepEqual(report.claims.find((c) => c.capability === 'ci-cd')!.evidence, [
      { file: '.github/workflows/ci.yml', line: 1 },
      { file: '.github/workflows/preview.yml', line: 1 },
    ]);
  });

  it('JSON: the claims array has exactly the ARCHITECTURE shape, 1-based', () => {
    const json = JSON.parse(formatJson(report)) as { claims: Record<string, unknown>[] };
    assert.equal(json.claims.length, report.claims.length);
    for (const c of json.claims) {
      assert.deepEqual(Object.keys(c), ['file', 'line', 'text', 'capability', 'status', 'evidence']);
      assert.ok(['supported', 'contradicted', 'unverified'].includes(c.status as string));
      for (const e of c.evidence as Record<string, unknown>[]) {
        assert.deepEqual(Object.keys(e), ['file', 'line']);
        assert.ok((e.line as number) >= 1);
      }
    }
    assert.deepEqual(json.claims[0], {
      file: 'README.md',
      line: 13,
      text: 'Health checks on all services',
      capability: 'healthchecks',
      status: 'contradicted',
      evidence: report.claims[0].evidence,
    });
  });

  it('Markdown: a "Readiness claims" table with status and evidence links', () => {
    const md = formatMarkdown(report);
    const section = md.slice(md.indexOf('## Readiness claims'));
    assert.ok(section.startsWith('## Readiness claims\n\n| Claim | Capability | Status | Evidence |\n| --- | --- | --- | --- |\n'));
    assert.match(section, /\| \[README\.md:13\]\(README\.md#L13\) Health checks on all services \| Health checks \| ❌ contradicted \| \d of 6 services have no healthcheck/);
    assert.match(section, /\[docker-compose\.prod\.yml:28\]\(docker-compose\.prod\.yml#L28\)/);
    assert.match(section, /\| CI\/CD \| ✅ supported \| verified: \.github\/workflows\/ci\.yml:1 \(\+1 more\)<br>\[\.github\/workflows\/ci\.yml:1\]/);
  });

  it('text: a short "Readiness claims" section before the categories', () => {
    const text = formatText(report, { color: false });
    const start = text.indexOf('\nReadiness claims\n');
    assert.ok(start > 0 && start < text.indexOf('\nCategories\n'));
    assert.match(text, /\n {2}README\.md:13 {2}contradicted {2}Health checks on all services — \d of 6 services have no healthcheck/);
    assert.match(text, /\n {2}README\.md:18 {2}supported {5}CI\/CD with security scanning — verified: \.github\/workflows\/ci\.yml:1/);
  });
});
