/**
 * The curated claims dictionary: how people write, in English and French, that a project has a
 * readiness capability. Patterns run on normalised text (lower case, accents and Markdown emphasis
 * removed, typographic apostrophes straightened) and are wrapped in letter/digit boundaries, so
 * "ci" never matches inside "specific". Precision first: a phrase that could as well describe
 * something else ("monitoring", "security") is deliberately absent.
 */

export interface CapabilityWords {
  id: string;
  /** How reports name it. */
  label: string;
  patterns: RegExp[];
  /** Only recognised when the whole item is short (bare "CI" in a checklist, not "a fail threshold for CI"). */
  shortOnly?: RegExp[];
}

const L = '[\\p{L}\\p{N}]';

/** Wraps alternatives in letter/digit boundaries. */
function words(...alternatives: string[]): RegExp {
  return new RegExp(`(?<!${L})(?:${alternatives.join('|')})(?!${L})`, 'u');
}

export const CAPABILITY_WORDS: readonly CapabilityWords[] = [
  {
    id: 'healthchecks',
    label: 'Health checks',
    patterns: [
      words('health[- ]?checks?', 'health[- ]?probes?', 'health endpoints?', '/health[z]?', '(?:liveness|readiness) probes?', 'probes? (?:de )?(?:sante|vivacite)'),
      words('sondes? (?:de )?(?:sante|vivacite|disponibilite)', 'verifications? de (?:sante|l\'etat de sante)', 'controles? de sante'),
    ],
  },
  {
    id: 'multi-stage',
    label: 'Multi-stage builds',
    patterns: [words('multi[- ]?stages?(?: (?:docker )?(?:builds?|dockerfiles?|images?))?', 'builds? multi[- ]?(?:etapes?|etages?|stages?)', 'multi[- ]?etapes?')],
  },
  {
    id: 'non-root',
    label: 'Non-root containers',
    patterns: [
      words('non[- ]?root', 'rootless', 'unprivileged (?:users?|containers?|accounts?)', '(?:not|never) (?:running |run )?as root', 'least[- ]privilege (?:users?|containers?)'),
      words('utilisateurs? non[- ]?(?:root|privilegies?)', 'sans (?:l\'utilisateur )?root', 'pas en root', 'jamais en root'),
    ],
  },
  {
    id: 'rate-limiting',
    label: 'Rate limiting',
    patterns: [words('rate[- ]?limit(?:ing|s|er|ers|ed)?', 'request throttling', 'throttling', 'limitation d(?:e |u )(?:debit|taux|nombre de requetes|requetes)', 'limiteur de (?:debit|requetes)', 'limite de (?:debit|requetes)')],
  },
  {
    id: 'secrets-env',
    label: 'Secrets kept out of the code',
    patterns: [
      words('secrets? (?:via|in|from|through|as|in the|passed (?:via|as|in)|stored in|read from|injected (?:via|as|through)) (?:env|environment|environnement)(?:[- ](?:variables?|vars?))?'),
      words('(?:env|environment) (?:variables?|vars) for (?:secrets?|credentials)', 'no (?:hard[- ]?coded|plain[- ]?text|committed) (?:secrets?|credentials|passwords?)', 'secrets? management', 'secret manager'),
      words('secrets? (?:dans|via|par) (?:des |les )?variables d\'environnement', '(?:pas|aucun) (?:de )?secrets? en (?:dur|clair)', 'secrets? externalises?', 'gestion des secrets'),
    ],
  },
  {
    id: 'ci-cd',
    label: 'CI/CD',
    patterns: [words('ci ?/ ?cd', 'ci-cd', 'cicd', 'continuous (?:integration|delivery|deployment)', 'ci pipelines?', 'github actions', 'gitlab[- ]ci', 'integration continue', '(?:deploiement|livraison) continue?', 'pipeline ci')],
    shortOnly: [words('ci')],
  },
  {
    id: 'security-scanning',
    label: 'Security scanning',
    patterns: [
      words('security scan(?:s|ning|ner|ners)?', 'vulnerability scan(?:s|ning|ner|ners)?', 'sast', 'dependency (?:scanning|scans?|audits?|auditing)', '(?:container|image) scan(?:s|ning)?', 'cve scan(?:s|ning)?'),
      words('trivy', 'grype', 'snyk', 'codeql', 'semgrep', 'bandit', 'npm audit', 'pip-audit', 'govulncheck', 'gosec'),
      words('analyse (?:de securite|des vulnerabilites|de vulnerabilites)', 'scans? de (?:securite|vulnerabilites)', 'analyse statique de securite', 'audit des dependances'),
    ],
  },
  {
    id: 'dependency-updates',
    label: 'Automated dependency updates',
    patterns: [words('dependabot', 'renovate(?:bot)?', '(?:automated|automatic) dependency updates', 'dependency updates', 'mises? a jour (?:automatiques? )?des dependances')],
  },
  {
    id: 'pre-commit',
    label: 'Pre-commit hooks',
    patterns: [words('pre[- ]?commit(?: hooks?)?', 'husky', 'lefthook', 'git hooks', 'hooks? git')],
  },
  {
    id: 'metrics',
    label: 'Prometheus metrics',
    patterns: [words('prometheus(?: metrics)?', 'metrics(?: endpoints?)?', '/metrics', 'metriques(?: prometheus)?', 'opentelemetry metrics')],
  },
  {
    id: 'error-tracking',
    label: 'Error tracking',
    patterns: [words('sentry', 'error (?:tracking|monitoring|reporting)', 'rollbar', 'bugsnag', 'honeybadger', 'suivi des erreurs', 'remontee (?:des |d\')erreurs')],
  },
  {
    id: 'structured-logging',
    label: 'Structured logging',
    patterns: [words('structured (?:logs?|logging)', 'json (?:logs?|logging)', 'logs? (?:structures?|en json)', 'journalisation structuree', 'structlog')],
  },
  {
    id: 'resource-limits',
    label: 'Resource limits',
    patterns: [words('resources? limits?', '(?:memory|cpu|mem) limits?', 'limites? (?:de |des )?(?:ressources?|memoire|cpu)', 'quotas? (?:de )?ressources?')],
  },
  {
    id: 'restart-policies',
    label: 'Restart policies',
    patterns: [words('restart polic(?:y|ies)', 'auto[- ]?restart(?:s|ing)?', 'politiques? de redemarrage', 'redemarrage automatique', 'strategies? de redemarrage')],
  },
  {
    id: 'log-rotation',
    label: 'Log rotation',
    patterns: [words('log rotation', 'logs? rotat(?:ed|ion)', 'rotation des (?:logs|journaux)', 'rotation de logs')],
  },
  {
    id: 'graceful-shutdown',
    label: 'Graceful shutdown',
    patterns: [words('graceful (?:shutdown|termination|stop)', 'sigterm handling', 'handles? sigterm', 'arret (?:propre|gracieux)', 'extinction propre', 'gestion (?:de|du) sigterm')],
  },
  {
    id: 'tls',
    label: 'TLS / HTTPS',
    patterns: [words('tls', 'https(?: everywhere| only)?', 'ssl(?: certificates?)?', 'let\'s ?encrypt', 'encryption in transit', 'certificats? (?:tls|ssl)', 'chiffrement en transit')],
  },
  {
    id: 'cors',
    label: 'CORS',
    patterns: [words('cors')],
  },
  {
    id: 'security-headers',
    label: 'Security headers',
    patterns: [words('security headers', 'hsts', 'helmet', 'content[- ]security[- ]policy', 'en-?tetes (?:http )?de securite')],
  },
  {
    id: 'pinned-images',
    label: 'Pinned images',
    patterns: [words('pinned (?:docker |base |container )?images?', '(?:image|base image) pinning', 'images? (?:pinned|epinglees?|figees?)', 'no :?latest tags?', 'pas de (?:tag )?:?latest')],
  },
  {
    id: 'pinned-dependencies',
    label: 'Pinned dependencies',
    patterns: [words('pinned (?:dependencies|packages|requirements|versions)', '(?:dependency|version) pinning', 'lock ?files?', 'dependances (?:epinglees|figees|verrouillees)', 'versions (?:epinglees|figees)')],
  },
  {
    id: 'pinned-actions',
    label: 'Pinned CI actions',
    patterns: [words('(?:sha[- ])?pinned (?:github )?actions', 'actions pinned (?:to|by) (?:a )?(?:commit )?sha', 'actions epinglees')],
  },
  {
    id: 'tests-in-ci',
    label: 'Tests in CI',
    patterns: [words('tests? (?:run )?(?:in|on) (?:the )?ci', '(?:automated|unit|integration) tests (?:in|on) (?:ci|every (?:pr|push|commit|pull request))', 'ci runs (?:the )?tests', 'tests (?:en|dans la|dans le) (?:ci|pipeline)', 'tests automatises (?:en|dans la) ci')],
  },
  {
    id: 'linting-in-ci',
    label: 'Linting in CI',
    patterns: [words('lint(?:ing|ers?)? (?:in|on) (?:the )?ci', 'ci (?:runs )?lint(?:ing|ers?)?', 'lint (?:en|dans la) ci')],
  },
  {
    id: 'debug-disabled',
    label: 'Debug mode off',
    patterns: [words('debug (?:mode )?(?:disabled|off|turned off)', 'no debug mode', 'debug=false', 'mode debug desactive', 'debug desactive')],
  },
  {
    id: 'timeouts',
    label: 'Timeouts',
    patterns: [words('(?:request|http|server|client|outbound|upstream) timeouts?', 'timeouts (?:everywhere|configured|on all)', 'delais d\'expiration', 'timeouts? (?:configures?|partout)')],
  },
];

