import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles } from '../../helpers/workspace';
import { yml } from './_util';

/** Every CI rule must finish quickly and without crashing (analyzeFiles throws on a rule crash). */
async function survives(files: Record<string, string>, budgetMs = 3000): Promise<void> {
  const start = performance.now();
  await analyzeFiles(files);
  const took = performance.now() - start;
  assert.ok(took < budgetMs, `took ${took.toFixed(0)} ms`);
}

function aliasBomb(levels: number): string {
  const lines = ['x0: &x0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i <= levels; i++) lines.push(`x${i}: &x${i} [${Array(10).fill(`*x${i - 1}`).join(', ')}]`);
  return lines.join('\n');
}

describe('hostile CI files', () => {
  it('alias bombs in a workflow and a GitLab pipeline', async () => {
    const bomb = aliasBomb(12);
    await survives({
      '.github/workflows/bomb.yml': `${bomb}\non: push\nenv: *x12\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: *x12\n`,
      '.gitlab-ci.yml': `${bomb}\njob:\n  script: *x12\n  variables: *x12\n`,
    });
  });

  it('merge-key and extends cycles, and wide extends graphs', async () => {
    const jobs = Array.from({ length: 60 }, (_, i) => `.j${i}:\n  extends: [${Array.from({ length: 60 }, (_, k) => `.j${k}`).join(', ')}]\n  script: [make]`).join('\n');
    await survives({
      '.gitlab-ci.yml': `${jobs}\nreal:\n  extends: [.j0, .j59]\na: &a\n  b: 1\n  <<: *a\nloop:\n  extends: loop\n  script: [pytest || true]\n`,
    });
  });

  it('deep nesting, invalid YAML and unterminated expressions', async () => {
    await survives({
      '.github/workflows/deep.yml': `on: push\njobs: ${'['.repeat(20000)}\n`,
      '.github/workflows/nest.yml': 'on: push\n' + Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + '\n',
      '.github/workflows/bad.yml': 'on: push\njobs:\n  a: [unclosed\n  b: {\n    steps:\n      - run: echo ${{ github.event.issue.title\n',
      '.gitlab-ci.yml': '\u0000\u0001garbage: [\n',
      '.github/actions/x/action.yml': 'runs:\n  using: composite\n  steps: "not a list"\n',
    });
  });

  it('huge scripts with pathological shell', async () => {
    const run = Array.from({ length: 2000 }, (_, i) => `echo "$(echo $(echo ${i}))" || true; pytest ${'${{ github.sha }}'} | tee x`).join('\n');
    await survives({
      '.github/workflows/big.yml': yml('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - run: |', ...run.split('\n').map((l) => `          ${l}`)),
    }, 8000);
  });
});
