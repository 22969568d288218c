/**
 * Django: a production settings module is the "app" (Django has no app object; presence findings
 * anchor on its `MIDDLEWARE`), with what its MIDDLEWARE, INSTALLED_APPS, REST_FRAMEWORK and CACHES
 * provide; URL configurations (`urlpatterns` with `path`/`re_path`/`include`) become routers,
 * routes and mounts, tied to the app through `ROOT_URLCONF`.
 */
import type { HttpApp, MountFact, RateLimitFact, RouteFact } from '../../../model/app';
import { callParts, field, type PyNode } from './ast';
import { lastName, locOf, q, str, t, indentAt, type Ctx } from './context';
import { resolveModule } from './imports';
import { capability } from './middleware';
import { elementsOf, stringOf } from './values';

/** settings.py, settings/*.py, settings_prod.py… */
export function isSettingsPath(path: string): boolean {
  return /(^|\/)settings\.py$/.test(path) || /(^|\/)settings\/[^/]+\.py$/.test(path) || /(^|\/)settings[_-][\w-]+\.py$/.test(path);
}

const MIDDLEWARE_CAPS: [RegExp, 'security-headers' | 'cors' | 'metrics' | 'rate-limit' | 'error-tracking', string][] = [
  [/^django\.middleware\.security\.SecurityMiddleware$/, 'security-headers', 'django'],
  [/^corsheaders\.middleware\.CorsMiddleware$/, 'cors', 'django-cors-headers'],
  [/^django_prometheus\.middleware\./, 'metrics', 'django-prometheus'],
  [/^(django_)?ratelimit\.middleware\./, 'rate-limit', 'django-ratelimit'],
  [/^csp\.middleware\.CSPMiddleware$/, 'security-headers', 'django-csp'],
];

function urlconfFile(ctx: Ctx, dotted: string): string | undefined {
  const f = resolveModule(ctx.ws, ctx.path, dotted, 0);
  return f && !f.endsWith('/') ? f : undefined;
}

/** Module-level settings of a Django settings module. */
export function djangoSettings(ctx: Ctx): void {
  const get = (name: string) => ctx.consts.get(name);
  const middleware = get('MIDDLEWARE') ?? get('MIDDLEWARE_CLASSES');
  const installed = get('INSTALLED_APPS');
  const strings = (n: PyNode | undefined) => (elementsOf(n) ?? []).map((e) => ({ node: e, value: stringOf(ctx.m, e) }));
  for (const { node, value } of strings(middleware)) {
    for (const [re, cap, lib] of MIDDLEWARE_CAPS) if (value && re.test(value)) capability(ctx, cap, lib, node);
  }
  for (const { node, value } of strings(installed)) {
    if (value === 'django_prometheus') capability(ctx, 'metrics', 'django-prometheus', node);
    if (value === 'health_check' || value?.startsWith('health_check.')) capability(ctx, 'health', 'django-health-check', node);
  }
  restFramework(ctx);
  if (ctx.dev || !(middleware || installed)) return;
  const anchorNode = middleware ?? installed!;
  const target = assignmentTarget(anchorNode) ?? anchorNode;
  const id = `${ctx.path}#settings`;
  const app: HttpApp = {
    id,
    language: 'python',
    framework: 'django',
    constructorLoc: locOf(ctx, target),
    serviceDir: '',
    routesResolved: true,
  };
  if (middleware?.type === 'list') {
    // Code for the MIDDLEWARE list goes right after its `[` (fixes prepend SecurityMiddleware).
    const first = middleware.children[0];
    const at = ctx.file.lines.positionAt(middleware.start + 1);
    app.afterConstructor = { loc: { file: ctx.path, range: { start: at, end: at } }, indent: first ? indentAt(ctx, first.start) : '    ' };
  }
  ctx.apps.push(app);
  const urlconf = get('ROOT_URLCONF');
  const dotted = urlconf ? stringOf(ctx.m, urlconf) : undefined;
  if (urlconf) {
    const file = dotted ? urlconfFile(ctx, dotted) : undefined;
    const mount: MountFact = { kind: 'mount', parent: id, prefix: '/', loc: locOf(ctx, urlconf) };
    if (file) mount.router = `${file}#urlpatterns`;
    ctx.facts.push(mount);
  }
}

function assignmentTarget(value: PyNode): PyNode | undefined {
  const a = value.parent;
  return a?.type === 'assignment' ? field(a, 'left') : undefined;
}

/** DRF throttling: a limiter keyed on the whole X-Forwarded-For header unless NUM_PROXIES is set. */
function restFramework(ctx: Ctx): void {
  const rf = ctx.consts.get('REST_FRAMEWORK');
  if (rf?.type !== 'dictionary') return;
  let throttle: PyNode | undefined;
  let numProxies = false;
  for (const pair of rf.children) {
    const key = pair.type === 'pair' ? stringOf(ctx.m, field(pair, 'key')) : undefined;
    if (key === 'DEFAULT_THROTTLE_CLASSES' || (key === 'DEFAULT_THROTTLE_RATES' && !throttle)) throttle = field(pair, 'key');
    if (key === 'NUM_PROXIES') numProxies = true;
  }
  if (!throttle) return;
  capability(ctx, 'rate-limit', 'drf-throttling', throttle);
  if (ctx.dev) return;
  const fact: RateLimitFact = {
    kind: 'rate-limit-config', library: 'drf-throttling', loc: locOf(ctx, throttle),
    key: numProxies ? 'forwarded-for-trusted' : 'forwarded-for-raw', keyLoc: locOf(ctx, throttle),
    storage: cacheStorage(ctx),
  };
  ctx.facts.push(fact);
}

