import { defineRule } from '../../server/src/core/rule';
import { entrypointAndCmd, imageContents } from '../../server/src/model/image';
import { programName } from '../../server/src/parsers/shell/commands';
import type { DockerInstruction, DockerStage } from '../../server/src/parsers/dockerfile/model';
import { commandsOf, envAt, insertLinesAfter } from './_b';

const PYTHON = /^python(\d+(\.\d+)?)?$/;
/** Programs that are Python processes. */
const PYTHON_SERVERS = /^(python(\d+(\.\d+)?)?|gunicorn|uvicorn|hypercorn|daphne|celery|flask|django-admin|fastapi|granian|waitress-serve|dramatiq|rq|huey_consumer)$/;

/** argv lists of the start command (ENTRYPOINT then CMD). */
function startArgvs(stage: DockerStage): string[][] {
  const { entrypoint, cmd } = entrypointAndCmd(stage);
  const out: string[][] = [];
  for (const ins of [entrypoint, cmd]) {
    if (!ins) continue;
    const script = ins.execShell ?? ins.shell;
    if (script) out.push(...commandsOf(script).map((e) => [programName(e.name) ?? '', ...e.args.map((a) => a.text)]));
    else if (ins.execForm) out.push(ins.execForm.values.map((v, i) => (i === 0 ? v.slice(v.lastIndexOf('/') + 1) : v)));
  }
  return out;
}

/** `python -u …` (also in an option cluster such as `-uB`). */
function runsUnbuffered(argvs: string[][]): boolean {
  return argvs.some((argv) => PYTHON.test(argv[0]) && argv.slice(1).some((a, i, rest) => /^-[a-zA-Z]*u[a-zA-Z]*$/.test(a) && !rest.slice(0, i).some((r) => !r.startsWith('-'))));
}

/** Where `ENV PYTHONUNBUFFERED=1` goes: after the final FROM and the ARG/ENV lines right below it. */
function insertionAnchor(stage: DockerStage): DockerInstruction {
  let anchor = stage.instructions[0];
  for (const ins of stage.instructions.slice(1)) {
    if (ins.keyword !== 'ARG' && ins.keyword !== 'ENV') break;
    anchor = ins;
  }
  return anchor;
}

export default defineRule({
  id: 'dockerfile/python-unbuffered-missing',
  meta: {
    category: 'observability',
    severity: 'info',
    summary: 'A Python image runs without PYTHONUNBUFFERED, so its stdout logs are buffered and lost on a crash.',
    fixes: ['safe'],
    aliases: [],
    scope: 'file',
    kinds: ['dockerfile'],
    productionOnly: false,
  },
  check(ctx) {
    const file = ctx.file!;
    const model = ctx.workspace.dockerfile(file.path);
    const final = model?.finalStage;
    if (!model || !final) return;
    const contents = imageContents(model, final);
    const base = contents.base;
    const argvs = startArgvs(final);
    const installed = contents.installs().some((p) => !p.removed && /^(python3?(\.\d+)?|python3-minimal|pypy3?)$/.test(p.name));
    const startsPython = argvs.some((a) => PYTHON_SERVERS.test(a[0]));
    // A Python base is a Python image. Elsewhere Python is often only a build tool (node-gyp needs
    // python3 in `node` images), so the image counts only when it starts a Python process — and on
    // an unknown base, which may set the variable itself, only when the Dockerfile installs Python.
    const pythonRuntimeBase = base.family === 'python' || (base.family === 'distroless' && /python/.test(base.image));
    const pythonImage = pythonRuntimeBase || (startsPython && (base.family !== 'unknown' || installed));
    if (!pythonImage) return;
    if ((envAt(final, undefined, 'PYTHONUNBUFFERED', false) ?? '') !== '' || runsUnbuffered(argvs)) {
      ctx.pass();
      return;
    }
    ctx.report({
      file: file.path,
      range: final.from.range,
      message: `This Python image runs without PYTHONUNBUFFERED=1 (or \`python -u\`): stdout is block-buffered when it is not a terminal, so log lines reach \`docker logs\` late and the last ones are lost when the process crashes.`,
      fixes: [{ title: 'Add ENV PYTHONUNBUFFERED=1', safety: 'safe', changes: [{ file: file.path, edits: [insertLinesAfter(file, insertionAnchor(final), ['ENV PYTHONUNBUFFERED=1'])] }] }],
    });
  },
});
