/**
 * Secret detection shared by dockerfile/secret-in-arg-env and (later) ci/hardcoded-secret and
 * compose/default-credential. Pure string functions: no workspace, no ranges.
 *
 * Two independent signals:
 * - a *name* that says "this holds a secret" (`DB_PASSWORD`, `STRIPE_SECRET_KEY`), which makes any
 *   literal value a finding;
 * - a *value* in a known credential format (AWS key id, GitHub token…), a finding whatever the name.
 * Formats are anchored on vendor prefixes so that ordinary config values never match.
 */

export interface CredentialMatch {
  /** Human name of the format, used in messages: "GitHub token". */
  kind: string;
  /** Offsets of the secret part inside the value (for a URL: the password only). */
  start: number;
  end: number;
}

interface Format {
  kind: string;
  pattern: RegExp;
  /** Capture group holding the secret part when it is not the whole match. */
  group?: number;
}

// Word boundaries are written as look-arounds on the token alphabet, because `\b` treats `-`/`_`
// as boundaries and would let `xAKIA…` match.
const FORMATS: Format[] = [
  { kind: 'AWS access key ID', pattern: /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/ },
  { kind: 'GitHub token', pattern: /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,}(?![A-Za-z0-9])/ },
  { kind: 'GitHub token', pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,}/ },
  { kind: 'GitLab token', pattern: /(?<![A-Za-z0-9_])gl(?:pat|dt|rt|cbt|ptt)-[A-Za-z0-9_-]{20,}/ },
  { kind: 'Slack token', pattern: /(?<![A-Za-z0-9])xox[baprse]-[A-Za-z0-9-]{10,}/ },
  { kind: 'Slack webhook URL', pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{16,}/ },
  { kind: 'private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
  { kind: 'JSON Web Token', pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/ },
  { kind: 'Stripe secret key', pattern: /(?<![A-Za-z0-9])[sr]k_(?:live|test)_[A-Za-z0-9]{20,}/ },
  { kind: 'Google API key', pattern: /(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/ },
  { kind: 'npm token', pattern: /(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/ },
  { kind: 'Anthropic API key', pattern: /(?<![A-Za-z0-9])sk-ant-[A-Za-z0-9_-]{32,}/ },
  { kind: 'OpenAI API key', pattern: /(?<![A-Za-z0-9])sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}/ },
  { kind: 'OpenAI API key', pattern: /(?<![A-Za-z0-9])sk-proj-[A-Za-z0-9_-]{40,}/ },
  { kind: 'SendGrid API key', pattern: /(?<![A-Za-z0-9])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/ },
  // scheme://user:password@host — the password group must be literal (no `$` reference, not empty).
  { kind: 'password in URL', pattern: /\b[a-z][a-z0-9+.-]{0,31}:\/\/[^\s/:@$]+:([^\s/@$]+)@[^\s/@]/i, group: 1 },
];

/** The first known credential format found in `value`, or undefined. */
export function detectCredential(value: string): CredentialMatch | undefined {
  if (value.length < 8) return undefined;
  for (const f of FORMATS) {
    const m = f.pattern.exec(value);
    if (!m) continue;
    if (f.group !== undefined) {
      const secret = m[f.group];
      if (secret === undefined || isMaskOrReference(secret)) continue;
      // The password sits between the first `:` after the scheme and the `@` (the user may be equal to it).
      const start = m.index + m[0].indexOf(':', m[0].indexOf('://') + 3) + 1;
      return { kind: f.kind, start, end: start + secret.length };
    }
    return { kind: f.kind, start: m.index, end: m.index + m[0].length };
  }
  return undefined;
}

/** `****`, `xxx`, `<password>`, `%PASSWORD%`: already-masked or templated, not a secret. */
function isMaskOrReference(s: string): boolean {
  return /^(?:\*+|x+|X+|\.{3}|<[^>]*>|%[A-Za-z_]+%|\{\{.*\}\})$/.test(s);
}

/**
 * A value safe to print: `****` for short values, otherwise a few leading characters, `…` and the
 * last two. Never more than a quarter of the value is shown.
 */
export function redact(value: string): string {
  if (value.length <= 8) return '****';
  const head = value.length >= 24 ? 4 : value.length >= 16 ? 3 : 2;
  return `${value.slice(0, head)}…${value.slice(-2)}`;
}

/** Redacts only the secret part of a value (the password of a URL), keeping the rest readable. */
export function redactMatch(value: string, match: CredentialMatch): string {
  const secret = value.slice(match.start, match.end);
  const masked = match.kind === 'password in URL' ? '****' : redact(secret);
  const shown = value.slice(0, match.start) + masked + value.slice(match.end);
  // The surrounding text of a long private key or JWT adds nothing.
  return shown.length > 80 ? masked : shown;
}

// Name tokens (split on `_`, `-`, `.` and camelCase) that mark a secret.
const SECRET_TOKENS = new Set(['PASSWORD', 'PASSWD', 'PASSWORDS', 'PASS', 'PWD', 'SECRET', 'SECRETS', 'TOKEN', 'TOKENS', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS', 'PASSPHRASE', 'PRIVATEKEY']);
// Adjacent token pairs that mark a secret (`API_KEY`, `ACCESS_KEY`, `SECRET_KEY`…).
const SECRET_PAIRS = new Set(['API KEY', 'PRIVATE KEY', 'ACCESS KEY', 'SECRET KEY', 'SIGNING KEY', 'ENCRYPTION KEY', 'MASTER KEY', 'LICENSE KEY', 'CLIENT KEY', 'AUTH KEY', 'SERVICE KEY', 'ACCOUNT KEY', 'SESSION KEY', 'WEBHOOK KEY', 'DEPLOY KEY', 'SSH KEY', 'JWT KEY', 'HMAC KEY', 'AUTH HEADER']);
// A trailing token that makes the variable *about* the secret rather than the secret itself:
// `SECRET_FILE` is a path, `TOKEN_URL` an endpoint, `PASSWORD_MIN_LENGTH` a policy.
const META_SUFFIX = new Set(['FILE', 'FILES', 'PATH', 'DIR', 'DIRECTORY', 'URL', 'URI', 'ENDPOINT', 'HOST', 'PORT', 'NAME', 'USER', 'USERNAME', 'ID', 'TTL', 'EXPIRY', 'EXPIRES', 'EXPIRATION', 'LIFETIME', 'AGE', 'LENGTH', 'LEN', 'SIZE', 'TIMEOUT', 'HEADER', 'TYPE', 'ALGORITHM', 'ALG', 'ENABLED', 'DISABLED', 'ENABLE', 'REQUIRED', 'VERSION', 'PREFIX', 'FORMAT', 'ISSUER', 'AUDIENCE', 'SCOPE', 'SCOPES', 'COOKIE', 'FIELD', 'PARAM', 'ENV', 'VAR', 'ROTATION', 'HASHER', 'HASHERS', 'HASH', 'POLICY', 'MODE', 'RESET', 'COUNT', 'LIMIT', 'MIN', 'MAX', 'LOCATION', 'REF', 'ARN', 'MOUNT', 'SOURCE', 'PROVIDER', 'STORE', 'EXPIRE', 'EXPIRES_IN', 'MINUTES', 'MINS', 'SECONDS', 'SECS', 'SEC', 'HOURS', 'DAYS', 'MS', 'DURATION', 'INTERVAL', 'RETRIES', 'ATTEMPTS']);
// Tokens that mark a value meant to be public (`NEXT_PUBLIC_…`, Stripe publishable keys).
const PUBLIC_TOKENS = new Set(['PUBLIC', 'PUBLISHABLE', 'PUB']);

function tokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((t) => t.toUpperCase());
}

/** Whether a variable name says it holds a secret (`DB_PASSWORD`, `githubToken`, `AWS_SECRET_ACCESS_KEY`). */
export function isSecretName(name: string): boolean {
  const t = tokens(name);
  if (t.length === 0) return false;
  // `PWD` alone is the shell's working directory; `PASS` alone is too vague.
  if (t.length === 1 && (t[0] === 'PWD' || t[0] === 'PASS')) return false;
  if (t.some((x) => PUBLIC_TOKENS.has(x))) return false;
  const last = t[t.length - 1];
  if (META_SUFFIX.has(last) && t.length > 1) return false;
  if (t.some((x) => SECRET_TOKENS.has(x))) return true;
  for (let i = 0; i + 1 < t.length; i++) if (SECRET_PAIRS.has(`${t[i]} ${t[i + 1]}`)) return true;
  return false;
}

/**
 * Whether a value is a literal worth reporting under a secret-like name: not empty, not a pure
 * reference to another variable, not a boolean/number switch.
 */
export function isLiteralSecretValue(value: string | undefined): boolean {
  if (value === undefined) return false;
  const v = value.trim().replace(/^(['"])(.*)\1$/s, '$2').trim();
  if (v === '') return false;
  // Any expansion means the value comes from elsewhere (a build arg, the environment).
  if (/\$(?:\{|[A-Za-z_])/.test(v)) return false;
  if (/^(?:true|false|yes|no|on|off|none|null|nil|undefined|0|1|-1)$/i.test(v)) return false;
  return true;
}
