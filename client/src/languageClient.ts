/**
 * Options of the Readiness language client: which documents it syncs, which file changes it reports,
 * and how the server process is started.
 */
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type DocumentSelector,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { InitializationOptions, ReadinessSettings } from '../../server/src/lsp/protocol';

// Re-exported so that extension.ts reaches vscode-languageclient only through this lazily loaded module.
export { State } from 'vscode-languageclient/node';

/**
 * Documents whose edits the server sees live. Language ids cover the usual case; the patterns cover
 * files whose language comes from another extension or from none (no Dockerfile support installed,
 * a GitHub Actions extension that claims workflows as `github-actions-workflow`, …).
 */
const DOCUMENT_SELECTOR: DocumentSelector = [
  ...[
    'dockerfile',
    'yaml',
    'dockercompose',
    'github-actions-workflow',
    'python',
    'typescript',
    'typescriptreact',
    'javascript',
    'javascriptreact',
    'go',
    // Readiness claims in READMEs and checklists.
    'markdown',
  ].map((language) => ({ scheme: 'file', language })),
  { scheme: 'file', pattern: '**/{Dockerfile,Dockerfile.*,*.dockerfile,Containerfile}' },
  { scheme: 'file', pattern: '**/{compose,docker-compose}*.{yml,yaml}' },
  { scheme: 'file', pattern: '**/.github/workflows/*.{yml,yaml}' },
  { scheme: 'file', pattern: '**/.gitlab-ci.yml' },
];

/**
 * Files whose creation, change or deletion on disk can change a finding somewhere else (a compose
 * file reads its Dockerfile, a Dockerfile its `.dockerignore`, CI its manifests…). Watching `**` would
 * flood the server with build output and `node_modules` churn.
 */
const WATCHED_FILES =
  '**/{Dockerfile*,*.dockerfile,Containerfile,*.y*ml,.dockerignore,.gitignore,.env*,package.json,*lock*,' +
  'requirements*.txt,pyproject.toml,go.mod,*.py,*.ts,*.tsx,*.js,*.mjs,*.cjs,*.go,*.md,*.conf,renovate.json*}';

export function readSettings(): ReadinessSettings {
  const config = vscode.workspace.getConfiguration('readiness');
  return {
    enable: config.get<boolean>('enable', true),
    rules: config.get<ReadinessSettings['rules']>('rules', {}),
    exclude: config.get<string[]>('exclude', []),
    debounceMs: config.get<number>('debounceMs', 200),
  };
}

export function createLanguageClient(
  context: vscode.ExtensionContext,
  outputChannel: vscode.LogOutputChannel,
): LanguageClient {
  const module = context.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const watcher = vscode.workspace.createFileSystemWatcher(WATCHED_FILES);
  context.subscriptions.push(watcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: {
      // Makes the client forward `workspace/didChangeConfiguration` for `readiness.*`; the server still
      // pulls per-resource values with `workspace/configuration`.
      configurationSection: 'readiness',
      fileEvents: watcher,
    },
    // A function, so that a restart sends the settings of that moment.
    initializationOptions: (): InitializationOptions => ({ settings: readSettings() }),
    outputChannel,
    diagnosticCollectionName: 'readiness',
  };
  // The id `readiness` also makes the client read `readiness.trace.server`.
  return new LanguageClient('readiness', 'Readiness', serverOptions, clientOptions);
}
