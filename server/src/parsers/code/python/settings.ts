/**
 * Configuration written as assignments: Django settings modules, Flask `app.config[...]`/
 * `app.config.update(...)`/config classes, `app.secret_key`/`app.debug`, pydantic settings
 * defaults, gunicorn config files; and literal secrets anywhere (secret-looking names, known
 * credential formats, passwords in URLs).
 */
import type { CookieFact, CorsFact, SecretFact } from '../../../model/app';
import { detectCredential, isLiteralSecretValue, isSecretName, redact, redactMatch } from '../../../../../rules/dockerfile/_secrets';
import { callParts, field, type PyNode } from './ast';
import { debugFact, inDevClass } from './apps';
import { envNameOf, lastName, literal, locOf, q, str, t, value, type Ctx } from './context';
import { capability } from './middleware';
import { stringOf } from './values';

const COOKIE_FLAGS: Record<string, 'secure' | 'httpOnly'> = {
  SESSION_COOKIE_SECURE: 'secure',
  SESSION_COOKIE_HTTPONLY: 'httpOnly',
  REMEMBER_COOKIE_SECURE: 'secure',
  REMEMBER_COOKIE_HTTPONLY: 'httpOnly',
};

/** The settings name an assignment target denotes: `NAME`, `app.config["NAME"]`, `app.secret_key`, a config-class attribute. */
function settingName(ctx: Ctx, left: PyNode): string | undefined {
  if (left.type === 'identifier') return t(ctx, left);
  if (left.type === 'subscript') {
    const obj = field(left, 'value');
    const key = str(ctx, field(left, 'subscript'));
    if (obj && key && /(^|\.)config$/.test(t(ctx, obj))) return key;
  }
  if (left.type === 'attribute') {
    const attr = t(ctx, field(left, 'attribute')!);
    const obj = t(ctx, field(left, 'object')!);
    if (ctx.appVars.has(obj) || obj === 'app') {
      if (attr === 'secret_key') return 'SECRET_KEY';
      if (attr === 'debug') return 'DEBUG';
    }
  }
  return undefined;
}

/** Where a plain `NAME = value` counts as configuration: settings modules, config classes, gunicorn configs. */
function configScope(ctx: Ctx, a: PyNode, left: PyNode): 'module' | 'class' | 'config' | undefined {
  if (left.type !== 'identifier') return 'config';
  const stmt = a.parent;
  const scope = stmt?.parent;
  if (scope?.type === 'module') return 'module';
  if (scope?.type === 'block' && scope.parent?.type === 'class_definition') return 'class';
  return undefined;
}

export function assignment(ctx: Ctx, a: PyNode): void {
  const left = field(a, 'left');
  const right = field(a, 'right');
  if (!left || !right) return;
  const scope = configScope(ctx, a, left);
  if (!scope) return;
  const name = settingName(ctx, left);
  if (!name) return;
  setting(ctx, name, right, scope, a);
}

/** `app.config.update(NAME=value, …)` / `from_mapping(...)` / `update({"NAME": value})`. */
export function configUpdate(ctx: Ctx, call: PyNode): boolean {
  const callee = field(call, 'function');
  if (callee?.type !== 'attribute') return false;
  const meth = t(ctx, field(callee, 'attribute')!);
  if (meth !== 'update' && meth !== 'from_mapping') return false;
  if (!/(^|\.)config$/.test(t(ctx, field(callee, 'object')!))) return false;
  const parts = callParts(ctx.m, call);
  if (!parts) return false;
  for (const [name, kw] of parts.keywords) setting(ctx, name, kw.value, 'config', kw.node);
  for (const d of parts.positional) {
    if (d.type !== 'dictionary') continue;
    for (const pair of d.children) {
      const key = pair.type === 'pair' ? stringOf(ctx.m, field(pair, 'key')) : undefined;
      const v = pair.type === 'pair' ? field(pair, 'value') : undefined;
      if (key && v) setting(ctx, key, v, 'config', pair);
    }
  }
  return true;
}

