import type { Fix } from '../../../core/types';
import type { CookieFact, CorsFact, DebugFact, Loc, SecretFact, TraceSamplingFact } from '../../../model/app';
import type { WorkspaceModel } from '../../../workspace/model';
import type { Edits } from './edit';
import { finish, importedPath, importName, inFunctionBody, insertLinesBefore, nodeAtLoc, replaceNode, startEdits } from './edit';
import { addLiteralKeys } from './fix-serve';
import { LIB } from './imports';
import { argsOf, calleeOf, enclosingStatement, field, keyedElements, withGoTree } from './syntax';

/** Fixes that replace a literal configuration value with one read from the environment. */

function edit(ws: WorkspaceModel, loc: Loc, title: string, safety: Fix['safety'], build: (e: Edits) => boolean): Fix[] {
  const file = ws.file(loc.file);
  if (!file || !file.path.endsWith('.go')) return [];
  return withGoTree(file.text, (root) => {
    const e = startEdits(file, root);
    if (!build(e)) return [];
    return [{ title, safety, changes: [{ file: file.path, edits: finish(e) }] }];
  }, []);
}

const ORIGINS_ENV = 'CORS_ALLOWED_ORIGINS';

export function corsFromConfig(cors: CorsFact, ws: WorkspaceModel): Fix[] {
  if (cors.origins !== 'any') return [];
  return edit(ws, cors.originLoc, `Read allowed origins from ${ORIGINS_ENV}`, 'unsafe', (e) => {
    const split = `strings.Split(os.Getenv("${ORIGINS_ENV}"), ",")`;
    const node = nodeAtLoc(e, cors.originLoc, ['keyed_element', 'call_expression', 'composite_literal', 'interpreted_string_literal', 'raw_string_literal']);
    if (!node) return false;
    e.needs.add('os');
    const fiberV2 = cors.library === 'fiber cors' && !importedPath(e.root, LIB.fiber)?.endsWith('/v3');
    if (cors.library === 'manual header') {
      if (node.type !== 'interpreted_string_literal' && node.type !== 'raw_string_literal') return false;
      replaceNode(e, node, `os.Getenv("CORS_ALLOWED_ORIGIN")`);
      return true;
    }
    if (node.type === 'keyed_element') {
      // `AllowAllOrigins: true` (gin-contrib): an explicit list from the environment instead.
      const lit = node.parent?.parent;
      if (lit?.type === 'composite_literal' && keyedElements(lit).has('AllowOrigins')) replaceNode(e, field(node, 'value') ?? node.namedChild(1)!, 'false');
      else { replaceNode(e, node, `AllowOrigins: ${split}`); e.needs.add('strings'); }
      return true;
    }
    if (node.type === 'composite_literal' || node.type === 'interpreted_string_literal' || node.type === 'raw_string_literal') {
      if (fiberV2) replaceNode(e, node, `os.Getenv("${ORIGINS_ENV}")`);
      else { replaceNode(e, node, split); e.needs.add('strings'); }
      return true;
    }
    // A bare constructor (`cors.Default()`, `middleware.CORS()`, `cors.AllowAll()`, fiber `cors.New()`).
    const callee = calleeOf(node);
    const pkg = callee?.operand?.text;
    if (!callee || !pkg) return false;
    e.needs.add('strings');
    let replacement: string | undefined;
    if (cors.library === 'gin-contrib/cors') {
      replacement = `${pkg}.New(${pkg}.Config{AllowOrigins: ${split}, AllowMethods: []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}, AllowHeaders: []string{"Origin", "Content-Length", "Content-Type"}})`;
    } else if (cors.library === 'rs/cors' || cors.library === 'go-chi/cors') {
      replacement = `${pkg}.New(${pkg}.Options{AllowedOrigins: ${split}})`;
    } else if (cors.library === 'echo CORS') {
      replacement = `${pkg}.CORSWithConfig(${pkg}.CORSConfig{AllowOrigins: ${split}})`;
    } else if (cors.library === 'fiber cors') {
      replacement = fiberV2 ? `${pkg}.New(${pkg}.Config{AllowOrigins: os.Getenv("${ORIGINS_ENV}")})` : `${pkg}.New(${pkg}.Config{AllowOrigins: ${split}})`;
      if (fiberV2) e.needs.delete('strings');
    }
    if (!replacement) return false;
    replaceNode(e, node, replacement);
    return true;
  });
}

