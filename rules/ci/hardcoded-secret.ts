import { isScalar, isMap, isSeq, isPair } from 'yaml';
import { defineRule, type RuleContext } from '../../server/src/core/rule';
import { ciYaml } from '../../server/src/parsers/ci/index';
import { mapScalar, spanOf, type ScalarStyle } from '../../server/src/parsers/ci/scalar';
import { detectCredential, redactMatch } from '../dockerfile/_secrets';
import { githubOf, pipelineOf, zizmor } from './_ci';

const MAX_NODES = 200_000;

/** Reports every string scalar of a file that holds a known credential format. */
function scanFile(ctx: RuleContext, path: string): void {
  const file = ctx.workspace.file(path);
  if (!file) return;
  const yf = ciYaml(ctx.workspace, file);
  let clean = true;
  let budget = MAX_NODES;
  const stack: unknown[] = yf.documents.map((d) => d.contents);
  // Aliases are not followed: the anchored node is scanned once, where it is written.
  while (stack.length && budget-- > 0) {
    const node = stack.pop();
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) stack.push(item);
    } else if (isPair(node)) {
      stack.push(node.value);
    } else if (isScalar(node) && typeof node.value === 'string' && node.range && node.value.length >= 8) {
      const value = node.value;
      const match = detectCredential(value);
      if (!match || value.slice(match.start, match.end).includes('${{')) continue;
      clean = false;
      const scalar = mapScalar(yf.text, value, node.type as ScalarStyle | undefined, node.range[0], node.range[1]);
      const span = spanOf(scalar, match.start, match.end);
      ctx.report({
        file: path,
        range: yf.offsetRange(span.start, span.end),
        message: `${/^[AEIOU]/.test(match.kind) ? 'An' : 'A'} ${match.kind} is written in the CI file (\`${redactMatch(value, match)}\`): everyone who can read the repository can use it. Revoke it and read it from a secret (\`\${{ secrets.NAME }}\` / a masked CI/CD variable).`,
      });
    }
  }
  if (clean) ctx.pass();
}

export default defineRule({
  id: 'ci/hardcoded-secret',
  meta: {
    category: 'security',
    severity: 'error',
    summary: 'A credential in a known format (cloud key, GitHub/GitLab token, private key…) or a literal registry password is written in a CI file.',
    fixes: [],
    aliases: [zizmor('hardcoded-container-credentials'), 'credentials'],
    scope: 'file',
    kinds: ['github-workflow', 'github-action', 'gitlab-ci'],
    productionOnly: false,
  },
  check(ctx) {
    const wf = githubOf(ctx);
    if (wf) {
      scanFile(ctx, wf.file);
      for (const c of wf.literalCredentials) {
        // A password in a known format was already reported by the scan.
        if (detectCredential(c.value)) continue;
        ctx.report({
          file: wf.file,
          range: c.range,
          message: `The registry password of \`${c.where}\` is written literally: anyone who can read the workflow can use it. Use \`\${{ secrets.NAME }}\`.`,
        });
      }
      return;
    }
    const pipeline = pipelineOf(ctx);
    if (!pipeline) return;
    for (const path of pipeline.files) scanFile(ctx, path);
  },
});
