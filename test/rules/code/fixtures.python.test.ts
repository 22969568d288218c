import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFiles, type Files } from '../../helpers/workspace';
import { checkPythonFix } from './_python';

const root = join(__dirname, '../../fixtures/code/python');

function load(name: string): Files {
  const dir = join(root, name);
  const files: Files = {};
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const f = join(d, n);
      if (statSync(f).isDirectory()) walk(f);
      else files[relative(dir, f).split('\\').join('/')] = readFileSync(f, 'utf8');
    }
  };
  walk(dir);
  return files;
}

async function codeFindings(files: Files): Promise<string[]> {
  const { findings } = await analyzeFiles(files);
  return findings.filter((f) => f.rule.startsWith('code/')).map((f) => `${f.rule} ${f.file}:${f.range.start.line + 1}`);
}

describe('code/* on realistic Python services', () => {
  it('a clean FastAPI service (slowapi on Redis, settings-driven CORS and Sentry, health routes, headers middleware) gets no code findings', async () => {
    const files = load('clean-fastapi');
    const result = await analyzeFiles(files);
    const code = result.findings.filter((f) => f.rule.startsWith('code/'));
    assert.deepEqual(code.filter((f) => f.severity !== 'info').map((f) => `${f.rule} ${f.file}:${f.range.start.line + 1}`), []);
    assert.deepEqual(code.map((f) => f.rule), []);
    // The checks ran against the app (passes, not silence).
    const passed = (rule: string) => result.checks.find((c) => c.rule === rule)?.passed ?? 0;
    for (const rule of ['code/missing-rate-limit', 'code/missing-security-headers', 'code/missing-health-endpoint', 'code/missing-error-tracking', 'code/missing-metrics', 'code/cors-wildcard']) {
      assert.equal(passed(rule), 1, rule);
    }
    assert.equal(passed('code/healthcheck-path-mismatch'), 2);
    assert.equal(passed('code/rate-limit-in-memory'), 1);
  });

  it('a neglected Flask shop: exact findings', async () => {
    assert.deepEqual(await codeFindings(load('flask-shop')), [
      'code/healthcheck-path-mismatch compose.yaml:8',
      'code/insecure-session-cookie config.py:2',
      'code/missing-error-tracking shop/__init__.py:10',
      'code/missing-metrics shop/__init__.py:10',
      'code/missing-security-headers shop/__init__.py:10',
      'code/hardcoded-secret shop/__init__.py:12',
      'code/cors-wildcard shop/__init__.py:13',
      'code/outbound-call-without-timeout shop/api/__init__.py:11',
      'code/hardcoded-secret shop/auth.py:13',
      'code/jwt-unverified shop/auth.py:20',
      'code/rate-limit-in-memory shop/extensions.py:10',
      'code/rate-limit-trusts-forwarded-for shop/extensions.py:10',
    ]);
  });

  it('a Django project with layered settings: exact findings (base values production overrides are not reported)', async () => {
    assert.deepEqual(await codeFindings(load('django-shop')), [
      'code/healthcheck-path-mismatch Dockerfile:7',
      'code/missing-metrics config/settings/base.py:18',
      'code/missing-security-headers config/settings/base.py:18',
      'code/rate-limit-in-memory config/settings/base.py:28',
      'code/rate-limit-trusts-forwarded-for config/settings/base.py:28',
      'code/insecure-session-cookie config/settings/production.py:10',
      'code/cors-wildcard config/settings/production.py:11',
      'code/hardcoded-secret config/settings/production.py:17',
      'code/sentry-full-trace-sampling config/settings/production.py:22',
      'code/jwt-unverified shop/views.py:7',
      'code/outbound-call-without-timeout shop/views.py:8',
    ]);
  });

  for (const name of ['flask-shop', 'django-shop']) {
    it(`${name}: every rule's first fix applies, parses, removes its finding and is idempotent`, async () => {
      const files = load(name);
      const { findings } = await analyzeFiles(files);
      const rules = [...new Set(findings.filter((f) => f.rule.startsWith('code/') && f.fixes.length).map((f) => f.rule))];
      assert.ok(rules.length >= 5, rules.join(', '));
      for (const rule of rules) await checkPythonFix(rule, files);
    });
  }
});
