/**
 * Language-server soak: the in-memory server (test/lsp/_client.ts) with several open documents of
 * different kinds receives thousands of incremental edits; every few edits the client waits for the
 * diagnostics of the versions it sent, so the server really analyses under the burst instead of
 * coalescing it away. Afterwards it must still answer hover and code actions, and the heap used after
 * a forced GC must not have grown (memory stays flat once the caches are warm).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { TestClient, tempProject, uriOf } from '../lsp/_client';

const EDITS = Number(process.env.READINESS_SOAK_EDITS ?? 3_000);
/** Edits sent between two waits for diagnostics. */
const BURST = 6;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Drops every message but the latest diagnostics per document: the soak measures the server, not the test client's log. */
function compact(client: TestClient): void {
  const latest = new Map<string, (typeof client.notifications)[number]>();
  for (const n of client.notifications) if (n.method === 'textDocument/publishDiagnostics') latest.set(n.params.uri, n);
  client.notifications.splice(0, client.notifications.length, ...latest.values());
  client.logs.length = 0;
}

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

const FILES: Record<string, [languageId: string, text: string]> = {
  'api/Dockerfile': ['dockerfile', 'FROM python:3.12-slim\nWORKDIR /app\nRUN apt-get update && apt-get install -y curl\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nEXPOSE 8000\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]\n'],
  'docker-compose.yml': ['yaml', 'services:\n  api:\n    build: ./api\n    ports:\n      - "8000:8000"\n    environment:\n      DATABASE_URL: postgres://app:secret@db:5432/app\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: secret\n'],
  '.github/workflows/ci.yml': ['yaml', 'name: CI\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: |\n          pip install -r api/requirements.txt\n          pytest -q\n'],
  '.gitlab-ci.yml': ['yaml', 'stages: [test]\ntest:\n  image: python:3.12\n  script:\n    - pip install -r api/requirements.txt\n    - pytest\n'],
  'api/app/main.py': ['python', 'from fastapi import FastAPI\nimport requests\n\napp = FastAPI()\n\n@app.get("/orders/{i}")\ndef order(i: int):\n    return requests.get(f"http://pricing/{i}").json()\n'],
};

test(`language server soak: ${EDITS} edits across ${Object.keys(FILES).length} documents`, { timeout: 180_000 }, async (t) => {
  const project = tempProject({ 'api/requirements.txt': 'fastapi\nrequests\n' });
  const client = await TestClient.start({ folders: [project.root], initializationOptions: { debounceMs: 0 } });
  const started = performance.now();
  try {
    const docs = Object.entries(FILES).map(([rel, [languageId, text]]) => ({ path: project.path(rel), languageId, lines: text.split('\n'), version: 1 }));
    for (const d of docs) await client.open(d.path, d.lines.join('\n'), 1, d.languageId);
    for (const d of docs) await client.diagnostics(d.path, (_, v) => v === 1, 30_000);

    let baseline = 0;
    for (let i = 0; i < EDITS; i++) {
      const d = docs[i % docs.length];
      // Typing and deleting on a moving line keeps every document realistic and every version distinct.
      const line = Math.floor(i / docs.length) % (d.lines.length - 1);
      const end = d.lines[line].length;
      d.version++;
      if (d.version % 2 === 0) {
        await client.edit(d.path, d.version, { start: { line, character: end }, end: { line, character: end } }, '#');
        d.lines[line] += '#';
      } else {
        const at = d.lines[line].lastIndexOf('#');
        if (at < 0) {
          await client.edit(d.path, d.version, { start: { line, character: end }, end: { line, character: end } }, ' ');
          d.lines[line] += ' ';
        } else {
          await client.edit(d.path, d.version, { start: { line, character: at }, end: { line, character: at + 1 } }, '');
          d.lines[line] = d.lines[line].slice(0, at) + d.lines[line].slice(at + 1);
        }
      }
      if ((i + 1) % BURST === 0) {
        for (const x of docs) await client.diagnostics(x.path, (_, v) => v === x.version, 30_000);
        compact(client);
      }
      if (i + 1 === 500) baseline = heapAfterGc();
    }
    for (const x of docs) await client.diagnostics(x.path, (_, v) => v === x.version, 30_000);
    compact(client);
    const elapsed = performance.now() - started;

    // Still answering: hover and code actions on every document, with the current text.
    for (const d of docs) {
      const hover = await client.request('textDocument/hover', { textDocument: { uri: uriOf(d.path) }, position: { line: 0, character: 1 } });
      assert.ok(hover === null || typeof hover === 'object', `hover on ${d.path}`);
      const ds = await client.diagnostics(d.path, (_, v) => v === d.version);
      const actions = await client.request('textDocument/codeAction', { textDocument: { uri: uriOf(d.path) }, range: { start: { line: 0, character: 0 }, end: { line: d.lines.length - 1, character: 0 } }, context: { diagnostics: ds } });
      assert.ok(Array.isArray(actions), `code actions on ${d.path}`);
      assert.equal(d.lines.join('\n').length > 0, true);
    }
    const final = heapAfterGc();
    const ratio = final / baseline;
    t.diagnostic(`${EDITS} edits in ${Math.round(elapsed)} ms; heap after GC: ${(baseline / 2 ** 20).toFixed(1)} MB at 500 edits → ${(final / 2 ** 20).toFixed(1)} MB at the end (${ratio.toFixed(2)}×)`);
    // 1.5× plus a little absolute room: a heap of a few tens of MB moves by a few MB between GCs.
    assert.ok(final < baseline * 1.5 + 4 * 2 ** 20, `heap grew from ${baseline} to ${final} bytes`);
  } finally {
    await client.stop();
    project.cleanup();
  }
});
