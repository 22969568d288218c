/**
 * The code/* rules' view of the workspace: every code file's facts (plus the modules app files
 * import, where registration helpers live, even when the pre-filter skipped them), grouped by
 * service, with tests and development files left out. Rebuilt only when a file's facts change.
 */
import type { FileKind, Fix } from '../../server/src/core/types';
import type { CapabilityFact, CapabilityKind, CodeFact, CodeFileFacts, HttpApp, Loc } from '../../server/src/model/app';
import { allCodeFacts, CODE_KINDS, serviceDirOf, supportFor } from '../../server/src/parsers/code/index';
import type { CodeFixBuilders } from '../../server/src/parsers/code/language';
import type { WorkspaceModel } from '../../server/src/workspace/model';

/** Kinds whose change re-runs the code rules. */
export const CODE_RULE_KINDS: FileKind[] = ['python', 'typescript', 'javascript', 'go', 'manifest', 'dockerfile', 'compose'];

export interface Service {
  dir: string;
  /** Apps created in production code of this service (sub-apps mounted on another app left out). */
  apps: HttpApp[];
  facts: CodeFact[];
  files: CodeFileFacts[];
}

export interface CodeModel {
  files: CodeFileFacts[];
  services: Map<string, Service>;
  /** Every app id (including sub-apps and dev ones) → its file's facts. */
  appFile: Map<string, CodeFileFacts>;
  serviceOfFile: Map<string, string>;
}

const TEST_DIR = /(^|\/)(tests?|testing|__tests__|e2e|spec|specs|testdata|fixtures?)\//;
const TEST_FILE = /(^|\/)(test_[^/]*\.py|[^/]*_tests?\.(py|go)|conftest\.py|[^/]*\.(test|spec)\.[cm]?[jt]sx?)$/;

/** Tests and development files: what they contain is not the production service. */
export function isDevPath(ws: WorkspaceModel, path: string): boolean {
  return ws.environmentOf(path) === 'development' || TEST_DIR.test(path) || TEST_FILE.test(path);
}

const MAX_IMPORT_DEPTH = 3;

/** Facts of the modules app files import (transitively, a few levels), even those the pre-filter skipped. */
function withImported(ws: WorkspaceModel, files: CodeFileFacts[]): CodeFileFacts[] {
  const known = new Set(files.map((f) => f.file));
  const out = [...files];
  let frontier = files.filter((f) => f.apps.length > 0);
  for (let depth = 0; depth < MAX_IMPORT_DEPTH && frontier.length; depth++) {
    const next: CodeFileFacts[] = [];
    for (const f of frontier) {
      for (const path of f.imports) {
        if (known.has(path)) continue;
        known.add(path);
        const file = ws.file(path);
        const support = file && CODE_KINDS.includes(file.kind) ? supportFor(file.kind) : undefined;
        if (!file || !support) continue;
        const facts = ws.cached(file, () => support.extract(file, ws), 'code-facts-imported');
        out.push(facts);
        next.push(facts);
      }
    }
    frontier = next;
  }
  return out;
}


/** What service grouping depends on besides the facts: where manifests and Dockerfiles are. */
/**
 * The workspace's services and apps, built once per change of a code file, a manifest or a Dockerfile
 * (manifests and Dockerfiles decide how files group into services): all 18 code rules ask for it.
 */
export function codeModel(ws: WorkspaceModel): CodeModel {
  return ws.memo('code/model', [...CODE_KINDS, 'manifest', 'dockerfile'], () => buildCodeModel(ws));
}

function buildCodeModel(ws: WorkspaceModel): CodeModel {
  const files = withImported(ws, allCodeFacts(ws));
  const services = new Map<string, Service>();
  const serviceOfFile = new Map<string, string>();
  const appFile = new Map<string, CodeFileFacts>();
  const mounted = new Set<string>();
  const importedBy = new Map<string, string[]>();
  for (const f of files) {
    for (const a of f.apps) appFile.set(a.id, f);
    for (const x of f.facts) if (x.kind === 'mount' && x.router) mounted.add(x.router);
    for (const i of f.imports) importedBy.set(i, [...(importedBy.get(i) ?? []), f.file]);
  }
  for (const f of files) {
    const dir = serviceDirOf(ws, f.file);
    serviceOfFile.set(f.file, dir);
    let s = services.get(dir);
    if (!s) services.set(dir, (s = { dir, apps: [], facts: [], files: [] }));
    s.files.push(f);
    if (isDevPath(ws, f.file)) continue;
    s.facts.push(...f.facts);
    for (const a of f.apps) {
      if (mounted.has(a.id)) continue;
      // Django settings layered with `from .base import *`: the module importing the other is the app.
      if (a.framework === 'django' && (importedBy.get(f.file) ?? []).some((g) => files.some((x) => x.file === g && x.apps.some((b) => b.framework === 'django')))) continue;
      s.apps.push({ ...a, serviceDir: dir });
    }
  }
  return { files, services, appFile, serviceOfFile };
}