const BY_ID = new Map(CAPABILITY_WORDS.map((c) => [c.id, c]));

export function capabilityLabel(id: string): string {
  return BY_ID.get(id)?.label ?? id;
}

/** Lower case, no accents, straight apostrophes, single spaces: the form patterns are written for. */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\u00a0\u202f\s]+/g, ' ')
    .toLowerCase()
    .trim();
}

/**
 * Capabilities a normalised text names, in order of first appearance, with the spans they matched
 * (so that negation words inside a capability's own phrase, "no hardcoded secrets", do not count).
 */
export function capabilitiesIn(plain: string, short: boolean): { id: string; start: number; end: number }[] {
  const found: { id: string; start: number; end: number }[] = [];
  for (const c of CAPABILITY_WORDS) {
    const patterns = short && c.shortOnly ? [...c.patterns, ...c.shortOnly] : c.patterns;
    let best: { start: number; end: number } | undefined;
    for (const p of patterns) {
      const m = p.exec(plain);
      if (m && (!best || m.index < best.start)) best = { start: m.index, end: m.index + m[0].length };
    }
    if (best) found.push({ id: c.id, ...best });
  }
  // A more specific capability inside another's span wins: "tests in CI" is not also "CI/CD".
  const kept = found.filter((a) => !found.some((b) => b !== a && b.start <= a.start && b.end >= a.end && b.end - b.start > a.end - a.start));
  return kept.sort((a, b) => a.start - b.start);
}
