import { defineRule } from '../../server/src/core/rule';
import type { ConfigValue } from '../../server/src/model/app';
import { buildFixes, CODE_RULE_KINDS, codeModel, factsOf, languageOf, overridden, related } from './_code';
import { deploymentsOf, runsAsScript, type Deployment } from './_deploy';

/** A literal that turns debugging on (`True`, `1`, `"debug"`), not a release/off value. */
function on(v: ConfigValue): boolean {
  if (v.origin !== 'literal') return false;
  const l = v.literal;
  if (typeof l === 'boolean') return l;
  if (typeof l === 'number') return l !== 0;
  if (typeof l === 'string') return !/^(|0|false|off|no|release|production|prod|test)$/i.test(l.trim());
  return false;
}

export default defineRule({
  id: 'code/debug-enabled',
  meta: {
    category: 'security',
    severity: 'error',
    summary: 'Debug mode is on in production code: stack traces, an interactive debugger or auto-reload are exposed.',
    fixes: ['unsafe'],
    aliases: [],
    scope: 'workspace',
    kinds: CODE_RULE_KINDS,
    productionOnly: true,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const model = codeModel(ws);
    for (const d of factsOf(model, ws, 'debug')) {
      if (!d.production || overridden(model, ws, d.value.loc.file, d.setting, 'debug')) continue;
      if (!on(d.value)) {
        ctx.pass();
        continue;
      }
      const file = d.value.loc.file;
      let runner: Deployment | undefined;
      if (d.scriptOnly) {
        // `app.run(debug=True)` under `if __name__ == "__main__"` only runs when production starts the file itself.
        const deployments = deploymentsOf(ws, file).filter((x) => x.command.length);
        runner = deployments.find((x) => runsAsScript(x, file));
        if (deployments.length && !runner) continue;
      }
      const note = runner ? ` — and ${runner.commandSource} runs this file` : '';
      ctx.report({
        file,
        range: d.value.loc.range,
        message: `${d.what.replace('…', d.value.text)} turns debug mode on in production code${note}: errors show stack traces and settings to anyone, and debuggers such as Werkzeug's allow running code. Read it from the environment, off by default.`,
        related: runner ? [related(runner.command[0].loc, 'the production command')] : [],
        fixes: buildFixes(languageOf(file), (f) => f.debugFromEnv?.(d, ws)),
      });
    }
  },
});
