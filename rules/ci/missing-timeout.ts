import { defineRule } from '../../server/src/core/rule';
import { insertEntries } from '../../server/src/parsers/yaml/edit';
import { githubOf, insertBeforeKey, pipelineOf } from './_ci';

export default defineRule({
  id: 'ci/missing-timeout',
  meta: {
    category: 'reliability',
    severity: 'warning',
    summary: 'A CI job has no timeout of its own: a hung test or deploy holds a runner for the platform maximum (6 hours on GitHub).',
    fixes: ['safe'],
    aliases: ['job_timeout_minutes_is_required'],
    scope: 'file',
    kinds: ['github-workflow', 'gitlab-ci'],
    productionOnly: false,
  },
  check(ctx) {
    const wf = githubOf(ctx);
    if (wf) {
      if (wf.kind !== 'workflow') return;
      for (const job of wf.jobs) {
        // A reusable-workflow call cannot take timeout-minutes: its own jobs are checked in their file.
        if (job.uses) continue;
        if (job.timeoutMinutes) {
          ctx.pass();
          continue;
        }
        const edit = insertBeforeKey(wf.yaml, job.map, ['steps'], { 'timeout-minutes': '30' });
        ctx.report({
          file: wf.file,
          range: job.idRange,
          message: `Job "${job.id}" has no \`timeout-minutes\`: if it hangs it runs for 6 hours before GitHub stops it. Set a limit a little above its normal duration.`,
          fixes: edit ? [{ title: 'Add `timeout-minutes: 30`', safety: 'safe', changes: [{ file: wf.file, edits: [edit] }] }] : [],
        });
      }
      return;
    }
    const pipeline = pipelineOf(ctx);
    if (!pipeline) return;
    for (const job of pipeline.jobs) {
      if (job.hidden || job.trigger) continue;
      if (job.timeout) {
        ctx.pass();
        continue;
      }
      const edit = job.map.flow ? undefined : insertEntries(job.yaml, job.map, { timeout: '30m' });
      ctx.report({
        file: job.file,
        range: job.nameRange,
        message: `Job "${job.name}" has no \`timeout:\` (nor does \`default:\` or a job it extends): it runs until the project-wide limit. Set a limit a little above its normal duration.`,
        fixes: edit ? [{ title: 'Add `timeout: 30m`', safety: 'safe', changes: [{ file: job.file, edits: [edit] }] }] : [],
      });
    }
  },
});
