/**
 * State of one file's extraction: what its names are bound to (apps, routers, servers), and the facts
 * found so far. The walkers in apps.ts, calls.ts, libraries.ts, nest.ts and next.ts fill it.
 */
import type { ts } from 'ts-morph';
import type { CapabilityKind, CodeFact, ConfigValue, HttpApp, Loc, ServeFact } from '../../../model/app';
import type { SourceFile, WorkspaceModel } from '../../../workspace/model';
import { resolveRef, type Bindings } from './bindings';
import { functionName, functionOfParam, type Exports } from './exports';
import { locOf, strip, T, type Ts } from './syntax';

export interface RouterInfo {
  /** `<file>#<export name or variable>` (see exports.ts). */
  id: string;
}

export interface Receiver {
  kind: 'app' | 'router' | 'server' | 'param';
  name: string;
  appId?: string;
  routerId?: string;
}

/** Parameter names that, in a function, stand for an app or router handed in by another module. */
export const APP_PARAM = /^(?:app|application|server|router|fastify|instance|expressApp|httpServer|nestApp)$/;

export class Scan {
  readonly t: Ts = T();
  readonly facts: CodeFact[] = [];
  readonly apps: HttpApp[] = [];
  readonly appVars = new Map<string, HttpApp>();
  readonly routerVars = new Map<string, RouterInfo>();
  /** Server objects (`http.createServer(app)`, `const server = app.listen()`) → app id. */
  readonly serverVars = new Map<string, string | undefined>();
  /** Local functions registered as Fastify plugins (`app.register(routes)`): mounts resolved at the end. */
  readonly pluginMounts: { fn: string; parent?: string; prefix: string | undefined; loc: Loc }[] = [];
  private readonly routerIds = new Set<string>();
  exports: Exports = { names: new Map(), anonymous: new Map() };
  private readonly capabilityKeys = new Set<string>();
  /** Serve facts by the name of the server they listen with (`server.listen()`, `const server = app.listen()`). */
  readonly serveByServer = new Map<string, ServeFact>();
  /** `server.headersTimeout = …` seen before the server's listen call. */
  readonly pendingTimeouts: { server: string; prop: string; value: ConfigValue }[] = [];
  trustProxy = false;
  /** Nest `app.setGlobalPrefix('api')` seen in this file. */
  globalPrefix?: string;

  constructor(
    readonly file: SourceFile,
    readonly sf: ts.SourceFile,
    readonly workspace: WorkspaceModel,
    readonly bindings: Bindings,
    /** Not a test, fixture or development file. */
    readonly production: boolean,
  ) {}

  loc(node: ts.Node): Loc {
    return locOf(this.file, this.sf, node);
  }

  text(node: ts.Node): string {
    return node.getText(this.sf);
  }

  /** Declares a router once (its own prefix: koa-router's `prefix`, '' for the others). */
  router(id: string, node: ts.Node, prefix: string | undefined = ''): void {
    if (this.routerIds.has(id)) return;
    this.routerIds.add(id);
    this.facts.push({ kind: 'router', id, prefix, loc: this.loc(node) });
  }

  /** A route; with no owner it belongs to the service's app (Nest controllers, Next route files, helpers). */
  route(path: string, method: string | undefined, node: ts.Node, owner: { appId?: string; router?: string } = {}, dynamic?: boolean): void {
    this.facts.push({ kind: 'route', ...owner, path, method, loc: this.loc(node), ...(dynamic ? { dynamic } : {}) });
  }

  hasRouter(id: string): boolean {
    return this.routerIds.has(id);
  }

  /** One capability fact per (capability, library): the first evidence is enough. */
  capability(capability: CapabilityKind, library: string, node: ts.Node, appId?: string): void {
    const key = `${capability}\u0000${library}`;
    if (this.capabilityKeys.has(key)) return;
    this.capabilityKeys.add(key);
    this.facts.push({ kind: 'capability', capability, library, loc: this.loc(node), appId });
  }

  hasCapability(capability: CapabilityKind): boolean {
    return this.facts.some((f) => f.kind === 'capability' && f.capability === capability);
  }

  /** What a receiver expression is: an app of this file, a router, a server, or an app handed in. */
  receiver(expr: ts.Expression): Receiver | undefined {
    const t = this.t;
    const e = strip(expr);
    if (t.isIdentifier(e)) {
      const app = this.appVars.get(e.text);
      if (app) return { kind: 'app', name: e.text, appId: app.id };
      const router = this.routerVars.get(e.text);
      if (router) return { kind: 'router', name: e.text, routerId: router.id };
      if (this.serverVars.has(e.text)) return { kind: 'server', name: e.text, appId: this.serverVars.get(e.text) };
      const imported = this.bindings.imports.get(e.text);
      // An `app` imported from a workspace module is that module's app; one from a package is not ours.
      if (APP_PARAM.test(e.text) && (!imported || imported.module.startsWith('.')) && !this.boundToLibrary(e.text)) {
        return { kind: 'param', name: e.text, routerId: this.pluginId(e, e.text) };
      }
      return undefined;
    }
    // `this.app.use(…)` in a class that wraps the app, `fastify.server.listen`…
    if (t.isPropertyAccessExpression(e) && APP_PARAM.test(e.name.text)) return { kind: 'param', name: e.name.text };
    return undefined;
  }

  /**
   * Routes registered on a Fastify plugin's instance parameter belong to the plugin, mounted (with
   * its prefix) where it is registered. Other helpers' parameters (`setupRoutes(app)`) stay
   * unowned: the rules attach them to the service's app.
   */
  private pluginId(at: ts.Node, param: string): string | undefined {
    const fn = functionOfParam(this, at, param);
    if (!fn || !this.isPluginFunction(fn, param)) return undefined;
    const name = functionName(this, fn);
    if (!name) return undefined;
    const id = `${this.file.path}#${name}`;
    this.router(id, fn);
    return id;
  }

  private isPluginFunction(fn: ts.Node, param: string): boolean {
    const t = this.t;
    if (!t.isFunctionDeclaration(fn) && !t.isFunctionExpression(fn) && !t.isArrowFunction(fn)) return false;
    if (fn.parameters[0]?.name.getText(this.sf) !== param) return false;
    if (/^(?:fastify|instance)$/.test(param)) return true;
    return [...this.bindings.imports.values()].some((b) => b.module === 'fastify' || b.module === 'fastify-plugin');
  }

  /**
   * `const server = new ApolloServer()`, `const router = useRouter()`: named like an app, built by a
   * package that is not a web framework. A factory from the workspace (`const app = await buildApp()`)
   * still counts as an app.
   */
  private boundToLibrary(name: string): boolean {
    const init = this.bindings.constants.get(name);
    if (!init) return false;
    const e = strip(init);
    if (!this.t.isCallExpression(e) && !this.t.isNewExpression(e)) return true;
    const ref = resolveRef(this.bindings, e.expression);
    return ref !== undefined && !ref.module.startsWith('.');
  }

  /** A local constant's initializer, or 'import' when the name is imported (a value from elsewhere). */
  resolveIdentifier = (id: ts.Identifier): ts.Expression | 'import' | undefined => {
    if (this.bindings.imports.has(id.text)) return 'import';
    return this.bindings.constants.get(id.text);
  };
}
