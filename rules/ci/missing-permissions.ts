import { defineRule } from '../../server/src/core/rule';
import type { Fix } from '../../server/src/core/types';
import { githubOf, insertBeforeKey, writeNeed, zizmor } from './_ci';

const READ_ONLY = { permissions: { contents: 'read' } };

export default defineRule({
  id: 'ci/missing-permissions',
  meta: {
    category: 'security',
    severity: 'warning',
    summary: 'A job runs with the repository\'s default GITHUB_TOKEN permissions because neither the workflow nor the job declares `permissions:`.',
    fixes: ['safe', 'unsafe'],
    aliases: [zizmor('excessive-permissions'), 'job_permissions'],
    scope: 'file',
    kinds: ['github-workflow'],
    productionOnly: false,
  },
  check(ctx) {
    const wf = githubOf(ctx);
    if (!wf || wf.kind !== 'workflow' || !wf.root) return;
    if (wf.permissions) {
      ctx.pass(wf.jobs.length || 1);
      return;
    }
    const uncovered = wf.jobs.filter((j) => !j.permissions);
    ctx.pass(wf.jobs.length - uncovered.length);
    if (!uncovered.length) return;
    // One workflow-level default serves every uncovered job; it is safe only if none of them writes.
    const needs = uncovered.map((j) => ({ job: j, need: writeNeed(j) }));
    const blocker = needs.find((n) => n.need);
    const top = insertBeforeKey(wf.yaml, wf.root, ['jobs'], READ_ONLY);
    for (const { job, need } of needs) {
      const fixes: Fix[] = [];
      if (top) {
        fixes.push({
          title: 'Add `permissions: contents: read` to the workflow',
          safety: blocker ? 'unsafe' : 'safe',
          changes: [{ file: wf.file, edits: [top] }],
        });
      }
      const own = insertBeforeKey(wf.yaml, job.map, ['steps', 'uses', 'with'], READ_ONLY);
      if (own) fixes.push({ title: `Add \`permissions: contents: read\` to job "${job.id}"`, safety: need ? 'unsafe' : 'safe', changes: [{ file: wf.file, edits: [own] }] });
      ctx.report({
        file: wf.file,
        range: job.idRange,
        message: `Job "${job.id}" gets the repository's default token permissions (often read/write on everything): declare \`permissions:\` for the workflow or the job${need ? ` — ${need}, so grant the write scope it needs` : ''}.`,
        fixes,
      });
    }
  },
});
