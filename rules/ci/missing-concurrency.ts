import { defineRule } from '../../server/src/core/rule';
import { githubOf, insertBeforeKey, zizmor } from './_ci';

const TRIGGERS = new Set(['push', 'pull_request']);

export default defineRule({
  id: 'ci/missing-concurrency',
  meta: {
    category: 'delivery',
    severity: 'info',
    summary: 'A push or pull-request workflow has no `concurrency:` group, so superseded runs keep burning runner time and can finish out of order.',
    fixes: ['safe'],
    aliases: [zizmor('concurrency-limits')],
    scope: 'file',
    kinds: ['github-workflow'],
    productionOnly: false,
  },
  check(ctx) {
    const wf = githubOf(ctx);
    if (!wf || wf.kind !== 'workflow' || !wf.root) return;
    // A push filtered to tags only is a release: runs are rare and must not cancel each other.
    const onEntry = wf.yaml.get(wf.root, 'on');
    const tagsOnly = (event: string) => {
      const filter = wf.yaml.get(onEntry?.value, event)?.value;
      const keys = wf.yaml.entries(filter).map((e) => e.key);
      return keys.length > 0 && keys.every((k) => k === 'tags' || k === 'tags-ignore');
    };
    const trigger = wf.triggers.find((t) => TRIGGERS.has(t.event) && !tagsOnly(t.event));
    if (!trigger) return;
    if (wf.concurrency || (wf.jobs.length > 0 && wf.jobs.every((j) => j.concurrency))) {
      ctx.pass();
      return;
    }
    const edit = insertBeforeKey(wf.yaml, wf.root, ['jobs'], {
      concurrency: {
        group: '${{ github.workflow }}-${{ github.ref }}',
        'cancel-in-progress': "${{ github.event_name == 'pull_request' }}",
      },
    });
    ctx.report({
      file: wf.file,
      range: trigger.range,
      message: `The workflow runs on \`${trigger.event}\` without \`concurrency:\`: every push starts another full run while the previous one is still going. Group runs by workflow and ref, cancelling superseded pull-request runs.`,
      fixes: edit ? [{ title: 'Add a concurrency group per workflow and ref', safety: 'safe', changes: [{ file: wf.file, edits: [edit] }] }] : [],
    });
  },
});
