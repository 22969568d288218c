/**
 * How a service's code is deployed, from the workspace's Dockerfiles and compose files: the build
 * contexts containing it, the command its container runs (CMD/ENTRYPOINT or compose `command:`),
 * how many processes that starts (gunicorn/uvicorn/hypercorn workers, `WEB_CONCURRENCY`, pm2
 * instances) and replicas, and the HTTP paths its healthchecks probe.
 */
import type { Loc } from '../../server/src/model/app';
import { composeProject, shellOf, type ComposeService, type ComposeValue } from '../../server/src/parsers/compose/index';
import type { DockerInstruction, DockerStage } from '../../server/src/parsers/dockerfile/model';
import type { WorkspaceModel } from '../../server/src/workspace/model';

export interface Word {
  text: string;
  loc: Loc;
}

export interface Probe {
  url: string;
  path: string;
  loc: Loc;
  /** "the HEALTHCHECK of api/Dockerfile", "the healthcheck of compose service `api`". */
  source: string;
}

export interface Deployment {
  contextDir: string;
  dockerfile: string | undefined;
  composeService: string | undefined;
  /** The container's command words (compose `command:` wins over CMD). */
  command: Word[];
  commandSource: string;
  env: Map<string, Word>;
  probes: Probe[];
  replicas: { count: number; loc: Loc } | undefined;
}

