import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractClaims, type MarkdownClaim } from '../../../server/src/parsers/markdown/claims';

/** `line: text → capabilities [quantifier]`, the shape the assertions read best in. */
function show(path: string, text: string): string[] {
  return extractClaims(path, text).map((c: MarkdownClaim) => `${c.range.start.line + 1}: ${c.text} → ${c.capabilities.join('+')} [${c.quantifier}]`);
}

describe('readiness claims in Markdown', () => {
  it('reads a checked checklist and ignores unchecked items', () => {
    const md = [
      '# Orders platform',
      '',
      '## Production readiness ✅',
      '',
      '- [x] Health checks on all services',
      '- [X] Docker multi-stage builds',
      '* [x] Non-root user in every image',
      '- [ ] Dependabot',
      '1. [x] Resource limits and restart policies',
    ].join('\n');
    assert.deepEqual(show('README.md', md), [
      '5: Health checks on all services → healthchecks [universal]',
      '6: Docker multi-stage builds → multi-stage [generic]',
      '7: Non-root user in every image → non-root [universal]',
      '9: Resource limits and restart policies → resource-limits+restart-policies [generic]',
    ]);
  });

  it('points the range at the claim text, without marker, checkbox or status mark', () => {
    const [c] = extractClaims('README.md', '  - [x] ✅ Log rotation ✅\n');
    assert.equal(c.text, 'Log rotation');
    assert.deepEqual(c.range, { start: { line: 0, character: 10 }, end: { line: 0, character: 22 } });
  });

  it('understands French, accents and case aside', () => {
    const md = [
      '## Mise en production',
      '',
      '- Health checks : sur tous les services',
      '- Rate limiting avec Redis',
      '- Utilisateur non root',
      '- Secrets dans des variables d\'environnement',
      '- [x] Sondes de santé',
      '- [x] Limitation de débit sur l\'API',
      '- [x] Analyse de sécurité des dépendances',
      '- [x] MÉTRIQUES Prometheus',
      '- [x] Limites de ressources',
    ].join('\n');
    assert.deepEqual(show('README.md', md), [
      '3: Health checks : sur tous les services → healthchecks [universal]',
      '4: Rate limiting avec Redis → rate-limiting [generic]',
      '5: Utilisateur non root → non-root [generic]',
      '6: Secrets dans des variables d\'environnement → secrets-env [generic]',
      '7: Sondes de santé → healthchecks [generic]',
      '8: Limitation de débit sur l\'API → rate-limiting [generic]',
      '9: Analyse de sécurité des dépendances → security-scanning [generic]',
      '10: MÉTRIQUES Prometheus → metrics [generic]',
      '11: Limites de ressources → resource-limits [generic]',
    ]);
  });

  it('reads table rows marked ✅ / ✓ / [x] / done / yes / oui / fait, not the others', () => {
    const md = [
      '## Readiness',
      '',
      '| Item | Status | Notes |',
      '| --- | :---: | --- |',
      '| Health checks | ✅ | every service |',
      '| Prometheus metrics | ✓ | |',
      '| Sentry | [x] | |',
      '| Log rotation | done | |',
      '| Dependabot | yes | |',
      '| Pre-commit | oui | |',
      '| Restart policies | fait | |',
      '| Rate limiting | ❌ | next sprint |',
      '| Resource limits | planned | |',
      '| Structured logging | | |',
      '| Use FastAPI | ✅ | |',
    ].join('\n');
    assert.deepEqual(show('README.md', md), [
      '5: Health checks → healthchecks [universal]',
      '6: Prometheus metrics → metrics [generic]',
      '7: Sentry → error-tracking [generic]',
      '8: Log rotation → log-rotation [generic]',
      '9: Dependabot → dependency-updates [generic]',
      '10: Pre-commit → pre-commit [generic]',
      '11: Restart policies → restart-policies [generic]',
    ]);
  });

  it('skips fenced and indented code, HTML comments and front matter', () => {
    const md = [
      '---',
      'title: "- [x] Health checks"',
      '---',
      '## Checklist',
      '',
      '```markdown',
      '- [x] Non-root user',
      '```',
      '~~~',
      '- [x] Log rotation',
      '~~~',
      '',
      '    - [x] Resource limits',
      '',
      '<!-- - [x] Restart policies',
      '- [x] Sentry -->',
      '- [x] Prometheus metrics',
    ].join('\n');
    assert.deepEqual(show('README.md', md), ['17: Prometheus metrics → metrics [generic]']);
  });

  it('precision: unknown capabilities, tasks, questions, gaps and descriptions are not claims', () => {
    const md = [
      '## Features',
      '',
      '- Use FastAPI',
      '- Add rate limiting',
      '- Mettre en place les sondes de santé',
      '- Health checks?',
      '- No health checks yet',
      '- Sentry (planned)',
      '- Rate limiting: TODO',
      '- Health checks: non',
      '- ~~Log rotation~~',
      '- Authentication: credentials are sent to the proxy in plaintext unless using SOCKS5 over TLS',
      '- ❌ Resource limits',
      '- Restart policies 🚧',
      '- Readiness reads your Dockerfiles and tells you whether what you ship has health checks, non-root users and resource limits in every service of the stack',
    ].join('\n');
    assert.deepEqual(show('README.md', md), []);
  });

  it('plain list items count only in readiness sections; checked and marked items count anywhere', () => {
    const md = [
      '# Shop',
      '',
      '## Install',
      '',
      '- Health checks',
      '- [x] Log rotation',
      '- Restart policies ✅',
      '',
      '## Roadmap',
      '',
      '- Prometheus metrics',
      '- [x] Sentry error tracking',
      '',
      '## Security',
      '',
      '- Non-root containers',
      '- No hardcoded secrets',
    ].join('\n');
    assert.deepEqual(show('README.md', md), [
      '6: Log rotation → log-rotation [generic]',
      '7: Restart policies → restart-policies [generic]',
      '12: Sentry error tracking → error-tracking [generic]',
      '16: Non-root containers → non-root [generic]',
      '17: No hardcoded secrets → secrets-env [generic]',
    ]);
  });

  it('every list of a readiness document is a claim list', () => {
    assert.deepEqual(show('docs/PRODUCTION_CHECKLIST.md', '# Notes\n\n- Graceful shutdown\n- TLS everywhere\n'), [
      '3: Graceful shutdown → graceful-shutdown [generic]',
      '4: TLS everywhere → tls [universal]',
    ]);
    assert.deepEqual(show('docs/guide.md', '# Notes\n\n- Graceful shutdown\n'), []);
  });

  it('reads existential quantifiers and key: value items', () => {
    const md = [
      '## Operations',
      '- We have health checks',
      '- Health checks on the main services',
      '- Observability: Prometheus metrics, Sentry',
      '- Health checks: yes',
    ].join('\n');
    assert.deepEqual(show('README.md', md), [
      '2: We have health checks → healthchecks [existential]',
      '3: Health checks on the main services → healthchecks [existential]',
      '4: Observability: Prometheus metrics, Sentry → metrics+error-tracking [generic]',
      '5: Health checks → healthchecks [generic]',
    ]);
  });

  it('a more specific capability wins over the one it contains; bare "CI" only in short items', () => {
    assert.deepEqual(show('README.md', '- [x] Tests run in CI\n- [x] CI\n- [x] CI/CD with security scanning\n- [x] a fail threshold for CI in the pull request pipeline\n'), [
      '1: Tests run in CI → tests-in-ci [generic]',
      '2: CI → ci-cd [generic]',
      '3: CI/CD with security scanning → ci-cd+security-scanning [generic]',
    ]);
  });

  it('is tolerant: odd input never throws', () => {
    for (const text of ['', '|', '| --- |', '```', '<!--', '---\n', '- [x]', '- [x] ', '#', '\r\n- [x] Log rotation\r\n', '- [x] '.repeat(1000)]) {
      assert.doesNotThrow(() => extractClaims('README.md', text));
    }
    assert.deepEqual(show('README.md', '\r\n- [x] Log rotation\r\n'), ['2: Log rotation → log-rotation [generic]']);
  });
});
