import { defineRule } from '../../server/src/core/rule';
import type { Fix } from '../../server/src/core/types';
import type { Activity, Escape } from '../../server/src/parsers/ci/model';
import { stepActivities } from '../../server/src/parsers/ci/index';
import { githubOf, pipelineOf } from './_ci';

const GATES = new Set(['test', 'lint', 'typecheck', 'security']);
const LABEL: Record<string, string> = { test: 'tests', lint: 'lint', typecheck: 'type check', security: 'security scan' };

const HOW: Record<Escape['kind'], string> = {
  'continue-on-error': 'lets the job go green when it fails',
  'allow-failure': 'lets the pipeline pass when it fails',
  'or-true': 'discards its exit status',
  'exit-zero': 'makes it exit 0 whatever it finds',
  'errexit-off': 'turns off exit-on-error, so a failure is ignored unless it is the last command',
  pipeline: "pipes it into another command without `pipefail`, so the pipeline's status is the last command's",
};

export default defineRule({
  id: 'ci/quality-gate-disabled',
  meta: {
    category: 'delivery',
    severity: 'warning',
    summary: 'A test, lint, type-check or security step cannot fail the pipeline (`continue-on-error`, `allow_failure`, `|| true`, `--exit-zero`, `set +e`).',
    fixes: ['safe', 'unsafe'],
    aliases: [],
    scope: 'file',
    kinds: ['github-workflow', 'github-action', 'gitlab-ci'],
    productionOnly: false,
  },
  check(ctx) {
    const activities: Activity[] = [];
    const wf = githubOf(ctx);
    if (wf) for (const job of wf.jobs) for (const step of job.steps) activities.push(...stepActivities(ctx.workspace, step));
    else {
      const pipeline = pipelineOf(ctx);
      if (!pipeline) return;
      for (const job of pipeline.jobs) if (!job.hidden) activities.push(...job.activities);
    }
    // One finding per escape, naming every gate it disables (a job-level flag can cover several).
    const byEscape = new Map<string, { escape: Escape; tools: string[] }>();
    for (const a of activities) {
      if (!GATES.has(a.kind)) continue;
      if (!a.escapes.length) {
        ctx.pass();
        continue;
      }
      for (const e of a.escapes) {
        const key = `${e.file}:${e.range.start.line}:${e.range.start.character}:${e.kind}`;
        const hit = byEscape.get(key) ?? { escape: e, tools: [] };
        const label = `\`${a.tool}\` (${LABEL[a.kind]})`;
        if (!hit.tools.includes(label)) hit.tools.push(label);
        byEscape.set(key, hit);
      }
    }
    for (const { escape, tools } of byEscape.values()) {
      const yf = ctx.workspace.file(escape.file);
      const fixes: Fix[] = [];
      if (escape.removal && yf) {
        const edit = { range: yf.lines.rangeAt(escape.removal.start, escape.removal.end), newText: escape.removal.replacement ?? '' };
        fixes.push({
          title: escape.removal.replacement ? `Set \`${escape.text.split(':')[0]}: false\`` : `Remove \`${escape.text}\``,
          safety: escape.removalUnsafe ? 'unsafe' : 'safe',
          changes: [{ file: escape.file, edits: [edit] }],
        });
      }
      ctx.report({
        file: escape.file,
        range: escape.range,
        message: `\`${escape.text}\` ${HOW[escape.kind]}: ${tools.join(', ')} cannot fail the build, so the check is for show.`,
        fixes,
      });
    }
  },
});
