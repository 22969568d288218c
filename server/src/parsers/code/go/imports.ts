import type { Node } from './syntax';
import { field, named, stringValue } from './syntax';

/**
 * Go imports: which identifier names which package. Libraries are recognised by import path, never
 * by the local name (`cors` is gin-contrib/cors in one file and rs/cors in the next).
 */

export interface GoImport {
  path: string;
  /** Local name (`gin`, an alias), or `_`/`.` for blank and dot imports. */
  name: string;
  node: Node;
}

/** Package name Go infers from an import path, for the common conventions (`/v5`, `sentry-go`, `go-chi`). */
export function defaultPackageName(path: string): string {
  const special = SPECIAL_NAMES[path];
  if (special) return special;
  const parts = path.split('/');
  let last = parts[parts.length - 1];
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  // gopkg.in/yaml.v3 → yaml
  last = last.replace(/\.v\d+$/, '');
  last = last.replace(/^go-/, '').replace(/[-.]go$/, '');
  return last.replace(/[-.]/g, '_');
}

const SPECIAL_NAMES: Record<string, string> = {
  'github.com/getsentry/sentry-go/gin': 'sentrygin',
  'github.com/getsentry/sentry-go/echo': 'sentryecho',
  'github.com/getsentry/sentry-go/http': 'sentryhttp',
  'github.com/getsentry/sentry-go/fiber': 'sentryfiber',
  'github.com/getsentry/sentry-go/fasthttp': 'sentryfasthttp',
  'github.com/didip/tollbooth_gin': 'tollbooth_gin',
  'github.com/zsais/go-gin-prometheus': 'ginprometheus',
  'github.com/penglongli/gin-metrics/ginmetrics': 'ginmetrics',
  'github.com/rollbar/rollbar-go': 'rollbar',
  'github.com/bugsnag/bugsnag-go/v2': 'bugsnag',
  'github.com/bugsnag/bugsnag-go': 'bugsnag',
  'github.com/honeybadger-io/honeybadger-go': 'honeybadger',
};

export function collectImports(root: Node): GoImport[] {
  const out: GoImport[] = [];
  for (const decl of named(root)) {
    if (decl.type !== 'import_declaration') continue;
    const specs = decl.namedChildren.flatMap((c) => (c?.type === 'import_spec_list' ? named(c) : c ? [c] : []));
    for (const spec of specs) {
      if (spec.type !== 'import_spec') continue;
      const path = stringValue(field(spec, 'path'));
      if (!path) continue;
      const alias = field(spec, 'name')?.text;
      out.push({ path, name: alias ?? defaultPackageName(path), node: spec });
    }
  }
  return out;
}

/** Strips a major-version suffix so tables can match `github.com/labstack/echo/v4` as `…/echo`. */
export function unversioned(path: string): string {
  return path.replace(/\/v\d+(?=\/|$)/g, '');
}

/** Library families, keyed by unversioned import path. */
export const LIB = {
  gin: 'github.com/gin-gonic/gin',
  echo: 'github.com/labstack/echo',
  echoMiddleware: 'github.com/labstack/echo/middleware',
  chi: 'github.com/go-chi/chi',
  chiMiddleware: 'github.com/go-chi/chi/middleware',
  fiber: 'github.com/gofiber/fiber',
  http: 'net/http',
  promhttp: 'github.com/prometheus/client_golang/prometheus/promhttp',
  httprate: 'github.com/go-chi/httprate',
  xrate: 'golang.org/x/time/rate',
  tollbooth: 'github.com/didip/tollbooth',
  tollboothGin: 'github.com/didip/tollbooth_gin',
  ulule: 'github.com/ulule/limiter',
  unrolledSecure: 'github.com/unrolled/secure',
  ginSecure: 'github.com/gin-contrib/secure',
  ginCors: 'github.com/gin-contrib/cors',
  rsCors: 'github.com/rs/cors',
  chiCors: 'github.com/go-chi/cors',
  sentry: 'github.com/getsentry/sentry-go',
  signal: 'os/signal',
  os: 'os',
  time: 'time',
} as const;

/** Fiber middleware packages live under `github.com/gofiber/fiber/vN/middleware/<name>`. */
export function fiberMiddleware(path: string): string | undefined {
  const m = /^github\.com\/gofiber\/fiber\/(?:v\d+\/)?middleware\/(\w+)$/.exec(path);
  return m?.[1];
}

/** Packages whose presence makes a file worth parsing (the pre-filter). */
export const RELEVANT_IMPORT = new RegExp(
  [
    '"net/http"', '"github\\.com/gin-gonic/gin"', '"github\\.com/labstack/echo', '"github\\.com/go-chi/',
    '"github\\.com/gofiber/fiber', '"golang\\.org/x/time/rate"', '"github\\.com/ulule/limiter', '"github\\.com/didip/tollbooth',
    '"github\\.com/unrolled/secure"', '"github\\.com/gin-contrib/', '"github\\.com/getsentry/sentry-go',
    '"github\\.com/prometheus/client_golang', '"go\\.opentelemetry\\.io/', '"github\\.com/golang-jwt/jwt',
    '"github\\.com/dgrijalva/jwt-go', '"github\\.com/rs/cors"', '"github\\.com/gorilla/', '"github\\.com/rollbar/',
    '"github\\.com/bugsnag/', '"github\\.com/honeybadger-io/',
  ].join('|'),
);
