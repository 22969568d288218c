/**
 * (Not named *.test.ts: test/run.mjs would run it outside VS Code.)
 * The extension in a real VS Code extension host, through the VS Code API (the code-server suite in
 * test/e2e checks the same through the UI). The workspace is a temporary copy of examples/.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'readiness.readiness';

function workspaceFile(rel: string): vscode.Uri {
  const root = process.env.READINESS_TEST_WORKSPACE ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(root, 'no workspace folder is open');
  return vscode.Uri.file(path.join(root, rel));
}

function readinessDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'readiness');
}

function ruleOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Resolves once `accept` holds for the file's diagnostics, checking after every change event. */
function diagnosticsWhere(uri: vscode.Uri, accept: (ds: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const ds = readinessDiagnostics(uri);
      if (!accept(ds)) return false;
      cleanup();
      resolve(ds);
      return true;
    };
    const listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; has: ${readinessDiagnostics(uri).map(ruleOf).join(', ')}`));
    }, timeoutMs);
    const cleanup = () => {
      listener.dispose();
      clearTimeout(timer);
    };
    check();
  });
}

export const tests: [string, () => Promise<void>][] = [
  [
    'the extension activates for a folder with Dockerfiles',
    async () => {
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} is not installed`);
      await extension.activate();
      assert.equal(extension.isActive, true);
      const commands = await vscode.commands.getCommands(true);
      for (const id of ['readiness.runAudit', 'readiness.fixAll', 'readiness.showOutput', 'readiness.restartServer']) {
        assert.ok(commands.includes(id), `command ${id} is not registered`);
      }
    },
  ],
  [
    'an opened Dockerfile gets Readiness diagnostics with rule ids',
    async () => {
      const uri = workspaceFile('api/Dockerfile');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const ds = await diagnosticsWhere(uri, (d) => d.some((x) => ruleOf(x) === 'dockerfile/root-user'), 'dockerfile/root-user');
      assert.ok(ds.every((d) => /^[a-z]+\/[a-z0-9-]+$/.test(ruleOf(d))), 'every code is a rule id');
    },
  ],
  [
    'a quick fix applies and its diagnostic goes away',
    async () => {
      const uri = workspaceFile('api/Dockerfile');
      const document = await vscode.workspace.openTextDocument(uri);
      const [finding] = await diagnosticsWhere(uri, (d) => d.some((x) => ruleOf(x) === 'dockerfile/pip-cache-kept'), 'dockerfile/pip-cache-kept').then((ds) =>
        ds.filter((d) => ruleOf(d) === 'dockerfile/pip-cache-kept'),
      );
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, finding.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.title === 'Add --no-cache-dir');
      assert.ok(fix?.edit, `no "Add --no-cache-dir" quick fix among: ${actions.map((a) => a.title).join(', ')}`);
      assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
      assert.match(document.lineAt(finding.range.start.line).text, /pip install --no-cache-dir /);
      await diagnosticsWhere(uri, (d) => !d.some((x) => ruleOf(x) === 'dockerfile/pip-cache-kept'), 'pip-cache-kept to go away');
    },
  ],
];
