#!/usr/bin/env node
// Deterministic generator of benchmark workspaces: `node bench/generate.mjs [1k 10k 50k large] [--force]`.
// A workspace is a monorepo of apps; each app has 2–6 services (Python, TypeScript or Go, each with a
// Dockerfile and code), a compose prod/dev pair and CI. Around a third of the files are noise the
// engine must skip or only list: node_modules and vendor trees (with decoy Dockerfiles and compose
// files inside), .git objects, __pycache__, gitignored build output, binaries and large lockfiles.
// Each size writes `bench/workspaces/<size>.manifest.json` with counts, so results can cite them.
import { mkdirSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rng, hashString } from './gen/random.mjs';
import { composePair, dockerfileFor, dockerignore } from './gen/containers.mjs';
import { dependabot, githubWorkflow, gitlabCi } from './gen/ci.mjs';
import * as code from './gen/code.mjs';
import { largeCompose, largeDockerfile, largePython, largeTypescript, largeWorkflow } from './gen/large.mjs';

/** Bump when the output changes, so `bench/run.mjs` regenerates stale workspaces. */
export const GENERATOR_VERSION = 1;
export const SIZES = { '1k': 1_000, '10k': 10_000, '50k': 50_000 };
export const LARGE_FILES = {
  dockerfile: 'Dockerfile',
  compose: 'compose.yaml',
  workflow: '.github/workflows/pipeline.yml',
  typescript: 'src/server.ts',
  python: 'app/main.py',
};
const SEED = 20_260_601;
const HERE = dirname(fileURLToPath(import.meta.url));
export const WORKSPACES = join(HERE, 'workspaces');

class Writer {
  constructor(root) {
    this.root = root;
    this.dirs = new Set();
    this.files = 0;
    this.bytes = 0;
    this.byCategory = {};
  }
  write(rel, content, category) {
    const full = join(this.root, rel);
    const dir = dirname(full);
    if (!this.dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.dirs.add(dir);
    }
    writeFileSync(full, content);
    this.files++;
    this.bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.length;
    this.byCategory[category] = (this.byCategory[category] ?? 0) + 1;
  }
}

/** Bytes with NULs in them, so discovery's binary sniffing (not the extension) must reject them. */
function binary(r, size) {
  const buf = Buffer.alloc(size);
  for (let i = 0; i < size; i++) buf[i] = i % 97 === 0 ? 0 : Math.floor(r.next() * 256);
  return buf;
}

const FRAMEWORKS = { python: ['fastapi', 'flask'], ts: ['express', 'fastify'], go: ['gin', 'net-http'] };

function service(r, app, i) {
  const lang = r.pick(['python', 'python', 'ts', 'ts', 'go']);
  const name = `${r.word()}-${i}`;
  return { name, lang, framework: r.pick(FRAMEWORKS[lang]), port: lang === 'python' ? 8000 : lang === 'ts' ? 3000 : 8080, dir: `${app.dir}/services/${name}` };
}

