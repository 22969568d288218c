import { defineRule } from '../../server/src/core/rule';
import type { Fix, Range, TextEdit } from '../../server/src/core/types';
import type { DockerInstruction } from '../../server/src/parsers/dockerfile/model';
import { parseShell } from '../../server/src/parsers/shell/parse';
import type { ShellScript } from '../../server/src/parsers/shell/model';
import type { SourceFile } from '../../server/src/workspace/model';
import { entrypointAndCmd } from '../../server/src/model/image';
import { isWindowsStage } from './_a';
import { execInsertionPoint, execsFinalProgram, finalCommand, setsTrap, shellDashC, staticArgv, toJsonArray } from './_startup';

const ID = 'dockerfile/shell-form-entrypoint';

function shortText(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? one.slice(0, 57) + '…' : one;
}

/** Replaces one JSON string of an exec-form array, whether or not its range includes the quotes. */
function replaceJsonString(file: SourceFile, range: Range, value: string): TextEdit {
  const current = file.text.slice(file.lines.offsetAt(range.start), file.lines.offsetAt(range.end));
  const json = JSON.stringify(value);
  return { range, newText: current.startsWith('"') ? json : json.slice(1, -1) };
}

export default defineRule({
  id: ID,
  meta: {
    category: 'reliability',
    severity: 'warning',
    summary: 'The container starts through a shell that does not forward SIGTERM to the program (shell-form CMD/ENTRYPOINT, or `sh -c` without `exec`).',
    fixes: ['safe', 'unsafe'],
    aliases: ['DL3025', 'JSONArgsRecommended'],
    scope: 'file',
    kinds: ['dockerfile'],
    productionOnly: false,
  },
  check(ctx) {
    const file = ctx.file!;
    const model = ctx.workspace.dockerfile(file.path);
    const stage = model?.finalStage;
    if (!model || !stage || isWindowsStage(stage)) return;
    const { cmd, entrypoint } = entrypointAndCmd(stage);
    const execEntrypoint = entrypoint?.execForm !== undefined;
    let failed = false;

    const check = (ins: DockerInstruction): void => {
      if (ins.shell && !ins.execForm) {
        const script = ins.shell;
        if (execsFinalProgram(script) || setsTrap(script) || !ins.argsRange) return;
        failed = true;
        const fixes: Fix[] = [];
        const argv = ins.heredocs.length ? undefined : staticArgv(script);
        if (argv) {
          // Converting changes what the program receives when something else appends arguments:
          // an exec-form ENTRYPOINT gets argv instead of `/bin/sh -c …`, and a converted ENTRYPOINT
          // starts receiving CMD and `docker run` arguments.
          const safe = ins.keyword === 'CMD' ? !execEntrypoint : false;
          fixes.push({
            title: `Use exec form: ${ins.keyword} ${toJsonArray(argv)}`,
            safety: safe ? 'safe' : 'unsafe',
            changes: [{ file: file.path, edits: [{ range: ins.argsRange, newText: toJsonArray(argv) }] }],
          });
        } else {
          const at = execInsertionPoint(script);
          const last = at !== undefined ? script.commands.find((c) => c.name?.start === at) : undefined;
          if (last?.name) {
            fixes.push({
              title: `Run the final command with exec (exec ${last.name.text} …)`,
              safety: 'unsafe',
              changes: [{ file: file.path, edits: [{ range: { start: last.name.range.start, end: last.name.range.start }, newText: 'exec ' }] }],
            });
          }
        }
        const how =
          ins.keyword === 'ENTRYPOINT'
            ? `\`ENTRYPOINT ${shortText(ins.argsText)}\` uses shell form: it runs as \`/bin/sh -c\`, ignores CMD and \`docker run\` arguments, and`
            : execEntrypoint
              ? `\`CMD ${shortText(ins.argsText)}\` uses shell form, so the ENTRYPOINT receives \`/bin/sh -c "…"\` as arguments and`
              : `\`CMD ${shortText(ins.argsText)}\` uses shell form: Docker runs it as \`/bin/sh -c "…"\`, and`;
        ctx.report({
          file: file.path,
          range: ins.argsRange,
          message: `${how} the shell can end up as PID 1, which does not pass SIGTERM on: \`docker stop\` waits out its timeout and kills the program without a graceful shutdown. Use the JSON (exec) form${argv ? '' : ', or `exec` the final command'}.`,
          fixes,
          data: { keyword: ins.keyword },
        });
        return;
      }
      const values = ins.execForm?.values;
      const ranges = ins.execForm?.ranges;
      const dashC = values ? shellDashC(values) : undefined;
      if (!dashC || !ranges?.[dashC.index]) return;
      const range = ranges[dashC.index];
      // The parser maps the script's words into the JSON string; parse it ourselves otherwise.
      let script: ShellScript | undefined = ins.execShell;
      if (!script || script.source !== dashC.script) {
        try {
          script = parseShell(dashC.script, () => range);
        } catch {
          return;
        }
      }
      if (script.commands.length === 0 || execsFinalProgram(script) || setsTrap(script)) return;
      failed = true;
      const fixes: Fix[] = [];
      const at = execInsertionPoint(script);
      if (at !== undefined) {
        const next = dashC.script.slice(0, at) + 'exec ' + dashC.script.slice(at);
        fixes.push({
          title: 'Insert exec before the final command of the -c script',
          safety: 'unsafe',
          changes: [{ file: file.path, edits: [replaceJsonString(file, range, next)] }],
        });
      }
      const final = finalCommand(script);
      const program = final?.name?.text;
      ctx.report({
        file: file.path,
        range: final?.name?.range ?? range,
        message: `The \`${dashC.shell} -c\` script of ${ins.keyword} does not \`exec\` its final command${program ? ` (\`${program}\`)` : ''}: the shell stays PID 1 and does not pass SIGTERM on, so the program is killed without a graceful shutdown. Start the final command with \`exec\`.`,
        fixes,
        data: { keyword: ins.keyword },
      });
    };

    if (entrypoint) check(entrypoint);
    // A shell-form ENTRYPOINT ignores CMD entirely; its finding already covers the start command.
    if (cmd && !(entrypoint && !entrypoint.execForm)) check(cmd);
    if (!failed && (cmd || entrypoint)) ctx.pass();
  },
});
