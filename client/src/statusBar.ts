/**
 * The status bar entry: the latest readiness score, a way back to the audit, and a visible sign when
 * the language server is not running (diagnostics silently stopping would look like "all good").
 */
import * as vscode from 'vscode';
import type { AuditReport, ScoreParams } from '../../server/src/lsp/protocol';
import { findingCounts, formatScore } from './report';

interface View {
  text: string;
  tooltip: string;
  command: string;
}

export class ReadinessStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  /** What to show again when an audit ends without a new result (cancelled or failed). */
  private settled: View;

  constructor() {
    // Left, low priority: next to the problem counts, after the entries users care about more.
    this.item = vscode.window.createStatusBarItem('readiness.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Readiness';
    this.settled = this.render({
      text: '$(checklist) Readiness …',
      tooltip: 'Readiness is scanning the workspace. Click to run the readiness audit.',
      command: 'readiness.runAudit',
    });
    this.item.show();
  }

  starting(): void {
    this.settled = this.render({
      text: '$(checklist) Readiness …',
      tooltip: 'Readiness is starting. Click to run the readiness audit.',
      command: 'readiness.runAudit',
    });
  }

  stopped(): void {
    this.settled = this.render({
      text: '$(warning) Readiness',
      tooltip: 'The Readiness language server is not running: diagnostics are not updated. Click to show its output.',
      command: 'readiness.showOutput',
    });
  }

  /** From the server's optional `readiness/score` notification. */
  score(params: ScoreParams): void {
    const findings = params.findings === 1 ? '1 finding' : `${params.findings} findings`;
    this.settled = this.render({
      text: `$(checklist) Readiness ${scoreText(params.score)}`,
      tooltip: `Readiness score ${formatScore(params.score)}, ${findings}.\nClick to run the readiness audit.`,
      command: 'readiness.runAudit',
    });
  }

  auditing(): void {
    this.render({ text: '$(sync~spin) Readiness', tooltip: 'Running the readiness audit…', command: 'readiness.runAudit' });
  }

  audited(report: AuditReport): void {
    const categories = report.categories.map(
      (c) => `${c.id}: ${c.applicable === 0 ? 'not applicable' : `${formatScore(c.score)} (${c.passed} of ${c.applicable} checks)`}`,
    );
    this.settled = this.render({
      text: `$(checklist) Readiness ${scoreText(report.score)}`,
      tooltip: [
        `Readiness score ${formatScore(report.score)}: ${report.filesAnalyzed} files, ${findingCounts(report.findings)}.`,
        ...categories,
        'Click to run the audit again.',
      ].join('\n'),
      command: 'readiness.runAudit',
    });
  }

  /** Puts back the last settled view, e.g. after a cancelled audit. */
  restore(): void {
    this.render(this.settled);
  }

  dispose(): void {
    this.item.dispose();
  }

  private render(view: View): View {
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    // Screen readers (and the end-to-end tests) get the summary line: score and finding count.
    this.item.accessibilityInformation = { label: view.tooltip.split('\n')[0] };
    this.item.command = view.command;
    return view;
  }
}

/** Short form for the status bar itself, where "not applicable" is too long. */
function scoreText(score: number | null): string {
  return score === null ? 'n/a' : `${Math.round(score)}%`;
}