function setting(ctx: Ctx, name: string, right: PyNode, scope: 'module' | 'class' | 'config', at: PyNode): void {
  const settingsLike = scope === 'config' || ctx.settings || (scope === 'class' && /config|settings/i.test(classNameOf(ctx, at)));
  if (name === 'DEBUG' && settingsLike) {
    debugFact(ctx, scope === 'config' ? `${name} config` : `${name} = …`, right, false, name);
    return;
  }
  if (name in COOKIE_FLAGS && settingsLike) {
    if (ctx.dev) return;
    const fact: CookieFact = { kind: 'cookie', library: ctx.settings ? 'django' : 'flask', loc: locOf(ctx, right), production: !inDevClass(ctx, at), setting: name };
    fact[COOKIE_FLAGS[name]] = value(ctx, right);
    ctx.facts.push(fact);
    return;
  }
  if (name === 'ALLOWED_HOSTS' && ctx.settings) {
    // Non-literal values are recorded too: they override a wildcard in the settings they import.
    const list = literal(ctx, right);
    ctx.facts.push({ kind: 'allowed-hosts', loc: locOf(ctx, right), wildcard: Array.isArray(list) && list.includes('*'), production: !ctx.dev, setting: name });
    return;
  }
  if ((name === 'CORS_ALLOW_ALL_ORIGINS' || name === 'CORS_ORIGIN_ALLOW_ALL') && ctx.settings) {
    capability(ctx, 'cors', 'django-cors-headers', right);
    if (ctx.dev || literal(ctx, right) !== true) return;
    const cred = ctx.consts.get('CORS_ALLOW_CREDENTIALS');
    const c = cred ? literal(ctx, cred) : false;
    const fact: CorsFact = {
      kind: 'cors', library: 'django-cors-headers', loc: locOf(ctx, right), originLoc: locOf(ctx, right), origins: 'any',
      credentials: typeof c === 'boolean' ? c : 'unknown', setting: name,
    };
    ctx.facts.push(fact);
    return;
  }
  if (name === 'workers' && scope === 'module' && /(^|\/)gunicorn[\w.-]*\.py$/.test(ctx.path)) {
    ctx.facts.push({ kind: 'serve', call: 'gunicorn', loc: locOf(ctx, right), workers: value(ctx, right) });
    return;
  }
  if (ctx.dev || inDevClass(ctx, at)) return;
  const secretName = name === 'SECRET_KEY' || name === 'secret_key' || isSecretName(name);
  if (!secretName) return;
  if (right.type === 'string' || right.type === 'concatenated_string') {
    const envName = /^[A-Z][A-Z0-9_]*$/.test(name) ? name : name.toUpperCase();
    secretLiteral(ctx, right, name, envName, undefined, settingsLike ? name : undefined);
    return;
  }
  // A literal fallback: `os.environ.get("SECRET_KEY", "dev")` runs with the literal when the variable is unset.
  if (right.type === 'call') fallbackSecret(ctx, name, right);
  // `os.environ.get("SECRET_KEY") or "you-will-never-guess"`: the same, spelled with `or`.
  if (right.type === 'boolean_operator' && right.op === 'or') {
    const [first, last] = [right.children[0], right.children[right.children.length - 1]];
    if (first && last && (last.type === 'string' || last.type === 'concatenated_string') && first.type !== 'string') {
      secretLiteral(ctx, last, name, envNameOf(ctx, first) ?? name.toUpperCase(), right, settingsLike ? name : undefined);
    }
  }
}

function classNameOf(ctx: Ctx, n: PyNode): string {
  for (let cur = n.parent; cur; cur = cur.parent) {
    if (cur.type === 'class_definition') return t(ctx, field(cur, 'name')!);
  }
  return '';
}

function fallbackSecret(ctx: Ctx, name: string, call: PyNode): void {
  const parts = callParts(ctx.m, call);
  const callee = q(ctx, field(call, 'function')) ?? '';
  if (!parts || !/(environ\.get|getenv|^env|config)$/.test(callee) && !/^(env|config)\./.test(callee)) return;
  const fallback = parts.keywords.get('default')?.value ?? parts.positional[1];
  if (!fallback || (fallback.type !== 'string' && fallback.type !== 'concatenated_string')) return;
  const envName = envNameOf(ctx, call) ?? name.toUpperCase();
  secretLiteral(ctx, fallback, name, envName, call);
}

const reported = new WeakSet<PyNode>();

