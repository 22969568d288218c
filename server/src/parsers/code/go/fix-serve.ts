import type { Fix } from '../../../core/types';
import type { HttpApp, ServeFact } from '../../../model/app';
import type { WorkspaceModel } from '../../../workspace/model';
import type { Edits } from './edit';
import {
  finish, freshName, importedPath, importName, inFunctionBody, insertLinesBefore, nodeAtLoc, replaceNode, replaceStatement, scopeText, startEdits,
} from './edit';
import { LIB } from './imports';
import type { Node } from './syntax';
import { argsOf, calleeOf, enclosingFunction, enclosingStatement, field, keyedElements, named, unwrapExpr, withGoTree } from './syntax';

/**
 * Fixes around serving: an explicit `http.Server` with timeouts instead of `r.Run()` /
 * `http.ListenAndServe`, and a graceful shutdown on SIGTERM. The generated code keeps the original
 * error handling and only declares what it uses (Go rejects unused variables and imports).
 */

const TIMEOUTS: [string, string][] = [
  ['ReadHeaderTimeout', '5 * time.Second'],
  ['ReadTimeout', '15 * time.Second'],
  ['WriteTimeout', '15 * time.Second'],
  ['IdleTimeout', '60 * time.Second'],
];
const TIMEOUT_KEY: Record<string, keyof NonNullable<ServeFact['timeouts']>> = { ReadHeaderTimeout: 'readHeader', ReadTimeout: 'read', WriteTimeout: 'write', IdleTimeout: 'idle' };

const pad = (key: string) => `${key}:`.padEnd(19);

interface Site {
  e: Edits;
  /** The serve call (`r.Run(":8080")`, `http.ListenAndServe(…)`, `srv.ListenAndServe()`, `e.Start(…)`). */
  call: Node;
  stmt: Node;
  kind: 'gin' | 'listen' | 'server' | 'echo' | 'fiber';
}

function siteOf(ws: WorkspaceModel, serve: ServeFact, build: (site: Site) => Fix[]): Fix[] {
  const file = ws.file(serve.loc.file);
  if (!file) return [];
  return withGoTree(file.text, (root) => {
    const e = startEdits(file, root);
    const kind = serve.call === 'http.Server' ? 'server' : serve.call.startsWith('http.') ? 'listen' : /\.Run$/.test(serve.call) ? 'gin' : /\.Start$/.test(serve.call) ? 'echo' : /\.Listen$/.test(serve.call) ? 'fiber' : undefined;
    if (!kind) return [];
    let call = nodeAtLoc(e, serve.loc, kind === 'server' ? ['composite_literal'] : ['call_expression']);
    if (!call) return [];
    if (kind === 'server') {
      const started = startCallOf(call);
      if (!started) return build({ e, call, stmt: call, kind });
      call = started;
    }
    const stmt = enclosingStatement(call);
    if (!stmt || !inFunctionBody(stmt)) return [];
    return build({ e, call, stmt, kind });
  }, []);
}

/** `srv.ListenAndServe()` for the server literal bound to `srv` in the same function. */
function startCallOf(literal: Node): Node | undefined {
  let outer = literal;
  while (outer.parent && (outer.parent.type === 'unary_expression' || outer.parent.type === 'parenthesized_expression')) outer = outer.parent;
  const holder = outer.parent?.parent;
  if (!holder || (holder.type !== 'short_var_declaration' && holder.type !== 'var_spec' && holder.type !== 'assignment_statement')) return undefined;
  const name = holder.type === 'var_spec' ? field(holder, 'name')?.text : named(field(holder, 'left'))[0]?.text;
  const fn = enclosingFunction(literal);
  if (!name || !fn) return undefined;
  const calls = fn.descendantsOfType('call_expression').filter((c): c is Node => !!c);
  return calls.find((c) => {
    const callee = calleeOf(c);
    return callee?.operand?.text === name && (callee.name === 'ListenAndServe' || callee.name === 'ListenAndServeTLS') && c.startIndex > literal.startIndex;
  });
}

/**
 * `srv := &http.Server{…}` before the statement serving with `r.Run(addr)` / `http.ListenAndServe(addr, h)`;
 * returns the server variable and the call that starts it (put in place of the old one when `replace`).
 */
