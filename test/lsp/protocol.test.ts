/**
 * Protocol tests: a real LSP client against the real server in memory. Diagnostics, code actions,
 * fix-all, hover, edits and stale versions, configuration changes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { applyEdits } from '../../server/src/core/edits';
import { ruleById } from '../../server/src/engine/registry';
import { TestClient, tempProject, uriOf } from './_client';

/** Runs as root (unsafe fix), disables TLS checks (safe fix), starts through a shell (safe fix). */
const DOCKERFILE = [
  'FROM python:3.12-slim',
  'WORKDIR /app',
  'RUN curl -k -o /tmp/get-pip.py https://bootstrap.pypa.io/get-pip.py',
  'COPY app.py .',
  'CMD python app.py',
  '',
].join('\n');

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);
const has = (rule: string) => (ds: Diagnostic[]) => ds.some((d) => d.code === rule);
const hasNot = (rule: string) => (ds: Diagnostic[]) => !ds.some((d) => d.code === rule);

/** The edits of a code action on one document (documentChanges or changes). */
function editsFor(action: CodeAction, uri: string): TextEdit[] {
  const edit = action.edit!;
  if (edit.documentChanges) {
    return (edit.documentChanges as TextDocumentEdit[]).filter((c) => 'textDocument' in c && c.textDocument.uri === uri).flatMap((c) => c.edits as TextEdit[]);
  }
  return edit.changes?.[uri] ?? [];
}

