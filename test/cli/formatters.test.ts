import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineRule } from '../../server/src/core/rule';
import { formatJson } from '../../server/src/report/json';
import { escapeMarkdown, formatMarkdown } from '../../server/src/report/markdown';
import type { AuditReport, ReportFinding } from '../../server/src/report/model';
import { buildSarif, fingerprints, pascalCase } from '../../server/src/report/sarif';
import { formatText, shouldColor, summaryLine } from '../../server/src/report/text';

/** Formatter behaviour on synthetic reports: cases a real fixture cannot stage on demand. */

function finding(over: Partial<ReportFinding>): ReportFinding {
  return {
    rule: 'dockerfile/root-user',
    category: 'security',
    severity: 'warning',
    file: 'api/Dockerfile',
    line: 3,
    column: 1,
    endLine: 3,
    endColumn: 12,
    message: 'The final stage runs as root.',
    fixable: true,
    ...over,
  };
}

function report(findings: ReportFinding[]): AuditReport {
  return {
    version: 1,
    root: '/srv/my shop',
    score: 62,
    filesAnalyzed: 4,
    durationMs: 17,
    categories: [
      { id: 'security', score: 62, passed: 5, applicable: 8 },
      { id: 'testing', score: null, passed: 0, applicable: 0 },
    ],
    checks: [{ rule: 'dockerfile/root-user', category: 'security', passed: 1, applicable: 2 }],
    findings,
    claims: [],
  };
}

const rule = defineRule({
  id: 'dockerfile/root-user',
  meta: { category: 'security', severity: 'warning', summary: 'Runs as root.', fixes: ['unsafe'], aliases: [], scope: 'file', kinds: ['dockerfile'], productionOnly: true },
  check() {},
});
const workspaceRule = defineRule({
  id: 'ci/no-ci-config',
  meta: { category: 'delivery', severity: 'info', summary: 'No CI.', fixes: [], aliases: [], scope: 'workspace', kinds: [], productionOnly: false },
  check() {},
});

describe('text formatter', () => {
  const sample = report([finding({}), finding({ line: 12, column: 5, severity: 'error', rule: 'dockerfile/secret-in-arg-env', message: 'ENV DB_PASSWORD has a literal value.', fixable: false }), finding({ file: null, rule: 'ci/no-ci-config', severity: 'info', message: 'No CI configuration.' })]);

  it('aligns positions within a file and puts workspace findings under their own header', () => {
    const lines = formatText(sample, { color: false }).split('\n');
    assert.equal(lines[0], 'api/Dockerfile');
    assert.match(lines[1], /^ {3}3:1 {2}warning {2}The final stage runs as root\. \(fixable\) +dockerfile\/root-user$/);
    assert.match(lines[2], /^ {2}12:5 {2}error {4}ENV DB_PASSWORD has a literal value\. +dockerfile\/secret-in-arg-env$/);
    assert.ok(lines.includes('(workspace)'));
    assert.ok(lines.some((l) => /^ {2}testing +not applicable$/.test(l)));
  });

  it('ends with the summary line, singular where it should be', () => {
    assert.equal(summaryLine(sample), 'Score 62/100 — 1 error, 1 warning, 1 info in 4 files (17 ms)');
    assert.equal(summaryLine({ ...report([]), score: null, filesAnalyzed: 1 }), 'Score n/a — 0 errors, 0 warnings, 0 info in 1 file (17 ms)');
  });

  it('uses ANSI colours only when enabled, and decides from FORCE_COLOR, NO_COLOR and the TTY', () => {
    assert.match(formatText(sample, { color: true }), /\u001b\[31merror/);
    assert.doesNotMatch(formatText(sample, { color: false }), /\u001b/);
    assert.equal(shouldColor({ isTTY: true }, {}), true);
    assert.equal(shouldColor({ isTTY: false }, {}), false);
    assert.equal(shouldColor({ isTTY: true }, { NO_COLOR: '1' }), false);
    assert.equal(shouldColor({ isTTY: false }, { FORCE_COLOR: '1' }), true);
    assert.equal(shouldColor({ isTTY: true }, { FORCE_COLOR: '0' }), true);
  });
});

describe('markdown formatter', () => {
  it('links findings relative to the root, escapes markup but keeps code spans', () => {
    const md = formatMarkdown(report([finding({ file: 'my app/Dockerfile', message: 'COPY of `*.pem` copies *secrets* <keys>' })]));
    assert.ok(md.includes('[my app/Dockerfile:3](my%20app/Dockerfile#L3)'), md);
    assert.ok(md.includes('COPY of `*.pem` copies \\*secrets\\* \\<keys\\>'), md);
    assert.ok(md.includes('| testing | not applicable | 0 | 0 |'));
    assert.ok(md.includes('| security | 1 of 2 |'));
    assert.equal(escapeMarkdown('a | b'), 'a \\| b');
  });

  it('says when there is nothing to report', () => {
    assert.match(formatMarkdown(report([])), /## Findings\n\nNo findings\./);
  });
});

describe('SARIF formatter', () => {
  it('names rules in PascalCase and maps levels', () => {
    assert.equal(pascalCase('dockerfile/root-user'), 'DockerfileRootUser');
    const sarif = buildSarif(report([finding({}), finding({ file: null, rule: 'ci/no-ci-config', severity: 'info' })]), { version: '9.9.9', rules: [rule, workspaceRule] });
    const run = sarif.runs[0];
    assert.deepEqual(run.tool.driver.rules.map((r) => [r.name, r.defaultConfiguration.level]), [['DockerfileRootUser', 'warning'], ['CiNoCiConfig', 'note']]);
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, 'file:///srv/my%20shop/');
    assert.equal(run.results[1].level, 'note');
    assert.equal('locations' in run.results[1], false, 'nothing to anchor a workspace-level finding at');
    assert.equal(run.results[1].ruleIndex, 1);
  });

  it('anchors workspace-level findings at a root file, line 1, when there is one', () => {
    const sarif = buildSarif(report([finding({ file: null, rule: 'ci/no-ci-config', severity: 'info' })]), { version: '1.0.0', rules: [rule, workspaceRule], workspaceAnchor: 'README.md' });
    const [result] = sarif.runs[0].results;
    assert.deepEqual(result.locations, [{ physicalLocation: { artifactLocation: { uri: 'README.md', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } } }]);
    assert.equal(result.properties.workspaceLevel, true);
  });

  it('fingerprints ignore line numbers and whitespace but separate repeated identical lines', () => {
    const text: Record<number, string> = { 3: 'FROM node', 9: '  FROM   node ', 20: 'FROM node' };
    const lineText = (_file: string, line: number) => text[line];
    const [a, b, c] = fingerprints([finding({ line: 3 }), finding({ line: 9 }), finding({ line: 20 })], lineText);
    const [moved] = fingerprints([finding({ line: 40 })], () => 'FROM node');
    assert.equal(moved, a);
    assert.notEqual(a, b, 'second occurrence of the same text');
    assert.notEqual(b, c);
    assert.notEqual(fingerprints([finding({ rule: 'other/rule' })], lineText)[0], a);
  });
});

describe('JSON formatter', () => {
  it('emits only the contract keys', () => {
    const extra = { ...report([finding({})]), internal: true } as AuditReport;
    const parsed = JSON.parse(formatJson(extra)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), ['version', 'root', 'score', 'filesAnalyzed', 'durationMs', 'categories', 'checks', 'findings', 'claims']);
  });
});