function declareServer(site: Site, replace: boolean): { srv: string; callText: string } | undefined {
  const { e, call, stmt } = site;
  const args = argsOf(call);
  const scope = scopeText(e, call);
  const srv = freshName(scope, 'srv', 'server', 'httpServer');
  const lines: string[] = [];
  let addr: string;
  let handler: string | undefined;
  let start = 'ListenAndServe()';
  if (site.kind === 'gin') {
    if (calleeOf(call)?.name !== 'Run' || args.length > 1) return undefined;
    handler = field(field(call, 'function')!, 'operand')?.text;
    if (args[0]) addr = args[0].text;
    else {
      // gin's Run() listens on $PORT, else :8080: keep that.
      addr = freshName(scope, 'addr', 'listenAddr');
      e.needs.add('os');
      lines.push(`${addr} := ":8080"`, `if port := os.Getenv("PORT"); port != "" {`, `\t${addr} = ":" + port`, '}');
    }
  } else {
    const name = calleeOf(call)?.name;
    addr = args[0]?.text ?? '":8080"';
    const h = name === 'ListenAndServeTLS' ? args[3] : args[1];
    handler = h && h.type !== 'nil' ? h.text : undefined;
    if (name === 'ListenAndServeTLS') start = `ListenAndServeTLS(${args[1]?.text}, ${args[2]?.text})`;
    else if (name !== 'ListenAndServe') return undefined;
  }
  const http = importName(e.root, 'net/http');
  e.needs.add('net/http');
  e.needs.add('time');
  lines.push(`${srv} := &${http}.Server{`, `\t${pad('Addr')}${addr},`);
  if (handler) lines.push(`\t${pad('Handler')}${handler},`);
  for (const [k, v] of TIMEOUTS) lines.push(`\t${pad(k)}${v},`);
  lines.push('}');
  insertLinesBefore(e, stmt, lines);
  if (replace) replaceNode(e, call, `${srv}.${start}`);
  return { srv, callText: `${srv}.${start}` };
}

export function addServerTimeouts(serve: ServeFact, ws: WorkspaceModel): Fix[] {
  return siteOf(ws, serve, (site) => {
    const { e } = site;
    let title: string;
    if (site.kind === 'gin' || site.kind === 'listen') {
      if (!declareServer(site, true)) return [];
      title = 'Serve with an http.Server that sets timeouts';
    } else if (site.kind === 'server') {
      const lit = nodeAtLoc(e, serve.loc, ['composite_literal']);
      if (!lit || !addLiteralKeys(e, lit, TIMEOUTS.filter(([k]) => !serve.timeouts?.[TIMEOUT_KEY[k]]))) return [];
      e.needs.add('time');
      title = 'Set ReadHeaderTimeout, ReadTimeout, WriteTimeout and IdleTimeout';
    } else if (site.kind === 'echo') {
      // echo v4 starts `e.Server`: its fields are the server's timeouts. v5 has no such field.
      if (!importedPath(e.root, LIB.echo)?.endsWith('/v4')) return [];
      const recv = field(field(site.call, 'function')!, 'operand')?.text;
      const missing = TIMEOUTS.filter(([k]) => !serve.timeouts?.[TIMEOUT_KEY[k]]);
      insertLinesBefore(e, site.stmt, missing.map(([k, v]) => `${recv}.Server.${k} = ${v}`));
      e.needs.add('time');
      title = 'Set timeouts on the echo server';
    } else {
      const ctor = fiberConstructor(site);
      if (!ctor) return [];
      const fiber = importName(e.root, importedPath(e.root, LIB.fiber)!);
      const keys = TIMEOUTS.slice(1).filter(([k]) => !serve.timeouts?.[TIMEOUT_KEY[k]]);
      const arg = argsOf(ctor)[0];
      if (!arg) replaceNode(e, field(ctor, 'arguments')!, `(${fiber}.Config{${keys.map(([k, v]) => `${k}: ${v}`).join(', ')}})`);
      else if (unwrapExpr(arg).type !== 'composite_literal' || !addLiteralKeys(e, unwrapExpr(arg), keys)) return [];
      e.needs.add('time');
      title = 'Set timeouts in fiber.Config';
    }
    return [{ title, safety: 'unsafe', changes: [{ file: e.file.path, edits: finish(e) }] }];
  });
}

