/**
 * Hostile input over the protocol: binary text, NUL bytes, a 1 MB single line, YAML alias bombs,
 * 10k nested brackets, continuation-only and unterminated-heredoc Dockerfiles, an oversized file,
 * malformed requests. After each, the server must still answer and still analyse.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient, tempProject, uriOf } from './_client';

/** `a: &a [...]` referenced by `b` nine times, `b` by `c`… the billion-laughs shape, plus a self-reference. */
function aliasBomb(): string {
  const lines = ['x: &x [*x, *x, *x]', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'bcdefghijklmnop';
  let prev = 'a';
  for (const n of names) {
    lines.push(`${n}: &${n} [${Array(9).fill(`*${prev}`).join(',')}]`);
    prev = n;
  }
  return lines.join('\n') + '\n';
}

const BINARY = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919) % 256)).toString('latin1');

const HOSTILE: [path: string, languageId: string, text: string][] = [
  ['binary/Dockerfile', 'dockerfile', BINARY],
  ['nul/Dockerfile', 'dockerfile', 'FROM alpine\u0000\nRUN \u0000\u0000 echo\n' + '\u0000'.repeat(10_000)],
  ['long/Dockerfile', 'dockerfile', 'FROM alpine:3.20\nRUN echo ' + 'a'.repeat(1_000_000) + '\n'],
  ['longline/Dockerfile', 'dockerfile', 'x'.repeat(1_000_000)],
  ['continuations/Dockerfile', 'dockerfile', 'RUN \\\n'.repeat(20_000)],
  ['heredoc/Dockerfile', 'dockerfile', 'FROM alpine:3.20\nRUN <<EOF\n' + 'echo hi\n'.repeat(20_000)],
  ['nested/Dockerfile', 'dockerfile', 'FROM alpine:3.20\nCMD ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\nRUN ' + '$('.repeat(5_000) + ')'.repeat(5_000) + '\n'],
  ['bomb/docker-compose.yml', 'yaml', aliasBomb()],
  ['deep/docker-compose.yml', 'yaml', 'services: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n'],
  ['deep/compose.yaml', 'yaml', 'services:\n' + Array.from({ length: 2_000 }, (_, i) => ' '.repeat(i + 2) + `k${i}:`).join('\n') + '\n'],
  ['.github/workflows/ci.yml', 'yaml', 'on: push\njobs: ' + '{a: '.repeat(10_000) + '1' + '}'.repeat(10_000) + '\n'],
  ['.gitlab-ci.yml', 'yaml', aliasBomb()],
  ['.readiness.yaml', 'yaml', aliasBomb()],
  ['mixed/Dockerfile', 'dockerfile', '\uFEFFFROM alpine\r\nRUN echo \uD800 \uFFFD\r\n\r\nCMD ["sh"\r\n'],
];

describe('robustness over the protocol', () => {
  test('hostile documents are analysed or skipped, and the server keeps answering', async () => {
    const project = tempProject({});
    const client = await TestClient.start({ folders: [project.root] });
    try {
      for (const [path, languageId, text] of HOSTILE) {
        const full = project.path(path);
        await client.open(full, text, 1, languageId);
        const ds = await client.diagnostics(full, (_, v) => v === 1, 60_000);
        assert.ok(Array.isArray(ds), path);
        const hover = await client.request('textDocument/hover', { textDocument: { uri: uriOf(full) }, position: { line: 0, character: 3 } });
        assert.ok(hover === null || typeof hover.contents === 'object', `${path}: hover answered`);
        // Mutate it too: incremental edits on hostile text.
        await client.edit(full, 2, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, '\u0000');
        await client.diagnostics(full, (_, v) => v === 2, 60_000);
        await client.close(full);
      }
      // More than the engine's size cap: no diagnostics, one log line, no analysis.
      const huge = project.path('huge/Dockerfile');
      await client.open(huge, 'FROM alpine\n' + 'RUN echo hi\n'.repeat(250_000), 1, 'dockerfile');
      assert.deepEqual(await client.diagnostics(huge, (_, v) => v === 1), []);
      assert.ok(client.logs.some((l) => l.includes('huge/Dockerfile') && l.includes('not analysed')));

      // Malformed requests cost an error or an empty answer, never the server.
      const dockerfile = project.path('ok/Dockerfile');
      const service = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nCMD ["python", "app.py"]\n';
      await client.open(dockerfile, service, 1, 'dockerfile');
      const good = await client.diagnostics(dockerfile, (ds: Diagnostic[]) => ds.some((d) => d.code === 'dockerfile/root-user'));
      const garbageData = good.map((d) => ({ ...d, data: { rule: d.code, fixes: [null, 42, { title: 'x', safety: 'safe', changes: 'nope' }], suppress: 7, version: 1 } }));
      const actions = await client.request('textDocument/codeAction', { textDocument: { uri: uriOf(dockerfile) }, range: good[0].range, context: { diagnostics: garbageData } });
      assert.ok(Array.isArray(actions));
      assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri: 'file:///nowhere/Dockerfile' }, range: good[0].range, context: { diagnostics: [] } }), []);
      await assert.rejects(client.request('readiness/nonsense', {}), (e: any) => e.code === -32601);
      await client.notify('textDocument/didOpen', { textDocument: { uri: 'untitled:Untitled-1', languageId: 'dockerfile', version: 1, text: 'FROM alpine' } });
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: 'not a uri', type: 1 }, { uri: uriOf(project.path('nope/x')), type: 3 }] });
      await client.notify('workspace/didChangeConfiguration', { settings: { readiness: { rules: 'all', debounceMs: -1, exclude: 5 } } });

      // Still alive and still analysing.
      await client.change(dockerfile, 2, service.replace('CMD', 'USER root\nCMD'));
      await client.diagnostics(dockerfile, (ds, v) => v === 2 && ds.some((d) => d.code === 'dockerfile/root-user'));
      const report = await client.request('readiness/audit', {});
      assert.equal(report.version, 1);
    } finally {
      await client.stop();
      project.cleanup();
    }
  });
});
