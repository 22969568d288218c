import { defineRule } from '../../server/src/core/rule';
import type { Range } from '../../server/src/core/types';
import type { DockerInstruction, DockerStage } from '../../server/src/parsers/dockerfile/model';
import { entrypointAndCmd } from '../../server/src/model/image';
import type { WorkspaceModel } from '../../server/src/workspace/model';
import { ancestry, commandsOf, dirOf, joinPath } from './_b';
import { defaultContext } from './_ignorefile';

interface Word {
  text: string;
  range?: Range;
}

interface DevServer {
  /** Words of the start command that make it a dev server (first..last), for the range. */
  first: number;
  last: number;
  what: string;
  /** The package.json script body that made `npm start` a dev server. */
  via?: string;
  advice: string;
}

const BUILD_AND_SERVE = 'build the app in the image and start the production server (`next start`, `node dist/…`, a static file server)';
const NODE_DIRECT = 'run node on the built code directly; restart on failure is the orchestrator\'s job';
const DEV_SCRIPT = /^(dev|develop|development|start:dev|dev:[\w:-]+|serve:dev|watch)$/;
const RUNNERS_2 = /^(poetry|pipenv|uv|pdm|hatch|rye|bundle)$/;

const base = (w: Word | undefined): string => (w ? w.text.slice(w.text.lastIndexOf('/') + 1) : '');
const positional = (words: Word[], from: number): number => words.findIndex((w, i) => i >= from && !w.text.startsWith('-'));

/** Recognises a dev server in one command's words; `scripts` resolves `npm run x` through package.json. */
function detect(words: Word[], scripts: Record<string, string>, depth = 0): DevServer | undefined {
  let i = 0;
  // Wrappers and runners in front of the real program.
  for (let guard = 0; guard < 8 && i < words.length; guard++) {
    const p = base(words[i]);
    if (/^(tini|dumb-init|exec|nohup|--)$/.test(p) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i].text) || /^-/.test(words[i].text)) i++;
    else if (p === 'env' || p === 'cross-env') i++;
    else if (/^(gosu|su-exec)$/.test(p)) i += 2;
    else if (/^(npx|bunx|pnpx)$/.test(p)) i++;
    else if ((/^(pnpm|yarn|npm)$/.test(p) && words[i + 1]?.text === 'exec') || (RUNNERS_2.test(p) && /^(run|exec)$/.test(words[i + 1]?.text ?? ''))) i += 2;
    else break;
  }
  const at = i;
  const prog = base(words[at]);
  const rest = words.slice(at + 1).map((w) => w.text);
  const pos = positional(words, at + 1);
  const first = pos >= 0 ? words[pos].text : undefined;
  const hit = (last: number, what: string, advice: string, first = at): DevServer => ({ first, last, what, advice });

  if (/^python(\d+(\.\d+)?)?$/.test(prog)) {
    const m = rest.indexOf('-m');
    if (m >= 0 && words[at + 2 + m]) {
      const inner = detect(words.slice(at + 2 + m), scripts, depth);
      return inner && { ...inner, first: at, last: at + 2 + m + inner.last };
    }
    if (first && /(^|\/)manage\.py$/.test(first)) {
      const k = rest.indexOf('runserver');
      if (k >= 0) return hit(at + 1 + k, `${prog} manage.py runserver`, 'serve the project with gunicorn or uvicorn');
    }
    return undefined;
  }
  switch (prog) {
    case 'flask': {
      // `flask --app web run`: options with values come before the command.
      const k = rest.indexOf('run');
      return k >= 0 ? hit(at + 1 + k, 'flask run', 'serve the app with a WSGI server such as gunicorn') : undefined;
    }
    case 'django-admin':
      return first === 'runserver' ? hit(pos, 'django-admin runserver', 'serve the project with gunicorn or uvicorn') : undefined;
    case 'uvicorn':
    case 'gunicorn':
    case 'hypercorn': {
      const k = rest.findIndex((t) => t === '--reload' || t.startsWith('--reload='));
      return k >= 0 ? hit(at + 1 + k, `${prog} --reload`, 'drop --reload: it watches the filesystem and restarts workers', at + 1 + k) : undefined;
    }
    case 'fastapi':
      return first === 'dev' ? hit(pos, 'fastapi dev', 'use `fastapi run` (or uvicorn without --reload)') : undefined;
    case 'nodemon':
    case 'ts-node-dev':
    case 'tsnd':
      return hit(at, prog, NODE_DIRECT);
    case 'tsx':
      return first === 'watch' ? hit(pos, 'tsx watch', NODE_DIRECT) : undefined;
    case 'node':
    case 'bun':
    case 'deno': {
      const k = rest.findIndex((t) => /^--(watch|hot)(=|$|-path)/.test(t));
      if (k >= 0) return hit(at + 1 + k, `${prog} ${rest[k]}`, NODE_DIRECT, at + 1 + k);
      if (prog === 'bun' && first) return runScript(words, scripts, depth, at, first === 'run' ? pos + 1 : pos);
      return undefined;
    }
    case 'next':
    case 'nuxt':
    case 'nuxi':
    case 'astro':
    case 'remix':
      return first === 'dev' ? hit(pos, `${prog} dev`, BUILD_AND_SERVE) : undefined;
    case 'vite':
    case 'parcel': {
      // Bare `vite`, `vite dev`/`serve`, `parcel index.html`; not build/preview.
      if (first && /^(build|preview|optimize)$/.test(first)) return undefined;
      const named = first !== undefined && /^(dev|serve|watch)$/.test(first);
      return hit(named ? pos : at, named ? `${prog} ${first}` : prog, BUILD_AND_SERVE);
    }
    case 'ng':
      return first === 'serve' || first === 's' ? hit(pos, 'ng serve', BUILD_AND_SERVE) : undefined;
    case 'vue-cli-service':
      return first === 'serve' ? hit(pos, 'vue-cli-service serve', BUILD_AND_SERVE) : undefined;
    case 'react-scripts':
      return first === 'start' ? hit(pos, 'react-scripts start', BUILD_AND_SERVE) : undefined;
    case 'webpack':
      return first === 'serve' ? hit(pos, 'webpack serve', BUILD_AND_SERVE) : undefined;
    case 'webpack-dev-server':
      return hit(at, prog, BUILD_AND_SERVE);
    case 'gatsby':
      return first === 'develop' ? hit(pos, 'gatsby develop', 'run `gatsby build` and serve the output') : undefined;
    case 'ember':
      return first === 'serve' || first === 's' ? hit(pos, 'ember serve', BUILD_AND_SERVE) : undefined;
    case 'nest':
      return first === 'start' && rest.some((t) => t === '--watch' || t === '-w' || t === '--dev') ? hit(at + rest.length, 'nest start --watch', NODE_DIRECT) : undefined;
    case 'php':
      return first && /(^|\/)artisan$/.test(first) && rest.includes('serve') ? hit(at + 1 + rest.indexOf('serve'), 'php artisan serve', 'serve the app with php-fpm behind a web server') : undefined;
    case 'npm':
    case 'yarn':
    case 'pnpm': {
      if (!first) return undefined;
      if (first === 'run' || first === 'run-script') return runScript(words, scripts, depth, at, pos + 1);
      if (first === 'start' || prog !== 'npm') return runScript(words, scripts, depth, at, pos);
      return undefined;
    }
  }
  return undefined;
}

