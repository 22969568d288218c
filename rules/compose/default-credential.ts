import { defineRule } from '../../server/src/core/rule';
import type { Fix, Range } from '../../server/src/core/types';
import { interpolate, shellOf, type ComposeService, type ComposeValue } from '../../server/src/parsers/compose';
import { replaceInScalar, scalarSource } from '../../server/src/parsers/yaml';
import { detectCredential, isLiteralSecretValue, isSecretName, redact, redactMatch } from '../dockerfile/_secrets';
import { onceGuard, projectOf, q } from './_compose';

/** Values shipped in tutorials and image docs: a finding anyway, but worth saying. */
const WELL_KNOWN = /^(postgres|password|passw0rd|secret|changeme|change_me|admin|root|example|guest|test|mysecretpassword|pass|123456|12345678|qwerty|letmein|default|redis|mysql|mongo)$/i;

interface Hit {
  file: string;
  range: Range;
  message: string;
  fix?: Fix;
}

/** `${VAR:?VAR must be set}`: Compose refuses to start when the variable is not provided. */
export function required(name: string): string {
  return `\${${name}:?${name} must be set}`;
}

function requireFix(value: ComposeValue, start: number, end: number, name: string): Fix | undefined {
  const edit = replaceInScalar(value.yaml, value.node, start, end, required(name));
  return edit && { title: `Require \`${name}\` from the environment`, safety: 'safe', changes: [{ file: value.file, edits: [edit] }] };
}

/**
 * A literal or a literal fallback in a secret-named variable: the offsets of what to replace in
 * the raw value, the variable to require, and how to describe it.
 */
function literalSecret(name: string, raw: string): { start: number; end: number; variable: string; shown: string; fallback: boolean } | undefined {
  const { vars } = interpolate(raw);
  if (vars.length === 0) {
    return isLiteralSecretValue(raw) ? { start: 0, end: raw.length, variable: name, shown: raw, fallback: false } : undefined;
  }
  // Exactly `${VAR:-literal}` (or `-`): the literal is used whenever the variable is unset.
  const v = vars[0];
  if (vars.length === 1 && v.start === 0 && v.end === raw.length && (v.op === ':-' || v.op === '-') && v.arg !== undefined && !v.arg.includes('$') && isLiteralSecretValue(v.arg)) {
    return { start: 0, end: raw.length, variable: v.name, shown: v.arg, fallback: true };
  }
  return undefined;
}

function envHits(s: ComposeService, file: string): Hit[] {
  const hits: Hit[] = [];
  const vars = [...s.environment, ...[...(s.build?.args ?? [])].map(([name, value]) => ({ name, value, form: 'map' as const, valueRange: value?.range, file: value?.file ?? '' }))];
  for (const env of vars) {
    const value = env.value;
    if (!value || value.file !== file) continue;
    if (isSecretName(env.name)) {
      const lit = literalSecret(env.name, value.raw);
      if (lit) {
        const range = env.valueRange ?? value.range;
        const known = WELL_KNOWN.test(lit.shown) ? ', a well-known default' : '';
        const message = lit.fallback
          ? `Service ${q(s.name)} falls back to a literal ${q(env.name)} (\`${redact(lit.shown)}\`${known}) when \`${lit.variable}\` is unset: a deploy that forgets the variable silently runs with a value everyone can read in the repository.`
          : `Service ${q(s.name)} sets ${q(env.name)} to a literal value (\`${redact(lit.shown)}\`${known}): anyone with the repository has the credential, and every environment shares it.`;
        // In the list form the value sits after `NAME=` inside the same scalar.
        const offset = env.form === 'list' ? (scalarSource(value.yaml, value.node)?.value.indexOf('=') ?? -1) + 1 : 0;
        hits.push({ file, range, message, fix: requireFix(value, offset + lit.start, offset + lit.end, lit.variable) });
        continue;
      }
    }
    const cred = detectCredential(value.value);
    if (cred && !value.external) {
      hits.push({ file, range: env.valueRange ?? value.range, message: `${q(env.name)} of service ${q(s.name)} contains a credential (${cred.kind}: \`${redactMatch(value.value, cred)}\`): anyone with the repository has it. Read it from the environment or a secret.` });
    }
  }
  return hits;
}

/** `redis-server --requirepass secret` (string or list command). */
function requirepassHits(s: ComposeService, file: string): Hit[] {
  const cmd = s.command;
  if (!cmd || cmd.file !== file) return [];
  const hits: Hit[] = [];
  const flagged = (word: string) => word === '--requirepass' || word === '--masterauth';
  if (cmd.form === 'list') {
    cmd.argv.forEach((arg, i) => {
      const next = cmd.argv[i + 1];
      if (!flagged(arg.value) || !next) return;
      const lit = literalSecret(arg.value.slice(2), next.raw);
      if (!lit) return;
      hits.push({ file, range: next.range, message: `Service ${q(s.name)} passes a literal \`${arg.value}\` (\`${redact(lit.shown)}\`): the password is in the repository and visible in \`ps\` on the host.`, fix: requireFix(next, lit.start, lit.end, lit.fallback ? lit.variable : 'REDIS_PASSWORD') });
    });
    return hits;
  }
  const text = cmd.text;
  if (!text) return [];
  const script = shellOf(text);
  const src = scalarSource(text.yaml, text.node);
  for (const c of script?.commands ?? []) {
    const words = c.name ? [c.name, ...c.args] : c.args;
    words.forEach((w, i) => {
      const next = words[i + 1];
      if (!flagged(w.text) || !next) return;
      // Shell offsets → value offsets: `$$` was collapsed for the shell, so look the word up in the raw value.
      const at = src ? src.value.indexOf(next.raw, src.value.indexOf(w.raw)) : -1;
      if (at > 0 && src!.value[at - 1] === '$') return; // `$${X}`: expanded in the container, not a literal
      const lit = literalSecret('REDIS_PASSWORD', next.raw);
      if (!lit) return;
      hits.push({
        file,
        range: next.range,
        message: `Service ${q(s.name)} passes ${lit.fallback ? 'a literal fallback for' : 'a literal'} \`${w.text}\` (\`${redact(lit.shown)}\`): the password is in the repository and visible in \`ps\` on the host.`,
        fix: at >= 0 ? requireFix(text, at + lit.start, at + lit.end, lit.variable) : undefined,
      });
    });
  }
  return hits;
}

export default defineRule({
  id: 'compose/default-credential',
  meta: {
    category: 'security',
    severity: 'error',
    summary: 'A password, secret, token or key has a literal value (or a literal fallback) in a compose file.',
    fixes: ['safe'],
    aliases: [],
    scope: 'file',
    kinds: ['compose'],
    productionOnly: false,
  },
  check(ctx) {
    const project = projectOf(ctx);
    if (!project) return;
    const once = onceGuard();
    for (const s of project.services) {
      const hits = [...envHits(s, ctx.file!.path), ...requirepassHits(s, ctx.file!.path)];
      if (!hits.length) ctx.pass();
      for (const h of hits) if (once(h)) ctx.report({ file: h.file, range: h.range, message: h.message, fixes: h.fix ? [h.fix] : [] });
    }
  },
});
