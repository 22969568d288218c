import { defineRule } from '../../server/src/core/rule';
import type { Range } from '../../server/src/core/types';
import type { GhJob, GhStep } from '../../server/src/parsers/ci/model';
import { githubOf, stepLabel, zizmor } from './_ci';

const PRIVILEGED = new Set(['pull_request_target', 'workflow_run']);
/** Expressions that name the untrusted head of a pull request or of the triggering run. */
const HEAD_REF = /github\.event\.pull_request\.head\.(sha|ref)|github\.head_ref|github\.event\.pull_request\.merge_commit_sha|github\.event\.workflow_run\.head_(sha|branch)|github\.event\.workflow_run\.pull_requests|refs\/pull\/|github\.event\.(number|pull_request\.number)|github\.event\.pull_request\.head\.repo\.full_name|github\.event\.workflow_run\.head_repository/;
const RUN_CHECKOUT = /\bgh\s+pr\s+checkout\b|\bgit\s+fetch\b[^\n]*\bpull\/|\bgit\s+(checkout|switch|reset)\b[^\n]*(\$\{\{[^}]*(head\.(sha|ref)|head_ref|head_sha|head_branch)|FETCH_HEAD)/;
/** Commands that execute what was checked out: builds, installs with lifecycle scripts, tests, local scripts. */
const RUNS_CODE = /\b(npm|yarn|pnpm|bun)\s+(install|ci|i|run|test|build)\b|\bpip\s+install\b|\bpoetry\s+install\b|\bmake\b|\bpytest\b|\btox\b|\bgo\s+(build|test|run|generate)\b|\bcargo\s+(build|test|run)\b|\bmvn\b|\bgradle|\bdocker\s+build\b|(^|\s)\.\/[\w./-]+|\bbash\s+[\w./-]+\.sh\b|\bpython3?\s+[\w./-]+\.py\b/m;
/** `if:` guards that only run for pull requests from the repository itself. */
const SAME_REPO = /head\.repo\.full_name\s*==\s*github\.repository|github\.repository\s*==\s*github\.event\.pull_request\.head\.repo\.full_name|head\.repo\.fork\s*==\s*false|!\s*github\.event\.pull_request\.head\.repo\.fork/;

interface Hit {
  step: GhStep;
  range: Range;
  what: string;
}

function untrustedCheckout(step: GhStep): Hit | undefined {
  if (step.uses?.slug === 'actions/checkout') {
    for (const key of ['ref', 'repository']) {
      const kv = step.with.find((w) => w.key === key);
      if (kv?.value && HEAD_REF.test(kv.value)) return { step, range: kv.range, what: `checks out \`${kv.value.trim()}\`` };
    }
    return undefined;
  }
  const m = step.run ? RUN_CHECKOUT.exec(step.run.text) : null;
  if (m && step.run) {
    const r = step.run.scalar;
    const start = r.offsets[m.index] ?? r.start;
    const end = (r.offsets[m.index + m[0].length - 1] ?? start) + 1;
    return { step, range: step.run.yaml.offsetRange(start, end), what: `runs \`${m[0].trim()}\`` };
  }
  return undefined;
}

function laterRun(job: GhJob, after: number): GhStep | undefined {
  return job.steps.find((s) => s.index > after && ((s.run && RUNS_CODE.test(s.run.text)) || s.uses?.kind === 'local'));
}

export default defineRule({
  id: 'ci/dangerous-trigger',
  meta: {
    category: 'security',
    severity: 'error',
    summary: 'A `pull_request_target` or `workflow_run` workflow — which runs with secrets and a write token — checks out or runs code from the untrusted pull request.',
    fixes: [],
    aliases: [zizmor('dangerous-triggers')],
    scope: 'file',
    kinds: ['github-workflow'],
    productionOnly: false,
  },
  check(ctx) {
    const wf = githubOf(ctx);
    if (!wf || wf.kind !== 'workflow') return;
    const trigger = wf.triggers.find((t) => PRIVILEGED.has(t.event));
    if (!trigger) return;
    for (const job of wf.jobs) {
      const guard = `${wf.yaml.str(wf.yaml.get(job.map, 'if')?.value) ?? ''}`;
      let found = false;
      for (const step of job.steps) {
        const hit = untrustedCheckout(step);
        if (!hit) continue;
        found = true;
        if (SAME_REPO.test(guard) || SAME_REPO.test(step.if ?? '')) {
          ctx.pass();
          continue;
        }
        const runner = laterRun(job, step.index);
        ctx.report({
          file: wf.file,
          range: hit.range,
          message: `This \`${trigger.event}\` workflow runs with repository secrets and a write token, and ${stepLabel(job.id, step)} ${hit.what} from the pull request${runner ? `, whose code ${stepLabel(job.id, runner)} then executes` : ''}: a fork can take over the repository. Use \`pull_request\` for untrusted code, or keep the privileged part free of it.`,
          related: [{ file: wf.file, range: trigger.range, message: `triggered by ${trigger.event}` }],
        });
      }
      if (!found) ctx.pass();
    }
  },
});
