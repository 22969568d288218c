/**
 * One file's facts: parse (ts-morph, syntax only), bind names, find apps, walk once, then resolve
 * route prefixes. Files that passed the pre-filter only for a credential-looking string are scanned
 * as text, without loading ts-morph.
 */
import type { ts } from 'ts-morph';
import type { CodeFileFacts } from '../../../model/app';
import type { SourceFile, WorkspaceModel } from '../../../workspace/model';
import { detectCredential, redact } from '../../../../../rules/dockerfile/_secrets';
import { findApps } from './apps';
import { collectBindings, resolveRef, type Bindings } from './bindings';
import { namesImport, onCall } from './calls';
import { Scan } from './context';
import { onAssignment, onHttpCall, onPropertyAssignment, onStackAccess, setTimeoutValue } from './http-facts';
import { onImportedIdentifier, onLibraryCall, onSideEffectImport } from './libraries';
import { parseFile } from './load';
import { onClass } from './nest';
import { isNextConfig, nextRoutePath, scanNextConfig, scanNextRoute } from './next';
import { looksHttpRelated } from './prefilter';
import { collectExports } from './exports';
import { resolveModule } from './routes';
import { configValue, propertyName } from './syntax';

const NOT_PRODUCTION_DIR = /(?:^|\/)(?:test|tests|__tests__|spec|specs|e2e|fixtures?|mocks?|__mocks__|scripts|examples?|stories)\//;
const NOT_PRODUCTION_FILE = /\.(?:test|spec|stories|e2e)\.[cm]?[jt]sx?$/;
const PM2_CONFIG = /(?:^|\/)ecosystem\.config\.(?:js|cjs|mjs)$/;

export function isProductionPath(workspace: WorkspaceModel, path: string): boolean {
  return workspace.environmentOf(path) === 'production' && !NOT_PRODUCTION_DIR.test(path) && !NOT_PRODUCTION_FILE.test(path);
}

export function extractTypeScript(file: SourceFile, workspace: WorkspaceModel): CodeFileFacts {
  const language = file.kind === 'javascript' ? 'javascript' : 'typescript';
  const empty: CodeFileFacts = { file: file.path, language, apps: [], facts: [], imports: [], hasErrors: false };
  if (!looksHttpRelated(file)) return { ...empty, facts: credentialsInText(file) };
  try {
    const parsed = parseFile(workspace, file.path, file.text);
    const bindings = (parsed.bindings ??= collectBindings(parsed.source)) as Bindings;
    const scan = new Scan(file, parsed.source, workspace, bindings, isProductionPath(workspace, file.path));
    scan.exports = collectExports(scan);
    findApps(scan);
    if (isNextConfig(file.path)) scanNextConfig(scan);
    const nextRoute = nextRoutePath(file.path);
    if (nextRoute) scanNextRoute(scan, nextRoute);
    for (const s of bindings.specifiers) if (s.sideEffect) onSideEffectImport(scan, s.module, s.node);
    walk(scan, PM2_CONFIG.test(file.path), detectCredential(file.text) !== undefined);
    finish(scan);
    const imports = [...new Set(bindings.specifiers.map((s) => resolveModule(workspace, file.path, s.module)).filter((p): p is string => !!p))];
    return { file: file.path, language, apps: scan.apps, facts: scan.facts, imports, hasErrors: parsed.hasErrors };
  } catch {
    // Extraction is best-effort on whatever the editor holds mid-edit: never fail the analysis.
    return { ...empty, hasErrors: true };
  }
}

