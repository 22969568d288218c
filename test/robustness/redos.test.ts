/**
 * Catastrophic backtracking hunt: 100 KB adversarial lines (runs of spaces, `a`, `=`, `${`, quotes,
 * backslashes, `-`, `/`, `*`, and two mixed runs) embedded where each file kind carries free text —
 * RUN/ENV/LABEL/COPY/FROM in a Dockerfile, image/command/environment/ports in compose, run/uses/if in
 * workflows, scripts in GitLab, strings/comments/routes in code, and every line-oriented file
 * (.dockerignore, .gitignore, .env, requirements, README, nginx, .readiness.yaml). Every rule and
 * parser that reads those files runs on them; each parser and analyze() get 1.5 s per adversarial line.
 * One input per (run, kind) holds every template of that kind as separate files; when one is slow
 * or crashes, its files are re-run one by one to name the template.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { knownFatalInput, knownProblem, knownSlowInput } from './_known';
import { isHang, Sandbox } from './_sandbox';
import { saveReproducer } from './_corpus';

const UNITS = [' ', 'a', '=', '${', '"', "'", '\\', '-', '/', '*', 'a-', '${a'];
const LINE_BYTES = 100 * 1024;
// 1.5 s rather than 1 s: the yaml library spends ~0.5 s on a 100 KB run of quotes, and two test files share two cores.
const PER_FILE_MS = Number(process.env.READINESS_REDOS_MS_PER_FILE ?? 1_500);

const STEPS = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n';
const SERVICE = 'services:\n  a:\n    image: nginx:1.27\n';

/** Per kind: files whose text contains `X` where the adversarial run goes. */
const TEMPLATES: Record<string, [path: string, text: string][]> = {
  dockerfile: [
    ['Dockerfile', 'FROM alpine:3.20\nRUN echo X\n'],
    ['env/Dockerfile', 'FROM alpine:3.20\nENV A=X B="X"\n'],
    ['label/Dockerfile', 'FROM alpine:3.20\nLABEL a="X"\n'],
    ['comment/Dockerfile', '# X\nFROM alpine:3.20\n'],
    ['health/Dockerfile', 'FROM alpine:3.20\nHEALTHCHECK CMD X\n'],
    ['copy/Dockerfile', 'FROM alpine:3.20\nCOPY X /app/\n'],
    ['bare/Dockerfile', 'X\n'],
    ['arg/Dockerfile', 'ARG V=X\nFROM alpine:${V}\n'],
    ['from/Dockerfile', 'FROM X\n'],
    ['exec/Dockerfile', 'FROM alpine:3.20\nCMD ["X"]\n'],
    ['user/Dockerfile', 'FROM alpine:3.20\nUSER X\nEXPOSE X\n'],
  ],
  compose: [
    ['compose.yaml', 'services:\n  a:\n    image: X\n'],
    ['command/compose.yaml', `${SERVICE}    command: X\n`],
    ['env/compose.yaml', `${SERVICE}    environment:\n      K: X\n`],
    ['ports/compose.yaml', `${SERVICE}    ports:\n      - "X"\n`],
    ['health/compose.yaml', `${SERVICE}    healthcheck:\n      test: X\n`],
    ['volumes/compose.yaml', `${SERVICE}    volumes:\n      - X\n`],
    ['key/compose.yaml', 'services:\n  X:\n    image: nginx:1.27\n'],
  ],
  workflow: [
    ['.github/workflows/run.yml', `${STEPS}      - run: X\n`],
    ['.github/workflows/block.yml', `${STEPS}      - run: |\n          X\n`],
    ['.github/workflows/uses.yml', `${STEPS}      - uses: X\n`],
    ['.github/workflows/if.yml', `${STEPS}      - if: X\n        run: echo\n`],
    ['.github/workflows/expr.yml', `${STEPS}      - run: echo "\${{ X }}"\n`],
    ['.github/workflows/name.yml', `name: X\n${STEPS}      - run: echo\n`],
  ],
  gitlab: [['.gitlab-ci.yml', 'variables:\n  A: X\nt:\n  image: X\n  script:\n    - X\n']],
  code: [
    ['app/main.py', 'from fastapi import FastAPI\nimport requests\napp = FastAPI()\nx = "X"\n# X\nrequests.get("X")\n@app.get("X")\ndef f():\n    return 1\n'],
    ['src/index.ts', "import express from 'express';\nconst app = express();\nconst x = 'X';\n// X\napp.get('X', (_q, r) => r.json({}));\napp.listen(3000);\n"],
    ['main.go', 'package main\n\nimport "net/http"\n\nvar x = "X"\n\n// X\nfunc main() { http.ListenAndServe(":8080", nil) }\n'],
  ],
  lines: [
    ['Dockerfile', 'FROM alpine:3.20\nCOPY . /app\n'],
    ['.dockerignore', 'X\n'],
    ['.gitignore', 'X\n'],
    ['.env', 'A=X\n'],
    ['requirements.txt', 'X\n'],
    ['package.json', '{"name":"a","scripts":{"test":"X"},"dependencies":{"X":"X"}}\n'],
    ['README.md', '# X\n\nX\n'],
    ['nginx.conf', 'server { location X { return 200; } }\n'],
    ['.readiness.yaml', 'ignore:\n  - "X"\n'],
  ],
};