export function debugFromEnv(debug: DebugFact, ws: WorkspaceModel): Fix[] {
  if (debug.what.includes('gin')) {
    return edit(ws, debug.value.loc, 'Run gin in release mode unless GIN_MODE says otherwise', 'unsafe', (e) => {
      const ctor = nodeAtLoc(e, debug.value.loc, ['call_expression']);
      const stmt = ctor ? enclosingStatement(ctor) : undefined;
      const gin = importedPath(e.root, LIB.gin);
      if (!ctor || !stmt || !gin || !inFunctionBody(stmt)) return false;
      const name = importName(e.root, gin);
      e.needs.add('os');
      insertLinesBefore(e, stmt, ['if os.Getenv("GIN_MODE") == "" {', `\t${name}.SetMode(${name}.ReleaseMode)`, '}']);
      return true;
    });
  }
  if (debug.what.includes('echo')) {
    return edit(ws, debug.value.loc, 'Read echo debug mode from ECHO_DEBUG (off by default)', 'unsafe', (e) => {
      const v = nodeAtLoc(e, debug.value.loc, ['true', 'identifier', 'call_expression', 'binary_expression']);
      if (!v) return false;
      e.needs.add('os');
      replaceNode(e, v, 'os.Getenv("ECHO_DEBUG") == "true"');
      return true;
    });
  }
  return [];
}

export function secretFromEnv(secret: SecretFact, ws: WorkspaceModel): Fix[] {
  const env = secret.envName && /^[A-Z_][A-Z0-9_]*$/.test(secret.envName) ? secret.envName : undefined;
  if (!env) return [];
  return edit(ws, secret.loc, `Read ${env} from the environment`, 'unsafe', (e) => {
    const lit = nodeAtLoc(e, secret.loc, ['interpreted_string_literal', 'raw_string_literal']);
    if (!lit) return false;
    // A constant cannot hold os.Getenv(…): `const x = "…"` becomes `var x = …` when it stands alone.
    const spec = lit.parent?.type === 'expression_list' ? lit.parent.parent : undefined;
    if (spec?.type === 'const_spec') {
      const decl = spec.parent;
      if (!decl || decl.type !== 'const_declaration' || decl.namedChildren.filter((c) => c?.type === 'const_spec').length !== 1 || decl.text.includes('(')) return false;
      const kw = decl.child(0);
      if (!kw || kw.text !== 'const') return false;
      replaceNode(e, kw, 'var');
    }
    e.needs.add('os');
    replaceNode(e, lit, `os.Getenv("${env}")`);
    return true;
  });
}

const RATE_HELPER = 'sentryTracesSampleRate';

export function sampleRateFromEnv(fact: TraceSamplingFact, ws: WorkspaceModel): Fix[] {
  return edit(ws, fact.value.loc, 'Read the sample rate from SENTRY_TRACES_SAMPLE_RATE (default 0.1)', 'safe', (e) => {
    const v = nodeAtLoc(e, fact.value.loc, ['float_literal', 'int_literal']);
    if (!v) return false;
    replaceNode(e, v, `${RATE_HELPER}()`);
    if (!new RegExp(`\\bfunc ${RATE_HELPER}\\(`).test(e.file.text)) {
      const eol = e.file.lines.eol;
      const end = e.file.lines.positionAt(e.file.text.length);
      const lead = e.file.text.endsWith('\n') ? '' : eol;
      const helper = [
        `// ${RATE_HELPER} is the share of requests traced: SENTRY_TRACES_SAMPLE_RATE, 10 % by default.`,
        `func ${RATE_HELPER}() float64 {`,
        '\tif v, err := strconv.ParseFloat(os.Getenv("SENTRY_TRACES_SAMPLE_RATE"), 64); err == nil {',
        '\t\treturn v',
        '\t}',
        '\treturn 0.1',
        '}',
      ];
      e.edits.push({ range: { start: end, end }, newText: lead + eol + helper.join(eol) + eol });
      e.needs.add('os');
      e.needs.add('strconv');
    }
    return true;
  });
}

export function secureCookie(cookie: CookieFact, ws: WorkspaceModel): Fix[] {
  return edit(ws, cookie.loc, 'Set Secure and HttpOnly on the cookie', 'safe', (e) => {
    if (cookie.library === 'gin') {
      const call = nodeAtLoc(e, cookie.loc, ['call_expression']);
      const args = call ? argsOf(call) : [];
      if (args.length !== 7) return false;
      for (const a of [args[5], args[6]]) if (a.type !== 'true') replaceNode(e, a, 'true');
      return true;
    }
    const lit = nodeAtLoc(e, cookie.loc, ['composite_literal']);
    if (!lit) return false;
    const keys = keyedElements(lit);
    const names = cookie.library === 'fiber' ? ['Secure', 'HTTPOnly'] : ['Secure', 'HttpOnly'];
    const add: [string, string][] = [];
    for (const k of names) {
      const el = keys.get(k);
      if (!el) add.push([k, 'true']);
      else if (el.value.type === 'false') replaceNode(e, el.value, 'true');
    }
    return addLiteralKeys(e, lit, add);
  });
}

