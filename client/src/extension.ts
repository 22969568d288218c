/**
 * Entry point of the Readiness extension. Deliberately thin: it starts the language server, which
 * does all analysis, and adds the UI the protocol has no place for (audit report, status bar).
 * Activation only wires things up; the server starts in the background.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  AuditRequestMethod,
  ScoreNotificationMethod,
  type AuditParams,
  type AuditReport,
  type ScoreParams,
} from '../../server/src/lsp/protocol';
import { isAuditReport } from './report';
import { REPORT_SCHEME, ReportView } from './reportView';
import { ReadinessStatus } from './statusBar';

let client: Promise<LanguageClient> | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Readiness', { log: true });
  const status = new ReadinessStatus();
  const reportView = new ReportView();
  const languageClient = (client = startClient(context, output, status));
  languageClient.catch((error: unknown) => {
    output.error(`The Readiness language client could not be created: ${describe(error)}`);
    status.stopped();
  });

  context.subscriptions.push(
    output,
    status,
    reportView,
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reportView),
    vscode.commands.registerCommand('readiness.runAudit', async () =>
      runAudit(await languageClient, status, reportView, output),
    ),
    vscode.commands.registerCommand('readiness.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('readiness.restartServer', async () => restart(await languageClient, output)),
    vscode.commands.registerCommand('readiness.fixAll', fixAll),
  );
}

export async function deactivate(): Promise<void> {
  try {
    await (await client)?.stop();
  } catch {
    // Never started, or already gone: nothing left to shut down.
  }
}

/**
 * Loads the language client after activation has completed: evaluating vscode-languageclient is most
 * of this extension's start-up cost, and the extension host waits for `activate` (and its microtasks)
 * before it moves on. The server's first scan is not awaited either.
 */
async function startClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  status: ReadinessStatus,
): Promise<LanguageClient> {
  await new Promise((resolve) => setImmediate(resolve));
  const { createLanguageClient, State } = await import('./languageClient.js');
  const languageClient = createLanguageClient(context, output);
  languageClient.onNotification(ScoreNotificationMethod, (params: ScoreParams) => status.score(params));
  context.subscriptions.push(
    languageClient.onDidChangeState(({ newState }) => {
      if (newState === State.Starting) status.starting();
      else if (newState === State.Stopped) status.stopped();
    }),
  );
  languageClient.start().catch((error: unknown) => {
    output.error(`The Readiness language server did not start: ${describe(error)}`);
    status.stopped();
  });
  return languageClient;
}

async function runAudit(
  languageClient: LanguageClient,
  status: ReadinessStatus,
  reportView: ReportView,
  output: vscode.LogOutputChannel,
): Promise<void> {
  status.auditing();
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Readiness audit', cancellable: true },
    async (progress, token) => {
      progress.report({ message: 'analysing the workspace…' });
      try {
        // After a crash or a failed start, an audit is a reasonable moment to try again.
        if (languageClient.needsStart()) await languageClient.start();
        const params: AuditParams = {};
        const report: unknown = await languageClient.sendRequest(AuditRequestMethod, params, token);
        if (token.isCancellationRequested) {
          status.restore();
          return;
        }
        if (!isAuditReport(report)) throw new Error('the language server answered with something that is not an audit report');
        const audit: AuditReport = report;
        status.audited(audit);
        output.info(`Audit of ${audit.root}: score ${audit.score ?? 'n/a'}, ${audit.findings.length} findings, ${audit.durationMs} ms.`);
        await reportView.show(audit);
      } catch (error) {
        status.restore();
        if (token.isCancellationRequested) {
          output.info('Audit cancelled.');
          return;
        }
        output.error(`Audit failed: ${describe(error)}`);
        void showError(`Readiness audit failed: ${describe(error)}`, output);
      }
    },
  );
}

async function restart(languageClient: LanguageClient, output: vscode.LogOutputChannel): Promise<void> {
  try {
    output.info('Restarting the language server.');
    await languageClient.restart();
  } catch (error) {
    output.error(`Restart failed: ${describe(error)}`);
    void showError(`Readiness: the language server did not restart: ${describe(error)}`, output);
  }
}

/** Applies the server's `source.fixAll.readiness` action, which only contains fixes marked safe. */
async function fixAll(): Promise<void> {
  if (!vscode.window.activeTextEditor) {
    void vscode.window.showInformationMessage('Readiness: open a file to fix its problems.');
    return;
  }
  await vscode.commands.executeCommand('editor.action.codeAction', { kind: 'source.fixAll.readiness', apply: 'first' });
}

async function showError(message: string, output: vscode.LogOutputChannel): Promise<void> {
  const choice = await vscode.window.showErrorMessage(message, 'Show output');
  if (choice) output.show(true);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
