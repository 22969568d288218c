import type { Fix } from '../../../core/types';
import type { SourceFile, WorkspaceModel } from '../../../workspace/model';
import { composeProject } from '../../compose';

/**
 * What a Go file needs to know about the rest of its service: facts that live in other files
 * (release mode set in `main.go`, signal handling in `cmd/`, a router mounted from another package)
 * and how the service is deployed (its Dockerfile and compose definitions). Everything here is
 * cheap text work over files already loaded, cached per file version.
 */

const MANIFEST = /^(package\.json|pyproject\.toml|setup\.py|go\.mod|requirements[\w.-]*\.txt|Pipfile|Dockerfile)$/;

export function dirOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

/** Same rule as the dispatcher's `serviceDirOf` (kept here: importing it would make a module cycle). */
export function serviceDirOf(workspace: WorkspaceModel, path: string): string {
  let dir = dirOf(path);
  for (;;) {
    if (workspace.listDir(dir).some((name) => MANIFEST.test(name))) return dir;
    if (dir === '') return '';
    dir = dirOf(dir);
  }
}

/** The go.mod governing a path (nearest ancestor), if loaded. */
export function goModOf(workspace: WorkspaceModel, path: string): SourceFile | undefined {
  let dir = dirOf(path);
  for (;;) {
    const candidate = dir ? `${dir}/go.mod` : 'go.mod';
    const file = workspace.file(candidate);
    if (file) return file;
    if (dir === '') return undefined;
    dir = dirOf(dir);
  }
}

export function modulePathOf(goMod: SourceFile): string | undefined {
  return /^\s*module\s+("?)([^\s"]+)\1/m.exec(goMod.text)?.[2];
}

/** Text signals of one Go file that other files of the service may need. */
export interface GoSignals {
  packageName: string;
  /** `gin.SetMode(gin.ReleaseMode)` / `SetMode("release")`. */
  ginRelease: boolean;
  /** `gin.SetMode(os.Getenv(…))`, `SetMode(cfg.Mode)`: decided at run time. */
  ginModeExternal: boolean;
  /** `signal.Notify(…)` / `signal.NotifyContext(…)`. */
  signal: boolean;
  /** gin `SetTrustedProxies` / `TrustedPlatform`: `c.ClientIP()` then trusts only those proxies. */
  trustedProxies: boolean;
  /** echo `e.IPExtractor = …`: `c.RealIP()` then follows the configured policy. */
  ipExtractor: boolean;
  /** Functions whose result is mounted under a prefix: `r.Mount("/users", users.Routes())`. */
  mounts: Map<string, string>;
}

export function goSignals(workspace: WorkspaceModel, file: SourceFile): GoSignals {
  return workspace.cached(file, () => scanSignals(file.text), 'go-signals');
}

function scanSignals(text: string): GoSignals {
  const mounts = new Map<string, string>();
  const mountRe = /\.(?:Mount|Handle|Use)\(\s*"([^"]*)"\s*,\s*(?:http\.StripPrefix\(\s*"[^"]*"\s*,\s*)?(?:\w+\.)?(\w+)\(/g;
  for (let m = mountRe.exec(text); m; m = mountRe.exec(text)) mounts.set(m[2], m[1]);
  return {
    packageName: /^\s*package\s+(\w+)/m.exec(text)?.[1] ?? '',
    ginRelease: /\.SetMode\(\s*(?:\w+\.ReleaseMode|"release")\s*\)/.test(text),
    ginModeExternal: /\.SetMode\(\s*(?!\w+\.(?:Release|Debug|Test)Mode\s*\)|"\w*"\s*\))[^)\s]/.test(text),
    signal: /\bsignal\.Notify(?:Context)?\(/.test(text),
    trustedProxies: /\.SetTrustedProxies\(|\.TrustedPlatform\s*=/.test(text),
    ipExtractor: /\.IPExtractor\s*=/.test(text),
    mounts,
  };
}

/** Go files of a service (its directory and below, stopping at nested services). */
export function serviceGoFiles(workspace: WorkspaceModel, serviceDir: string): SourceFile[] {
  const prefix = serviceDir ? serviceDir + '/' : '';
  return workspace.filesOfKind('go').filter((f) => f.path.startsWith(prefix) && !f.path.endsWith('_test.go') && serviceDirOf(workspace, f.path) === serviceDir);
}

