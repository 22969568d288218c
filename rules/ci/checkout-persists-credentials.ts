import { isMap } from 'yaml';
import { defineRule } from '../../server/src/core/rule';
import type { TextEdit } from '../../server/src/core/types';
import type { GhJob } from '../../server/src/parsers/ci/model';
import { insertEntries } from '../../server/src/parsers/yaml/edit';
import { githubOf, stepLabel, zizmor } from './_ci';

/** Steps after the checkout that push with the persisted token: removing it would break them. */
const PUSHES = /\bgit\s+(push|pull|fetch)\b|\bgit\s+submodule\s+update\b/;
const PUSH_ACTIONS = /^(stefanzweifel\/git-auto-commit-action|endbug\/add-and-commit|ad-m\/github-push-action|jamesives\/github-pages-deploy-action|peter-evans\/create-pull-request|changesets\/action)/;

function usesPersistedToken(job: GhJob, after: number): string | undefined {
  for (const step of job.steps) {
    if (step.index <= after) continue;
    if (step.uses?.slug && PUSH_ACTIONS.test(step.uses.slug)) return `\`${step.uses.slug}\``;
    const m = step.run ? PUSHES.exec(step.run.text) : null;
    if (m) return `\`${m[0]}\``;
  }
  return undefined;
}

export default defineRule({
  id: 'ci/checkout-persists-credentials',
  meta: {
    category: 'security',
    severity: 'info',
    summary: '`actions/checkout` leaves the GITHUB_TOKEN in `.git/config`, where every later step (and any uploaded artifact of the workspace) can read it.',
    fixes: ['safe', 'unsafe'],
    aliases: [zizmor('artipacked')],
    scope: 'file',
    kinds: ['github-workflow', 'github-action'],
    productionOnly: false,
  },
  check(ctx) {
    const wf = githubOf(ctx);
    if (!wf) return;
    for (const job of wf.jobs) {
      for (const step of job.steps) {
        if (step.uses?.slug !== 'actions/checkout') continue;
        const persist = step.with.find((kv) => kv.key === 'persist-credentials');
        if (persist && /^false$/i.test(persist.value ?? '')) {
          ctx.pass();
          continue;
        }
        if (persist && persist.value?.includes('${{')) {
          ctx.pass();
          continue;
        }
        const yf = wf.yaml;
        const withEntry = yf.get(step.map, 'with');
        let edit: TextEdit | undefined;
        if (persist) {
          edit = persist.entry.value?.range ? { range: persist.range, newText: 'false' } : undefined;
        } else if (withEntry) {
          edit = isMap(withEntry.value) && !withEntry.value.flow && withEntry.value.items.length ? insertEntries(yf, withEntry.value, { 'persist-credentials': 'false' }) : undefined;
        } else {
          edit = insertEntries(yf, step.map, { with: { 'persist-credentials': 'false' } });
        }
        const pusher = usesPersistedToken(job, step.index);
        ctx.report({
          file: wf.file,
          range: persist ? persist.range : step.uses.range,
          message: `The checkout in ${stepLabel(job.id, step)} keeps the token in .git/config for every later step to read${pusher ? ` (${pusher} later relies on it: give that step its own token if you turn it off)` : ''}. Set \`persist-credentials: false\`.`,
          fixes: edit ? [{ title: 'Set `persist-credentials: false`', safety: pusher ? 'unsafe' : 'safe', changes: [{ file: wf.file, edits: [edit] }] }] : [],
        });
      }
    }
  },
});
