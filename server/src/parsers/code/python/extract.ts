/**
 * The Python extractor: parses a module once, collects the nodes that can hold facts in one walk,
 * then runs the passes in dependency order (imports → constants → apps/routers → settings → calls
 * and decorators → assignments → literal scans).
 */
import type { CodeFileFacts } from '../../../model/app';
import type { SourceFile, WorkspaceModel } from '../../../workspace/model';
import { field, parsePython, walk, type PyNode } from './ast';
import { appCall, collectApps, routeDecorator } from './apps';
import { libraryCall, sessionBinding } from './calls';
import type { Ctx } from './context';
import { djangoSettings, isSettingsPath, urlpatterns } from './django';
import { importTable } from './imports';
import { headerString, keyFromBody, middlewareCall, tooManyRequests } from './middleware';
import { assignment, configUpdate, credentialString, keyedSecret } from './settings';

const TEST_DIR = /(^|\/)(tests?|testing|__tests__|e2e|spec)\//;
const TEST_FILE = /(^|\/)(test_[^/]*|[^/]*_tests?\.py|conftest\.py)$/;

/** Tests and development-only modules: their facts are not production evidence. */
export function isDevPython(ws: WorkspaceModel, path: string): boolean {
  return ws.environmentOf(path) === 'development' || TEST_DIR.test(path) || TEST_FILE.test(path);
}

function empty(file: SourceFile, hasErrors: boolean): CodeFileFacts {
  return { file: file.path, language: 'python', apps: [], facts: [], imports: [], hasErrors };
}

function isModuleLevel(n: PyNode): boolean {
  return n.parent?.type === 'expression_statement' && n.parent.parent?.type === 'module';
}

// Hand-written modules are far smaller; above this a file is generated or hostile, and tree-sitter
// would take seconds on it at every edit.
const MAX_SOURCE = 1_000_000;

export function extractPython(file: SourceFile, ws: WorkspaceModel): CodeFileFacts {
  if (file.text.length > MAX_SOURCE) return empty(file, true);
  const m = parsePython(file.text);
  if (!m) return empty(file, true);
  const imports: PyNode[] = [];
  const assignments: PyNode[] = [];
  const calls: PyNode[] = [];
  const strings: PyNode[] = [];
  const statusNodes: PyNode[] = [];
  const funcs = new Map<string, PyNode>();
  for (const n of walk(m.root)) {
    switch (n.type) {
      case 'import_statement':
      case 'import_from_statement':
        imports.push(n);
        break;
      case 'assignment':
        assignments.push(n);
        break;
      case 'call':
        calls.push(n);
        break;
      case 'string':
        strings.push(n);
        break;
      case 'integer':
        if (m.src.slice(n.start, n.end) === '429') statusNodes.push(n);
        break;
      case 'identifier':
        // Status constants and exceptions that mean "too many requests".
        if (/^(HTTP_429_TOO_MANY_REQUESTS|TOO_MANY_REQUESTS|TooManyRequests|Throttled|RateLimitExceeded)$/.test(m.src.slice(n.start, n.end)) && n.field !== 'name') statusNodes.push(n);
        break;
      case 'function_definition': {
        const scope = n.parent?.type === 'decorated_definition' ? n.parent.parent : n.parent;
        const name = field(n, 'name');
        if (scope?.type === 'module' && name) funcs.set(m.src.slice(name.start, name.end), n);
        break;
      }
    }
  }
  const ctx: Ctx = {
    m, file, ws, path: file.path,
    table: importTable(m, imports, ws, file.path),
    dev: isDevPython(ws, file.path),
    settings: isSettingsPath(file.path),
    facts: [], apps: [], appVars: new Map(), routers: new Map(),
    consts: new Map(), funcs, sessions: new Set(),
  };
  for (const a of assignments) {
    const left = field(a, 'left');
    const right = field(a, 'right');
    if (left?.type === 'identifier' && right && isModuleLevel(a)) ctx.consts.set(m.src.slice(left.start, left.end), right);
  }
  collectApps(ctx, assignments);
  if (ctx.settings || ctx.consts.has('INSTALLED_APPS')) {
    ctx.settings = true;
    djangoSettings(ctx);
  }
  for (const a of assignments) sessionBinding(ctx, a);
  for (const call of calls) {
    if (call.parent?.type === 'decorator' && routeDecorator(ctx, call)) continue;
    if (appCall(ctx, call) || middlewareCall(ctx, call) || libraryCall(ctx, call)) continue;
    configUpdate(ctx, call);
  }
  for (const a of assignments) {
    assignment(ctx, a);
    const left = field(a, 'left');
    const right = field(a, 'right');
    if (left && right && m.src.slice(left.start, left.end) === 'urlpatterns' && isModuleLevel(a)) urlpatterns(ctx, right, left);
  }
  for (const aug of augmentedUrlpatterns(m.root, m.src)) urlpatterns(ctx, aug.value, aug.at);
  for (const s of strings) {
    headerString(ctx, s);
    keyedSecret(ctx, s);
    credentialString(ctx, s);
  }
  for (const n of statusNodes) tooManyRequests(ctx, n);
  customKeyFunctions(ctx);
  const imported = [...ctx.table.files].filter((f) => f !== file.path);
  return { file: file.path, language: 'python', apps: ctx.apps, facts: ctx.facts, imports: imported, hasErrors: m.hasErrors };
}

function* augmentedUrlpatterns(root: PyNode, src: string): Generator<{ value: PyNode; at: PyNode }> {
  for (const stmt of root.children) {
    const aug = stmt.type === 'expression_statement' ? stmt.children[0] : undefined;
    if (aug?.type !== 'augmented_assignment') continue;
    const left = field(aug, 'left');
    const right = field(aug, 'right');
    if (left && right && src.slice(left.start, left.end) === 'urlpatterns') yield { value: right, at: left };
  }
}

/**
 * Limiters whose key function is defined in another module are 'unknown' at their call; a key
 * function defined here that reads X-Forwarded-For raw is reported where it is defined when it is
 * passed to a limiter elsewhere (`key_func=client_ip` imported from this module).
 */
function customKeyFunctions(ctx: Ctx): void {
  for (const fact of ctx.facts) {
    if (fact.kind !== 'rate-limit-config' || fact.key !== 'unknown' || !fact.keyLoc) continue;
    const start = ctx.file.lines.offsetAt(fact.keyLoc.range.start);
    const name = ctx.m.src.slice(start, ctx.file.lines.offsetAt(fact.keyLoc.range.end));
    const ref = ctx.table.refs.get(name);
    const target = ref ? ctx.ws.file(ref.slice(0, ref.indexOf('#'))) : undefined;
    if (!target) continue;
    const fn = new RegExp(`^(?:async\\s+)?def\\s+${ref!.slice(ref!.indexOf('#') + 1)}\\s*\\([\\s\\S]*?(?=^\\S)`, 'm').exec(target.text + '\n.');
    if (fn) fact.key = keyFromBody(fn[0]);
  }
}