/** Evidence of a capability in the service (any module, any app of it). */
export function capabilities(service: Service, capability: CapabilityKind): CapabilityFact[] {
  return service.facts.filter((f): f is CapabilityFact => f.kind === 'capability' && f.capability === capability);
}

export function factsOf<K extends CodeFact['kind']>(model: CodeModel, ws: WorkspaceModel, kind: K): Extract<CodeFact, { kind: K }>[] {
  const out: Extract<CodeFact, { kind: K }>[] = [];
  for (const f of model.files) {
    if (isDevPath(ws, f.file)) continue;
    for (const x of f.facts) if (x.kind === kind) out.push(x as Extract<CodeFact, { kind: K }>);
  }
  return out;
}

const FRAMEWORK_NAMES: Record<string, string> = {
  fastapi: 'FastAPI', starlette: 'Starlette', flask: 'Flask', django: 'Django', express: 'Express', fastify: 'Fastify',
  nestjs: 'NestJS', nextjs: 'Next.js', koa: 'Koa', 'net/http': 'net/http', gin: 'gin', echo: 'echo', chi: 'chi', fiber: 'fiber',
};

/** "FastAPI app `app` (api/app/main.py)", "Django project (config/settings/base.py)". */
export function describeApp(app: HttpApp): string {
  const fw = FRAMEWORK_NAMES[app.framework] ?? app.framework;
  if (app.framework === 'django') return `The Django project (${app.constructorLoc.file})`;
  return `The ${fw} app${app.variable ? ` \`${app.variable}\`` : ''}`;
}

/** "the FastAPI app `app` in api/app/main.py", for the middle of a sentence. */
export function appRef(app: HttpApp): string {
  const d = describeApp(app);
  return `${d[0].toLowerCase()}${d.slice(1)}${app.framework === 'django' ? '' : ` in ${app.constructorLoc.file}`}`;
}

export function related(loc: Loc, message: string): { file: string; range: Loc['range']; message: string } {
  return { file: loc.file, range: loc.range, message };
}

export function q(s: string): string {
  return `\`${s}\``;
}

/** The fix builders of an app's (or a file's) language; never throws into the rule. */
export function buildFixes(language: string, build: (fixes: CodeFixBuilders) => Fix[] | undefined): Fix[] {
  const support = supportFor(language as FileKind);
  if (!support) return [];
  try {
    return build(support.fixes) ?? [];
  } catch {
    return [];
  }
}

/** Language of a source path, for facts that carry no language. */
export function languageOf(path: string): string {
  if (path.endsWith('.py')) return 'python';
  if (path.endsWith('.go')) return 'go';
  if (/\.(ts|tsx|mts|cts)$/.test(path)) return 'typescript';
  return 'javascript';
}

/**
 * A settings-module fact overridden by a production module that imports it (`production.py` doing
 * `from .base import *` and setting DEBUG again): the importing module's value is the one that runs.
 */
export function overridden(model: CodeModel, ws: WorkspaceModel, file: string, setting: string | undefined, kind: CodeFact['kind']): boolean {
  if (!setting) return false;
  const assigns = new RegExp(`^${setting.replace(/\W/g, '')}\\s*(:[^=\\n]*)?=(?!=)`, 'm');
  for (const f of model.files) {
    if (f.file === file || !f.imports.includes(file) || isDevPath(ws, f.file)) continue;
    // Any module-level assignment counts, literal or not (a literal one is a fact of its own).
    if (f.facts.some((x) => x.kind === kind && (x as { setting?: string }).setting === setting) || assigns.test(ws.file(f.file)?.text ?? '')) return true;
  }
  return false;
}