function within(dir: string, path: string): boolean {
  return dir === '' || path === dir || path.startsWith(`${dir}/`);
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function instructionWords(file: string, ins: DockerInstruction | undefined): Word[] {
  if (!ins) return [];
  if (ins.execForm) return ins.execForm.values.map((text, i) => ({ text, loc: { file, range: ins.execForm!.ranges[i] } }));
  const out: Word[] = [];
  for (const c of ins.shell?.commands ?? []) {
    if (c.name) out.push({ text: c.name.text, loc: { file, range: c.name.range } });
    for (const a of c.args) out.push({ text: a.text, loc: { file, range: a.range } });
  }
  if (!out.length && ins.argsRange) out.push(...ins.argsText.split(/\s+/).filter(Boolean).map((text) => ({ text, loc: { file, range: ins.argsRange! } })));
  return out;
}

function lastOf(stage: DockerStage, keyword: string): DockerInstruction | undefined {
  let found: DockerInstruction | undefined;
  for (const ins of stage.instructions) if (ins.keyword === keyword) found = ins;
  return found;
}

function composeWords(v: ComposeValue): Word[] {
  const script = shellOf(v);
  if (script && script.commands.length) {
    const out: Word[] = [];
    for (const c of script.commands) {
      if (c.name) out.push({ text: c.name.text, loc: { file: v.file, range: c.name.range } });
      for (const a of c.args) out.push({ text: a.text, loc: { file: v.file, range: a.range } });
    }
    return out;
  }
  return v.value.split(/\s+/).filter(Boolean).map((text) => ({ text, loc: { file: v.file, range: v.range } }));
}

const URL = /https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::\d+)?(\/[^\s'"`|;)\\,]*)?/g;

function probesIn(words: Word[], source: string): Probe[] {
  const out: Probe[] = [];
  for (const w of words) {
    for (const m of w.text.matchAll(URL)) {
      const path = (m[1] ?? '/').replace(/[?#].*$/, '') || '/';
      out.push({ url: m[0], path, loc: w.loc, source });
    }
  }
  return out;
}

function stageOf(model: ReturnType<WorkspaceModel['dockerfile']>, target: string | undefined): DockerStage | undefined {
  if (!model) return undefined;
  if (target) return model.stages.find((s) => s.name?.toLowerCase() === target) ?? model.finalStage;
  return model.finalStage;
}

function fromDockerfile(ws: WorkspaceModel, path: string, contextDir: string, target: string | undefined, service?: ComposeService): Deployment | undefined {
  const model = ws.dockerfile(path);
  const stage = stageOf(model, target);
  const env = new Map<string, Word>();
  const probes: Probe[] = [];
  let command: Word[] = [];
  let commandSource = '';
  if (stage) {
    for (const [k, v] of stage.env) env.set(k, { text: v, loc: { file: path, range: stage.range } });
    command = [...instructionWords(path, lastOf(stage, 'ENTRYPOINT')), ...instructionWords(path, lastOf(stage, 'CMD'))];
    commandSource = `the CMD of ${path}`;
    const hc = lastOf(stage, 'HEALTHCHECK');
    if (hc?.healthcheck && !hc.healthcheck.none) probes.push(...probesIn(instructionWords(path, hc.healthcheck.command ?? hc), `the HEALTHCHECK of ${path}`));
  }
  const deployment: Deployment = { contextDir, dockerfile: model ? path : undefined, composeService: undefined, command, commandSource, env, probes, replicas: undefined };
  if (service) applyCompose(deployment, service);
  return deployment;
}

function applyCompose(d: Deployment, s: ComposeService): void {
  d.composeService = s.name;
  for (const e of s.environment) if (e.value) d.env.set(e.name, { text: e.value.value, loc: { file: e.file, range: e.valueRange ?? e.range } });
  if (s.command) {
    d.command = s.command.form === 'list' ? s.command.argv.map((v) => ({ text: v.value, loc: { file: v.file, range: v.range } })) : s.command.text ? composeWords(s.command.text) : [];
    d.commandSource = `the \`command:\` of compose service \`${s.name}\``;
  }
  const test = s.healthcheck?.test;
  if (test && !s.healthcheck!.disabled) {
    const words = test.kind === 'CMD' ? test.argv.map((v) => ({ text: v.value, loc: { file: v.file, range: v.range } })) : test.script ? composeWords(test.script) : [];
    // A compose healthcheck replaces the image's HEALTHCHECK.
    d.probes = probesIn(words, `the healthcheck of compose service \`${s.name}\``);
  }
  const replicas = s.deploy.replicas;
  if (replicas !== undefined && s.map) {
    const entry = s.yaml.getPath(s.map, 'deploy', 'replicas');
    d.replicas = { count: replicas, loc: { file: s.file, range: entry?.valueRange ?? s.keyRange } };
  }
}

/** Every deployment whose build context contains `path` (a service's file or directory). */
export function deploymentsOf(ws: WorkspaceModel, path: string): Deployment[] {
  // Built once per change of a compose file or Dockerfile: every app of the workspace asks.
  return ws.memo('code/deployments', ['compose', 'dockerfile'], () => allDeployments(ws)).filter((d) => within(d.contextDir, path));
}

function allDeployments(ws: WorkspaceModel): Deployment[] {
  const out: Deployment[] = [];
  for (const f of ws.filesOfKind('compose')) {
    const project = composeProject(ws, f.path);
    if (!project) continue;
    for (const s of project.services) {
      const ctx = s.build?.contextPath;
      if (ctx === undefined || s.file !== f.path) continue;
      const dockerfile = s.build!.dockerfilePath;
      const d = dockerfile && ws.file(dockerfile) ? fromDockerfile(ws, dockerfile, ctx, s.build!.target?.value.toLowerCase(), s) : undefined;
      if (d) out.push(d);
      else {
        const bare: Deployment = { contextDir: ctx, dockerfile: undefined, composeService: undefined, command: [], commandSource: '', env: new Map(), probes: [], replicas: undefined };
        applyCompose(bare, s);
        out.push(bare);
      }
    }
  }
  // Every Dockerfile also stands on its own: its image may run without compose (its HEALTHCHECK applies there).
  for (const f of ws.filesOfKind('dockerfile')) {
    const ctx = dirOf(f.path);
    const d = fromDockerfile(ws, f.path, ctx, undefined);
    if (d) out.push(d);
  }
  return out;
}

export interface ProcessCount {
  count: number;
  /** "gunicorn -w 4", "WEB_CONCURRENCY=3", "deploy.replicas: 3". */
  what: string;
  loc: Loc;
}

const SERVERS: Record<string, string[]> = {
  gunicorn: ['-w', '--workers'],
  uvicorn: ['--workers'],
  hypercorn: ['-w', '--workers'],
  granian: ['--workers'],
  fastapi: ['--workers'],
  'pm2-runtime': ['-i', '--instances'],
  pm2: ['-i', '--instances'],
};

function numberOf(raw: string, env: Map<string, Word>): number | undefined {
  const ref = /^\$\{?(\w+)(?::?-(\d+))?\}?$/.exec(raw);
  if (ref) {
    const v = env.get(ref[1])?.text;
    return v !== undefined && /^\d+$/.test(v) ? Number(v) : ref[2] !== undefined ? Number(ref[2]) : undefined;
  }
  if (raw === 'max' || raw === '0' || raw === '-1') return raw === 'max' ? 2 : undefined;
  return /^\d+$/.test(raw) ? Number(raw) : undefined;
}

/** Processes the deployment's command starts, when it starts several (server workers or env defaults). */
export function workersOf(d: Deployment): ProcessCount | undefined {
  const words = d.command;
  for (let i = 0; i < words.length; i++) {
    const base = words[i].text.slice(words[i].text.lastIndexOf('/') + 1);
    const flags = SERVERS[base];
    if (!flags) continue;
    for (let j = i + 1; j < words.length; j++) {
      const w = words[j].text;
      for (const flag of flags) {
        let raw: string | undefined;
        if (w === flag) raw = words[j + 1]?.text;
        else if (w.startsWith(`${flag}=`)) raw = w.slice(flag.length + 1);
        else if (flag.length === 2 && w.startsWith(flag) && /^\d+$/.test(w.slice(2))) raw = w.slice(2);
        if (raw === undefined) continue;
        const n = numberOf(raw, d.env);
        if (n !== undefined) return n > 1 ? { count: n, what: `${base} ${flag} ${raw}`, loc: words[j].loc } : undefined;
      }
    }
    // gunicorn and uvicorn read WEB_CONCURRENCY when no worker count is given.
    if (base === 'gunicorn' || base === 'uvicorn') {
      const wc = d.env.get('WEB_CONCURRENCY');
      const n = wc && /^\d+$/.test(wc.text) ? Number(wc.text) : undefined;
      if (n !== undefined && n > 1) return { count: n, what: `WEB_CONCURRENCY=${n}`, loc: wc!.loc };
    }
    return undefined;
  }
  return undefined;
}

/** `module:variable` app references in the command (`gunicorn app.main:app`, `uvicorn main:app`). */
export function appReferences(d: Deployment): string[] {
  const out: string[] = [];
  for (const w of d.command) if (/^[A-Za-z_][\w.]*:[A-Za-z_]\w*(\(\))?$/.test(w.text)) out.push(w.text);
  return out;
}

/** Whether the command runs `file` as a script (`python app.py`, `python -m app.main`). */
export function runsAsScript(d: Deployment, file: string): boolean {
  const rel = d.contextDir && file.startsWith(`${d.contextDir}/`) ? file.slice(d.contextDir.length + 1) : file;
  const module = rel.replace(/\.py$/, '').replace(/\/__main__$/, '').replace(/\//g, '.');
  const words = d.command.map((w) => w.text);
  for (let i = 0; i < words.length; i++) {
    const base = words[i].slice(words[i].lastIndexOf('/') + 1);
    if (!/^python[\d.]*$/.test(base)) continue;
    const rest = words.slice(i + 1).filter((w) => !/^-[uBOsEI]+$/.test(w));
    if (rest[0] === '-m' && rest[1] && (module === rest[1] || module.endsWith(`.${rest[1]}`))) return true;
    if (rest[0] && (rel === rest[0] || rel.endsWith(`/${rest[0]}`) || rest[0].endsWith(`/${rel}`) || rest[0] === file)) return true;
  }
  return false;
}
