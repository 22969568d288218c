/**
 * Supported readiness claims in the editor. Contradicted and unverified claims are diagnostics like
 * any finding; a supported claim is no finding, so it shows as a CodeLens above its line
 * ("✓ verified: docker-compose.prod.yml:30") and as a hover listing its evidence.
 */
import { MarkupKind, type CodeLens, type Hover, type Position } from 'vscode-languageserver';
import type { ClaimRecord } from '../core/claims';
import { comparePositions } from '../core/types';
import { capabilityLabel } from '../parsers/markdown/dictionary';
// Keeps the `code spans` evidence messages use on purpose; escapes the rest.
import { escapeMarkdown as escape } from '../report/markdown';

const MAX_HOVER_EVIDENCE = 10;

function at(e: { file: string; range: { start: { line: number } } }): string {
  return `${e.file}:${e.range.start.line + 1}`;
}

function supported(claims: readonly ClaimRecord[]): ClaimRecord[] {
  return claims.filter((c) => c.status === 'supported');
}

/**
 * One lens per supported claim. Without a command: the title is the information, and a command id
 * the client does not know would only show an error when clicked.
 */
export function claimLenses(claims: readonly ClaimRecord[]): CodeLens[] {
  const shown = supported(claims);
  const perLine = new Map<number, number>();
  for (const c of shown) perLine.set(c.range.start.line, (perLine.get(c.range.start.line) ?? 0) + 1);
  return shown.map((c) => {
    // Two capabilities on one line ("CI/CD with security scanning") need their names.
    const name = (perLine.get(c.range.start.line) ?? 0) > 1 ? `${capabilityLabel(c.capability)} ` : '';
    const first = c.evidence[0];
    const more = c.evidence.length > 1 ? ` (+${c.evidence.length - 1} more)` : '';
    const title = first ? `✓ ${name}verified: ${at(first)}${more}` : `✓ ${name}${c.summary}`;
    return { range: c.range, command: { title, command: '' } };
  });
}

function contains(c: ClaimRecord, p: Position): boolean {
  return comparePositions(c.range.start, p) <= 0 && comparePositions(p, c.range.end) <= 0;
}


/** Hover on a supported claim: what supports it, each piece of evidence a link. */
export function claimHoverAt(claims: readonly ClaimRecord[], position: Position, markdown: boolean, uriOf: (rel: string) => string): Hover | null {
  const hits = supported(claims).filter((c) => contains(c, position));
  if (hits.length === 0) return null;
  const sections = hits.map((c) => {
    const label = capabilityLabel(c.capability);
    const evidence = c.evidence.slice(0, MAX_HOVER_EVIDENCE);
    const extra = c.evidence.length > MAX_HOVER_EVIDENCE ? c.evidence.length - MAX_HOVER_EVIDENCE : 0;
    if (!markdown) {
      return [`Readiness claim — ${label}: supported`, c.summary, ...evidence.map((e) => `${at(e)}: ${e.message}`), ...(extra ? [`… and ${extra} more`] : [])].join('\n');
    }
    const lines = [`**Readiness claim** — ${escape(label)}: ✓ supported`, '', escape(c.summary)];
    if (evidence.length) {
      lines.push('', ...evidence.map((e) => `- [${escape(at(e))}](${uriOf(e.file)}#L${e.range.start.line + 1}) ${escape(e.message)}`));
      if (extra) lines.push(`- … and ${extra} more`);
    }
    return lines.join('\n');
  });
  return {
    contents: { kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: sections.join(markdown ? '\n\n---\n\n' : '\n\n') },
    ...(hits.length === 1 ? { range: hits[0].range } : {}),
  };
}
