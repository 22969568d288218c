import { defineRule } from '../../server/src/core/rule';
import { githubOf, zizmor } from './_ci';

const FULL_SHA = /^[0-9a-f]{40}$/i;
/** GitHub's own organisations: a moved tag there is far less likely to be malicious. */
const FIRST_PARTY = new Set(['actions', 'github']);

export default defineRule({
  id: 'ci/unpinned-action',
  meta: {
    category: 'security',
    severity: 'warning',
    summary: 'An action or reusable workflow is referenced by a tag or branch, which its owner (or an attacker who takes it over) can move to different code.',
    fixes: [],
    aliases: [zizmor('unpinned-uses'), 'CKV_GHA_8'],
    scope: 'file',
    kinds: ['github-workflow', 'github-action'],
    productionOnly: false,
  },
  check(ctx) {
    const wf = githubOf(ctx);
    if (!wf) return;
    for (const uses of wf.uses) {
      if (uses.kind === 'local') continue;
      if (uses.kind === 'docker') {
        if (uses.raw.includes('@sha256:')) ctx.pass();
        else ctx.report({ file: wf.file, range: uses.range, message: `\`${uses.raw}\` is not pinned by digest: the image behind the tag can change. Use \`docker://image@sha256:…\`.` });
        continue;
      }
      if (uses.ref && FULL_SHA.test(uses.ref)) {
        ctx.pass();
        continue;
      }
      const owner = uses.slug?.split('/')[0] ?? '';
      const firstParty = FIRST_PARTY.has(owner);
      const what = uses.kind === 'reusable-workflow' ? 'reusable workflow' : 'action';
      const ref = uses.ref === undefined ? 'no ref at all' : /^[0-9a-f]{7,39}$/i.test(uses.ref) ? `a short SHA (\`${uses.ref}\`), which GitHub does not accept as a pin` : `\`${uses.ref}\`, a tag or branch that can be moved`;
      ctx.report({
        file: wf.file,
        range: uses.range,
        message: `The ${what} \`${uses.raw}\` is pinned to ${ref}. Pin the full 40-character commit SHA (keep the version in a comment: \`@<sha> # ${uses.ref ?? 'vX'}\`).`,
        severity: firstParty ? 'info' : undefined,
      });
    }
  },
});