function walk(scan: Scan, pm2: boolean, credentials: boolean): void {
  const t = scan.t;
  const K = t.SyntaxKind;
  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case K.CallExpression:
        onCall(scan, node as ts.CallExpression);
        onHttpCall(scan, node as ts.CallExpression);
        break;
      case K.NewExpression: {
        const n = node as ts.NewExpression;
        const ref = namesImport(scan, n.expression) ? resolveRef(scan.bindings, n.expression) : undefined;
        if (ref) onLibraryCall(scan, n, ref);
        if (ref?.module === 'koa') {
          const proxy = n.arguments?.[0];
          if (proxy && /\bproxy\s*:\s*(?!false)/.test(scan.text(proxy))) scan.trustProxy = true;
        }
        break;
      }
      case K.PropertyAccessExpression:
        onStackAccess(scan, node as ts.PropertyAccessExpression);
        break;
      case K.Identifier:
        onImportedIdentifier(scan, node as ts.Identifier);
        break;
      case K.StringLiteral:
      case K.NoSubstitutionTemplateLiteral:
        if (credentials) onString(scan, node as ts.StringLiteralLike);
        break;
      case K.BinaryExpression:
        onAssignment(scan, node as ts.BinaryExpression);
        break;
      case K.PropertyAssignment:
        onPropertyAssignment(scan, node as ts.PropertyAssignment);
        if (pm2) onPm2Instances(scan, node as ts.PropertyAssignment);
        break;
      case K.ClassDeclaration:
        onClass(scan, node as ts.ClassDeclaration);
        break;
    }
    t.forEachChild(node, visit);
  };
  visit(scan.sf);
}

/** A literal in a known credential format, unless a more specific secret fact already covers it. */
function onString(scan: Scan, node: ts.StringLiteralLike): void {
  const match = detectCredential(node.text);
  if (!match) return;
  const start = node.getStart(scan.sf) + 1;
  const loc = { file: scan.file.path, range: scan.file.lines.rangeAt(start + match.start, start + match.end) };
  const covered = scan.facts.some((f) => f.kind === 'secret' && f.loc.range.start.line === loc.range.start.line && f.loc.range.start.character <= loc.range.start.character && f.loc.range.end.character >= loc.range.end.character);
  if (covered) return;
  scan.facts.push({ kind: 'secret', what: match.kind, redacted: redact(node.text.slice(match.start, match.end)), loc });
}

/** pm2's `instances: 4` / `'max'`: several Node processes, each with its own memory. */
function onPm2Instances(scan: Scan, node: ts.PropertyAssignment): void {
  if (propertyName(node.name) !== 'instances') return;
  const value = configValue(scan.file, scan.sf, node.initializer, scan.resolveIdentifier);
  const workers = value.literal === 'max' || value.literal === -1 || value.literal === 0 ? { ...value, origin: 'external' as const } : value;
  scan.facts.push({ kind: 'serve', call: 'pm2', loc: scan.loc(node), workers });
}

function finish(scan: Scan): void {
  // Plugins defined in this file and registered by name: mounted when they hold routes.
  for (const m of scan.pluginMounts) {
    const id = `${scan.file.path}#${scan.exports.names.get(m.fn) ?? m.fn}`;
    if (scan.hasRouter(id)) scan.facts.push({ kind: 'mount', parent: m.parent, router: id, prefix: m.prefix, loc: m.loc });
  }
  const graceful = scan.hasCapability('graceful-shutdown');
  for (const { server, prop, value } of scan.pendingTimeouts) {
    const serve = scan.serveByServer.get(server);
    if (serve) setTimeoutValue(serve, prop, value);
  }
  for (const f of scan.facts) if (f.kind === 'serve' && f.call !== 'pm2' && f.call !== 'cluster.fork' && graceful) f.gracefulShutdown = true;
}

/** Credential-format literals found by a text scan (no parse): quoted strings only. */
function credentialsInText(file: SourceFile): CodeFileFacts['facts'] {
  const out: CodeFileFacts['facts'] = [];
  const QUOTED = /(['"`])((?:\\.|(?!\1)[^\\\n])*)\1/g;
  for (let m = QUOTED.exec(file.text); m; m = QUOTED.exec(file.text)) {
    const match = detectCredential(m[2]);
    if (!match) continue;
    const start = m.index + 1 + match.start;
    out.push({ kind: 'secret', what: match.kind, redacted: redact(m[2].slice(match.start, match.end)), loc: { file: file.path, range: file.lines.rangeAt(start, start + match.end - match.start) } });
  }
  return out;
}
