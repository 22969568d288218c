/**
 * Readiness claims in the editor: a contradicted README claim is a diagnostic with related
 * information; a supported one is a CodeLens ("✓ verified: …") and a hover listing its evidence.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CodeLens, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { FULL_CAPABILITIES, TestClient, tempProject, uriOf } from './_client';

const README = ['# Shop', '', '## Production readiness', '', '- [x] Health checks on all services', '- [x] Restart policies', ''].join('\n');
const COMPOSE = [
  'services:',
  '  api:',
  '    image: ghcr.io/acme/api:1.4.2',
  '    restart: unless-stopped',
  '    healthcheck:',
  '      test: ["CMD", "/app/healthcheck"]',
  '  worker:',
  '    image: ghcr.io/acme/worker:1.4.2',
  '    restart: unless-stopped',
  '',
].join('\n');

const hasClaimDiagnostic = (ds: Diagnostic[]) => ds.some((d) => d.code === 'claims/contradicted');

describe('readiness claims over the protocol', () => {
  const project = tempProject({ 'README.md': README, 'docker-compose.yml': COMPOSE });
  const readme = project.path('README.md');
  let client: TestClient;

  before(async () => {
    const capabilities = { ...FULL_CAPABILITIES, workspace: { ...FULL_CAPABILITIES.workspace, codeLens: { refreshSupport: true } } };
    client = await TestClient.start({ folders: [project.root], capabilities });
  });
  after(async () => {
    await client.stop();
    project.cleanup();
  });

  test('initialize advertises a CodeLens provider', () => {
    assert.deepEqual(client.init.capabilities.codeLensProvider, { resolveProvider: false });
  });

  test('a contradicted claim is a warning on the claim, with related information at the counter-evidence', async () => {
    await client.open(readme, README, 1, 'markdown');
    const diagnostics = await client.diagnostics(readme, hasClaimDiagnostic);
    const d = diagnostics.find((x) => x.code === 'claims/contradicted')!;
    assert.equal(d.severity, 2);
    assert.deepEqual(d.range, { start: { line: 4, character: 6 }, end: { line: 4, character: 35 } });
    assert.match(d.message as string, /1 of 2 services has no healthcheck \(docker-compose\.yml:7 `worker`\)/);
    assert.deepEqual(
      d.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line]),
      [[uriOf(project.path('docker-compose.yml')), 6]],
    );
    assert.ok(!diagnostics.some((x) => x.range.start.line === 5), 'the supported claim is no diagnostic');
  });

  test('a supported claim gets a CodeLens naming its evidence', async () => {
    const lenses: CodeLens[] = await client.request('textDocument/codeLens', { textDocument: { uri: uriOf(readme) } });
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title]),
      [[5, '✓ verified: docker-compose.yml:4 (+1 more)']],
    );
  });

  test('hovering the supported claim lists its evidence as links', async () => {
    const hover: Hover = await client.request('textDocument/hover', { textDocument: { uri: uriOf(readme) }, position: { line: 5, character: 10 } });
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /\*\*Readiness claim\*\* — Restart policies: ✓ supported/);
    assert.ok(value.includes(`](${uriOf(project.path('docker-compose.yml'))}#L4) \`api\`: has a restart policy`), value);
    assert.ok(value.includes('#L9) `worker`: has a restart policy'), value);
  });

  test('fixing the compose file clears the diagnostic and asks the client to refresh its lenses', async () => {
    const compose = project.path('docker-compose.yml');
    const fixed = `${COMPOSE}    healthcheck:\n      test: ["CMD", "/app/healthcheck", "--worker"]\n`;
    await client.open(compose, fixed, 1, 'yaml');
    await client.diagnostics(readme, (ds) => !hasClaimDiagnostic(ds));
    await client.until('a CodeLens refresh request', () => client.serverRequests.some((r) => r.method === 'workspace/codeLens/refresh'));
    const lenses: CodeLens[] = await client.request('textDocument/codeLens', { textDocument: { uri: uriOf(readme) } });
    assert.deepEqual(lenses.map((l) => l.range.start.line), [4, 5]);
  });

  test('documents without claims have no lenses', async () => {
    const lenses: CodeLens[] = await client.request('textDocument/codeLens', { textDocument: { uri: uriOf(project.path('docker-compose.yml')) } });
    assert.deepEqual(lenses, []);
  });
});
