/**
 * Runs the extension-host suite in a downloaded VS Code (desktop, Electron) with the extension loaded
 * from this repository. Where VS Code cannot be downloaded — machines that reach only the npm
 * registry — it says so and succeeds: the code-server suite (test/e2e) covers the same ground there.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

interface Config {
  version: string;
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  workspace: string;
  launchArgs: string[];
  downloadTimeoutMs: number;
}

const SKIP_MESSAGE = 'VS Code could not be downloaded on this machine; the code-server suite covers the same ground (npm run test:e2e).';

async function main(): Promise<number> {
  const root = join(__dirname, '../../..');
  const config = ((await import(pathToFileURL(join(root, '.vscode-test.mjs')).href)) as { default: Config }).default;

  let vscodeExecutablePath: string;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({
      version: config.version,
      cachePath: join(root, '.vscode-test'),
      timeout: config.downloadTimeoutMs,
    });
  } catch (error) {
    console.log(`test:vscode skipped. ${SKIP_MESSAGE}\n  (${error instanceof Error ? error.message : String(error)})`);
    return 0;
  }

  const workspace = mkdtempSync(join(tmpdir(), 'readiness-vscode-host-'));
  cpSync(config.workspace, workspace, { recursive: true });
  // A fresh profile each run: no settings or extensions of the person running it leak in.
  const userData = mkdtempSync(join(tmpdir(), 'readiness-vscode-user-'));
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: config.extensionDevelopmentPath,
      extensionTestsPath: config.extensionTestsPath,
      launchArgs: [workspace, `--user-data-dir=${userData}`, ...config.launchArgs],
      extensionTestsEnv: { READINESS_TEST_WORKSPACE: workspace },
    });
    return 0;
  } catch (error) {
    console.error(`test:vscode failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(userData, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