/** `fiber.New(…)` bound to the receiver of `app.Listen`, in the same file. */
function fiberConstructor(site: Site): Node | undefined {
  const recv = field(field(site.call, 'function')!, 'operand')?.text;
  const fiber = importedPath(site.e.root, LIB.fiber);
  if (!fiber || !recv) return undefined;
  const name = importName(site.e.root, fiber);
  return site.e.root.descendantsOfType('call_expression').find((c): c is Node => {
    const callee = c ? calleeOf(c) : undefined;
    if (!c || callee?.operand?.text !== name || callee.name !== 'New') return false;
    const holder = c.parent?.parent;
    return !!holder && named(field(holder, 'left') ?? holder).some((n) => n.text === recv);
  });
}

/** Adds `Key: value` elements to a composite literal, one per line when it is multi-line. */
export function addLiteralKeys(e: Edits, lit: Node, keys: [string, string][]): boolean {
  if (!keys.length) return true;
  const body = field(lit, 'body');
  if (!body) return false;
  const elements = named(body);
  const close = body.endIndex - 1;
  const multiline = e.file.text.slice(body.startIndex, body.endIndex).includes('\n');
  const at = e.file.lines.positionAt(close);
  if (multiline) {
    const last = elements[elements.length - 1];
    const indent = last ? /^[ \t]*/.exec(e.file.lines.lineText(e.file.lines.positionAt(last.startIndex).line))![0] : '\t';
    const lineStart = { line: at.line, character: 0 };
    // The closing brace on its own line: insert full lines before it.
    if (e.file.text.slice(e.file.lines.offsetAt(lineStart), close).trim() === '') {
      e.edits.push({ range: { start: lineStart, end: lineStart }, newText: keys.map(([k, v]) => `${indent}${k}: ${v},${e.file.lines.eol}`).join('') });
      return true;
    }
  }
  const sep = elements.length ? (e.file.text.slice(elements[elements.length - 1].endIndex, close).includes(',') ? ' ' : ', ') : '';
  e.edits.push({ range: { start: at, end: at }, newText: sep + keys.map(([k, v]) => `${k}: ${v}`).join(', ') });
  return true;
}

/** Graceful shutdown: serve until SIGTERM/SIGINT, then `Shutdown` with a deadline and wait for it. */
export function addGracefulShutdown(app: HttpApp, serve: ServeFact | undefined, ws: WorkspaceModel): Fix[] {
  if (!serve || app.language !== 'go') return [];
  return siteOf(ws, serve, (site) => {
    const { e } = site;
    if (site.stmt === site.call) return [];
    // Already inside a goroutine: the program has its own serving structure we do not rewrite.
    if (enclosingFunction(site.stmt)?.parent?.type === 'call_expression' && enclosingFunction(site.stmt)?.parent?.parent?.type === 'go_statement') return [];
    let target = field(field(site.call, 'function')!, 'operand')?.text ?? '';
    let callText = site.call.text;
    if (site.kind === 'gin' || site.kind === 'listen') {
      const declared = declareServer(site, false);
      if (!declared) return [];
      target = declared.srv;
      callText = declared.callText;
    }
    const body = handling(site, callText);
    if (!body) return [];
    const scope = scopeText(e, site.call);
    const ctx = freshName(scope, 'ctx', 'sigCtx', 'signalCtx');
    const stop = freshName(scope, 'stop', 'stopSignals');
    const done = freshName(scope, 'shutdownDone', 'drained');
    const sctx = freshName(scope, 'shutdownCtx', 'drainCtx');
    const cancel = freshName(scope, 'cancel', 'cancelShutdown');
    const log = importName(e.root, 'log');
    for (const p of ['context', 'os', 'os/signal', 'syscall', 'time', 'log']) e.needs.add(p);
    const shutdown = site.kind === 'fiber'
      ? [`if err := ${target}.ShutdownWithTimeout(10 * time.Second); err != nil {`, `\t${log}.Printf("graceful shutdown: %v", err)`, '}']
      : [`${sctx}, ${cancel} := context.WithTimeout(context.Background(), 10*time.Second)`, `defer ${cancel}()`, `if err := ${target}.Shutdown(${sctx}); err != nil {`, `\t${log}.Printf("graceful shutdown: %v", err)`, '}'];
    const lines = [
      `${ctx}, ${stop} := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)`,
      `defer ${stop}()`,
      `${done} := make(chan struct{})`,
      'go func() {',
      `\t<-${ctx}.Done()`,
      ...shutdown.map((l) => `\t${l}`),
      `\tclose(${done})`,
      '}()',
      ...body.lines,
      `<-${done}`,
      ...(body.returnsNil ? ['return nil'] : []),
    ];
    replaceStatement(e, site.stmt, lines);
    return [{ title: 'Shut the server down gracefully on SIGTERM', safety: 'unsafe', changes: [{ file: e.file.path, edits: finish(e) }] }];
  });
}

