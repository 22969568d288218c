import { defineRule } from '../../server/src/core/rule';
import type { ConfigValue, CookieFact } from '../../server/src/model/app';
import { buildFixes, CODE_RULE_KINDS, codeModel, factsOf, languageOf, overridden } from './_code';

/** Whether a flag leaves the cookie unprotected: an explicit false, or missing where absence means off. */
function off(v: ConfigValue | undefined, absentIsOff: boolean): boolean {
  if (!v) return absentIsOff;
  return v.origin === 'literal' && (v.literal === false || v.literal === 0 || v.literal === 'false');
}

function problems(c: CookieFact): string[] {
  const absentIsOff = !c.setting;
  const out: string[] = [];
  if (c.setting ? c.secure !== undefined && off(c.secure, false) : off(c.secure, absentIsOff)) out.push('Secure');
  if (c.setting ? c.httpOnly !== undefined && off(c.httpOnly, false) : off(c.httpOnly, absentIsOff)) out.push('HttpOnly');
  return out;
}

export default defineRule({
  id: 'code/insecure-session-cookie',
  meta: {
    category: 'security',
    severity: 'warning',
    summary: 'A session cookie is sent without Secure or HttpOnly.',
    fixes: ['safe'],
    aliases: [],
    scope: 'workspace',
    kinds: CODE_RULE_KINDS,
    productionOnly: true,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const model = codeModel(ws);
    for (const c of factsOf(model, ws, 'cookie')) {
      if (!c.production || overridden(model, ws, c.loc.file, c.setting, 'cookie')) continue;
      const missing = problems(c);
      if (!missing.length) {
        ctx.pass();
        continue;
      }
      const what = c.setting ? `${c.setting} is off, so the session cookie is sent without ${missing.join(' and ')}` : `The ${c.library === 'set_cookie' ? 'cookie' : `${c.library} session cookie`} is set without ${missing.join(' and ')}`;
      const why = [
        missing.includes('Secure') ? 'browsers send it over plain HTTP, where anyone on the network can read the session' : '',
        missing.includes('HttpOnly') ? 'scripts can read it, so any XSS steals the session' : '',
      ].filter(Boolean).join('; ');
      ctx.report({
        file: c.loc.file,
        range: c.loc.range,
        message: `${what}: ${why}.`,
        fixes: buildFixes(languageOf(c.loc.file), (f) => f.secureCookie?.(c, ws)),
      });
    }
  },
});
