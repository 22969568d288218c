import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles, findingsOf } from '../../helpers/workspace';

describe('config/invalid-config', () => {
  it('reports unknown keys, unknown rule ids and bad severities at their position', async () => {
    const findings = await findingsOf('config/invalid-config', {
      '.readiness.yaml': 'rules:\n  config/no-such-rule: off\n  config/invalid-config: loud\nignores: [x]\n',
    });
    assert.deepEqual(
      findings.map((f) => [f.range.start.line, f.message.split(' ')[0]]),
      [
        [1, 'Unknown'],
        [2, 'Severity'],
        [3, 'Unknown'],
      ],
    );
  });

  it('reports a YAML syntax error and keeps analysing with defaults', async () => {
    const result = await analyzeFiles({ '.readiness.yaml': 'rules: [unclosed\n' });
    const findings = result.findings.filter((f) => f.rule === 'config/invalid-config');
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /Invalid YAML/);
  });

  it('is silent on a valid configuration, including an empty file', async () => {
    assert.deepEqual(await findingsOf('config/invalid-config', { '.readiness.yaml': '' }), []);
    assert.deepEqual(
      await findingsOf('config/invalid-config', {
        '.readiness.yaml': '# shared by the team\nrules:\n  config/invalid-config: warning\nignore:\n  - "legacy/**"\nenvironments:\n  production: [deploy/*.yml]\n',
      }),
      [],
    );
  });

  it('applies valid entries even when others are invalid', async () => {
    const result = await analyzeFiles({ '.readiness.yaml': 'rules:\n  config/invalid-config: info\n  nope/nope: off\n' });
    const f = result.findings.find((x) => x.rule === 'config/invalid-config');
    assert.equal(f?.severity, 'info');
  });
});
