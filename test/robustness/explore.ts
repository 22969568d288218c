/**
 * Exploration beyond the fixed seed of mutations.test.ts (not a test; run by hand):
 *   node --import tsx test/robustness/explore.ts [inputs=300] [seed=random]
 * Runs random mutations through the sandbox with a 4 s bound and prints each new kind of problem
 * once (crash, out-of-range, hang, or slower than 1 s, with per-parser timings), saving every first
 * occurrence under test-output/robustness/ for a unit test or _known.ts entry.
 */
import fc from 'fast-check';
import { loadCorpus, saveReproducer } from './_corpus';
import { applyMutations, mutations } from './_mutate';
import { knownFatalInput } from './_known';
import { isHang, Sandbox } from './_sandbox';

async function main(): Promise<void> {
  const corpus = loadCorpus();
  const targets = corpus.flatMap((p, i) => Object.keys(p.files).map((path) => [i, path] as const));
  const sandbox = new Sandbox();
  const seed = Number(process.argv[3] ?? Date.now() % 1_000_000);
  const samples = fc.sample(fc.tuple(fc.constantFrom(...targets), mutations), { numRuns: Number(process.argv[2] ?? 300), seed });
  const seen = new Map<string, number>();
  for (const [[i, path], recipe] of samples) {
    const project = corpus[i];
    const text = applyMutations(project.files[path], recipe);
    if (knownFatalInput(text, path)) continue;
    const r = await sandbox.run({ paths: project.paths, files: { ...project.files, [path]: text }, target: path }, 4_000);
    const found = isHang(r) ? [`HANG in ${path}`] : [...r.problems, ...(r.ms > 1_000 ? [`SLOW ${Math.round(r.ms)} ms ${JSON.stringify(r.timings)}`] : [])];
    for (const problem of found) {
      const signature = problem.split('\n')[0].replace(/\d+(\.\d+)?/g, 'N').slice(0, 160);
      if (!seen.has(signature)) {
        const saved = saveReproducer(`explore-${seed}-${seen.size}-${project.name}/${path}`, text, { project: project.name, path, recipe });
        console.log(`${problem.split('\n')[0].replace(/(.)\1{15,}/g, '$1…').slice(0, 300)}\n  -> ${saved}`);
      }
      seen.set(signature, (seen.get(signature) ?? 0) + 1);
    }
  }
  console.log(`seed ${seed}: ${samples.length} inputs, ${seen.size} kinds of problem`);
  await sandbox.close();
}

void main();
