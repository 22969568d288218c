import type { Fix } from '../../../core/types';
import type { HttpApp } from '../../../model/app';
import type { WorkspaceModel } from '../../../workspace/model';
import type { Edits } from './edit';
import { finish, freshName, importedPath, importName, inFunctionBody, insertLinesAfter, nodeAtLoc, replaceNode, scopeText, startEdits } from './edit';
import { LIB } from './imports';
import { goModFix, MODULE_VERSIONS } from './service';
import type { Node } from './syntax';
import { argsOf, calleeOf, enclosingStatement, field, keyedElements, literalType, withGoTree } from './syntax';

/**
 * Fixes that add something to an app, in its framework's idiom: a liveness route, a rate limiter,
 * security headers. Middleware goes right after the constructor (before any route, which chi
 * requires and gin needs for the middleware to apply); a route goes after the last `Use`.
 */

interface AppSite {
  e: Edits;
  ctor: Node;
  /** The statement creating the app, inside a function body. */
  stmt: Node;
  /** `r`, `e`, `app`, `s.router`; undefined for the default mux. */
  recv?: string;
  /** Local package names of the framework and of net/http. */
  fw: string;
  http: string;
}

function appSite(ws: WorkspaceModel, app: HttpApp, build: (site: AppSite) => Fix[]): Fix[] {
  if (app.language !== 'go') return [];
  const file = ws.file(app.constructorLoc.file);
  if (!file) return [];
  return withGoTree(file.text, (root) => {
    const e = startEdits(file, root);
    const ctor = nodeAtLoc(e, app.constructorLoc, ['call_expression']);
    const stmt = ctor ? enclosingStatement(ctor) : undefined;
    if (!ctor || !stmt || !inFunctionBody(stmt)) return [];
    const libPath = { gin: LIB.gin, echo: LIB.echo, chi: LIB.chi, fiber: LIB.fiber }[app.framework as string];
    const fwPath = libPath ? importedPath(root, libPath) : 'net/http';
    if (!fwPath) return [];
    const recv = app.variable && /^[\w.]+$/.test(app.variable) ? app.variable : undefined;
    if (!recv && app.framework !== 'net/http') return [];
    return build({ e, ctor, stmt, recv, fw: importName(root, fwPath), http: importName(root, 'net/http') });
  }, []);
}

function fix(title: string, site: AppSite, extra: (Fix | undefined)[] = []): Fix[] {
  return [{ title, safety: 'unsafe', changes: [{ file: site.e.file.path, edits: finish(site.e) }] }, ...extra.filter((f): f is Fix => !!f)];
}

/** chi panics on `Use` after a route: new routes go after the last `r.Use(…)` following the constructor. */
function afterLastUse(site: AppSite): Node {
  let at = site.stmt;
  for (let n = site.stmt.nextNamedSibling; n; n = n.nextNamedSibling) {
    const call = n.type === 'expression_statement' ? n.namedChild(0) : undefined;
    const callee = call?.type === 'call_expression' ? calleeOf(call) : undefined;
    if (callee?.name === 'Use' && callee.operand?.text === site.recv) at = n;
  }
  return at;
}

export function addHealthRoute(app: HttpApp, ws: WorkspaceModel, options?: { path?: string }): Fix[] {
  const path = options?.path && /^\/[\w\-./]*$/.test(options.path) ? options.path : '/healthz';
  return appSite(ws, app, (site) => {
    const { fw, http, recv } = site;
    const q = JSON.stringify(path);
    let lines: string[];
    switch (app.framework) {
      case 'gin':
        lines = [`${recv}.GET(${q}, func(c *${fw}.Context) {`, `\tc.JSON(${http}.StatusOK, ${fw}.H{"status": "ok"})`, '})'];
        break;
      case 'echo':
        lines = [`${recv}.GET(${q}, func(c ${fw}.Context) error {`, `\treturn c.JSON(${http}.StatusOK, map[string]string{"status": "ok"})`, '})'];
        break;
      case 'fiber': {
        const v3 = importedPath(site.e.root, LIB.fiber)?.endsWith('/v3');
        lines = [`${recv}.Get(${q}, func(c ${v3 ? '' : '*'}${fw}.Ctx) error {`, '\treturn c.SendString("ok")', '})'];
        break;
      }
      default: {
        const register = app.framework === 'chi' ? `${recv}.Get` : recv ? `${recv}.HandleFunc` : `${http}.HandleFunc`;
        lines = [`${register}(${q}, func(w ${http}.ResponseWriter, _ *${http}.Request) {`, `\tw.WriteHeader(${http}.StatusOK)`, '\t_, _ = w.Write([]byte("ok"))', '})'];
      }
    }
    if (app.framework !== 'fiber') site.e.needs.add('net/http');
    insertLinesAfter(site.e, app.framework === 'chi' ? afterLastUse(site) : site.stmt, lines);
    return fix(`Add a ${path} liveness route`, site);
  });
}

