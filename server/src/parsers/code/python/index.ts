/**
 * Python support for the code/* rules: FastAPI/Starlette, Flask and Django services, read with the
 * tree-sitter Python grammar. Only modules that can matter are parsed (the pre-filter below); the
 * rules also extract modules imported by an app module, where registration helpers live.
 */
import type { SourceFile } from '../../../workspace/model';
import type { LanguageSupport } from '../language';
import { isSettingsPath } from './django';
import { extractPython } from './extract';
import { pythonFixes } from './fixes';

const INTERESTING_IMPORT = new RegExp(
  '^[ \\t]*(?:from|import)[ \\t]+(?:' +
    [
      'fastapi', 'starlette', 'flask', 'flask_\\w+', 'django', 'rest_framework', 'corsheaders', 'django_ratelimit', 'ratelimit',
      'sentry_sdk', 'rollbar', 'bugsnag', 'honeybadger', 'newrelic', 'ddtrace', 'opentelemetry',
      'requests', 'httpx', 'urllib\\.request', 'jwt', 'jose', 'slowapi', 'fastapi_limiter', 'secure',
      'prometheus_\\w+', 'starlette_\\w+', 'uvicorn', 'waitress', 'werkzeug', 'quart',
    ].join('|') +
    ')\\b',
  'm',
);
// Settings written without importing anything we know (Django settings, Flask config modules).
const CONFIG_WORDS = /\b(SECRET_KEY|ALLOWED_HOSTS|INSTALLED_APPS|MIDDLEWARE|SESSION_COOKIE_\w+|CORS_\w+|urlpatterns|create_app|\w+\.run\([^)]*debug)\b/;

// Literal secrets in any module: a secret-named assignment of a string, a password in a URL, vendor token prefixes.
const SECRET_HINT = /^[ \t]*\w*(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_KEY)\w*[ \t]*(:[^=\n]*)?=[^=\n]*['"]|:\/\/[^\s:@/'"]+:[^\s@/'"$]+@|AKIA[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{30}|sk_live_|xox[bap]-|-----BEGIN [A-Z ]*PRIVATE KEY/im;

export function mayMatterPython(file: SourceFile): boolean {
  if (/(^|\/)gunicorn[\w.-]*\.py$/.test(file.path)) return true;
  if (isSettingsPath(file.path)) return true;
  return INTERESTING_IMPORT.test(file.text) || CONFIG_WORDS.test(file.text) || SECRET_HINT.test(file.text);
}

export const python: LanguageSupport = {
  languages: ['python'],
  mayMatter: mayMatterPython,
  extract: extractPython,
  fixes: pythonFixes,
};
