import type { FileChange, Range } from '../core/types';

/**
 * Language-neutral facts about HTTP services, extracted per source file by the Python, TS/JS and Go
 * extractors (server/src/parsers/code/<language>/) and read by the `code/*` rules. A rule never looks
 * at a syntax tree: everything it needs is a fact with a location.
 */

export type AppLanguage = 'python' | 'typescript' | 'javascript' | 'go';

export type Framework =
  | 'fastapi' | 'starlette' | 'flask' | 'django'
  | 'express' | 'fastify' | 'nestjs' | 'nextjs' | 'koa'
  | 'net/http' | 'gin' | 'echo' | 'chi' | 'fiber';

export interface Loc {
  /** Workspace-relative path. */
  file: string;
  range: Range;
}

/**
 * A configuration value as written: a literal, or "external" when it is read from the environment or
 * a settings object (it passes with a note — we cannot know its production value).
 */
export interface ConfigValue {
  origin: 'literal' | 'external' | 'unknown';
  /** Source text of the expression. */
  text: string;
  /** Parsed literal, when `origin` is literal. */
  literal?: string | number | boolean | null | (string | number | boolean | null)[];
  loc: Loc;
}

/** Where an extractor can insert code for a fix (after imports, after the app is created, before serving…). */
export interface InsertionPoint {
  loc: Loc;
  /** Indentation of the statement at that point (spaces/tabs), to keep the file's style. */
  indent: string;
}

export interface HttpApp {
  /** Stable within a workspace: `<file>#<app variable or constructor line>`. */
  id: string;
  language: AppLanguage;
  framework: Framework;
  /** The constructor call (`FastAPI()`, `Flask(__name__)`, `express()`, `NestFactory.create(…)`, `gin.Default()`…): presence findings anchor here. */
  constructorLoc: Loc;
  /** Variable the app is bound to (`app`, `r`, `e`), when any. */
  variable?: string;
  /**
   * The service this app belongs to: the nearest directory holding a manifest (package.json,
   * pyproject.toml, requirements*.txt, go.mod) or a Dockerfile; '' for the workspace root. Presence
   * checks (rate limiting, headers, metrics…) look for evidence across the whole service.
   */
  serviceDir: string;
  /** Where setup code for a fix goes: after the app is created, and where imports go. */
  afterConstructor?: InsertionPoint;
  importPoint?: InsertionPoint;
  /** Start of the top-level statement that creates the app: module-level code a fix adds (a middleware class) goes before it. */
  beforeConstructor?: InsertionPoint;
  /**
   * The extractor models every way routes are registered on this app (decorators, routers and their
   * mounts via `RouterFact`/`MountFact`), so the rules may resolve the app's full route table. Absent:
   * the route list may be partial and rules that need every route (healthcheck-path-mismatch) skip it.
   */
  routesResolved?: boolean;
}

/** What a registered middleware, plugin, decorator or library call provides. */
export type CapabilityKind =
  | 'rate-limit'
  | 'security-headers'
  | 'cors'
  | 'health'
  | 'metrics'
  | 'error-tracking'
  | 'graceful-shutdown'
  | 'session'
  | 'trusted-host';

/** Evidence that a service has a capability (a limiter, helmet, a Sentry init, a SIGTERM handler…). */
export interface CapabilityFact {
  kind: 'capability';
  capability: CapabilityKind;
  /** Library or mechanism: `slowapi`, `express-rate-limit`, `helmet`, `sentry_sdk`, `prometheus_client`, `custom-429`… */
  library: string;
  loc: Loc;
  /** The app it is registered on, when known; otherwise it counts for the whole service. */
  appId?: string;
}

export interface RouteFact {
  kind: 'route';
  appId?: string;
  /** Full path including router/blueprint prefixes when they could be resolved. */
  path: string;
  /** Upper-case, or undefined for "any method" (`app.use`, `HandleFunc`). */
  method?: string;
  loc: Loc;
  /**
   * The route is declared on a router/blueprint/urlconf (`<file>#<variable>`, see RouterFact) rather
   * than on the app: `path` is relative to that router, whose prefixes come from MountFacts.
   */
  router?: string;
  /** `path` is a regular expression (Django `re_path`), matched against the path without its leading `/`. */
  regex?: boolean;
  /** The path is not a literal (read from a variable or settings): the route table is incomplete. */
  dynamic?: boolean;
}

/** A router, blueprint or URL configuration routes are declared on (`APIRouter`, `Blueprint`, Django `urlpatterns`, `express.Router()`). */
export interface RouterFact {
  kind: 'router';
  /** `<file>#<variable>`. */
  id: string;
  /** Its own prefix (`APIRouter(prefix=…)`, `Blueprint(url_prefix=…)`); undefined when not a literal. */
  prefix: string | undefined;
  loc: Loc;
}

/** A router (or sub-app) mounted on an app or another router: `include_router`, `register_blueprint`, Django `include()`, `app.mount`. */
export interface MountFact {
  kind: 'mount';
  /** App id or router id it is mounted on; undefined when the receiver is not known (a helper's `app` parameter). */
  parent?: string;
  /** Router or app id mounted; undefined when it is opaque (StaticFiles, a third-party urlconf): any path under the prefix may be served. */
  router?: string;
  /** Prefix given at the mount ('' when none); undefined when not a literal. */
  prefix: string | undefined;
  /** The mount prefix replaces the router's own prefix instead of preceding it (Flask `register_blueprint(url_prefix=…)`). */
  replacesOwnPrefix?: boolean;
  loc: Loc;
}

