/**
 * Python fix builders, in each framework's idiom: slowapi / Flask-Limiter limiters, a Starlette
 * security-headers middleware / Talisman / Django SecurityMiddleware, liveness routes, and values
 * read from the environment (`os.environ[...]`, debug off by default, a low Sentry sample rate).
 * Fixes that need a new package come with a separate "Add <pkg> to requirements.txt" action.
 */
import type { Fix, Range, TextEdit } from '../../../core/types';
import type { CookieFact, CorsFact, DebugFact, HttpApp, Loc, SecretFact, TraceSamplingFact } from '../../../model/app';
import type { SourceFile, WorkspaceModel } from '../../../workspace/model';
import type { CodeFixBuilders } from '../language';
import { callParts, field, parsePython, walk } from './ast';
import { blankLines, block, dependencyFix, importEdit, insertAt, lineInsert, mergeInserts } from './edits';

const OS: [string][] = [['os']];
const ORIGINS_FROM_ENV = '[o for o in os.environ.get("CORS_ALLOWED_ORIGINS", "").split(",") if o]';

function fileOf(ws: WorkspaceModel, loc: Loc): SourceFile | undefined {
  return ws.file(loc.file);
}

function fix(title: string, safety: 'safe' | 'unsafe', file: SourceFile, edits: TextEdit[]): Fix {
  return { title, safety, changes: [{ file: file.path, edits: mergeInserts(edits) }] };
}

function replace(range: Range, newText: string): TextEdit {
  return { range, newText };
}

/** A name not yet bound in the module (`limiter`, else `rate_limiter`…). */
function freeName(file: SourceFile, wanted: string, alt: string): string {
  return new RegExp(`^\\s*(def\\s+)?${wanted}\\b`, 'm').test(file.text) ? alt : wanted;
}

function appVar(app: HttpApp): string {
  return app.variable ?? 'app';
}

function addRateLimit(app: HttpApp, ws: WorkspaceModel): Fix[] {
  const file = fileOf(ws, app.constructorLoc);
  const at = app.afterConstructor;
  if (!file || !at || app.framework === 'django') return [];
  const eol = file.lines.eol;
  const v = appVar(app);
  const limiter = freeName(file, 'limiter', 'rate_limiter');
  const storage = 'storage_uri=os.environ.get("RATE_LIMIT_STORAGE_URI", "memory://")';
  const line = at.loc.range.start.line;
  if (app.framework === 'flask') {
    const code = block([`${limiter} = Limiter(get_remote_address, app=${v}, default_limits=["100 per minute"], ${storage})`], at.indent, eol);
    const edits = [...importEdit(file, [['os'], ['flask_limiter', 'Limiter'], ['flask_limiter.util', 'get_remote_address']]), lineInsert(file, line, code)];
    return [fix('Add a Flask-Limiter limiter (100 requests/minute per client)', 'unsafe', file, edits), ...dependencyFix(ws, app.serviceDir, 'Flask-Limiter')];
  }
  const code = block(
    [
      `${limiter} = Limiter(key_func=get_remote_address, default_limits=["100/minute"], ${storage})`,
      `${v}.state.limiter = ${limiter}`,
      `${v}.add_exception_handler(RateLimitExceeded, _rate_limit_exceeded_handler)`,
      `${v}.add_middleware(SlowAPIMiddleware)`,
    ],
    at.indent,
    eol,
  );
  const edits = [
    ...importEdit(file, [['os'], ['slowapi', 'Limiter'], ['slowapi', '_rate_limit_exceeded_handler'], ['slowapi.errors', 'RateLimitExceeded'], ['slowapi.middleware', 'SlowAPIMiddleware'], ['slowapi.util', 'get_remote_address']]),
    lineInsert(file, line, code),
  ];
  return [fix('Add a slowapi limiter (100 requests/minute per client)', 'unsafe', file, edits), ...dependencyFix(ws, app.serviceDir, 'slowapi')];
}