/** `npm run <name>`: the script's body when package.json has it, else its name. */
function runScript(words: Word[], scripts: Record<string, string>, depth: number, at: number, nameAt: number): DevServer | undefined {
  const name = words[nameAt]?.text;
  if (!name) return undefined;
  const shown = words.slice(at, nameAt + 1).map((w) => base(w) === w.text ? w.text : base(w)).join(' ');
  const body = scripts[name];
  if (body !== undefined) {
    if (depth >= 3) return undefined;
    for (const part of body.split(/&&|\|\||;|\|/)) {
      const inner = detect(part.trim().split(/\s+/).map((text) => ({ text: text.replace(/^['"]|['"]$/g, '') })), scripts, depth + 1);
      if (inner) return { first: at, last: nameAt, what: shown, via: part.trim(), advice: inner.advice };
    }
    return undefined;
  }
  return DEV_SCRIPT.test(name) ? { first: at, last: nameAt, what: shown, advice: BUILD_AND_SERVE } : undefined;
}

/** Words of every command a CMD/ENTRYPOINT runs. */
function startCommands(ins: DockerInstruction): Word[][] {
  const script = ins.execShell ?? ins.shell;
  if (script) return commandsOf(script).map((eff) => [eff.name, ...eff.args]);
  if (ins.execForm) return [ins.execForm.values.map((text, i) => ({ text, range: ins.execForm!.ranges[i] }))];
  return [];
}

function packageScripts(ws: WorkspaceModel, dockerfilePath: string, stages: DockerStage[]): Record<string, string> {
  const contextDir = defaultContext(dockerfilePath);
  const candidates = [joinPath(contextDir, 'package.json')];
  for (const s of stages) {
    for (const ins of s.instructions) {
      if (ins.keyword !== 'COPY' || ins.flags.some((f) => f.name === 'from')) continue;
      for (const src of ins.paths?.sources ?? []) if (/(^|\/)package(\*)?\.json$/.test(src.text)) candidates.push(joinPath(contextDir, joinPath(dirOf(src.text.replace(/^\.\//, '')), 'package.json')));
    }
  }
  for (const path of candidates) {
    const text = ws.file(path)?.text;
    if (!text) continue;
    try {
      const scripts = (JSON.parse(text) as { scripts?: Record<string, unknown> }).scripts ?? {};
      return Object.fromEntries(Object.entries(scripts).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch {
      // An unparsable package.json resolves nothing; script names still count.
    }
  }
  return {};
}

export default defineRule({
  id: 'dockerfile/dev-server-in-production',
  meta: {
    category: 'reliability',
    severity: 'warning',
    summary: 'The production image starts a development server (flask run, runserver, --reload, npm run dev, next dev, nodemon, vite…).',
    fixes: [],
    aliases: [],
    scope: 'file',
    kinds: ['dockerfile'],
    productionOnly: true,
  },
  check(ctx) {
    const file = ctx.file!;
    const model = ctx.workspace.dockerfile(file.path);
    const final = model?.finalStage;
    if (!model || !final) return;
    if (ctx.workspace.stageEnvironment(file.path, final.name) === 'development') return;
    const stages = ancestry(final);
    const { entrypoint, cmd } = entrypointAndCmd(final);
    const start = [entrypoint, cmd].filter((i): i is DockerInstruction => i !== undefined);
    if (!start.length) return;
    const scripts = packageScripts(ctx.workspace, file.path, stages);
    for (const ins of start) {
      for (const words of startCommands(ins)) {
        const found = detect(words, scripts);
        if (!found) continue;
        const from = words[found.first]?.range ?? ins.keywordRange;
        const to = words[found.last]?.range ?? from;
        ctx.report({
          file: file.path,
          range: { start: from.start, end: to.end },
          message: `The image starts a development server with \`${found.what}\`${found.via ? ` (package.json: \`${found.via}\`)` : ''}: it is built for local iteration (file watching, unoptimised code, debug tooling), not for production traffic; ${found.advice}.`,
        });
        return;
      }
    }
    ctx.pass();
  },
});
