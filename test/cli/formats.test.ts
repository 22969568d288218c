import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { CATEGORIES } from '../../server/src/core/types';
import { ANSI, auditJson, compareJsonFindings, copyShop, requireBuiltCli, runCli, shopFixture, tempDir, type JsonReport } from './_cli';

const FINDING_KEYS = ['rule', 'category', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'message', 'fixable'];
const version = (JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string }).version;

let shop: JsonReport;
before(() => {
  requireBuiltCli();
  shop = auditJson(shopFixture).report;
});

describe('audit --format json', () => {
  it('has exactly the keys and types of the ARCHITECTURE contract', () => {
    assert.deepEqual(Object.keys(shop), ['version', 'root', 'score', 'filesAnalyzed', 'durationMs', 'categories', 'checks', 'findings', 'claims']);
    assert.equal(shop.version, 1);
    assert.equal(shop.root, shopFixture, 'root is the absolute audited directory');
    assert.ok(shop.score === null || (Number.isInteger(shop.score) && shop.score >= 0 && shop.score <= 100));
    assert.ok(Number.isInteger(shop.filesAnalyzed) && shop.filesAnalyzed > 0);
    assert.ok(Number.isInteger(shop.durationMs) && shop.durationMs >= 0);
    assert.deepEqual(shop.categories.map((c) => c.id), [...CATEGORIES]);
    for (const c of shop.categories) {
      assert.deepEqual(Object.keys(c), ['id', 'score', 'passed', 'applicable']);
      assert.ok(c.passed <= c.applicable);
      // Nothing applicable is "not applicable" (null), never a free 100.
      assert.equal(c.score === null, c.applicable === 0, `${c.id}: score ${c.score} with ${c.applicable} applicable`);
    }
    assert.ok(shop.checks.length > 0);
    for (const c of shop.checks) {
      assert.deepEqual(Object.keys(c), ['rule', 'category', 'passed', 'applicable']);
      assert.ok(c.applicable > 0 && c.passed <= c.applicable);
    }
    assert.deepEqual(shop.claims, []);
  });

  it('lists findings sorted by file, line, column and rule, relative and 1-based inside their file', () => {
    assert.ok(shop.findings.length > 0, 'the shop fixture has real problems');
    assert.deepEqual([...shop.findings].sort(compareJsonFindings), shop.findings);
    const checked = new Set(shop.checks.map((c) => c.rule));
    for (const f of shop.findings) {
      assert.deepEqual(Object.keys(f), FINDING_KEYS);
      assert.ok(['error', 'warning', 'info'].includes(f.severity));
      assert.ok(checked.has(f.rule), `${f.rule} has a finding but no check`);
      assert.ok(f.line >= 1 && f.column >= 1 && f.endLine >= f.line, JSON.stringify(f));
      if (f.file === null) continue;
      assert.ok(!f.file.startsWith('/') && !f.file.includes('\\') && !f.file.startsWith('./'), f.file);
      const lines = readFileSync(join(shopFixture, f.file), 'utf8').split('\n');
      assert.ok(f.line <= lines.length && f.column <= lines[f.line - 1].length + 1, `${f.file}:${f.line}:${f.column} is outside the file`);
    }
  });

  it('converts positions to 1-based lines and columns', () => {
    const t = tempDir();
    try {
      writeFileSync(join(t.dir, '.readiness.yaml'), 'rules:\n  no-such/rule: warning\n');
      const finding = auditJson(t.dir).report.findings.find((f) => f.rule === 'config/invalid-config');
      assert.ok(finding, 'an unknown rule id in .readiness.yaml is reported');
      assert.deepEqual([finding.file, finding.line, finding.column], ['.readiness.yaml', 2, 3]);
    } finally {
      t.cleanup();
    }
  });

  it('--output writes the report to the file and nothing to stdout', () => {
    const t = tempDir();
    try {
      const out = join(t.dir, 'report.json');
      const run = runCli(['audit', shopFixture, '--format=json', '-o', out, '--fail-on', 'never']);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, '');
      const written = JSON.parse(readFileSync(out, 'utf8')) as JsonReport;
      assert.deepEqual({ ...written, durationMs: 0 }, { ...shop, durationMs: 0 });
    } finally {
      t.cleanup();
    }
  });
});

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: { id: string; name: string; shortDescription: { text: string }; helpUri: string; defaultConfiguration: { level: string }; properties: { category: string } }[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations?: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
      partialFingerprints: Record<string, string>;
    }[];
  }[];
}

function sarifOf(dir: string): SarifLog {
  const run = runCli(['audit', dir, '--format', 'sarif', '--fail-on', 'never']);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as SarifLog;
}

