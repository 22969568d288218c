import { defineRule } from '../../server/src/core/rule';
import { EVIDENCE_RULES } from './_capabilities';
import { claimsOf, evaluateClaims } from './_evaluate';

export default defineRule({
  id: 'claims/contradicted',
  meta: {
    category: 'configuration',
    severity: 'warning',
    summary: 'A readiness claim in the documentation (README, checklist) is contradicted by the workspace.',
    fixes: [],
    aliases: [],
    // File scope: in the editor the evidence is weighed only when a Markdown file is analysed.
    scope: 'file',
    kinds: ['markdown'],
    productionOnly: false,
    uses: EVIDENCE_RULES,
  },
  applies: (file, workspace) => claimsOf(workspace, file).length > 0,
  check(ctx) {
    for (const e of evaluateClaims(ctx)) {
      ctx.claim(e.record);
      if (e.record.status === 'supported') ctx.pass();
      else if (e.record.status === 'contradicted') {
        ctx.report({ file: e.record.file, range: e.record.range, message: e.message, related: e.related, data: { capability: e.record.capability } });
      }
    }
  },
});