describe('language server protocol (in memory)', () => {
  const project = tempProject({ 'app.py': 'print("hi")\n' });
  const dockerfile = project.path('api/Dockerfile');
  let client: TestClient;
  let settings: Record<string, unknown> = {};

  before(async () => {
    client = await TestClient.start({ folders: [project.root], configuration: (items) => items.map(() => settings) });
  });
  after(async () => {
    await client.stop();
    project.cleanup();
  });

  test('initialize advertises incremental sync, code actions with fix-all, hover and workspace folders', () => {
    const caps = client.init.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.readiness'], resolveProvider: false });
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual(caps.workspace?.workspaceFolders, { supported: true, changeNotifications: true });
  });

  test('opening a Dockerfile that runs as root publishes dockerfile/root-user, fully identified', async () => {
    await client.open(dockerfile, DOCKERFILE, 1, 'dockerfile');
    const diagnostics = await client.diagnostics(dockerfile, has('dockerfile/root-user'));
    const d = diagnostics.find((x) => x.code === 'dockerfile/root-user')!;
    assert.equal(d.source, 'readiness');
    assert.equal(d.severity, 2, 'warning');
    assert.match(d.codeDescription!.href, /rules\/dockerfile\/root-user\.md$/);
    assert.equal(d.data.rule, 'dockerfile/root-user');
    assert.ok(Array.isArray(d.data.fixes) && d.data.fixes.length > 0, 'the fixes travel in data');
    assert.ok(d.data.suppress?.newText.includes('# readiness-ignore dockerfile/root-user'));
    assert.equal(d.data.version, 1);
    assert.equal(client.publishes(dockerfile).at(-1)!.version, 1, 'publishDiagnostics carries the document version');
    // Every diagnostic is identified the same way.
    for (const x of diagnostics) {
      assert.equal(x.source, 'readiness');
      assert.ok(typeof x.code === 'string' && x.codeDescription?.href.endsWith(`${x.code}.md`), `${x.code} links its doc`);
    }
  });

  test('code actions come from data: each fix, preferred only when safe, plus suppress', async () => {
    const diagnostics = await client.diagnostics(dockerfile, has('dockerfile/root-user'));
    const uri = uriOf(dockerfile);
    for (const d of diagnostics) {
      const all: CodeAction[] = await client.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
      // Without `only`, the document's fix-all rides along; everything else is this diagnostic's.
      assert.ok(all.filter((a) => a.kind !== 'quickfix').every((a) => a.kind === 'source.fixAll.readiness'));
      const actions = all.filter((a) => a.kind === 'quickfix');
      const fixes = d.data.fixes as { title: string; safety: string }[];
      assert.deepEqual(actions.map((a) => a.title), [...fixes.map((f) => f.title), `Suppress ${d.code} with readiness-ignore`]);
      const firstSafe = fixes.findIndex((f) => f.safety === 'safe');
      actions.forEach((a, i) => {
        assert.equal(a.kind, 'quickfix');
        assert.deepEqual(a.diagnostics, [d]);
        assert.equal(a.isPreferred, i === firstSafe, `${a.title}: preferred only for the first safe fix`);
        assert.ok(a.edit?.documentChanges, 'versioned documentChanges for a client that supports them');
      });
    }
    // Nothing is built from message text: the same diagnostic without data yields no action.
    const [first] = diagnostics;
    const bare: CodeAction[] = await client.request('textDocument/codeAction', { textDocument: { uri }, range: first.range, context: { diagnostics: [{ ...first, data: undefined }], only: ['quickfix'] } });
    assert.deepEqual(bare, []);
    // `only` is honoured.
    const sourceOnly: CodeAction[] = await client.request('textDocument/codeAction', { textDocument: { uri }, range: first.range, context: { diagnostics: [first], only: ['source'] } });
    assert.deepEqual(sourceOnly.map((a) => a.kind), ['source.fixAll.readiness'], 'the document has a safe fix (curl -k)');
    const quickOnly: CodeAction[] = await client.request('textDocument/codeAction', { textDocument: { uri }, range: first.range, context: { diagnostics: [first], only: ['quickfix'] } });
    assert.ok(quickOnly.length > 0 && quickOnly.every((a) => a.kind === 'quickfix'));
  });

  test('the suppress action inserts readiness-ignore, and the finding goes away', async () => {
    const diagnostics = await client.diagnostics(dockerfile, has('dockerfile/root-user'));
    const d = diagnostics.find((x) => x.code === 'dockerfile/root-user')!;
    const uri = uriOf(dockerfile);
    const actions: CodeAction[] = await client.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const suppress = actions.find((a) => a.title.startsWith('Suppress'))!;
    const change = suppress.edit!.documentChanges![0] as TextDocumentEdit;
    assert.equal(change.textDocument.version, 1, 'pinned to the version the finding was computed for');
    const suppressed = applyEdits(DOCKERFILE, change.edits as TextEdit[]);
    await client.change(dockerfile, 2, suppressed);
    const after = await client.diagnostics(dockerfile, (_, v) => v === 2);
    assert.ok(!after.some((x) => x.code === 'dockerfile/root-user'), `still: ${codes(after)}`);
    await client.change(dockerfile, 3, DOCKERFILE);
    await client.diagnostics(dockerfile, (ds, v) => v === 3 && has('dockerfile/root-user')(ds));
  });

  test('source.fixAll.readiness applies every safe fix and no unsafe one', async () => {
    const diagnostics = await client.diagnostics(dockerfile, (ds, v) => v === 3 && ds.length > 0);
    const uri = uriOf(dockerfile);
    const actions: CodeAction[] = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.readiness'] },
    });
    assert.equal(actions.length, 1);
    const [fixAll] = actions;
    assert.equal(fixAll.kind, 'source.fixAll.readiness');
    const edits = editsFor(fixAll, uri);
    const safeEdits = diagnostics.flatMap((d) => (d.data.fixes as any[]).filter((f) => f.safety === 'safe').flatMap((f) => f.changes.flatMap((c: any) => c.edits)));
    const unsafeEdits = diagnostics.flatMap((d) => (d.data.fixes as any[]).filter((f) => f.safety === 'unsafe').flatMap((f) => f.changes.flatMap((c: any) => c.edits)));
    assert.ok(edits.length > 0);
    for (const e of edits) assert.ok(safeEdits.some((s) => JSON.stringify(s) === JSON.stringify(e)), `edit ${JSON.stringify(e)} comes from a safe fix`);
    const fixed = applyEdits(DOCKERFILE, edits);
    await client.change(dockerfile, 4, fixed);
    const after = await client.diagnostics(dockerfile, (_, v) => v === 4);
    assert.ok(has('dockerfile/root-user')(after), 'root-user has only an unsafe fix: still reported');
    assert.ok(hasNot('shell/tls-verification-disabled')(after), `curl -k removed: ${codes(after)}`);
    assert.ok(unsafeEdits.length > 0, 'the document does offer unsafe fixes');
    for (const d of after) {
      assert.ok(!(d.data.fixes as any[]).some((f) => f.safety === 'safe' && f.changes.every((c: any) => !c.create)), `${d.code} still has a safe in-file fix after fix-all`);
    }
    await client.change(dockerfile, 5, DOCKERFILE);
    await client.diagnostics(dockerfile, (_, v) => v === 5);
  });

  test('hover on a finding shows the rule, its summary, the message and the fixes', async () => {
    const diagnostics = await client.diagnostics(dockerfile, (ds, v) => v === 5 && has('dockerfile/root-user')(ds));
    const d = diagnostics.find((x) => x.code === 'dockerfile/root-user')!;
    const hover = await client.request('textDocument/hover', { textDocument: { uri: uriOf(dockerfile) }, position: d.range.start });
    assert.equal(hover.contents.kind, 'markdown');
    const text: string = hover.contents.value;
    assert.ok(text.includes('[dockerfile/root-user](https://'), text);
    assert.ok(text.toLowerCase().includes('root'), text);
    const summary = ruleById('dockerfile/root-user')!.meta.summary;
    assert.ok(text.includes(summary.replace(/[\\`*_[\]<>|]/g, '\\$&')), `summary in hover: ${text}`);
    for (const f of d.data.fixes) assert.ok(text.includes(f.title.replace(/[\\`*_[\]<>|]/g, '\\$&')), `fix title ${f.title}`);
    const nothing = await client.request('textDocument/hover', { textDocument: { uri: uriOf(dockerfile) }, position: { line: 1, character: 0 } });
    assert.ok(nothing === null || !nothing.contents.value.includes('root-user'));
  });

  test('edits update diagnostics and an old version is never published after a newer one', async () => {
    const start = client.publishes(dockerfile).length;
    const safe = DOCKERFILE.replace('CMD python app.py', 'USER 10001\nCMD python app.py');
    // A burst of edits, alternating between a text with and without the finding.
    for (let v = 10; v < 20; v++) await client.change(dockerfile, v, v % 2 ? DOCKERFILE : safe);
    await client.change(dockerfile, 20, safe);
    const final = await client.diagnostics(dockerfile, (_, v) => v === 20);
    assert.ok(hasNot('dockerfile/root-user')(final));
    // A request round trip, so anything already computed for an older version would have arrived.
    await client.request('textDocument/hover', { textDocument: { uri: uriOf(dockerfile) }, position: { line: 0, character: 0 } });
    const versions = client.publishes(dockerfile).slice(start).map((p) => p.version!);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i] >= versions[i - 1], `published out of order: ${versions}`);
    assert.equal(versions.at(-1), 20);
    // An incremental edit (not a full replacement) is applied to the synced text.
    await client.edit(dockerfile, 21, { start: { line: 4, character: 0 }, end: { line: 4, character: 10 } }, 'USER root');
    const root = await client.diagnostics(dockerfile, (_, v) => v === 21);
    assert.ok(has('dockerfile/root-user')(root), `USER root: ${codes(root)}`);
    await client.change(dockerfile, 22, DOCKERFILE);
    await client.diagnostics(dockerfile, (_, v) => v === 22);
  });

  test('a configuration change turning a rule off removes its diagnostic (settings pulled with workspace/configuration)', async () => {
    await client.diagnostics(dockerfile, (ds, v) => v === 22 && has('dockerfile/root-user')(ds));
    settings = { rules: { 'dockerfile/root-user': 'off' } };
    const pulls = client.serverRequests.filter((r) => r.method === 'workspace/configuration').length;
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    const off = await client.diagnostics(dockerfile, hasNot('dockerfile/root-user'));
    assert.ok(off.length > 0, 'other rules still report');
    const request = client.serverRequests.filter((r) => r.method === 'workspace/configuration').at(-1)!;
    assert.ok(client.serverRequests.filter((r) => r.method === 'workspace/configuration').length > pulls);
    assert.ok(request.params.items.some((i: any) => i.section === 'readiness' && i.scopeUri === uriOf(project.root)), 'pulled per folder');
    settings = { enable: false };
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.diagnostics(dockerfile, (ds) => ds.length === 0);
    settings = {};
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.diagnostics(dockerfile, has('dockerfile/root-user'));
  });

  test('an invalid .readiness.yaml gets a diagnostic and the defaults still apply', async () => {
    const config = project.path('.readiness.yaml');
    await client.open(config, 'rules:\n  dockerfile/root-user: loud\n  no/such-rule: off\nbogus: 1\n', 1, 'yaml');
    const problems = await client.diagnostics(config, (ds) => ds.length >= 3);
    assert.ok(problems.every((d) => d.code === 'config/invalid-config' && d.source === 'readiness'), codes(problems).join());
    assert.ok(problems.some((d) => d.range.start.line === 1), 'on the bad severity');
    assert.ok(problems.some((d) => d.range.start.line === 2), 'on the unknown rule');
    assert.ok(has('dockerfile/root-user')(await client.diagnostics(dockerfile)), 'defaults still apply to the Dockerfile');
    // Editing the open config re-checks the other open documents.
    await client.change(config, 2, 'rules:\n  dockerfile/root-user: off\n');
    await client.diagnostics(config, (ds, v) => v === 2 && ds.length === 0);
    await client.diagnostics(dockerfile, hasNot('dockerfile/root-user'));
    // Closing it restores the disk state (no config file): the rule is back.
    await client.close(config);
    await client.diagnostics(config, (ds) => ds.length === 0);
    await client.diagnostics(dockerfile, has('dockerfile/root-user'));
  });
});
