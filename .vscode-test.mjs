// Configuration of the extension-host suite (test/vscode-host), run by `npm run test:vscode` with
// @vscode/test-electron on machines that can download VS Code. Where VS Code cannot be downloaded
// (no network but the npm registry), that suite skips; test/e2e covers the same ground in code-server.
// A plain object rather than @vscode/test-cli's defineConfig: the suite has its own small harness,
// so neither @vscode/test-cli nor mocha is needed.
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default {
  /** `stable`, `insiders` or a version such as `1.91.0` (the lowest `engines.vscode` allows). */
  version: process.env.VSCODE_TEST_VERSION ?? 'stable',
  extensionDevelopmentPath: root,
  /** Built from test/vscode-host/suite by test/vscode-host/run.mjs. */
  extensionTestsPath: `${root}test/out/vscode-host/suite/index.js`,
  /** Copied to a temporary folder before each run: the quick-fix test edits it. */
  workspace: `${root}examples`,
  launchArgs: ['--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--disable-telemetry'],
  /** Idle time before a download counts as impossible. */
  downloadTimeoutMs: 20_000,
};
