/**
 * Protocol tests of the workspace model: background scan with progress, the audit request and the
 * score notification, watched-file events, cross-file updates between open documents, clients with
 * `rootUri` only or no folder at all, settings pushed by clients that cannot be asked, debouncing,
 * cancellation, and workspace edits that create files.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { CancellationTokenSource, FULL_CAPABILITIES, TestClient, tempProject, uriOf } from './_client';

const text = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);
const has = (rule: string) => (ds: Diagnostic[]) => ds.some((d) => d.code === rule);
const hasNot = (rule: string) => (ds: Diagnostic[]) => !ds.some((d) => d.code === rule);

const WHOLE_CONTEXT = 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n';
const DOCKERIGNORE = '.git\n.env\n.env.*\nnode_modules\n';

describe('workspace model over the protocol', () => {
  test('the initial scan reports progress, sees unopened files, and readiness/audit returns a scored report', async () => {
    const project = tempProject({
      'api/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nCMD ["python", "app.py"]\n',
      'api/app.py': 'print("ok")\n',
      'worker/Dockerfile': 'FROM alpine:3.20\nRUN wget --no-check-certificate https://example.com/x\nCMD ["sh"]\n',
    });
    const client = await TestClient.start({ folders: [project.root] });
    try {
      // Work-done progress: created by the server, begun and ended.
      const create = await client.until('workDoneProgress/create', () => client.serverRequests.find((r) => r.method === 'window/workDoneProgress/create'));
      const token = create.params.token;
      await client.notification('$/progress', (p) => p.token === token && p.value.kind === 'begin');
      await client.notification('$/progress', (p) => p.token === token && p.value.kind === 'end');
      // The score after the scan already covers files nobody opened.
      const initial = await client.notification('readiness/score');
      assert.equal(typeof initial.score, 'number');
      assert.ok(initial.findings > 0);

      const report = await client.request('readiness/audit', {});
      assert.equal(report.version, 1);
      assert.equal(report.root, project.root);
      assert.equal(typeof report.score, 'number');
      assert.ok(report.score >= 0 && report.score <= 100);
      assert.equal(report.filesAnalyzed, 3, 'both Dockerfiles and the Python file');
      const files = new Set(report.findings.map((f: any) => f.file));
      assert.ok(files.has('worker/Dockerfile'), `findings in an unopened file: ${[...files]}`);
      assert.ok(report.findings.some((f: any) => f.rule === 'shell/tls-verification-disabled' && f.line === 2), 'with 1-based lines');
      assert.ok(report.categories.some((c: any) => c.id === 'security' && c.applicable > 0));
      const scores = client.notifications.filter((n) => n.method === 'readiness/score');
      assert.deepEqual(scores.at(-1)!.params, { score: report.score, findings: report.findings.length }, 'the audit refreshes the score');
    } finally {
      await client.stop();
      project.cleanup();
    }
  });

  test('a watched .dockerignore created, changed and deleted on disk updates the open Dockerfile', async () => {
    const project = tempProject({ 'web/Dockerfile': WHOLE_CONTEXT, 'web/server.js': '' });
    const dockerfile = project.path('web/Dockerfile');
    const client = await TestClient.start({ folders: [project.root] });
    try {
      await client.open(dockerfile, WHOLE_CONTEXT, 1, 'dockerfile');
      await client.diagnostics(dockerfile, has('dockerfile/missing-dockerignore'));
      const ignore = project.write('web/.dockerignore', DOCKERIGNORE);
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(ignore), type: 1 }] });
      await client.diagnostics(dockerfile, hasNot('dockerfile/missing-dockerignore'));
      project.write('web/.dockerignore', 'node_modules\n');
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(ignore), type: 2 }] });
      const partial = await client.diagnostics(dockerfile, has('dockerfile/missing-dockerignore'));
      assert.match(text(partial.find((d) => d.code === 'dockerfile/missing-dockerignore')!), /does not exclude/);
      rmSync(ignore);
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(ignore), type: 3 }] });
      const gone = await client.diagnostics(dockerfile, (ds) => has('dockerfile/missing-dockerignore')(ds) && /no \.dockerignore/.test(text(ds.find((d) => d.code === 'dockerfile/missing-dockerignore')!)));
      assert.ok(gone.length > 0);
    } finally {
      await client.stop();
      project.cleanup();
    }
  });

  test('editing one open document re-checks the open documents that depend on it', async () => {
    const project = tempProject({ 'web/Dockerfile': WHOLE_CONTEXT });
    const dockerfile = project.path('web/Dockerfile');
    const ignore = project.path('web/.dockerignore'); // never written to disk: only open in the editor
    const client = await TestClient.start({ folders: [project.root] });
    try {
      await client.open(dockerfile, WHOLE_CONTEXT, 1, 'dockerfile');
      await client.diagnostics(dockerfile, has('dockerfile/missing-dockerignore'));
      await client.open(ignore, '', 1, 'ignore');
      await client.change(ignore, 2, DOCKERIGNORE);
      await client.diagnostics(dockerfile, hasNot('dockerfile/missing-dockerignore'));
      // Closing the unsaved file: the disk has none, so the finding returns.
      await client.close(ignore);
      await client.diagnostics(dockerfile, has('dockerfile/missing-dockerignore'));
    } finally {
      await client.stop();
      project.cleanup();
    }
  });

  test('editing a Dockerfile updates the diagnostics of an open compose file that builds it, without reopening it', async () => {
    const slim = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nUSER nobody\nEXPOSE 8000\nCMD ["python", "-m", "app"]\n';
    const withCurl = slim.replace('WORKDIR /app\n', 'WORKDIR /app\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n');
    const compose = 'services:\n  api:\n    build: ./api\n    restart: unless-stopped\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost:8000/health"]\n';
    const project = tempProject({ 'api/Dockerfile': slim, 'compose.yaml': compose });
    const dockerfile = project.path('api/Dockerfile');
    const composeFile = project.path('compose.yaml');
    const client = await TestClient.start({ folders: [project.root] });
    try {
      await client.open(composeFile, compose, 1, 'dockercompose');
      const before = await client.diagnostics(composeFile, has('compose/healthcheck-tool-missing'));
      const finding = before.find((d) => d.code === 'compose/healthcheck-tool-missing')!;
      assert.equal(finding.range.start.line, 5);
      assert.ok(finding.relatedInformation?.some((r) => r.location.uri.endsWith('/api/Dockerfile')), 'related information points at the Dockerfile');
      // The user opens the Dockerfile and installs curl: the compose file's finding goes away.
      await client.open(dockerfile, slim, 1, 'dockerfile');
      await client.change(dockerfile, 2, withCurl);
      await client.diagnostics(composeFile, hasNot('compose/healthcheck-tool-missing'));
      // And back: the unsaved edit is undone.
      await client.change(dockerfile, 3, slim);
      await client.diagnostics(composeFile, has('compose/healthcheck-tool-missing'));
    } finally {
      await client.stop();
      project.cleanup();
    }
  });

  test('the status-bar score follows edits: a quiet moment after a change, a new score is sent', async () => {
    const rootless = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nCMD ["python", "app.py"]\n';
    const project = tempProject({ 'api/Dockerfile': rootless, 'api/app.py': 'print(1)\n' });
    const dockerfile = project.path('api/Dockerfile');
    const client = await TestClient.start({ folders: [project.root] });
    try {
      const initial = await client.notification('readiness/score');
      await client.open(dockerfile, rootless, 1, 'dockerfile');
      await client.change(dockerfile, 2, rootless.replace('CMD', 'USER nobody\nCMD'));
      const after = await client.notification('readiness/score', (p) => p.findings < initial.findings);
      assert.ok(after.score > initial.score, `${after.score} > ${initial.score}`);
    } finally {
      await client.stop();
      project.cleanup();
    }
  });

  test('a fix that creates a file becomes CreateFile + edit; without resource operations it is left out', async () => {
    const project = tempProject({ 'web/Dockerfile': WHOLE_CONTEXT });
    const dockerfile = project.path('web/Dockerfile');
    for (const createFiles of [true, false]) {
      const capabilities = structuredClone(FULL_CAPABILITIES);
      if (!createFiles) capabilities.workspace!.workspaceEdit = { documentChanges: false };
      const client = await TestClient.start({ folders: [project.root], capabilities });
      try {
        await client.open(dockerfile, WHOLE_CONTEXT, 1, 'dockerfile');
        const [d] = (await client.diagnostics(dockerfile, has('dockerfile/missing-dockerignore'))).filter((x) => x.code === 'dockerfile/missing-dockerignore');
        const actions: CodeAction[] = await client.request('textDocument/codeAction', { textDocument: { uri: uriOf(dockerfile) }, range: d.range, context: { diagnostics: [d] } });
        const create = actions.find((a) => a.title.startsWith('Create .dockerignore'));
        if (createFiles) {
          assert.ok(create, actions.map((a) => a.title).join());
          const [op, edit] = create.edit!.documentChanges as any[];
          assert.deepEqual(op, { kind: 'create', uri: uriOf(project.path('web/.dockerignore')), options: { ignoreIfExists: true } });
          assert.equal(edit.textDocument.uri, op.uri);
          assert.match(edit.edits[0].newText, /^\.git$/m);
          // Fix-all stays inside the document: the file-creating fix is not part of it.
          const all: CodeAction[] = await client.request('textDocument/codeAction', { textDocument: { uri: uriOf(dockerfile) }, range: d.range, context: { diagnostics: [], only: ['source.fixAll'] } });
          for (const a of all) assert.ok(!(a.edit!.documentChanges as any[]).some((c) => c.kind === 'create'));
        } else {
          assert.equal(create, undefined, 'cannot be applied by this client');
          const suppress = actions.find((a) => a.title.startsWith('Suppress'))!;
          assert.ok(suppress.edit!.changes![uriOf(dockerfile)], 'plain `changes` for a client without documentChanges');
        }
      } finally {
        await client.stop();
      }
    }
    project.cleanup();
  });

  test('a client with rootUri only gets that folder; a client with no folder analyses single files beside their neighbours', async () => {
    const project = tempProject({ 'Dockerfile': WHOLE_CONTEXT, '.dockerignore': DOCKERIGNORE });
    const rootOnly = await TestClient.start({ folders: [project.root], rootOnly: true, capabilities: { ...FULL_CAPABILITIES, workspace: { ...FULL_CAPABILITIES.workspace, workspaceFolders: false } } });
    try {
      const report = await rootOnly.request('readiness/audit', {});
      assert.equal(report.root, project.root);
      assert.equal(report.filesAnalyzed, 1);
    } finally {
      await rootOnly.stop();
    }
    const lone = tempProject({ 'Dockerfile': WHOLE_CONTEXT });
    const noFolder = await TestClient.start({});
    try {
      // Outside every folder: an ad-hoc root per directory, listed shallowly (the .dockerignore counts).
      await noFolder.open(project.path('Dockerfile'), WHOLE_CONTEXT, 1, 'dockerfile');
      await noFolder.open(lone.path('Dockerfile'), WHOLE_CONTEXT, 1, 'dockerfile');
      const covered = await noFolder.diagnostics(project.path('Dockerfile'));
      assert.ok(hasNot('dockerfile/missing-dockerignore')(covered));
      await noFolder.diagnostics(lone.path('Dockerfile'), has('dockerfile/missing-dockerignore'));
      const report = await noFolder.request('readiness/audit', {});
      assert.ok(report.findings.some((f: any) => f.rule === 'dockerfile/missing-dockerignore'), 'the audit covers the open single files');
    } finally {
      await noFolder.stop();
      project.cleanup();
      lone.cleanup();
    }
  });

  test('without workspace/configuration support, pushed settings apply; initialization options are read', async () => {
    const project = tempProject({ 'web/Dockerfile': WHOLE_CONTEXT });
    const dockerfile = project.path('web/Dockerfile');
    const capabilities = { ...FULL_CAPABILITIES, workspace: { ...FULL_CAPABILITIES.workspace, configuration: false } };
    const client = await TestClient.start({ folders: [project.root], capabilities, initializationOptions: { settings: { debounceMs: 5, rules: { 'dockerfile/missing-dockerignore': 'error' } } } });
    try {
      await client.open(dockerfile, WHOLE_CONTEXT, 1, 'dockerfile');
      const ds = await client.diagnostics(dockerfile, has('dockerfile/missing-dockerignore'));
      assert.equal(ds.find((d) => d.code === 'dockerfile/missing-dockerignore')!.severity, 1, 'severity override from initializationOptions.settings');
      await client.notify('workspace/didChangeConfiguration', { settings: { readiness: { rules: { 'dockerfile/missing-dockerignore': 'off' } } } });
      await client.diagnostics(dockerfile, hasNot('dockerfile/missing-dockerignore'));
      assert.ok(!client.serverRequests.some((r) => r.method === 'workspace/configuration'), 'never asks a client that cannot answer');
    } finally {
      await client.stop();
      project.cleanup();
    }
  });

  test('edits are debounced per document: a burst publishes once, for the last version', async () => {
    const project = tempProject({ 'web/Dockerfile': WHOLE_CONTEXT });
    const dockerfile = project.path('web/Dockerfile');
    const client = await TestClient.start({ folders: [project.root], initializationOptions: { debounceMs: 400 } });
    try {
      // After the scan (whose end re-checks open documents), so only the burst can publish.
      await client.notification('readiness/score');
      await client.open(dockerfile, WHOLE_CONTEXT, 1, 'dockerfile');
      await client.diagnostics(dockerfile, (_, v) => v === 1);
      const before = client.publishes(dockerfile).length;
      const burst = [];
      for (let v = 2; v <= 12; v++) burst.push(client.change(dockerfile, v, WHOLE_CONTEXT.replace('/app', `/app${v}`)));
      await Promise.all(burst);
      await client.diagnostics(dockerfile, (_, v) => v === 12);
      const versions = client.publishes(dockerfile).slice(before).map((p) => p.version);
      assert.deepEqual(versions, [12]);
    } finally {
      await client.stop();
      project.cleanup();
    }
  });

  test('several folders are audited into one report relative to their common parent; a cancelled audit answers RequestCancelled', async () => {
    const project = tempProject({ 'a/Dockerfile': WHOLE_CONTEXT, 'b/Dockerfile': WHOLE_CONTEXT });
    const client = await TestClient.start({ folders: [project.path('a'), project.path('b')] });
    try {
      const report = await client.request('readiness/audit', {});
      assert.equal(report.root, project.root);
      const files = new Set(report.findings.map((f: any) => f.file));
      assert.ok(files.has('a/Dockerfile') && files.has('b/Dockerfile'), [...files].join());
      const source = new CancellationTokenSource();
      const pending = client.request('readiness/audit', {}, source);
      source.cancel();
      await assert.rejects(pending, (error: any) => error.code === -32800);
      // And the server still answers.
      assert.equal((await client.request('readiness/audit', {})).version, 1);
    } finally {
      await client.stop();
      project.cleanup();
    }
  });
});