describe('audit --format sarif', () => {
  it('is SARIF 2.1.0 with one run documenting every registered rule', () => {
    const sarif = sarifOf(shopFixture);
    assert.equal(sarif.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs.length, 1);
    const driver = sarif.runs[0].tool.driver;
    assert.equal(driver.name, 'readiness');
    assert.equal(driver.version, version);
    assert.match(driver.informationUri, /^https:\/\//);
    const registered = (JSON.parse(runCli(['rules', '--format', 'json']).stdout) as { id: string }[]).map((r) => r.id);
    assert.deepEqual(driver.rules.map((r) => r.id).sort(), registered);
    for (const r of driver.rules) {
      assert.match(r.name, /^[A-Z][A-Za-z0-9]*$/, r.id);
      assert.ok(r.shortDescription.text.length > 0, r.id);
      assert.match(r.helpUri, new RegExp(`^https://.*${r.id}\\.md$`));
      assert.ok(['error', 'warning', 'note', 'none'].includes(r.defaultConfiguration.level));
      assert.ok(r.properties.category);
    }
    assert.match(sarif.runs[0].originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/\/.*\/shop\/$/);
  });

  it('has one result per finding, with its rule, level and 1-based region', () => {
    const sarif = sarifOf(shopFixture);
    const { results, tool } = sarif.runs[0];
    assert.equal(results.length, shop.findings.length);
    assert.ok(results.every((r) => r.locations?.length === 1), 'every result has a location (GitHub code scanning requires one)');
    const levels = { error: 'error', warning: 'warning', info: 'note' };
    results.forEach((r, i) => {
      const f = shop.findings[i];
      assert.equal(r.ruleId, f.rule);
      assert.equal(tool.driver.rules[r.ruleIndex].id, r.ruleId);
      assert.equal(r.level, levels[f.severity]);
      assert.equal(r.message.text, f.message);
      assert.match(r.partialFingerprints['readiness/v1'], /^[0-9a-f]{64}$/);
      if (f.file === null) {
        // GitHub rejects an upload with one location-less result, so project-wide findings sit on the README.
        assert.deepEqual(r.locations, [{ physicalLocation: { artifactLocation: { uri: 'README.md', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } } }]);
        return;
      }
      const loc = r.locations![0].physicalLocation;
      assert.deepEqual(loc.artifactLocation, { uri: f.file, uriBaseId: '%SRCROOT%' });
      assert.deepEqual(loc.region, { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn });
    });
  });

  it('keeps fingerprints across runs and when lines are inserted above a finding', () => {
    const copy = copyShop();
    try {
      const prints = (log: SarifLog) => log.runs[0].results.map((r) => `${r.ruleId} ${r.partialFingerprints['readiness/v1']}`).sort();
      const first = sarifOf(copy.dir);
      assert.deepEqual(prints(sarifOf(copy.dir)), prints(first), 'two runs on the same files');
      const target = first.runs[0].results.find((r) => r.locations && r.locations[0].physicalLocation.region.startLine > 1);
      assert.ok(target, 'the fixture has a finding below line 1');
      const { uri } = target.locations![0].physicalLocation.artifactLocation;
      const line = target.locations![0].physicalLocation.region.startLine;
      const lines = readFileSync(join(copy.dir, uri), 'utf8').split('\n');
      lines.splice(line - 1, 0, '');
      writeFileSync(join(copy.dir, uri), lines.join('\n'));
      const second = sarifOf(copy.dir);
      assert.deepEqual(prints(second), prints(first));
      const moved = second.runs[0].results.find((r) => r.partialFingerprints['readiness/v1'] === target.partialFingerprints['readiness/v1']);
      assert.equal(moved?.locations?.[0].physicalLocation.region.startLine, line + 1, 'the finding moved down one line');
    } finally {
      copy.cleanup();
    }
  });
});

describe('audit --format markdown', () => {
  it('has the category table, the checks with their counts and findings linked by relative path', () => {
    const run = runCli(['audit', shopFixture, '--format', 'markdown', '--fail-on', 'never']);
    assert.equal(run.status, 0, run.stderr);
    const md = run.stdout;
    assert.match(md, /^# Readiness report/);
    assert.ok(md.includes('| Category | Score | Passed | Applicable |'));
    for (const c of shop.categories) {
      const score = c.applicable === 0 ? 'not applicable' : String(c.score);
      assert.ok(md.includes(`| ${c.id} | ${score} | ${c.passed} | ${c.applicable} |`), `row of ${c.id}`);
    }
    for (const c of shop.checks) assert.ok(md.includes(`| ${c.category} | ${c.passed} of ${c.applicable} |`), `check ${c.rule}`);
    for (const f of shop.findings) {
      if (f.file !== null) assert.ok(md.includes(`(${f.file}#L${f.line})`), `link to ${f.file}:${f.line}`);
    }
    assert.ok(!md.includes(shopFixture + '/'), 'links are relative to the audited root');
  });
});

describe('audit --format text', () => {
  it('groups findings under their file and ends with the score line, without colour in a pipe', () => {
    const run = runCli(['audit', shopFixture, '--fail-on', 'never']);
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stdout, ANSI);
    const lines = run.stdout.trimEnd().split('\n');
    const files = [...new Set(shop.findings.map((f) => f.file ?? '(workspace)'))];
    const headers = lines.filter((l) => files.includes(l));
    assert.deepEqual(headers, files, 'each file is one header, in report order');
    for (const f of shop.findings) {
      const where = f.file === null ? '-' : `${f.line}:${f.column}`;
      assert.ok(
        lines.some((l) => new RegExp(`^\\s+${where}\\s+${f.severity}\\s+.+\\s${f.rule}$`).test(l)),
        `a line for ${f.rule} at ${where}`,
      );
    }
    const summary = /^Score (\d+\/100|n\/a) — (\d+) errors?, (\d+) warnings?, (\d+) info in (\d+) files? \(\d+ ms\)$/.exec(lines[lines.length - 1]);
    assert.ok(summary, `last line is the summary: ${lines[lines.length - 1]}`);
    const count = (s: string) => shop.findings.filter((f) => f.severity === s).length;
    assert.deepEqual(summary.slice(2, 6).map(Number), [count('error'), count('warning'), count('info'), shop.filesAnalyzed]);
  });

  it('colours only when asked to (FORCE_COLOR) and says so when nothing was found', () => {
    assert.match(runCli(['audit', shopFixture, '--fail-on', 'never'], { env: { FORCE_COLOR: '1' } }).stdout, ANSI);
    const t = tempDir();
    try {
      const run = runCli(['audit', t.dir]);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^No findings\./);
      assert.match(run.stdout, /— 0 errors, 0 warnings, 0 info in 0 files/);
    } finally {
      t.cleanup();
    }
  });
});
