import type { RuleDefinition } from '../core/rule';
import { RULES } from '../../../rules/index';

const byId = new Map<string, RuleDefinition>();
for (const rule of RULES) {
  if (byId.has(rule.id)) throw new Error(`duplicate rule id ${rule.id}`);
  byId.set(rule.id, rule);
}

export const DOCS_BASE_URL = 'https://github.com/readiness-dev/readiness/blob/main/rules/';

export function allRules(): readonly RuleDefinition[] {
  return RULES;
}

export function ruleById(id: string): RuleDefinition | undefined {
  return byId.get(id);
}

export const KNOWN_RULE_IDS: ReadonlySet<string> = new Set(byId.keys());

/** The rule's doc: `rules/<domain>/<name>.md`, linked from every diagnostic. */
export function docsUrl(id: string): string {
  return `${DOCS_BASE_URL}${id}.md`;
}
