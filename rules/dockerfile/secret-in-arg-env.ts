import { defineRule } from '../../server/src/core/rule';
import type { DockerProperty } from '../../server/src/parsers/dockerfile/model';
import { withTriggers } from './_a';
import { detectCredential, isLiteralSecretValue, isSecretName, redact, redactMatch } from './_secrets';

/** The value as written, without the surrounding quotes Docker removes. */
function literalOf(p: DockerProperty): string | undefined {
  if (p.value === undefined) return undefined;
  return p.value.trim().replace(/^(['"])([\s\S]*)\1$/, '$2');
}

export default defineRule({
  id: 'dockerfile/secret-in-arg-env',
  meta: {
    category: 'security',
    severity: 'error',
    summary: 'An ARG or ENV carries a literal secret, which stays readable in the image and its history.',
    fixes: [],
    aliases: ['DL3064', 'SecretsUsedInArgOrEnv'],
    scope: 'file',
    kinds: ['dockerfile'],
    productionOnly: false,
  },
  check(ctx) {
    const file = ctx.file!;
    const model = ctx.workspace.dockerfile(file.path);
    if (!model) return;
    let failed = false;
    for (const ins of withTriggers(model.instructions)) {
      if (ins.keyword !== 'ARG' && ins.keyword !== 'ENV') continue;
      for (const p of ins.properties ?? []) {
        const value = literalOf(p);
        if (value === undefined || value === '') continue;
        const range = p.valueRange ?? p.range;
        // A known credential format is a finding whatever the name (it is rarely a reference).
        const credential = detectCredential(value);
        if (credential) {
          failed = true;
          ctx.report({
            file: file.path,
            range,
            message: `${ins.keyword} \`${p.name}\` contains a ${credential.kind} (\`${redactMatch(value, credential)}\`): anyone who can pull the image can read it. Pass it at build time with \`RUN --mount=type=secret\` or at run time from a secret store.`,
            data: { name: p.name, kind: credential.kind },
          });
          continue;
        }
        if (isSecretName(p.name) && isLiteralSecretValue(value)) {
          failed = true;
          const where = ins.keyword === 'ARG' ? 'default of build argument' : 'environment variable';
          ctx.report({
            file: file.path,
            range,
            message: `The ${where} \`${p.name}\` is set to a literal (\`${redact(value)}\`): it is stored in the image${ins.keyword === 'ARG' ? ' history' : ' config'} for anyone who can pull it. Use \`RUN --mount=type=secret\` for build-time secrets and inject run-time secrets when the container starts.`,
            data: { name: p.name, kind: 'secret-like name' },
          });
        }
      }
    }
    if (!failed) ctx.pass();
  },
});
