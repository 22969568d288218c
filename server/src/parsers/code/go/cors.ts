import type { CorsFact } from '../../../model/app';
import { fiberMiddleware, LIB, unversioned } from './imports';
import type { Extraction } from './state';
import { addFact, loc, lookup, memo } from './state';
import type { Node } from './syntax';
import { argsOf, elementsOf, field, keyedElements, named, stringValue, unwrapExpr } from './syntax';

/**
 * CORS as configured with gin-contrib/cors, rs/cors, go-chi/cors, echo's middleware and fiber's.
 * Library defaults matter: rs/cors, go-chi/cors, echo and fiber allow every origin when no origin
 * list is given; gin-contrib/cors refuses to start without one.
 */

type Lib = 'gin-contrib/cors' | 'rs/cors' | 'go-chi/cors' | 'echo CORS' | 'fiber cors';

interface Keys { origins: string; allowAll?: string; funcs: string[]; credentials: string; defaultAny: boolean }

const KEYS: Record<Lib, Keys> = {
  'gin-contrib/cors': { origins: 'AllowOrigins', allowAll: 'AllowAllOrigins', funcs: ['AllowOriginFunc', 'AllowOriginWithContextFunc'], credentials: 'AllowCredentials', defaultAny: false },
  'rs/cors': { origins: 'AllowedOrigins', funcs: ['AllowOriginFunc', 'AllowOriginRequestFunc', 'AllowOriginVaryRequestFunc'], credentials: 'AllowCredentials', defaultAny: true },
  'go-chi/cors': { origins: 'AllowedOrigins', funcs: ['AllowOriginFunc'], credentials: 'AllowCredentials', defaultAny: true },
  'echo CORS': { origins: 'AllowOrigins', funcs: ['AllowOriginFunc'], credentials: 'AllowCredentials', defaultAny: true },
  'fiber cors': { origins: 'AllowOrigins', funcs: ['AllowOriginsFunc'], credentials: 'AllowCredentials', defaultAny: true },
};

function libOf(path: string, typeOrFn: string): Lib | undefined {
  const u = unversioned(path);
  if (u === LIB.ginCors && (typeOrFn === 'Config' || /^(Default|New|DefaultConfig)$/.test(typeOrFn))) return 'gin-contrib/cors';
  if (u === LIB.rsCors && /^(Options|Default|AllowAll|New)$/.test(typeOrFn)) return 'rs/cors';
  if (u === LIB.chiCors && /^(Options|Handler|New|AllowAll)$/.test(typeOrFn)) return 'go-chi/cors';
  if (u === LIB.echoMiddleware && /^(CORSConfig|CORS|CORSWithConfig)$/.test(typeOrFn)) return 'echo CORS';
  if (fiberMiddleware(path) === 'cors' && /^(Config|New)$/.test(typeOrFn)) return 'fiber cors';
  return undefined;
}

/** A CORS config literal (`cors.Config{…}`, `cors.Options{…}`, `middleware.CORSConfig{…}`). */
export function corsHandle(x: Extraction, lit: Node, path: string, type: string, keys: ReturnType<typeof keyedElements>): CorsFact | undefined {
  const lib = libOf(path, type);
  if (!lib || /^(Default|New|AllowAll|Handler|CORS|CORSWithConfig|DefaultConfig)$/.test(type)) return undefined;
  return memo(x, 'cors', lit, () => {
    const fact: CorsFact = { kind: 'cors', library: lib, loc: loc(x, lit), originLoc: loc(x, field(lit, 'type') ?? lit), origins: KEYS[lib].defaultAny ? 'any' : 'unknown', credentials: false };
    for (const [k, v] of keys) updateCors(x, fact, k, v.value, v.element);
    addFact(x, lit, fact);
    return fact;
  });
}

/** CORS middleware constructors; a config argument's fact is reused, bare calls get the defaults. */
export function corsFromCall(x: Extraction, call: Node, path: string, name: string): CorsFact | undefined {
  const lib = libOf(path, name);
  if (!lib || name === 'Options' || name === 'Config' || name === 'CORSConfig') return undefined;
  return memo(x, 'cors-call', call, () => {
    const arg = argsOf(call)[0];
    const inner = arg ? unwrapExpr(arg) : undefined;
    if (inner?.type === 'composite_literal') return undefined;
    if (inner?.type === 'identifier') {
      const h = lookup(x, inner.text);
      if (h?.t === 'cors') return undefined;
    }
    const bare = !arg;
    const any = (lib === 'gin-contrib/cors' && name === 'Default') || name === 'AllowAll' || (bare && KEYS[lib].defaultAny && name !== 'DefaultConfig');
    const fact: CorsFact = {
      kind: 'cors', library: lib, loc: loc(x, call), originLoc: loc(x, call),
      origins: any ? 'any' : arg ? 'external' : 'unknown',
      credentials: name === 'AllowAll' && lib === 'go-chi/cors' ? false : arg ? 'unknown' : false,
    };
    addFact(x, call, fact);
    return fact;
  });
}

/** Applies one config field (`AllowOrigins: …`, `config.AllowAllOrigins = true`). */
export function updateCors(x: Extraction, fact: CorsFact, name: string, value: Node, anchor: Node): void {
  const k = KEYS[fact.library as Lib];
  if (!k) return;
  if (name === k.allowAll) {
    if (value.type === 'true') { fact.origins = 'any'; fact.originLoc = loc(x, anchor); }
    else if (value.type !== 'false') { fact.origins = 'external'; fact.originLoc = loc(x, value); }
  } else if (name === k.origins) {
    if (fact.origins === 'any' && !k.defaultAny && fact.originLoc !== fact.loc) return;
    fact.origins = originsOf(value);
    fact.originLoc = loc(x, value);
  } else if (k.funcs.includes(name)) {
    fact.origins = /return\s+true\b/.test(value.text) && !/\bif\b|==|strings\.|slices\.|contains/i.test(value.text) ? 'reflect' : 'list';
    fact.originLoc = loc(x, value);
  } else if (name === k.credentials) {
    fact.credentials = value.type === 'true' ? true : value.type === 'false' ? false : 'unknown';
  }
}

function originsOf(value: Node): CorsFact['origins'] {
  const v = unwrapExpr(value);
  const wildcard = (s: string) => s === '*' || /^https?:\/\/\*$/.test(s);
  if (v.type === 'composite_literal') {
    const items = elementsOf(v);
    if (items.some((i) => i.type !== 'interpreted_string_literal' && i.type !== 'raw_string_literal')) return 'external';
    return items.map((i) => stringValue(i) ?? '').some(wildcard) ? 'any' : 'list';
  }
  const s = stringValue(v);
  if (s !== undefined) return s.split(',').map((p) => p.trim()).some(wildcard) ? 'any' : 'list';
  return 'external';
}

export { named };
