import type { RuleDefinition } from '../core/rule';

/** How a rule's fixes are described to people: `safe`, `unsafe`, `safe, unsafe` or `—`. */
export function fixLabel(rule: RuleDefinition): string {
  return rule.meta.fixes.length ? [...new Set(rule.meta.fixes)].join(', ') : '—';
}

/** The README's rules table, generated from the registry so that it can never drift. */
export function renderRulesTable(rules: readonly RuleDefinition[]): string {
  const rows = [...rules]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((r) => `| [\`${r.id}\`](rules/${r.id}.md) | ${r.meta.category} | ${r.meta.severity} | ${fixLabel(r)} | ${r.meta.summary.replace(/\|/g, '\\|')} |`);
  return `| Rule | Category | Default | Fix | Flags |\n|---|---|---|---|---|\n${rows.join('\n')}\n`;
}