/** Records a literal secret (not empty, not a placeholder reference) once per string node. */
export function secretLiteral(ctx: Ctx, s: PyNode, what: string, envName: string, replace?: PyNode, settingName?: string): void {
  if (ctx.dev || reported.has(s)) return;
  const v = stringOf(ctx.m, s);
  if (v === undefined || !isLiteralSecretValue(v) || v.length < 4) return;
  reported.add(s);
  const fact: SecretFact = { kind: 'secret', what, redacted: redact(v), loc: locOf(ctx, s), envName };
  if (replace) fact.replaceLoc = locOf(ctx, replace);
  if (settingName) fact.setting = settingName;
  ctx.facts.push(fact);
}

const LOCAL_HOST = /@(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal)([:/]|$)/i;

/** Inside documentation data: `json_schema_extra={"example": {...}}`, `Field(examples=[...])`, `schema_extra = {...}`. */
function inExample(ctx: Ctx, s: PyNode): boolean {
  for (let cur = s.parent; cur && cur.type !== 'block' && cur.type !== 'module'; cur = cur.parent) {
    if (cur.type === 'keyword_argument' && /example|schema/i.test(t(ctx, field(cur, 'name')!))) return true;
    if (cur.type === 'pair' && /example/i.test(stringOf(ctx.m, field(cur, 'key')) ?? '')) return true;
    if (cur.type === 'assignment' && /example|schema/i.test(t(ctx, field(cur, 'left')!))) return true;
  }
  return false;
}

/** `{"PASSWORD": "…"}` and `connect(password="…")`: a literal under a secret-looking key or keyword. */
export function keyedSecret(ctx: Ctx, s: PyNode): void {
  const p = s.parent;
  let key: string | undefined;
  if (p?.type === 'pair' && field(p, 'value') === s) key = stringOf(ctx.m, field(p, 'key'));
  else if (p?.type === 'keyword_argument' && field(p, 'value') === s) key = t(ctx, field(p, 'name')!);
  if (!key || !isSecretName(key) || inDevClass(ctx, s) || inExample(ctx, s)) return;
  const target = enclosingTarget(ctx, s);
  const upper = key.toUpperCase();
  const envName = target && target.toUpperCase() !== upper && /^[A-Z][A-Z0-9_]*$/.test(target) ? `${target.replace(/S$/, '')}_${upper}` : upper;
  secretLiteral(ctx, s, `${target && target !== key ? `${target} ` : ''}${key}`, envName.replace(/[^A-Z0-9_]/g, '_'));
}

/** A string literal in a known credential format (tokens, private keys, a password in a URL). */
export function credentialString(ctx: Ctx, s: PyNode): void {
  if (ctx.dev || reported.has(s)) return;
  // Docstrings are documentation.
  if (s.parent?.type === 'expression_statement') return;
  const v = stringOf(ctx.m, s);
  if (v === undefined) return;
  const match = detectCredential(v);
  if (!match) return;
  // Local development defaults (`postgres://app:app@localhost/app`) are not production credentials.
  if (match.kind === 'password in URL' && LOCAL_HOST.test(v)) return;
  reported.add(s);
  const call = s.parent?.type === 'argument_list' ? s.parent.parent : undefined;
  const fallbackOf = call?.type === 'call' && /(environ\.get|getenv)$/.test(q(ctx, field(call, 'function')) ?? '') ? call : undefined;
  const target = enclosingTarget(ctx, s);
  const envName = (fallbackOf && envNameOf(ctx, fallbackOf)) ?? (target && /^[A-Za-z_]\w*$/.test(target) ? target.toUpperCase() : match.kind === 'password in URL' ? 'DATABASE_URL' : 'SECRET');
  const fact: SecretFact = { kind: 'secret', what: match.kind, redacted: redactMatch(v, match), loc: locOf(ctx, s), envName };
  if (fallbackOf) fact.replaceLoc = locOf(ctx, fallbackOf);
  ctx.facts.push(fact);
}

function enclosingTarget(ctx: Ctx, s: PyNode): string | undefined {
  for (let cur = s.parent; cur && cur.type !== 'block' && cur.type !== 'module'; cur = cur.parent) {
    if (cur.type === 'assignment') {
      const left = field(cur, 'left');
      return left ? lastName(t(ctx, left)) : undefined;
    }
    if (cur.type === 'keyword_argument' && cur !== s.parent) return t(ctx, field(cur, 'name')!);
  }
  return undefined;
}