function writeService(w, r, svc) {
  const d = svc.dir;
  w.write(`${d}/Dockerfile`, dockerfileFor(r, svc), 'dockerfile');
  if (r.chance(0.7)) w.write(`${d}/.dockerignore`, dockerignore(r, svc), 'ignore');
  w.write(`${d}/README.md`, `# ${svc.name}\n\n${svc.framework} service on port ${svc.port}.\n`, 'markdown');
  if (r.chance(0.3)) w.write(`${d}/assets/logo.png`, binary(r, r.int(512, 4096)), 'noise');
  if (svc.lang === 'python') {
    w.write(`${d}/requirements.txt`, code.requirements(r, svc), 'manifest');
    w.write(`${d}/requirements-dev.txt`, 'pytest==8.3.3\nruff==0.6.8\nmypy==1.11.2\n', 'manifest');
    w.write(`${d}/app/__init__.py`, '', 'python');
    w.write(`${d}/app/main.py`, code.pythonMain(r, svc), 'python');
    for (const m of r.some(['routes', 'models', 'schemas', 'services', 'repository', 'settings', 'tasks', 'utils'], 2, 6)) w.write(`${d}/app/${m}.py`, code.pythonModule(r, svc, m), 'python');
    for (let t = 0; t < r.int(1, 3); t++) w.write(`${d}/tests/test_${r.word()}_${t}.py`, code.pythonTest(r, svc), 'python');
    for (let t = 0; t < r.int(2, 6); t++) w.write(`${d}/app/__pycache__/m${t}.cpython-312.pyc`, binary(r, r.int(256, 2048)), 'noise');
  } else if (svc.lang === 'ts') {
    w.write(`${d}/package.json`, code.packageJson(r, svc), 'manifest');
    w.write(`${d}/package-lock.json`, code.packageLock(r, svc, r.int(80, 600)), 'lockfile');
    w.write(`${d}/tsconfig.json`, '{\n  "compilerOptions": { "strict": true, "outDir": "dist", "module": "node16", "target": "es2022" }\n}\n', 'manifest');
    w.write(`${d}/src/index.ts`, code.tsMain(r, svc), 'typescript');
    for (const m of r.some(['routes', 'middleware', 'models', 'db', 'queue', 'config', 'metrics'], 2, 5)) w.write(`${d}/src/${m}.ts`, code.tsModule(r, svc, m === 'routes' ? 'routes' : m), 'typescript');
    for (let t = 0; t < r.int(1, 3); t++) w.write(`${d}/test/${r.word()}-${t}.test.ts`, code.tsTest(r, svc), 'typescript');
    nodeModules(w, r, d, r.int(12, 60));
    if (r.chance(0.5)) w.write(`${d}/dist/index.js`, '"use strict";\n' + 'module.exports = {};\n'.repeat(r.int(10, 200)), 'noise');
  } else {
    w.write(`${d}/go.mod`, code.goMod(r, svc), 'manifest');
    w.write(`${d}/go.sum`, code.goSum(r, r.int(10, 80)), 'lockfile');
    w.write(`${d}/cmd/${svc.name}/main.go`, code.goMain(r, svc), 'go');
    w.write(`${d}/internal/handlers/handlers.go`, code.goHandlers(r, svc), 'go');
    if (r.chance(0.4)) for (let v = 0; v < r.int(8, 30); v++) w.write(`${d}/vendor/github.com/${r.word()}/${r.word()}/f${v}.go`, `package vendored\n\nconst V${v} = ${v}\n`, 'noise');
    if (r.chance(0.3)) w.write(`${d}/bin/${svc.name}`, binary(r, r.int(2048, 8192)), 'noise');
  }
}

/** A node_modules tree, with the decoys a careless walker would analyse. */
function nodeModules(w, r, dir, n) {
  for (let i = 0; i < n; i++) {
    const pkg = `${r.word()}-${r.word()}`;
    const base = `${dir}/node_modules/${pkg}`;
    const pick = i % 6;
    if (pick === 0) w.write(`${base}/package.json`, JSON.stringify({ name: pkg, version: '1.0.0', main: 'index.js' }) + '\n', 'noise');
    else if (pick === 1) w.write(`${base}/index.js`, `module.exports = function ${pkg.replace('-', '_')}() { return ${i}; };\n`, 'noise');
    else if (pick === 2) w.write(`${base}/README.md`, `# ${pkg}\n\nNothing to see.\n`, 'noise');
    else if (pick === 3) w.write(`${base}/Dockerfile`, 'FROM node:latest\nRUN npm install\n', 'noise');
    else if (pick === 4) w.write(`${base}/docker-compose.yml`, 'services:\n  test:\n    image: postgres\n    privileged: true\n', 'noise');
    else w.write(`${base}/lib/${pkg}.d.ts`, `export declare const v${i}: number;\n`, 'noise');
  }
}

