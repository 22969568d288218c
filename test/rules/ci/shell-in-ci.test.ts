import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { applyEdits } from '../../../server/src/core/edits';
import { ciScriptsCovered, editsAreVerbatim } from '../../../server/src/parsers/ci/index';
import { loadGrammar } from '../../../server/src/parsers/shell/grammar';
import { curlPipeShell, tlsVerificationDisabled } from '../../../rules/shell/_shell';
import { memoryWorkspace } from '../../helpers/workspace';
import { yml } from './_util';

/**
 * The shell detectors run unchanged on CI scripts: ranges land inside the block scalar, and their
 * edits apply to the YAML when `editsAreVerbatim` says so. (The shell/* rules are wired by the lead.)
 */
describe('shell detectors on CI scripts', () => {
  before(() => loadGrammar('bash'));

  it('finds curl -k and curl | sh inside run: and GitLab script: items, with YAML ranges', () => {
    const files = {
      '.github/workflows/ci.yml': yml('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - run: |', '          echo "${{ github.sha }}"', '          curl -sSk https://get.example.com/install.sh | sh'),
      '.gitlab-ci.yml': yml('include: ci/setup.yml'),
      'ci/setup.yml': yml('setup:', '  script:', '    - wget --no-check-certificate -O- https://x.example/i.sh | bash'),
    };
    const ws = memoryWorkspace(files);
    const hits: string[] = [];
    for (const path of ['.github/workflows/ci.yml', '.gitlab-ci.yml']) {
      for (const script of ciScriptsCovered(ws, ws.file(path)!)) {
        for (const h of [...tlsVerificationDisabled(script.shell!), ...curlPipeShell(script.shell!)]) {
          const line = files[script.file as keyof typeof files].split('\n')[h.range.start.line];
          hits.push(`${script.file}:${h.range.start.line + 1} ${line.slice(h.range.start.character, h.range.end.character)}`);
          if (h.edits?.length && editsAreVerbatim(script, h.edits)) {
            const fixed = applyEdits(files[script.file as keyof typeof files], h.edits);
            assert.ok(!/ -sSk | --no-check-certificate /.test(fixed.split('\n')[h.range.start.line]), fixed);
          }
        }
      }
    }
    assert.deepEqual(hits, ['.github/workflows/ci.yml:8 -sSk', '.github/workflows/ci.yml:8 sh', 'ci/setup.yml:3 --no-check-certificate', 'ci/setup.yml:3 bash']);
  });
});