/** DRF and django-ratelimit count in the default cache: LocMemCache unless CACHES says otherwise. */
function cacheStorage(ctx: Ctx): RateLimitFact['storage'] {
  const caches = ctx.consts.get('CACHES');
  // Without CACHES Django uses LocMemCache, unless the module star-imports settings that may set it.
  if (!caches) return ctx.table.refs.has('*') ? 'unknown' : 'memory';
  const src = t(ctx, caches);
  if (/locmem/i.test(src)) return 'memory';
  if (/redis|memcache|database|db\.DatabaseCache|filebased/i.test(src)) return 'shared';
  return 'unknown';
}

const URL_FUNCS = new Set(['path', 're_path', 'url']);

/** `urlpatterns = [...]` (and `+= [...]`, `[...] + static(...)`) of any module. */
export function urlpatterns(ctx: Ctx, value: PyNode, at: PyNode): void {
  const id = `${ctx.path}#urlpatterns`;
  if (!ctx.facts.some((f) => f.kind === 'router' && f.id === id)) ctx.facts.push({ kind: 'router', id, prefix: '', loc: locOf(ctx, at) });
  const lists: PyNode[] = [];
  const pending = [value];
  while (pending.length) {
    const n = pending.pop()!;
    if (n.type === 'list') lists.push(n);
    else if (n.type === 'binary_operator') pending.push(...n.children);
  }
  const stack = lists.map((list) => ({ list, prefix: '/' as string | undefined }));
  while (stack.length) {
    const { list, prefix } = stack.pop()!;
    for (const el of elementsOf(list) ?? []) {
      if (el.type !== 'call') continue;
      const fn = lastName(q(ctx, field(el, 'function')));
      if (!URL_FUNCS.has(fn)) continue;
      const parts = callParts(ctx.m, el);
      const routeNode = parts?.positional[0] ?? parts?.keywords.get('route')?.value;
      if (!parts || !routeNode) continue;
      const route = str(ctx, routeNode);
      const regex = fn !== 'path';
      const target = parts.positional[1] ?? parts.keywords.get('view')?.value;
      const joined = prefix === undefined || route === undefined ? undefined : regex ? route : joinDjango(prefix, route);
      if (target?.type === 'call' && lastName(q(ctx, field(target, 'function'))) === 'include') {
        const inc = callParts(ctx.m, target);
        let arg = inc?.positional[0];
        if (arg?.type === 'tuple') arg = arg.children[0];
        if (arg?.type === 'list' && !regex) {
          stack.push({ list: arg, prefix: joined });
          continue;
        }
        const mount: MountFact = { kind: 'mount', parent: id, prefix: regex ? (route === undefined ? undefined : regexPrefix(prefix, route)) : joined, loc: locOf(ctx, el) };
        const dotted = arg ? stringOf(ctx.m, arg) : undefined;
        const file = dotted ? urlconfFile(ctx, dotted) : arg?.type === 'identifier' ? ctx.table.modules.get(t(ctx, arg)) : undefined;
        if (file) mount.router = `${file}#urlpatterns`;
        if (dotted === 'django_prometheus.urls') capability(ctx, 'metrics', 'django-prometheus', arg!);
        ctx.facts.push(mount);
        continue;
      }
      // `path("admin/", admin.site.urls)`, `path("api/", router.urls)`: an include in all but name.
      if (target && (/\.urls$/.test(t(ctx, target)) || target.type === 'tuple' || target.type === 'list')) {
        const mount: MountFact = { kind: 'mount', parent: id, prefix: regex ? (route === undefined ? undefined : regexPrefix(prefix, route)) : joined, loc: locOf(ctx, el) };
        ctx.facts.push(mount);
        continue;
      }
      const fact: RouteFact = { kind: 'route', path: joined ?? '', router: id, loc: locOf(ctx, routeNode) };
      if (regex) {
        fact.regex = true;
        if (prefix && prefix !== '/') fact.path = `${escapeRegex(prefix.slice(1))}${(route ?? '').replace(/^\^/, '')}`;
      }
      if (joined === undefined) fact.dynamic = true;
      ctx.facts.push(fact);
    }
  }
}

function joinDjango(prefix: string, route: string): string {
  return (prefix.endsWith('/') ? prefix : `${prefix}/`) + route.replace(/^\//, '');
}

/** A `re_path(r'^api/', include(...))` prefix, when it is a plain literal path. */
function regexPrefix(prefix: string | undefined, route: string): string | undefined {
  const plain = route.replace(/^\^/, '').replace(/\$$/, '');
  if (prefix === undefined || /[\\.*+?()[\]{}|]/.test(plain)) return undefined;
  return joinDjango(prefix, plain);
}

function escapeRegex(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