function writeApp(w, r, index) {
  const app = { dir: `apps/${r.word()}-${index}`, registry: `registry.example.com/${r.word()}`, services: [] };
  const count = r.int(2, 6);
  for (let i = 0; i < count; i++) app.services.push(service(r, app, i));
  for (const svc of app.services) writeService(w, r.fork(svc.name), svc);
  const { base, prod } = composePair(r, app);
  w.write(`${app.dir}/compose.yaml`, base, 'compose');
  w.write(`${app.dir}/compose.prod.yaml`, prod, 'compose');
  w.write(`${app.dir}/.env.example`, app.services.map((s) => `${s.name.toUpperCase().replace(/-/g, '_')}_URL=http://${s.name}:${s.port}`).join('\n') + '\nPOSTGRES_PASSWORD=change-me\n', 'env');
  w.write(`${app.dir}/README.md`, code.readme(r, app.dir, app.services), 'markdown');
  if (r.chance(0.5)) {
    const { pipeline, templates } = gitlabCi(r, app);
    w.write(`${app.dir}/.gitlab-ci.yml`, pipeline, 'gitlab-ci');
    w.write(`${app.dir}/ci/templates.yml`, templates, 'yaml');
  } else {
    w.write(`.github/workflows/${app.dir.split('/')[1]}.yml`, githubWorkflow(r, `CI ${app.dir}`, app.services, `${app.dir}/`), 'workflow');
  }
  return app;
}

export function generateSized(name, target) {
  const root = join(WORKSPACES, name);
  rmSync(root, { recursive: true, force: true });
  const w = new Writer(root);
  const r = rng(SEED ^ hashString(name));
  w.write('.gitignore', 'dist/\nbuild/\ncoverage/\n*.log\n.env\n', 'ignore');
  w.write('README.md', '# Acme platform\n\nA monorepo of services. See `apps/*/README.md`.\n', 'markdown');
  const services = [];
  // Reserve room for the .git noise written last, proportional to the target.
  const gitObjects = Math.round(target * 0.03);
  for (let i = 0; w.files < target - gitObjects - 4; i++) services.push(...writeApp(w, r.fork(`app${i}`), i).services);
  w.write('.github/dependabot.yml', dependabot(r, services), 'dependabot');
  w.write('.github/workflows/root.yml', githubWorkflow(r, 'Root CI', services.slice(0, 4)), 'workflow');
  for (let i = 0; w.files < target; i++) w.write(`.git/objects/${r.hex(2)}/${r.hex(38)}`, binary(r, r.int(64, 1024)), 'noise');
  return writeManifest(name, w, target);
}

export function generateLarge() {
  const root = join(WORKSPACES, 'large');
  rmSync(root, { recursive: true, force: true });
  const w = new Writer(root);
  const r = rng(SEED ^ hashString('large'));
  w.write(LARGE_FILES.dockerfile, largeDockerfile(r.fork('d')), 'dockerfile');
  w.write(LARGE_FILES.compose, largeCompose(r.fork('c')), 'compose');
  w.write(LARGE_FILES.workflow, largeWorkflow(r.fork('w')), 'workflow');
  w.write(LARGE_FILES.typescript, largeTypescript(r.fork('t')), 'typescript');
  w.write(LARGE_FILES.python, largePython(r.fork('p')), 'python');
  return writeManifest('large', w, 5);
}

function writeManifest(name, w, target) {
  const manifest = { name, version: GENERATOR_VERSION, seed: SEED, target, files: w.files, bytes: w.bytes, byCategory: w.byCategory };
  writeFileSync(join(WORKSPACES, `${name}.manifest.json`), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** The manifest of a workspace when it exists and is current, else undefined. */
export function currentManifest(name) {
  const path = join(WORKSPACES, `${name}.manifest.json`);
  if (!existsSync(path) || !existsSync(join(WORKSPACES, name))) return undefined;
  const m = JSON.parse(readFileSync(path, 'utf8'));
  return m.version === GENERATOR_VERSION ? m : undefined;
}

export function ensureWorkspaces(names, force = false) {
  const out = {};
  for (const name of names) {
    out[name] = (!force && currentManifest(name)) || (name === 'large' ? generateLarge() : generateSized(name, SIZES[name]));
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith('--'));
  const started = Date.now();
  const manifests = ensureWorkspaces(names.length ? names : [...Object.keys(SIZES), 'large'], args.includes('--force'));
  for (const m of Object.values(manifests)) console.log(`${m.name}: ${m.files} files, ${(m.bytes / 1e6).toFixed(1)} MB ${JSON.stringify(m.byCategory)}`);
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
