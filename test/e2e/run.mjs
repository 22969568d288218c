#!/usr/bin/env node
// End-to-end run in a real VS Code workbench: code-server (VS Code's own workbench and extension host)
// with the packaged .vsix installed, driven by Debian's Chromium through playwright-core. VS Code
// desktop cannot be downloaded here; code-server comes from npm, so this runs on every machine of ours.
//
//   node test/e2e/run.mjs            — set up (cached), package, start code-server, run the suite
//   READINESS_SKIP_E2E=1             — skip, exit 0 (the only way to skip: a broken setup must fail CI)
//   E2E_HOME=DIR                     — cache of the code-server install (default ~/.cache/readiness-e2e)
//   E2E_VSIX=FILE                    — test this .vsix as it is instead of packaging the working tree
//   E2E_KEEP=1                       — keep the temporary folders (workspace, profile, logs) for a look
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const output = join(root, 'test-output/e2e');
const TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS ?? 8 * 60_000);
const started = Date.now();

if (process.env.READINESS_SKIP_E2E === '1') {
  console.log('e2e: skipped because READINESS_SKIP_E2E=1 (the end-to-end suite in code-server did not run).');
  process.exit(0);
}

const log = (message) => console.log(`e2e [${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
const children = [];
const temps = [];
let finished = false;

// Whatever happens (failure, timeout, Ctrl+C), code-server and its extension host go, and so do the
// temporary folders: a leftover code-server would hold its port and a language server.
function cleanup() {
  if (finished) return;
  finished = true;
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGKILL'); // its own process group: extension host and language server too
    } catch {
      // already gone
    }
  }
  if (process.env.E2E_KEEP === '1') log(`kept ${temps.join(' ')}`);
  else for (const dir of temps) rmSync(dir, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
// The bound covers packaging, code-server and the suite; the one-time install (minutes: apt, npm
// and native modules) has its own, so a fresh CI machine is not failed for being fresh.
function armDeadline() {
  setTimeout(() => {
    console.error(`e2e: gave up after ${TIMEOUT_MS / 1000}s (E2E_TIMEOUT_MS); see ${output}`);
    saveLogs();
    process.exit(1);
  }, TIMEOUT_MS).unref();
}

/** Synchronous, so the deadline cannot fire meanwhile: every call passes its own `timeout`. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', killSignal: 'SIGKILL', ...options });
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  return result;
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) if (name !== 'out') newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, child) {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${output}/code-server.log`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer ${url}/healthz within 60 s; see ${output}/code-server.log`);
}

let userData;
// The extension host log shows activation errors and the Readiness channel the server's own log:
// keep both next to the screenshots, whatever the outcome.
function saveLogs() {
  if (!userData || !existsSync(join(userData, 'logs'))) return;
  try {
    cpSync(join(userData, 'logs'), join(output, 'logs'), { recursive: true });
  } catch (error) {
    console.error(`e2e: could not copy the logs: ${error.message}`);
  }
}

async function main() {
  rmSync(output, { recursive: true, force: true });
  mkdirSync(output, { recursive: true });

  // (a) code-server and Chromium, installed once into a cache outside the repository.
  const home = process.env.E2E_HOME ?? join(homedir(), '.cache/readiness-e2e');
  const csDir = join(home, 'code-server');
  const setup = join(root, '../shared/tools/code-server-setup.sh');
  if (!existsSync(setup)) throw new Error(`${setup} is missing: the e2e suite needs ../shared beside the repository`);
  log(`setting up code-server in ${csDir}`);
  run('bash', [setup, csDir], { timeout: 20 * 60_000 });
  armDeadline();
  const codeServer = join(csDir, 'node_modules/.bin/code-server');

  // (b) the .vsix users install, rebuilt unless it is newer than everything that goes into it.
  const vsix = process.env.E2E_VSIX ?? join(root, 'readiness.vsix');
  const inputs = ['client/src', 'server/src', 'rules', 'syntaxes', 'package.json', 'README.md', '.vscodeignore'];
  const newestInput = Math.max(...inputs.map((p) => newestMtime(join(root, p))));
  if (process.env.E2E_VSIX) log(`testing ${vsix} as given by E2E_VSIX`);
  else if (existsSync(vsix) && statSync(vsix).mtimeMs > newestInput) log('reusing readiness.vsix (newer than its sources)');
  else {
    log('packaging readiness.vsix');
    run('npm', ['run', 'package', '--silent'], { env: { ...process.env, npm_config_yes: 'true' }, timeout: 5 * 60_000 });
  }

  // (c) a fresh profile and extensions folder, with only our extension in it.
  const tmp = mkdtempSync(join(tmpdir(), 'readiness-e2e-'));
  temps.push(tmp);
  userData = join(tmp, 'user-data');
  const extensions = join(tmp, 'extensions');
  // Its own config file too: code-server otherwise writes one into the user's ~/.config.
  const common = ['--config', join(tmp, 'config.yaml'), '--user-data-dir', userData, '--extensions-dir', extensions, '--disable-telemetry'];
  log('installing the .vsix into code-server');
  run(codeServer, [...common, '--install-extension', vsix], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 2 * 60_000 });
  const installed = readdirSync(extensions).filter((name) => name.startsWith('readiness.readiness-'));
  if (installed.length !== 1) throw new Error(`the .vsix did not install: ${extensions} holds ${readdirSync(extensions).join(', ')}`);

  // Settings that keep the workbench from showing things of its own between the steps.
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User/settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'security.workspace.trust.enabled': false,
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'extensions.ignoreRecommendations': true,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'git.enabled': false,
        'editor.minimap.enabled': false,
        'editor.accessibilitySupport': 'off',
        'files.autoSave': 'off',
        'readiness.debounceMs': 50,
      },
      null,
      2,
    ),
  );

  // (d) a copy of the examples, dotfiles included (.github, .env.production), so fixes edit the copy.
  const workspace = join(tmp, 'workspace');
  cpSync(join(root, 'examples'), workspace, { recursive: true });

  // (e) code-server on a free loopback port, its output into the log for diagnosis.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(output, 'code-server.log');
  const logFd = openSync(logFile, 'w');
  log(`starting code-server on ${url}`);
  const server = spawn(
    codeServer,
    [
      ...common,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--log', 'trace',
      workspace,
    ],
    { detached: true, stdio: ['ignore', logFd, logFd], env: { ...process.env, EXTENSIONS_GALLERY: '{}' } },
  );
  children.push(server);
  await waitForHealth(url, server);

  // (f) the suite itself, in its own process so that node:test reports as usual.
  log('running test/e2e/vscode.e2e.ts');
  const suite = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', join(root, 'test/e2e/vscode.e2e.ts')],
    {
      cwd: root,
      stdio: 'inherit',
      detached: true, // a group of its own, so that a timeout also ends the Chromium it started
      env: { ...process.env, E2E_URL: url, E2E_WORKSPACE: workspace, E2E_OUTPUT: output },
    },
  );
  children.push(suite);
  const code = await new Promise((resolve) => suite.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))));
  saveLogs();
  log(code === 0 ? 'passed' : `failed (exit ${code}); screenshots, page text and logs in ${output}`);
  return code;
}

main().then(
  (code) => {
    cleanup();
    process.exit(code);
  },
  (error) => {
    console.error(`e2e: ${error.message}`);
    saveLogs();
    cleanup();
    process.exit(1);
  },
);
