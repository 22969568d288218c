import { defineRule } from '../../server/src/core/rule';
import { EVIDENCE_RULES } from './_capabilities';
import { claimsOf, evaluateClaims } from './_evaluate';

export default defineRule({
  id: 'claims/unverified',
  meta: {
    category: 'configuration',
    severity: 'info',
    summary: 'A readiness claim names a capability Readiness checks, but nothing in the workspace shows it or contradicts it.',
    fixes: [],
    aliases: [],
    scope: 'file',
    kinds: ['markdown'],
    productionOnly: false,
    uses: EVIDENCE_RULES,
  },
  applies: (file, workspace) => claimsOf(workspace, file).length > 0,
  check(ctx) {
    for (const e of evaluateClaims(ctx)) {
      ctx.claim(e.record);
      if (e.record.status !== 'unverified') {
        ctx.pass();
        continue;
      }
      ctx.report({ file: e.record.file, range: e.record.range, message: e.message, data: { capability: e.record.capability } });
    }
  },
});