export function addRateLimit(app: HttpApp, ws: WorkspaceModel): Fix[] {
  return appSite(ws, app, (site) => {
    const { e, fw, http, recv } = site;
    const file = e.file.path;
    switch (app.framework) {
      case 'gin': {
        // gin has no limiter of its own: a process-wide token bucket from golang.org/x/time/rate.
        const limiter = freshName(scopeText(e, site.ctor), 'limiter', 'rateLimiter');
        e.needs.add('golang.org/x/time/rate');
        e.needs.add('net/http');
        insertLinesAfter(e, site.stmt, [
          `${limiter} := rate.NewLimiter(rate.Limit(100), 200) // 100 requests/s for the whole process, bursts of 200`,
          `${recv}.Use(func(c *${fw}.Context) {`,
          `\tif !${limiter}.Allow() {`,
          `\t\tc.AbortWithStatusJSON(${http}.StatusTooManyRequests, ${fw}.H{"error": "too many requests"})`,
          '\t\treturn',
          '\t}',
          '\tc.Next()',
          '})',
        ]);
        return fix('Add a rate limit (golang.org/x/time/rate)', site, [goModFix(ws, file, 'golang.org/x/time', MODULE_VERSIONS['golang.org/x/time'])]);
      }
      case 'echo': {
        const mw = useEchoMiddleware(site);
        if (!mw) return [];
        // The default limiter keys on c.RealIP(), which trusts X-Forwarded-For unless an IPExtractor is set.
        const extractor = /\.IPExtractor\s*=/.test(e.file.text) ? [] : [`${recv}.IPExtractor = ${fw}.ExtractIPDirect() // behind a proxy: ${fw}.ExtractIPFromXFFHeader(${fw}.TrustIPRange(…))`];
        insertLinesAfter(e, site.stmt, [...extractor, `${recv}.Use(${mw}.RateLimiter(${mw}.NewRateLimiterMemoryStore(20)))`]);
        return fix('Add echo RateLimiter (20 requests/s per client)', site);
      }
      case 'fiber': {
        const base = importedPath(e.root, LIB.fiber)!;
        const path = `${base}/middleware/limiter`;
        if (hasOtherImport(e, 'limiter', path)) return [];
        e.needs.add(path);
        e.needs.add('time');
        insertLinesAfter(e, site.stmt, [`${recv}.Use(limiter.New(limiter.Config{Max: 100, Expiration: time.Minute}))`]);
        return fix('Add fiber limiter (100 requests/min per client)', site);
      }
      case 'chi':
        e.needs.add('github.com/go-chi/httprate');
        e.needs.add('time');
        insertLinesAfter(e, site.stmt, [`${recv}.Use(httprate.LimitByIP(100, time.Minute))`]);
        return fix('Add httprate (100 requests/min per client IP)', site, [goModFix(ws, file, 'github.com/go-chi/httprate', MODULE_VERSIONS['github.com/go-chi/httprate'])]);
      default:
        if (!wrapHandler(site, (h) => `httprate.LimitByIP(100, time.Minute)(${h})`)) return [];
        e.needs.add('github.com/go-chi/httprate');
        e.needs.add('time');
        return fix('Wrap the handler with httprate (100 requests/min per client IP)', site, [goModFix(ws, file, 'github.com/go-chi/httprate', MODULE_VERSIONS['github.com/go-chi/httprate'])]);
    }
  });
}