/** Any Go file of the service has the signal. */
export function serviceHas(workspace: WorkspaceModel, serviceDir: string, pick: (s: GoSignals) => boolean): boolean {
  return serviceGoFiles(workspace, serviceDir).some((f) => pick(goSignals(workspace, f)));
}

export interface Deployment {
  /** A production Dockerfile of the service, or a production compose service built from it. */
  production: boolean;
  /** `GIN_MODE` set by the Dockerfile or compose: its value, or external when interpolated. */
  ginMode?: { value: string; external: boolean };
  /** HTTP paths requested by the service's HEALTHCHECK / compose healthcheck. */
  healthPaths: string[];
}

const PATH_IN_URL = /https?:\/\/[^/\s"']+(\/[^\s"'?#]*)/g;

export function deploymentOf(workspace: WorkspaceModel, serviceDir: string): Deployment {
  const out: Deployment = { production: false, healthPaths: [] };
  for (const df of workspace.filesOfKind('dockerfile')) {
    if (dirOf(df.path) !== serviceDir) continue;
    if (workspace.environmentOf(df.path) === 'production') out.production = true;
    const model = workspace.dockerfile(df.path);
    for (const ins of model?.instructions ?? []) {
      if (ins.keyword === 'ENV') {
        for (const p of ins.properties ?? []) if (p.name === 'GIN_MODE') out.ginMode = { value: p.resolvedValue ?? p.value ?? '', external: false };
      } else if (ins.keyword === 'HEALTHCHECK') {
        for (const m of ins.argsText.matchAll(PATH_IN_URL)) out.healthPaths.push(m[1]);
      }
    }
  }
  for (const cf of workspace.filesOfKind('compose')) {
    const project = composeProject(workspace, cf.path);
    if (!project) continue;
    for (const s of project.services) {
      if (s.build?.contextPath !== serviceDir) continue;
      if (project.environment === 'production') out.production = true;
      for (const e of s.environment) {
        if (e.name === 'GIN_MODE' && e.value) out.ginMode = { value: e.value.value, external: e.value.external };
      }
      const test = s.healthcheck?.test;
      const words = test ? [...test.argv.map((v) => v.value), test.script?.value ?? ''] : [];
      for (const w of words) for (const m of w.matchAll(PATH_IN_URL)) out.healthPaths.push(m[1]);
    }
  }
  return out;
}

/**
 * "Add <module> to go.mod": appends to the first `require ( … )` block, or adds a `require` line.
 * The version is a known-good default; `go mod tidy` settles the real one.
 */
export function goModFix(workspace: WorkspaceModel, forPath: string, module: string, version: string): Fix | undefined {
  const goMod = goModOf(workspace, forPath);
  if (!goMod) return undefined;
  const text = goMod.text;
  if (new RegExp(`^\\s*(?:require\\s+)?${module.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+v`, 'm').test(text)) return undefined;
  const eol = goMod.lines.eol;
  const block = /^require\s*\(\s*$/m.exec(text);
  let edit;
  if (block) {
    const close = text.indexOf(')', block.index + block[0].length);
    const lineStart = text.lastIndexOf('\n', close - 1) + 1;
    const pos = goMod.lines.positionAt(close > 0 && text.slice(lineStart, close).trim() === '' ? lineStart : close);
    edit = { range: { start: pos, end: pos }, newText: `\t${module} ${version}${eol}` };
  } else {
    const end = goMod.lines.positionAt(text.length);
    const sep = text.length === 0 || text.endsWith('\n') ? '' : eol;
    edit = { range: { start: end, end }, newText: `${sep}${eol}require ${module} ${version}${eol}` };
  }
  return { title: `Add ${module} to go.mod`, safety: 'safe', changes: [{ file: goMod.path, edits: [edit] }] };
}

/** Versions offered in go.mod fixes (known releases; `go mod tidy` may pick newer ones). */
export const MODULE_VERSIONS: Record<string, string> = {
  'github.com/go-chi/httprate': 'v0.9.0',
  'golang.org/x/time': 'v0.5.0',
  'github.com/unrolled/secure': 'v1.14.0',
};
