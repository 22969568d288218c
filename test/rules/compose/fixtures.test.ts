import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { parseYaml } from '../../../server/src/parsers/yaml';
import { analyzeFiles, applyFix, type Files } from '../../helpers/workspace';

function load(dir: string): Files {
  const root = join(__dirname, '../../fixtures/compose', dir);
  const files: Files = {};
  (function walk(d: string) {
    for (const n of readdirSync(d)) {
      const f = join(d, n);
      if (statSync(f).isDirectory()) walk(f);
      else files[relative(root, f).split('\\').join('/')] = readFileSync(f, 'utf8');
    }
  })(root);
  return files;
}

/** Applies every fix offered by a compose rule: valid YAML, CRLF kept, the finding gone. */
async function checkAllFixes(files: Files): Promise<void> {
  const result = await analyzeFiles(files);
  for (const finding of result.findings.filter((f) => f.rule.startsWith('compose/'))) {
    for (const fix of finding.fixes) {
      const fixed = applyFix(files, fix);
      for (const c of fix.changes) {
        assert.deepEqual(parseYaml(fixed[c.file]).errors, [], `${fix.title}\n${fixed[c.file]}`);
        if (files[c.file].includes('\r\n')) assert.ok(!/[^\r]\n/.test(fixed[c.file]), `${fix.title} mixed line endings in ${c.file}`);
      }
      const after = (await analyzeFiles(fixed)).findings;
      assert.ok(
        !after.some((f) => f.rule === finding.rule && f.file === finding.file && f.message === finding.message),
        `${fix.title} left ${finding.rule} at ${finding.file}:${finding.range.start.line + 1}`,
      );
    }
  }
}

const composeFindings = async (files: Files) =>
  (await analyzeFiles(files)).findings.filter((f) => /^(compose|yaml)\//.test(f.rule)).map((f) => `${f.rule} ${f.file}:${f.range.start.line + 1}:${f.range.start.character}`);

describe('compose fixture: shop (prod + dev files sharing Dockerfiles)', () => {
  const files = load('shop');

  it('reports exactly the expected findings', async () => {
    assert.deepEqual(await composeFindings(files), [
      // dev: credentials and readiness ordering are checked everywhere; prod-only rules are not.
      'compose/default-credential docker-compose.dev.yml:7:20',
      'compose/depends-on-without-healthy docker-compose.dev.yml:13:8',
      'compose/default-credential docker-compose.dev.yml:27:25',
      // prod
      'compose/obsolete-version docker-compose.yml:3:0',
      'compose/default-credential docker-compose.yml:27:18',
      'compose/healthcheck-tool-missing docker-compose.yml:40:27',
      'compose/missing-healthcheck docker-compose.yml:48:2',
      'compose/depends-on-without-healthy docker-compose.yml:54:17',
      'compose/missing-healthcheck docker-compose.yml:91:2',
      'compose/missing-resource-limits docker-compose.yml:91:2',
      'compose/exposed-datastore-port docker-compose.yml:96:8',
    ]);
  });

  it('links the curl healthcheck to the slim base image of api/Dockerfile', async () => {
    const f = (await analyzeFiles(files)).findings.find((x) => x.rule === 'compose/healthcheck-tool-missing')!;
    assert.equal(f.message.split(':')[0], '`api` healthcheck calls curl, but python');
    assert.deepEqual(f.related.map((r) => `${r.file}:${r.range.start.line + 1}`), ['api/Dockerfile:1']);
  });

  it('every offered fix keeps the YAML valid and removes its finding', () => checkAllFixes(files));
});

describe('compose fixture: platform (include, extends, a production overlay, CRLF)', () => {
  const files = load('platform');

  it('reports exactly the expected findings', async () => {
    assert.deepEqual(await composeFindings(files), [
      'compose/privileged-container compose.yaml:24:8',
      'compose/missing-healthcheck monitoring/compose.yaml:14:2',
      'compose/missing-log-rotation monitoring/compose.yaml:14:2',
      'compose/missing-restart-policy monitoring/compose.yaml:14:2',
      'compose/default-credential monitoring/compose.yaml:17:35',
    ]);
  });

  it('every offered fix keeps the YAML valid, keeps CRLF and removes its finding', () => checkAllFixes(files));
});
