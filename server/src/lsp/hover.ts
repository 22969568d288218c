/**
 * Hover on a Readiness finding: the rule id linked to its doc, the rule's one-sentence summary, the
 * finding's message and the titles of the fixes on offer. Built from the published diagnostics.
 */
import { MarkupKind, type Diagnostic, type Hover, type Position } from 'vscode-languageserver';
import { comparePositions } from '../core/types';
import { docsUrl, ruleById } from '../engine/registry';
import { messageText, readinessData } from './diagnostics';

function contains(d: Diagnostic, p: Position): boolean {
  return comparePositions(d.range.start, p) <= 0 && comparePositions(p, d.range.end) <= 0;
}

/** Escapes Markdown control characters in text that comes from the workspace. */
function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, '\\$&');
}

export function hoverAt(diagnostics: readonly Diagnostic[], position: Position, markdown: boolean): Hover | null {
  const hits = diagnostics.filter((d) => readinessData(d) && contains(d, position));
  if (hits.length === 0) return null;
  const sections = hits.map((d) => {
    const data = readinessData(d)!;
    const message = messageText(d);
    const summary = ruleById(data.rule)?.meta.summary;
    const fixes = data.fixes.map((f) => `${f.title}${f.safety === 'safe' ? '' : ' (may change behaviour)'}`);
    if (!markdown) {
      return [`${data.rule}${summary ? ` — ${summary}` : ''}`, message, ...(fixes.length ? [`Fixes: ${fixes.join('; ')}`] : []), docsUrl(data.rule)].join('\n');
    }
    const lines = [`**[${data.rule}](${docsUrl(data.rule)})**${summary ? ` — ${escape(summary)}` : ''}`, '', escape(message)];
    if (fixes.length) lines.push('', 'Quick fixes:', ...fixes.map((f) => `- ${escape(f)}`));
    return lines.join('\n');
  });
  const range = hits.length === 1 ? hits[0].range : undefined;
  return {
    contents: { kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: sections.join(markdown ? '\n\n---\n\n' : '\n\n') },
    ...(range ? { range } : {}),
  };
}