const HEADERS: [string, string][] = [
  ['Strict-Transport-Security', 'max-age=63072000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'strict-origin-when-cross-origin'],
];

function addSecurityHeaders(app: HttpApp, ws: WorkspaceModel): Fix[] {
  const file = fileOf(ws, app.constructorLoc);
  const at = app.afterConstructor;
  if (!file || !at) return [];
  const eol = file.lines.eol;
  const v = appVar(app);
  if (app.framework === 'django') {
    const quote = /MIDDLEWARE\s*=\s*\[\s*'/.test(file.text) ? "'" : '"';
    const edit = insertAt(at.loc.range.start.line, at.loc.range.start.character, `${eol}${at.indent}${quote}django.middleware.security.SecurityMiddleware${quote},`);
    return [fix('Add django.middleware.security.SecurityMiddleware to MIDDLEWARE', 'unsafe', file, [edit])];
  }
  if (app.framework === 'flask') {
    // HTTPS redirects belong to the TLS-terminating proxy: forcing them here breaks plain-HTTP healthchecks.
    const code = block([`Talisman(${v}, force_https=False)`], at.indent, eol);
    const edits = [...importEdit(file, [['flask_talisman', 'Talisman']]), lineInsert(file, at.loc.range.start.line, code)];
    return [fix('Add security headers with Talisman', 'unsafe', file, edits), ...dependencyFix(ws, app.serviceDir, 'flask-talisman')];
  }
  const before = app.beforeConstructor;
  if (!before) return [];
  const cls = freeName(file, 'SecurityHeadersMiddleware', 'ResponseSecurityHeadersMiddleware');
  const gap = blankLines(file, before.loc.range.start.line, before.indent ? 1 : 2);
  const classCode = block(
    [
      ...Array<string>(gap.before).fill(''),
      `class ${cls}(BaseHTTPMiddleware):`,
      '    async def dispatch(self, request, call_next):',
      '        response = await call_next(request)',
      '        # setdefault: a route that sets its own value keeps it.',
      ...HEADERS.map(([h, val]) => `        response.headers.setdefault("${h}", "${val}")`),
      '        return response',
      ...Array<string>(before.indent ? 1 : 2).fill(''),
    ],
    before.indent,
    eol,
  );
  const edits = [
    ...importEdit(file, [['starlette.middleware.base', 'BaseHTTPMiddleware']]),
    lineInsert(file, before.loc.range.start.line, classCode),
    lineInsert(file, at.loc.range.start.line, block([`${v}.add_middleware(${cls})`], at.indent, eol)),
  ];
  return [fix('Add a security-headers middleware', 'unsafe', file, edits)];
}

function addHealthRoute(app: HttpApp, ws: WorkspaceModel, options?: { path?: string }): Fix[] {
  const file = fileOf(ws, app.constructorLoc);
  const at = app.afterConstructor;
  if (!file || !at || app.framework === 'django') return [];
  const path = options?.path && /^\/[\w\-./]*$/.test(options.path) ? options.path : '/healthz';
  const base = path.split('/').filter(Boolean).join('_').replace(/\W/g, '_') || 'health';
  const fn = freeName(file, base, `${base}_check`);
  const v = appVar(app);
  const eol = file.lines.eol;
  const line = at.loc.range.start.line;
  const gap = blankLines(file, line, at.indent ? 1 : 2);
  const pad = Array<string>(gap.before).fill('');
  const tail = Array<string>(gap.after).fill('');
  if (app.framework === 'starlette') {
    const code = block([`${v}.add_route("${path}", lambda request: PlainTextResponse("ok"))`], at.indent, eol);
    return [fix(`Add a ${path} liveness route`, 'unsafe', file, [...importEdit(file, [['starlette.responses', 'PlainTextResponse']]), lineInsert(file, line, code)])];
  }
  const decorator = app.framework === 'flask' ? `@${v}.route("${path}")` : `@${v}.get("${path}", include_in_schema=False)`;
  // Liveness only: it must not touch the database, or a database outage restarts every replica.
  const code = block([...pad, decorator, `def ${fn}():`, '    return {"status": "ok"}', ...tail], at.indent, eol);
  return [fix(`Add a ${path} liveness route`, 'unsafe', file, [lineInsert(file, line, code)])];
}

function withOs(file: SourceFile, edits: TextEdit[]): TextEdit[] {
  return [...importEdit(file, OS), ...edits];
}

function corsFromConfig(cors: CorsFact, ws: WorkspaceModel): Fix[] {
  const file = fileOf(ws, cors.originLoc);
  if (!file) return [];
  const title = 'Read the allowed origins from CORS_ALLOWED_ORIGINS';
  const anchor = file.text.slice(file.lines.offsetAt(cors.originLoc.range.start), file.lines.offsetAt(cors.originLoc.range.end));
  if (cors.library === 'django-cors-headers') {
    const line = cors.originLoc.range.start.line;
    const m = /^(\s*)(CORS_ALLOW_ALL_ORIGINS|CORS_ORIGIN_ALLOW_ALL)\s*=\s*True\s*$/.exec(file.lines.lineText(line));
    if (!m) return [];
    const range = { start: { line, character: m[1].length }, end: { line, character: file.lines.lineText(line).length } };
    return [fix(title, 'unsafe', file, withOs(file, [replace(range, `CORS_ALLOWED_ORIGINS = ${ORIGINS_FROM_ENV}`)]))];
  }
  if (cors.library === 'starlette') {
    const regex = /allow_origin_regex\s*=\s*$/.test(file.lines.lineText(cors.originLoc.range.start.line).slice(0, cors.originLoc.range.start.character));
    const value = regex ? 'os.environ.get("CORS_ALLOWED_ORIGIN_REGEX")' : ORIGINS_FROM_ENV;
    return [fix(title, 'unsafe', file, withOs(file, [replace(cors.originLoc.range, value)]))];
  }
  if (cors.library === 'flask-cors') {
    if (/^(CORS|cross_origin|[\w.]+\.(CORS|cross_origin))$/.test(anchor)) {
      const call = callAt(file, cors.originLoc);
      if (!call) return [];
      return [fix(title, 'unsafe', file, withOs(file, [replace({ start: call.start, end: call.end }, `${call.empty ? '' : ', '}origins=${ORIGINS_FROM_ENV}`)]))];
    }
    if (anchor.startsWith('{')) return [];
    return [fix(title, 'unsafe', file, withOs(file, [replace(cors.originLoc.range, ORIGINS_FROM_ENV)]))];
  }
  return [];
}

/** The position before the closing parenthesis of the call whose callee is at `loc` (re-parsed: fixes are rare). */
function callAt(file: SourceFile, loc: Loc): (Range & { empty: boolean }) | undefined {
  const m = parsePython(file.text);
  if (!m) return undefined;
  const start = file.lines.offsetAt(loc.range.start);
  for (const n of walk(m.root)) {
    if (n.type !== 'call' || field(n, 'function')?.start !== start) continue;
    const parts = callParts(m, n);
    if (!parts) return undefined;
    const at = file.lines.positionAt(parts.args.end - 1);
    return { start: at, end: at, empty: parts.args.children.length === 0 };
  }
  return undefined;
}

function debugFromEnv(d: DebugFact, ws: WorkspaceModel): Fix[] {
  const file = fileOf(ws, d.value.loc);
  if (!file) return [];
  const name = /reload/.test(d.what) ? 'RELOAD' : 'DEBUG';
  return [fix(`Read it from the ${name} environment variable (off unless ${name}=1)`, 'unsafe', file, withOs(file, [replace(d.value.loc.range, `os.environ.get("${name}") == "1"`)]))];
}

function secretFromEnv(s: SecretFact, ws: WorkspaceModel): Fix[] {
  const file = fileOf(ws, s.loc);
  const env = s.envName && /^[A-Za-z_][A-Za-z0-9_]*$/.test(s.envName) ? s.envName : undefined;
  if (!file || !env) return [];
  const range = (s.replaceLoc ?? s.loc).range;
  return [fix(`Read ${env} from the environment`, 'unsafe', file, withOs(file, [replace(range, `os.environ["${env}"]`)]))];
}

function sampleRateFromEnv(t: TraceSamplingFact, ws: WorkspaceModel): Fix[] {
  const file = fileOf(ws, t.value.loc);
  if (!file) return [];
  const expr = 'float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0.1"))';
  const whole = t.argLoc && /^enable_tracing/.test(t.value.text);
  const edit = whole ? replace(t.argLoc!.range, `traces_sample_rate=${expr}`) : replace(t.value.loc.range, expr);
  return [fix('Read the sample rate from SENTRY_TRACES_SAMPLE_RATE (default 0.1)', 'safe', file, withOs(file, [edit]))];
}

function secureCookie(c: CookieFact, ws: WorkspaceModel): Fix[] {
  const file = fileOf(ws, c.loc);
  if (!file) return [];
  const edits: TextEdit[] = [];
  const isOff = (v: typeof c.secure) => v?.origin === 'literal' && (v.literal === false || v.literal === 0);
  if (c.setting) {
    const v = c.secure ?? c.httpOnly;
    if (!v || !isOff(v)) return [];
    return [fix(`Set ${c.setting} = True`, 'safe', file, [replace(v.loc.range, 'True')])];
  }
  const names = c.library === 'starlette-session' ? { secure: 'https_only' } : { secure: 'secure', httpOnly: 'httponly' };
  for (const key of ['secure', 'httpOnly'] as const) {
    const flag = names[key as keyof typeof names];
    if (!flag) continue;
    const v = c[key];
    if (v && isOff(v)) edits.push(replace(v.loc.range, 'True'));
    else if (!v && c.insertAt) edits.push(insertAt(c.insertAt.range.start.line, c.insertAt.range.start.character, `, ${flag}=True`));
  }
  if (!edits.length) return [];
  return [fix(c.library === 'starlette-session' ? 'Set https_only=True' : 'Set secure=True and httponly=True', 'safe', file, edits)];
}

export const pythonFixes: CodeFixBuilders = {
  addRateLimit,
  addSecurityHeaders,
  addHealthRoute,
  corsFromConfig,
  debugFromEnv,
  secretFromEnv,
  sampleRateFromEnv,
  secureCookie,
};
