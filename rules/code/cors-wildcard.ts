import { defineRule } from '../../server/src/core/rule';
import { buildFixes, CODE_RULE_KINDS, codeModel, factsOf, languageOf, overridden, q } from './_code';

const LIB: Record<string, string> = {
  starlette: 'CORSMiddleware', 'flask-cors': 'Flask-CORS', 'django-cors-headers': 'django-cors-headers', custom: 'A hand-written `Access-Control-Allow-Origin` header',
};

export default defineRule({
  id: 'code/cors-wildcard',
  meta: {
    category: 'security',
    severity: 'warning',
    summary: 'CORS allows any origin; with credentials any site can make authenticated requests as the user.',
    fixes: ['unsafe'],
    aliases: [],
    scope: 'workspace',
    kinds: CODE_RULE_KINDS,
    productionOnly: true,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const model = codeModel(ws);
    for (const cors of factsOf(model, ws, 'cors')) {
      if (overridden(model, ws, cors.loc.file, cors.setting, 'cors')) continue;
      if (cors.origins !== 'any' && cors.origins !== 'reflect') {
        ctx.pass();
        continue;
      }
      const lib = LIB[cors.library] ?? q(cors.library);
      const how = cors.origins === 'reflect' ? 'echoes back whatever Origin the request sends' : 'allows every origin';
      const withCredentials = cors.credentials === true;
      ctx.report({
        file: cors.originLoc.file,
        range: cors.originLoc.range,
        severity: withCredentials ? 'error' : 'warning',
        message: withCredentials
          ? `${lib} ${how} and allows credentials: any website a logged-in user visits can call this API with the user's cookies and read the answers (for \`*\` with credentials, Starlette and most CORS libraries reflect the caller's Origin). List the allowed origins.`
          : `${lib} ${how}: any website can call this API from a visitor's browser and read the responses. List the allowed origins (from configuration).`,
        fixes: buildFixes(languageOf(cors.loc.file), (f) => f.corsFromConfig?.(cors, ws)),
      });
    }
  },
});
