/**
 * Shows the audit report as a read-only virtual Markdown document in the built-in Markdown preview,
 * so an audit never writes a file into the workspace.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AuditReport } from '../../server/src/lsp/protocol';
import { renderReport, type LocationLink } from './report';

export const REPORT_SCHEME = 'readiness-report';

export class ReportView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  /** One report at a time: re-running the audit refreshes the open preview instead of adding tabs. */
  readonly uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: '/Readiness report.md' });
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private markdown = '# Readiness report\n\nRun **Readiness: Run readiness audit** to fill this report.\n';

  provideTextDocumentContent(): string {
    return this.markdown;
  }

  async show(report: AuditReport): Promise<void> {
    this.markdown = renderReport(report, locationLink(report.root));
    this.changed.fire(this.uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', this.uri);
    } catch {
      // The built-in Markdown extension can be disabled; the source is still readable.
      const document = await vscode.workspace.openTextDocument(this.uri);
      await vscode.window.showTextDocument(document, { preview: true });
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/**
 * Links of the form `/api/Dockerfile#L12,5`. The preview resolves a link starting with `/` against the
 * workspace folder (the first one for a document outside any folder, as this virtual one is), and
 * opens `#L<line>,<column>` at that position. Relative links would resolve against this document's
 * own `readiness-report:` URI, and `command:`/`file:` links are not followed by the preview at all.
 * When the audited root is not the first folder, the path climbs out of it with `..`.
 */
export function locationLink(root: string): LocationLink {
  const first = vscode.workspace.workspaceFolders?.[0]?.uri;
  const prefix =
    first && path.isAbsolute(root) ? path.posix.relative(first.path, vscode.Uri.file(root).path).split('/') : [];
  return (file, line, column) => {
    const segments = [...prefix, ...file.split('/')].filter((s) => s !== '' && s !== '.');
    return `/${segments.map(encodeURIComponent).join('/')}#L${line},${column}`;
  };
}
