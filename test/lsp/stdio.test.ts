/**
 * The built bundle (`server/out/server.js`), spawned as an editor would: over `--stdio`, and over
 * node IPC (`--node-ipc`, what the VS Code client uses). Skipped, with the reason, when not built.
 */
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { describe, test } from 'node:test';
import { createProtocolConnection, IPCMessageReader, IPCMessageWriter, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { BUNDLE, bundleBuilt, TestClient, tempProject, uriOf } from './_client';

const skip = bundleBuilt() ? false : `${BUNDLE} is not built: run \`npm run build\` (npm test does)`;
const ROOT_DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nCMD ["python", "app.py"]\n';

describe('the server bundle', { skip }, () => {
  test('over --stdio: diagnostics with a code action, survives hostile input, exits cleanly', async (t) => {
    const project = tempProject({ 'api/app.py': 'print(1)\n' });
    const dockerfile = project.path('api/Dockerfile');
    const started = performance.now();
    const client = await TestClient.start({ spawn: true, folders: [project.root] });
    try {
      await client.open(dockerfile, ROOT_DOCKERFILE, 1, 'dockerfile');
      const ds = await client.diagnostics(dockerfile, (d: Diagnostic[]) => d.some((x) => x.code === 'dockerfile/root-user'));
      t.diagnostic(`server start → first diagnostics: ${Math.round(performance.now() - started)} ms`);
      const d = ds.find((x) => x.code === 'dockerfile/root-user')!;
      assert.equal(d.source, 'readiness');
      assert.ok(d.codeDescription?.href);
      const actions = await client.request('textDocument/codeAction', { textDocument: { uri: uriOf(dockerfile) }, range: d.range, context: { diagnostics: [d] } });
      assert.ok(actions.length >= 2, 'a fix and the suppression');
      // The background scan ran in a worker thread and found the folder's files.
      await client.until('scan log', () => client.logs.find((l) => l.startsWith('scanned ')));
      const garbage = project.path('bin/Dockerfile');
      await client.open(garbage, '\u0000\u0001\uFFFD'.repeat(5000), 1, 'dockerfile');
      await client.open(project.path('docker-compose.yml'), 'services:\n  api: [unclosed\n  x: &a [*a, *a]\n\t- : :', 1, 'yaml');
      await client.diagnostics(garbage);
      const again = await client.request('textDocument/codeAction', { textDocument: { uri: uriOf(dockerfile) }, range: d.range, context: { diagnostics: [d] } });
      assert.equal(again.length, actions.length);
      assert.equal(client.child!.exitCode, null, 'still running');
    } finally {
      const child = client.child!;
      await client.stop();
      assert.equal(child.exitCode, 0, `exit code after shutdown + exit (stderr: ${client.stderr.slice(-300)})`);
      project.cleanup();
    }
  });

  test('over --node-ipc (the VS Code client transport): initialize answers', async () => {
    const child = fork(BUNDLE, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    connection.listen();
    try {
      const init: any = await connection.sendRequest('initialize', { processId: null, rootUri: null, workspaceFolders: null, capabilities: {} });
      assert.equal(init.capabilities.hoverProvider, true);
      assert.equal(init.capabilities.codeActionProvider, false, 'no code actions for a client without CodeAction literals');
      await connection.sendRequest('shutdown', null);
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      await connection.sendNotification('exit', null);
      assert.equal(await exited, 0);
    } finally {
      connection.dispose();
      if (child.exitCode === null) child.kill();
    }
  });
});
