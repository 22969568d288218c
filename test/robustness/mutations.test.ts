/**
 * Property: any mutation of any fixture file (truncated, bytes flipped, lines duplicated or deleted,
 * CRLF, tabs, 100 KB lines, deep nesting, alias bombs, invalid UTF-8) is handled by every parser that
 * applies and by `analyze()` on its whole project: nothing throws, no rule crashes, every input
 * finishes within the per-input bound, and every finding, related location and fix edit lies inside
 * its document. Deterministic by default (fixed seed); set READINESS_FC_SEED / READINESS_FC_RUNS to
 * explore more. A failure prints the recipe and writes the mutated file to test-output/robustness/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { loadCorpus, saveReproducer, type Project } from './_corpus';
import { knownFatalInput, knownProblem, knownSlowInput } from './_known';
import { applyMutations, mutations, type Mutation } from './_mutate';
import { INPUT_BOUND_MS, isHang, Sandbox } from './_sandbox';

const SEED = Number(process.env.READINESS_FC_SEED ?? 20260601);
const RUNS = Number(process.env.READINESS_FC_RUNS ?? 250);

describe('mutated fixtures never crash, hang or point outside their document', () => {
  let corpus: Project[] = [];
  const sandbox = new Sandbox();
  before(() => {
    corpus = loadCorpus();
  });
  after(() => sandbox.close());

  test('the unmutated corpus is clean (baseline)', async () => {
    for (const project of corpus) {
      const target = Object.keys(project.files)[0];
      if (!target) continue;
      const r = await sandbox.run({ paths: project.paths, files: project.files, target }, INPUT_BOUND_MS * 5);
      assert.ok(!isHang(r), `${project.name}: over ${INPUT_BOUND_MS * 5} ms`);
      assert.deepEqual(r.problems, [], project.name);
    }
  });

  test(`${RUNS} mutated files (seed ${SEED}), each within ${INPUT_BOUND_MS} ms`, async (t) => {
    const targets = corpus.flatMap((p, i) => Object.keys(p.files).map((path) => `${i}::${path}`));
    let slowest = { ms: 0, what: '' };
    let runs = 0;
    const known = new Map<string, number>();
    const tolerate = (id: string) => known.set(id, (known.get(id) ?? 0) + 1);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), mutations, async (key: string, recipe: Mutation[]) => {
        const [index, path] = [Number(key.slice(0, key.indexOf('::'))), key.slice(key.indexOf('::') + 2)];
        const project = corpus[index];
        const text = applyMutations(project.files[path], recipe);
        const fatal = knownFatalInput(text, path);
        if (fatal) {
          // Would abort the whole test process (see _known.ts); counted, not run.
          tolerate(fatal.id);
          return;
        }
        const r = await sandbox.run({ paths: project.paths, files: { ...project.files, [path]: text }, target: path });
        runs++;
        const what = `${project.name}/${path} after ${JSON.stringify(recipe)}`;
        if (r.ms > slowest.ms) slowest = { ms: r.ms, what };
        // Known defects (see _known.ts) are counted, not failed; anything else fails with a saved reproducer.
        const slowKnown = isHang(r) ? knownSlowInput(text, path) : undefined;
        if (slowKnown) tolerate(slowKnown.id);
        const unknown = isHang(r) ? [] : r.problems.filter((p) => {
          const k = knownProblem(p);
          if (k) tolerate(k.id);
          return !k;
        });
        if ((isHang(r) && !slowKnown) || unknown.length) {
          const saved = saveReproducer(`${project.name}/${path}`, text, { project: project.name, path, recipe });
          if (isHang(r)) throw new Error(`hang: ${what} did not finish in ${INPUT_BOUND_MS} ms (input saved to ${saved})`);
          throw new Error(`${what}:\n${unknown.slice(0, 5).join('\n')}\n(input saved to ${saved})`);
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true, includeErrorInReport: true },
    );
    t.diagnostic(`${runs} inputs; slowest ${Math.round(slowest.ms)} ms: ${slowest.what.slice(0, 300)}; worker restarts ${sandbox.restarts}`);
    if (known.size) t.diagnostic(`known defects hit (not failed): ${[...known].map(([id, n]) => `${id} ×${n}`).join(', ')}`);
  });
});