/** How the app is served: listen/run calls and server objects, with what they configure. */
export interface ServeFact {
  kind: 'serve';
  appId?: string;
  /** `app.listen`, `uvicorn.run`, `app.run`, `http.ListenAndServe`, `http.Server`, `r.Run`, `e.Start`, `fiber.Listen`… */
  call: string;
  loc: Loc;
  /** Go/Node servers: read-header/read/write/idle timeouts set (any of them as literal or external). */
  timeouts?: { readHeader?: ConfigValue; read?: ConfigValue; write?: ConfigValue; idle?: ConfigValue };
  /** Whether the serving code shuts the server down gracefully on a signal (Go `Shutdown` on a signal context). */
  gracefulShutdown?: boolean;
  /** `debug=True`, `reload=True` and similar flags passed to the serve call. */
  debug?: ConfigValue;
  reload?: ConfigValue;
  workers?: ConfigValue;
  /** Fix anchor for replacing the call (e.g. `r.Run()` → explicit `http.Server`). */
  replaceable?: boolean;
}

/** CORS configuration as written. */
export interface CorsFact {
  kind: 'cors';
  appId?: string;
  library: string;
  loc: Loc;
  /** The argument that decides the allowed origins (anchor of the finding), or the call when there is none. */
  originLoc: Loc;
  /** `any` for `*`/`origin: true`/no origins given; `list` for explicit origins; `external` when read from config. */
  origins: 'any' | 'list' | 'reflect' | 'external' | 'unknown';
  credentials: boolean | 'unknown';
  /** Settings name (`CORS_ALLOW_ALL_ORIGINS`) when the fact is a settings-module assignment. */
  setting?: string;
}

export interface DebugFact {
  kind: 'debug';
  /** `FastAPI(debug=True)`, `app.run(debug=True)`, Django `DEBUG = True`, `uvicorn.run(reload=True)`, gin debug mode, `err.stack` in an error response… */
  what: string;
  value: ConfigValue;
  /** The file is a production entrypoint/settings module (not tests, not dev settings). */
  production: boolean;
  /**
   * Only in effect when the file is run as a script (`app.run(debug=True)` under `if __name__ ==
   * "__main__"`): harmless when production starts the app through gunicorn/uvicorn `module:app`.
   */
  scriptOnly?: boolean;
  /** Settings name when the fact is a settings-module assignment (`DEBUG`): a module importing this one may override it. */
  setting?: string;
}

export interface SecretFact {
  kind: 'secret';
  /** `SECRET_KEY`, `app.secret_key`, `jwt.sign secret`, `express-session secret`, `database URL password`, or a credential format name. */
  what: string;
  /** Redacted value, safe to print. */
  redacted: string;
  loc: Loc;
  /** Name of an env var a fix can read the value from. */
  envName?: string;
  /** The expression a fix replaces when it is larger than the literal (a literal fallback `os.environ.get("X", "…")`). */
  replaceLoc?: Loc;
  /** Settings name when the fact is a settings-module assignment (`SECRET_KEY`). */
  setting?: string;
}

export interface JwtFact {
  kind: 'jwt-unverified';
  /** `algorithms=["none"]`, `verify=False`, `verify_signature: False`, `jwt.decode` used for auth, `ParseUnverified`… */
  what: string;
  loc: Loc;
}

export interface RateLimitFact {
  kind: 'rate-limit-config';
  appId?: string;
  library: string;
  loc: Loc;
  /** What requests are keyed on. `forwarded-for-raw` = the first X-Forwarded-For hop without trusted-proxy configuration. */
  key: 'remote-address' | 'forwarded-for-raw' | 'forwarded-for-trusted' | 'custom' | 'unknown';
  keyLoc?: Loc;
  storage: 'memory' | 'shared' | 'unknown';
  storageLoc?: Loc;
}

export interface TraceSamplingFact {
  kind: 'trace-sampling';
  library: string;
  value: ConfigValue;
  /** The whole option (`traces_sample_rate=1.0`, `enable_tracing=True`) when a fix must replace more than the value. */
  argLoc?: Loc;
}

export interface OutboundCallFact {
  kind: 'outbound-call';
  /** `requests.get`, `httpx.post`, `http.Get`, `http.DefaultClient`, `&http.Client{}`… */
  call: string;
  loc: Loc;
  hasTimeout: boolean;
  /** A safe fix when the language allows one (Python: add `timeout=10`). */
  fix?: FileChange[];
}

export interface CookieFact {
  kind: 'cookie';
  library: string;
  loc: Loc;
  secure?: ConfigValue;
  httpOnly?: ConfigValue;
  /** The file is production configuration (Django prod settings, not tests). */
  production: boolean;
  /**
   * Set when the fact is settings (Django/Flask `SESSION_COOKIE_*`): an absent flag then means the
   * framework default, not "off". Without it an absent flag is insecure (a `set_cookie` call, `http.Cookie{}`).
   */
  setting?: string;
  /** Where a fix adds the missing flags (before the call's closing parenthesis). */
  insertAt?: Loc;
}

export interface AllowedHostsFact {
  kind: 'allowed-hosts';
  loc: Loc;
  wildcard: boolean;
  production: boolean;
  /** Settings name (`ALLOWED_HOSTS`) when the fact is a settings-module assignment. */
  setting?: string;
}

export type CodeFact =
  | CapabilityFact
  | RouteFact
  | ServeFact
  | CorsFact
  | DebugFact
  | SecretFact
  | JwtFact
  | RateLimitFact
  | TraceSamplingFact
  | OutboundCallFact
  | CookieFact
  | AllowedHostsFact
  | RouterFact
  | MountFact;

/** Everything one source file says about HTTP services. */
export interface CodeFileFacts {
  file: string;
  language: AppLanguage;
  apps: HttpApp[];
  facts: CodeFact[];
  /** Modules this file imports that resolve to workspace files (for cross-module registration). */
  imports: string[];
  /** Syntax errors: the facts are best-effort. */
  hasErrors: boolean;
}
