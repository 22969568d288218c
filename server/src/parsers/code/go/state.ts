import type {
  CodeFact, ConfigValue, CookieFact, CorsFact, Framework, HttpApp, Loc, OutboundCallFact, RateLimitFact, RouteFact, ServeFact,
} from '../../../model/app';
import type { LineIndex } from '../../../workspace/line-index';
import type { SourceFile, WorkspaceModel } from '../../../workspace/model';
import { unversioned } from './imports';
import type { Node } from './syntax';
import { isLiteralExpr, locOf, rangeOfNode } from './syntax';

/** Extraction state shared by the walker (extract.ts) and the fact builders (routers.ts, config.ts). */

export interface AppState {
  app: HttpApp;
  framework: Framework;
  /** Top-level function the constructor is in (for `r.Mount("/x", subRouter())`). */
  fn?: string;
  mountedInto?: { parent?: AppState; prefix: string };
  /** echo `e.Server.ReadTimeout = …`; fiber `fiber.New(fiber.Config{ReadTimeout: …})`. */
  timeouts: NonNullable<ServeFact['timeouts']>;
  /** Receiver text of the constructor's variable (`r`, `s.router`). */
  variable?: string;
}

export interface RouterHandle {
  t: 'router';
  fw: Framework;
  app?: AppState;
  prefix: string;
  /** A router received as parameter `index` of top-level function `fn`: resolved from call sites. */
  param?: { fn: string; index: number };
  /** The result of calling a local function (`apiRouter()`): resolved by name at the end. */
  fromFn?: string;
}

export interface ServerHandle {
  t: 'server';
  serve: ServeFact;
  app?: AppState;
  /** Handler expression when it was not an app we know (wrapped, nil…). */
  variable?: string;
}

export type Handle =
  | RouterHandle
  | ServerHandle
  | { t: 'client'; fact: OutboundCallFact }
  | { t: 'cookie'; fact: CookieFact; keys: { secure: string; httpOnly: string } }
  | { t: 'cors'; fact: CorsFact }
  | { t: 'none' };

export interface Extraction {
  workspace: WorkspaceModel;
  file: SourceFile;
  path: string;
  lines: LineIndex;
  text: string;
  serviceDir: string;
  packageName: string;
  /** Local package name → import path (unversioned); shadowed names are looked up in scopes first. */
  imports: Map<string, string>;
  /** Full (versioned) import paths, for fixes that must match the major version. */
  importPaths: Map<string, string>;
  facts: CodeFact[];
  apps: AppState[];
  memo: Map<string, unknown>;
  scopes: Map<string, Handle>[];
  /** Struct fields holding routers/servers (`s.router = gin.New()`), by field name. */
  fields: Map<string, Handle>;
  consts: Map<string, string>;
  /** Parameter bindings for func literals about to be entered (`r.Route("/x", func(r chi.Router) {…})`). */
  pendingParams: Map<number, Map<string, Handle>>;
  fnStack: string[];
  serves: { handle: ServerHandle | undefined; fact: ServeFact; kind: 'gin' | 'echo' | 'fiber' | 'listen' | 'server'; app?: AppState; receiver?: string }[];
  /** Receivers `.Shutdown(…)` is called on. */
  shutdowns: { receiver: string; loc: Loc }[];
  limiters: { fact: RateLimitFact; call: Node; fnText: string }[];
  keyReads: { kind: 'xff' | 'gin-client-ip' | 'echo-real-ip' | 'remote-addr'; loc: Loc; fnText: string }[];
  /** Facts created by a call/literal, by its start offset, so `X.Use(…)` can attach its app. */
  factsAt: Map<number, CodeFact[]>;
  useTargets: { start: number; app: AppState }[];
  paramRoutes: { route: RouteFact; param: { fn: string; index: number } }[];
  paramCalls: { fn: string; index: number; handle: RouterHandle }[];
  mounts: { fn?: string; app?: AppState; parent?: AppState; prefix: string }[];
  defaultMux?: AppState;
  /** `Access-Control-Allow-Credentials: true` written by hand somewhere in the file. */
  manualCredentials: boolean;
  manualCors: CorsFact[];
  timeAlias: string;
  hasErrors: boolean;
  /** Some route registration could not be resolved (a prefixed group handed to another package…). */
  incomplete: boolean;
  /** Routers with a prefix handed to functions (`handlers.Register(api)`): fine when the function is in this file. */
  handedOff: string[];
  declaredFns: Set<string>;
  selectorsMatter: boolean;
  /** Recursion depth of handleOf. */
  depth: number;
}

export function pkgOf(x: Extraction, node: Node | undefined): string | undefined {
  if (!node || node.type !== 'identifier') return undefined;
  const name = node.text;
  if (lookup(x, name)) return undefined;
  return x.imports.get(name);
}

export function lookup(x: Extraction, name: string): Handle | undefined {
  for (let i = x.scopes.length - 1; i >= 0; i--) {
    const h = x.scopes[i].get(name);
    if (h) return h.t === 'none' ? undefined : h;
    if (x.scopes[i].has(name)) return undefined;
  }
  return undefined;
}

export function bindName(x: Extraction, name: string, handle: Handle | undefined): void {
  if (name === '_') return;
  x.scopes[x.scopes.length - 1].set(name, handle ?? { t: 'none' });
}

export function memo<T>(x: Extraction, kind: string, node: Node, create: () => T): T {
  const key = `${kind}@${node.startIndex}`;
  if (x.memo.has(key)) return x.memo.get(key) as T;
  const value = create();
  x.memo.set(key, value);
  return value;
}

export function addFact(x: Extraction, at: Node, fact: CodeFact): void {
  x.facts.push(fact);
  const list = x.factsAt.get(at.startIndex);
  if (list) list.push(fact);
  else x.factsAt.set(at.startIndex, [fact]);
}

export function loc(x: Extraction, node: Node): Loc {
  return locOf(x.path, x.lines, node);
}

export function range(x: Extraction, node: Node) {
  return rangeOfNode(x.lines, node);
}

/** A configuration value as written: literal, or external when computed/read from config. */
export function configValue(x: Extraction, node: Node, literal?: ConfigValue['literal']): ConfigValue {
  const isLit = isLiteralExpr(node, x.timeAlias);
  const value: ConfigValue = { origin: isLit ? 'literal' : 'external', text: node.text, loc: loc(x, node) };
  if (isLit) {
    if (literal !== undefined) value.literal = literal;
    else if (node.type === 'true' || node.type === 'false') value.literal = node.type === 'true';
    else if (node.type === 'int_literal' || node.type === 'float_literal') value.literal = Number(node.text.replace(/_/g, ''));
    else if (node.type === 'interpreted_string_literal' || node.type === 'raw_string_literal') value.literal = node.text.slice(1, -1);
  }
  return value;
}

export function isPkg(path: string | undefined, lib: string): boolean {
  return path !== undefined && unversioned(path) === lib;
}

export function currentFn(x: Extraction): string | undefined {
  return x.fnStack[x.fnStack.length - 1];
}