/**
 * The original statement around the serve call, rewritten so that the error a graceful Shutdown
 * causes (`http.ErrServerClosed`; fiber returns nil) is not treated as a failure.
 */
function handling(site: Site, callText: string): { lines: string[]; returnsNil?: boolean } | undefined {
  const { e, stmt, call } = site;
  const closed = site.kind !== 'fiber';
  const http = importName(e.root, 'net/http');
  const cond = (v: string) => (closed ? `${v} != nil && !errors.Is(${v}, ${http}.ErrServerClosed)` : `${v} != nil`);
  if (closed) { e.needs.add('errors'); e.needs.add('net/http'); }
  const inner = stmt.type === 'expression_statement' ? stmt.namedChild(0) : undefined;
  // log.Fatal(r.Run()), e.Logger.Fatal(e.Start(…)), panic(…)
  if (inner?.type === 'call_expression' && inner.startIndex !== call.startIndex) {
    const args = argsOf(inner);
    if (args.length === 1 && args[0].startIndex === call.startIndex) {
      return { lines: [`if err := ${callText}; ${cond('err')} {`, `\t${field(inner, 'function')!.text}(err)`, '}'] };
    }
    return undefined;
  }
  // srv.ListenAndServe() (or `_ = …`) with its error ignored.
  const discarded = stmt.type === 'assignment_statement' && named(field(stmt, 'left')).map((n) => n.text).join() === '_' && named(field(stmt, 'right'))[0]?.startIndex === call.startIndex;
  if ((inner && inner.startIndex === call.startIndex) || discarded) {
    e.needs.add('log');
    return { lines: [`if err := ${callText}; ${cond('err')} {`, `\t${importName(e.root, 'log')}.Fatal(err)`, '}'] };
  }
  if (stmt.type === 'if_statement') {
    const init = field(stmt, 'initializer');
    const c = field(stmt, 'condition');
    const v = init ? named(field(init, 'left'))[0]?.text : undefined;
    if (!init || !c || !v || !named(field(init, 'right')).some((r) => r.startIndex === call.startIndex)) return undefined;
    const text = e.file.text;
    const newCond = /ErrServerClosed/.test(c.text) || !closed ? c.text : c.text === `${v} != nil` ? cond(v) : `(${c.text}) && !errors.Is(${v}, ${http}.ErrServerClosed)`;
    const rewritten = text.slice(stmt.startIndex, call.startIndex) + callText + text.slice(call.endIndex, c.startIndex) + newCond + text.slice(c.endIndex, stmt.endIndex);
    return { lines: rewritten.split(/\r?\n/).map((l, i) => (i === 0 ? l : l.replace(new RegExp(`^${/^[ \t]*/.exec(e.file.lines.lineText(e.file.lines.positionAt(stmt.startIndex).line))![0]}`), ''))) };
  }
  if (stmt.type === 'return_statement') {
    const fn = enclosingFunction(stmt);
    if (field(fn!, 'result')?.text !== 'error') return undefined;
    return { lines: [`if err := ${callText}; ${cond('err')} {`, '\treturn err', '}'], returnsNil: true };
  }
  return undefined;
}

export { keyedElements };