export function addSecurityHeaders(app: HttpApp, ws: WorkspaceModel): Fix[] {
  return appSite(ws, app, (site) => {
    const { e, fw, recv } = site;
    const file = e.file.path;
    const secureOptions = 'secure.Options{STSSeconds: 31536000, STSIncludeSubdomains: true, FrameDeny: true, ContentTypeNosniff: true, SSLProxyHeaders: map[string]string{"X-Forwarded-Proto": "https"}}';
    switch (app.framework) {
      case 'gin':
        insertLinesAfter(e, site.stmt, [
          `${recv}.Use(func(c *${fw}.Context) {`,
          '\th := c.Writer.Header()',
          '\th.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")',
          '\th.Set("X-Content-Type-Options", "nosniff")',
          '\th.Set("X-Frame-Options", "DENY")',
          '\th.Set("Referrer-Policy", "strict-origin-when-cross-origin")',
          '\tc.Next()',
          '})',
        ]);
        return fix('Add a security-headers middleware', site);
      case 'echo': {
        const mw = useEchoMiddleware(site);
        if (!mw) return [];
        insertLinesAfter(e, site.stmt, [`${recv}.Use(${mw}.SecureWithConfig(${mw}.SecureConfig{ContentTypeNosniff: "nosniff", XFrameOptions: "SAMEORIGIN", HSTSMaxAge: 31536000}))`]);
        return fix('Add echo Secure middleware with HSTS', site);
      }
      case 'fiber': {
        const path = `${importedPath(e.root, LIB.fiber)!}/middleware/helmet`;
        e.needs.add(path);
        insertLinesAfter(e, site.stmt, [`${recv}.Use(helmet.New())`]);
        return fix('Add fiber helmet', site);
      }
      case 'chi':
        if (importName(e.root, 'github.com/unrolled/secure') !== 'secure' || hasOtherImport(e, 'secure', 'github.com/unrolled/secure')) return [];
        e.needs.add('github.com/unrolled/secure');
        insertLinesAfter(e, site.stmt, [`${recv}.Use(secure.New(${secureOptions}).Handler)`]);
        return fix('Add unrolled/secure headers', site, [goModFix(ws, file, 'github.com/unrolled/secure', MODULE_VERSIONS['github.com/unrolled/secure'])]);
      default:
        if (hasOtherImport(e, 'secure', 'github.com/unrolled/secure')) return [];
        if (!wrapHandler(site, (h) => `secure.New(${secureOptions}).Handler(${h})`)) return [];
        e.needs.add('github.com/unrolled/secure');
        return fix('Wrap the handler with unrolled/secure headers', site, [goModFix(ws, file, 'github.com/unrolled/secure', MODULE_VERSIONS['github.com/unrolled/secure'])]);
    }
  });
}

function hasOtherImport(e: Edits, name: string, path: string): boolean {
  const imported = importedPathByName(e.root, name);
  return imported !== undefined && imported !== path;
}

function importedPathByName(root: Node, name: string): string | undefined {
  for (const spec of root.descendantsOfType('import_spec')) {
    if (!spec) continue;
    const p = field(spec, 'path')?.text.slice(1, -1) ?? '';
    if ((field(spec, 'name')?.text ?? p.split('/').pop()) === name) return p;
  }
  return undefined;
}

/** echo's middleware package, imported if needed (its version follows echo's). */
function useEchoMiddleware(site: AppSite): string | undefined {
  const echoPath = importedPath(site.e.root, LIB.echo);
  if (!echoPath) return undefined;
  const path = `${echoPath}/middleware`;
  const existing = importedPathByName(site.e.root, 'middleware');
  if (existing && existing !== path) return undefined;
  site.e.needs.add(path);
  return importName(site.e.root, path);
}

/**
 * net/http muxes have no `Use`: wrap the handler where the server is built (`Handler: mux`,
 * `http.ListenAndServe(addr, mux)`; `nil` is the default mux).
 */
function wrapHandler(site: AppSite, wrap: (handler: string) => string): boolean {
  const { e, recv, http } = site;
  const mine = (n: Node | undefined) => !!n && (recv ? n.text === recv || n.descendantsOfType('identifier').some((i) => i?.text === recv) : n.type === 'nil' || n.text === `${http}.DefaultServeMux`);
  for (const lit of e.root.descendantsOfType('composite_literal')) {
    if (!lit || literalType(lit)?.join('.') !== `${http}.Server`) continue;
    const h = keyedElements(lit).get('Handler');
    if (h && mine(h.value)) { replaceNode(e, h.value, wrap(h.value.text)); return true; }
  }
  for (const call of e.root.descendantsOfType('call_expression')) {
    const callee = call ? calleeOf(call) : undefined;
    if (!call || callee?.operand?.text !== http || !/^ListenAndServe(TLS)?$/.test(callee.name)) continue;
    const args = argsOf(call);
    const h = callee.name === 'ListenAndServe' ? args[1] : args[3];
    if (h && mine(h)) { replaceNode(e, h, wrap(h.type === 'nil' ? `${http}.DefaultServeMux` : h.text)); return true; }
  }
  return false;
}
