/**
 * NestJS controllers: `@Controller('users')` + `@Get(':id')` are routes, prefixed by the
 * `app.setGlobalPrefix('api')` of the service's bootstrap file (with its `exclude` list).
 */
import type { ts } from 'ts-morph';
import type { Scan } from './context';
import { dispatch } from './dispatch';
import { onHeaderDecorator } from './http-facts';
import { literalOf, propertyValue, strip, stringValue } from './syntax';

const METHOD_DECORATORS: Record<string, string | undefined> = {
  Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', Head: 'HEAD', Options: 'OPTIONS', All: undefined,
};

function decoratorCall(scan: Scan, d: ts.Decorator): { name: string; args: readonly ts.Expression[] } | undefined {
  const t = scan.t;
  const e = d.expression;
  const callee = t.isCallExpression(e) ? e.expression : e;
  if (!t.isIdentifier(callee)) return undefined;
  const binding = scan.bindings.imports.get(callee.text);
  if (!binding || binding.module !== '@nestjs/common') return undefined;
  return { name: binding.imported, args: t.isCallExpression(e) ? e.arguments : [] };
}

function decoratorsOf(scan: Scan, node: ts.Node): readonly ts.Decorator[] {
  const t = scan.t;
  return (t.canHaveDecorators(node) && t.getDecorators(node)) || [];
}

export function onClass(scan: Scan, node: ts.ClassDeclaration): void {
  const t = scan.t;
  let base: string | undefined;
  for (const d of decoratorsOf(scan, node)) {
    const call = decoratorCall(scan, d);
    if (call?.name !== 'Controller') continue;
    const arg = call.args[0] && strip(call.args[0]);
    const literal = arg ? literalOf(arg) : '';
    base = typeof literal === 'string' ? literal : Array.isArray(literal) ? String(literal[0] ?? '') : stringValue(propertyValue(arg, 'path')) ?? '';
  }
  if (base === undefined) return;
  const prefix = globalPrefix(scan);
  for (const member of node.members) {
    if (!t.isMethodDeclaration(member)) continue;
    for (const d of decoratorsOf(scan, member)) {
      const call = decoratorCall(scan, d);
      if (!call) continue;
      if (call.name === 'Header') onHeaderDecorator(scan, d, call.args);
      if (!(call.name in METHOD_DECORATORS)) continue;
      const sub = call.args[0] ? literalOf(call.args[0]) : '';
      const subPath = typeof sub === 'string' ? sub : Array.isArray(sub) ? String(sub[0] ?? '') : '';
      const path = joinPath(base, subPath);
      scan.route(withGlobalPrefix(prefix, path), METHOD_DECORATORS[call.name], d);
    }
  }
}

export function joinPath(...parts: string[]): string {
  const joined = parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
  return '/' + joined;
}

function withGlobalPrefix(prefix: { prefix: string; exclude: string[] } | undefined, path: string): string {
  if (!prefix) return path;
  if (prefix.exclude.some((x) => joinPath(x) === path)) return path;
  return joinPath(prefix.prefix, path);
}

const GLOBAL_PREFIX = /\.setGlobalPrefix\(\s*['"`]([^'"`]*)['"`]\s*(?:,\s*\{([\s\S]*?)\}\s*)?\)/;

/**
 * The global prefix is set in the bootstrap file, not next to the controllers: looked up in the
 * service's TS files by text (cheap, and it seldom changes; a change shows on the next edit of a controller).
 */
function globalPrefix(scan: Scan): { prefix: string; exclude: string[] } | undefined {
  const fromText = (text: string): { prefix: string; exclude: string[] } | undefined => {
    const m = GLOBAL_PREFIX.exec(text);
    if (!m) return undefined;
    const exclude = [...(m[2] ?? '').matchAll(/['"`]([^'"`]+)['"`]/g)].map((x) => x[1]);
    return { prefix: m[1], exclude };
  };
  const own = fromText(scan.sf.text);
  if (own) return own;
  const dir = dispatch().serviceDirOf(scan.workspace, scan.file.path);
  for (const f of scan.workspace.filesOfKind(scan.file.kind)) {
    if ((dir && !f.path.startsWith(dir + '/')) || !f.text.includes('setGlobalPrefix')) continue;
    const found = fromText(f.text);
    if (found) return found;
  }
  return undefined;
}
