import { defineRule } from '../../server/src/core/rule';
import type { GhPermissions } from '../../server/src/parsers/ci/model';
import { githubOf, zizmor } from './_ci';

export default defineRule({
  id: 'ci/write-all-permissions',
  meta: {
    category: 'security',
    severity: 'error',
    summary: 'The workflow or a job grants `permissions: write-all`: every step can push code, publish packages and change repository settings.',
    fixes: [],
    aliases: [zizmor('excessive-permissions'), 'CKV2_GHA_1'],
    scope: 'file',
    kinds: ['github-workflow'],
    productionOnly: false,
  },
  check(ctx) {
    const wf = githubOf(ctx);
    if (!wf || wf.kind !== 'workflow') return;
    const check = (p: GhPermissions | undefined, where: string) => {
      if (!p) return;
      if (p.kind !== 'write-all') {
        ctx.pass();
        return;
      }
      ctx.report({
        file: wf.file,
        range: p.range,
        message: `${where} grants \`write-all\`: the GITHUB_TOKEN of every step can push, release and edit settings. List only the scopes it needs (e.g. \`contents: read\`, \`pull-requests: write\`).`,
      });
    };
    check(wf.permissions, 'The workflow');
    for (const job of wf.jobs) check(job.permissions, `Job "${job.id}"`);
  },
});
