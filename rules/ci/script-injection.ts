import { defineRule, type RuleContext } from '../../server/src/core/rule';
import type { Fix } from '../../server/src/core/types';
import { ciScripts } from '../../server/src/parsers/ci/index';
import type { CiScript } from '../../server/src/parsers/ci/model';
import { effectiveCommand } from '../../server/src/parsers/shell/commands';
import { githubOf, pipelineOf, scriptRange, stepLabel, zizmor } from './_ci';
import { hoistFix, taintedUses } from './_injection';

/** GitLab variables whose value comes from whoever pushes a commit, a branch or opens a merge request. */
const GITLAB_UNTRUSTED = /\$\{?(CI_COMMIT_MESSAGE|CI_COMMIT_TITLE|CI_COMMIT_DESCRIPTION|CI_COMMIT_TAG_MESSAGE|CI_COMMIT_BRANCH|CI_COMMIT_REF_NAME|CI_MERGE_REQUEST_TITLE|CI_MERGE_REQUEST_DESCRIPTION|CI_MERGE_REQUEST_SOURCE_BRANCH_NAME|CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME|CI_COMMIT_AUTHOR)\b/;
/** Programs that run an argument as code. */
const EVALUATORS: Record<string, string[]> = {
  eval: [''], sh: ['-c'], bash: ['-c'], zsh: ['-c'], dash: ['-c'], ash: ['-c'],
  python: ['-c'], python3: ['-c'], node: ['-e', '--eval', '-p', '--print'], perl: ['-e', '-E'], ruby: ['-e'], php: ['-r'],
};

export default defineRule({
  id: 'ci/script-injection',
  meta: {
    category: 'security',
    severity: 'error',
    summary: 'An attacker-controllable value (issue title, PR branch name, commit message…) is pasted into a CI script, where it runs as code.',
    fixes: ['safe'],
    aliases: [zizmor('template-injection'), 'expression', 'CKV_GHA_2'],
    scope: 'file',
    kinds: ['github-workflow', 'github-action', 'gitlab-ci'],
    productionOnly: false,
  },
  check(ctx) {
    const file = ctx.file!;
    const wf = githubOf(ctx);
    if (wf) {
      for (const job of wf.jobs) {
        for (const step of job.steps) {
          for (const script of [step.run, step.script]) {
            if (!script) continue;
            const uses = taintedUses(wf, job.id === '(composite)' ? undefined : job, step, script);
            if (!uses.length) {
              ctx.pass();
              continue;
            }
            const fix = hoistFix(wf, job.id === '(composite)' ? undefined : job, step, script, uses);
            const fixes: Fix[] = fix ? [{ ...fix, safety: 'safe' }] : [];
            const where = script === step.script ? 'the github-script code' : 'the script';
            for (const u of uses) {
              ctx.report({
                file: file.path,
                range: scriptRange(script, u.expression.start, u.expression.end),
                message: `\`${u.context.path}\` is pasted into ${where} of ${stepLabel(job.id, step)}: ${u.who} can make it run commands. Pass it through \`env:\` and use the variable instead.`,
                fixes,
              });
            }
          }
        }
      }
      return;
    }
    const pipeline = pipelineOf(ctx);
    if (!pipeline) return;
    for (const path of pipeline.files) {
      const f = ctx.workspace.file(path);
      if (f) checkGitlab(ctx, ciScripts(ctx.workspace, f));
    }
  },
});

function checkGitlab(ctx: RuleContext, scripts: CiScript[]): void {
  for (const script of scripts) {
    if (!script.shell || !GITLAB_UNTRUSTED.test(script.text)) {
      ctx.pass();
      continue;
    }
    let found = false;
    for (const cmd of script.shell.commands) {
      const eff = effectiveCommand(cmd);
      if (!eff) continue;
      const name = eff.name.text.split('/').pop()!;
      const flags = EVALUATORS[name];
      if (!flags) continue;
      // `eval $X`: every argument is code. `sh -c "$X"`: the argument after the flag is.
      let code = flags.includes('') ? eff.args : [];
      if (!code.length) {
        const i = eff.args.findIndex((a) => flags.includes(a.text) || (a.text.startsWith('-') && !a.text.startsWith('--') && flags.some((f) => f.length === 2 && a.text.endsWith(f[1]))));
        if (i >= 0 && eff.args[i + 1]) code = [eff.args[i + 1]];
      }
      for (const word of code) {
        const m = GITLAB_UNTRUSTED.exec(word.raw);
        if (!m) continue;
        found = true;
        ctx.report({
          file: script.file,
          range: scriptRange(script, word.start + m.index, word.start + m.index + m[0].length),
          message: `\`$${m[1]}\` is run as code by \`${name}\`: whoever writes the commit message, branch name or merge request controls it. Use it as data (a quoted argument), never as a script.`,
        });
      }
    }
    if (!found) ctx.pass();
  }
}