/**
 * Time units a file gets: one per adversarial line it holds, times the passes the sandbox makes over
 * it (each parser that applies runs directly, then analyze() parses it again): PER_FILE_MS per line per pass.
 */
function runsIn(kind: string, path: string): number {
  const template = TEMPLATES[kind].find(([p]) => p === path)?.[1] ?? '';
  const lines = Math.max(1, template.split('X').length - 1);
  const passes = /\.ya?ml$/.test(path) ? 4 : /Dockerfile$/.test(path) ? 3 : 2;
  return lines * passes;
}

function filesOf(kind: string, unit: string): Record<string, string> {
  // The run ends with a character that breaks any match, the classic backtracking trigger.
  const run = unit.repeat(Math.ceil(LINE_BYTES / unit.length)) + '!';
  return Object.fromEntries(TEMPLATES[kind].map(([path, text]) => [path, text.split('X').join(run)]));
}

describe('100 KB adversarial lines finish in time in every rule and parser', () => {
  const sandbox = new Sandbox();
  after(() => sandbox.close());
  for (const kind of Object.keys(TEMPLATES)) {
    test(kind, async (t) => {
      const failures: string[] = [];
      const known = new Set<string>();
      let slowest = 0;
      for (const unit of UNITS) {
        // Files that a known defect makes slow or fatal (_known.ts) are left out and counted: a fatal
        // one would abort this process, a slow one would only cost a worker restart.
        const files: Record<string, string> = {};
        for (const [p, text] of Object.entries(filesOf(kind, unit))) {
          const k = knownFatalInput(text, p) ?? knownSlowInput(text, p);
          if (k) known.add(k.id);
          else files[p] = text;
        }
        const paths = Object.keys(files);
        if (!paths.length) continue;
        const runs = paths.reduce((n, p) => n + runsIn(kind, p), 0);
        const r = await sandbox.run({ paths, files, target: paths[0] }, PER_FILE_MS * runs);
        if (!isHang(r) && r.problems.every((p) => knownProblem(p))) {
          slowest = Math.max(slowest, r.ms / runs);
          for (const p of r.problems) known.add(knownProblem(p)!.id);
          continue;
        }
        // Name the culprit: each file alone, with the rest of the kind's files as context only.
        for (const path of paths) {
          // Twice the bound alone: a file that was only slow because of its neighbours passes.
          const one = await sandbox.run({ paths, files: { [path]: files[path], ...(kind === 'lines' ? { Dockerfile: files.Dockerfile } : {}) }, target: path }, 2 * PER_FILE_MS * runsIn(kind, path));
          const label = `${JSON.stringify(unit)} × ${LINE_BYTES} in ${path}`;
          if (isHang(one)) {
            const k = knownSlowInput(files[path], path);
            if (k) known.add(k.id);
            else failures.push(`${label}: over ${2 * PER_FILE_MS * runsIn(kind, path)} ms (${saveReproducer(`redos-${kind}-${path}`, files[path], { unit, path })})`);
          } else {
            for (const p of one.problems) {
              const k = knownProblem(p);
              if (k) known.add(k.id);
              else failures.push(`${label}: ${p.slice(0, 300)}`);
            }
          }
        }
      }
      t.diagnostic(`slowest ${Math.round(slowest)} ms per adversarial line and pass${known.size ? `; known defects hit (not failed): ${[...known].join(', ')}` : ''}`);
      assert.deepEqual(failures, []);
    });
  }
});
