/**
 * An app's route table across modules: routes declared on the app, on routers/blueprints/urlconfs
 * mounted on it (prefixes composed as each framework does), and "opaque" prefixes (static files,
 * third-party urlconfs, sub-apps we cannot see) under which anything may be served. `complete` is
 * false when any piece could not be resolved: rules that need every route then stay silent.
 */
import type { HttpApp, Loc, MountFact, RouteFact, RouterFact } from '../../server/src/model/app';
import type { CodeModel, Service } from './_code';

export interface ResolvedRoute {
  path: string;
  regex: boolean;
  method: string | undefined;
  loc: Loc;
}

export interface RouteTable {
  routes: ResolvedRoute[];
  opaque: { prefix: string; loc: Loc }[];
  complete: boolean;
}

/** Joins URL paths: one slash between parts, always a leading slash. */
export function joinPath(a: string, b: string): string {
  const joined = b === '' ? a : `${a}/${b}`;
  const clean = joined.replace(/\/{2,}/g, '/');
  return clean.startsWith('/') ? clean : `/${clean}`;
}

function escapeRegex(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

const MAX_CONTAINERS = 500;

export function routeTable(model: CodeModel, service: Service, app: HttpApp): RouteTable {
  const byOwner = new Map<string, RouteFact[]>();
  const mountsOf = new Map<string, MountFact[]>();
  const routers = new Map<string, RouterFact>();
  const orphanRoutes: RouteFact[] = [];
  const orphanMounts: MountFact[] = [];
  const serviceFiles = new Set(service.files.map((f) => f.file));
  for (const f of model.files) {
    for (const x of f.facts) {
      if (x.kind === 'route') {
        const owner = x.router ?? x.appId;
        if (owner) byOwner.set(owner, [...(byOwner.get(owner) ?? []), x]);
        else if (serviceFiles.has(f.file)) orphanRoutes.push(x);
      } else if (x.kind === 'mount') {
        if (x.parent) mountsOf.set(x.parent, [...(mountsOf.get(x.parent) ?? []), x]);
        else if (serviceFiles.has(f.file)) orphanMounts.push(x);
      } else if (x.kind === 'router') {
        routers.set(x.id, x);
      }
    }
  }
  const table: RouteTable = { routes: [], opaque: [], complete: app.routesResolved === true };
  const appFile = model.appFile.get(app.id);
  if (appFile?.hasErrors) table.complete = false;
  // Registrations on an unknown receiver (a helper's `app` parameter) belong to the service's only app.
  if (orphanRoutes.length || orphanMounts.length) {
    if (service.apps.length === 1) {
      byOwner.set(app.id, [...(byOwner.get(app.id) ?? []), ...orphanRoutes]);
      mountsOf.set(app.id, [...(mountsOf.get(app.id) ?? []), ...orphanMounts]);
    } else {
      table.complete = false;
    }
  }
  const queue: { id: string; prefix: string }[] = [{ id: app.id, prefix: '' }];
  const seen = new Set<string>();
  while (queue.length) {
    const { id, prefix } = queue.shift()!;
    const key = `${id}\u0000${prefix}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (seen.size > MAX_CONTAINERS) {
      table.complete = false;
      break;
    }
    for (const r of byOwner.get(id) ?? []) {
      if (r.dynamic) {
        table.complete = false;
        continue;
      }
      if (r.regex) {
        const p = prefix.replace(/^\//, '');
        table.routes.push({ path: p ? `${escapeRegex(p.endsWith('/') ? p : `${p}/`)}${r.path.replace(/^\^/, '')}` : r.path, regex: true, method: r.method, loc: r.loc });
      } else {
        table.routes.push({ path: joinPath(prefix, r.path), regex: false, method: r.method, loc: r.loc });
      }
    }
    for (const mnt of mountsOf.get(id) ?? []) {
      if (mnt.prefix === undefined) {
        table.complete = false;
        continue;
      }
      const at = joinPath(prefix, mnt.prefix);
      const target = mnt.router;
      const known = target !== undefined && (routers.has(target) || byOwner.has(target) || mountsOf.has(target) || model.appFile.has(target));
      if (!known) {
        table.opaque.push({ prefix: at, loc: mnt.loc });
        continue;
      }
      const own = routers.get(target!)?.prefix;
      if (own === undefined && routers.has(target!)) {
        table.complete = false;
        continue;
      }
      queue.push({ id: target!, prefix: mnt.replacesOwnPrefix ? at : joinPath(at, own ?? '') });
    }
  }
  return table;
}

/** A route template as a regular expression: `{id}`, `{p:path}`, `<int:id>`, `<path:p>`, `:id`, `*`. */
function templateRegex(path: string): RegExp {
  let out = '';
  const re = /\{([^}:]+)(?::([^}]+))?\}|<(?:(\w+):)?(\w+)>|:(\w+)\??|\*(\w*)/g;
  let last = 0;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    out += escapeRegex(path.slice(last, m.index));
    const conv = m[2] ?? m[3];
    out += m[6] !== undefined || conv === 'path' ? '.*' : '[^/]+';
    last = m.index + m[0].length;
  }
  out += escapeRegex(path.slice(last));
  return new RegExp(`^${out.replace(/\/$/, '')}/?$`);
}

/** Python regex syntax JS lacks: named groups `(?P<name>…)` and back-references `(?P=name)`. */
function jsRegex(source: string): RegExp {
  return new RegExp(source.replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>'));
}

function matches(r: ResolvedRoute, path: string): boolean {
  return r.regex ? jsRegex(r.path).test(path.slice(1)) : templateRegex(r.path).test(path) || templateRegex(r.path).test(`${path}/`);
}

/** Methods of the routes matching a path (for "it only answers POST"). */
export function methodsFor(table: RouteTable, probe: string): string[] {
  const path = (probe.startsWith('/') ? probe : `/${probe}`).replace(/[?#].*$/, '');
  const out = new Set<string>();
  for (const r of table.routes) {
    try {
      if (r.method && matches(r, path)) out.add(r.method);
    } catch {
      // An invalid route regex matches nothing.
    }
  }
  return [...out];
}

/** Whether a probed path is served (to GET): 'yes', 'no', or 'maybe' (under an opaque prefix). */
export function serves(table: RouteTable, probe: string): 'yes' | 'no' | 'maybe' {
  const path = (probe.startsWith('/') ? probe : `/${probe}`).replace(/[?#].*$/, '');
  for (const r of table.routes) {
    if (r.method && !['GET', 'HEAD'].includes(r.method)) continue;
    try {
      if (matches(r, path)) return 'yes';
    } catch {
      return 'maybe';
    }
  }
  for (const o of table.opaque) {
    const p = o.prefix.replace(/\/$/, '');
    if (p === '' || path === p || path.startsWith(`${p}/`)) return 'maybe';
  }
  return 'no';
}
