import { defineRule } from '../../server/src/core/rule';
import { buildFixes, CODE_RULE_KINDS, codeModel, factsOf, languageOf, overridden } from './_code';

export default defineRule({
  id: 'code/hardcoded-secret',
  meta: {
    category: 'security',
    severity: 'error',
    summary: 'A secret (signing key, password, token) is written in the source code.',
    fixes: ['unsafe'],
    aliases: [],
    scope: 'workspace',
    kinds: CODE_RULE_KINDS,
    productionOnly: true,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const model = codeModel(ws);
    for (const s of factsOf(model, ws, 'secret')) {
      if (overridden(model, ws, s.loc.file, s.setting, 'secret')) continue;
      const fallback = s.replaceLoc ? ' as the fallback when the environment variable is unset' : '';
      ctx.report({
        file: s.loc.file,
        range: s.loc.range,
        message: `${s.what} is a literal (${s.redacted})${fallback}: everyone with the repository (and every image built from it) has it, and rotating it needs a code change. Read it from the environment${s.envName ? ` (${s.envName})` : ''} or a secret store.`,
        fixes: buildFixes(languageOf(s.loc.file), (f) => f.secretFromEnv?.(s, ws)),
      });
    }
  },
});
