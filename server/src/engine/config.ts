import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import type { Range, SeveritySetting } from '../core/types';

export interface ReadinessConfig {
  enable: boolean;
  /** Rule id → severity override (`off` disables). */
  rules: Record<string, SeveritySetting>;
  /** Globs of files never analysed. */
  ignore: string[];
  environments: { production: string[]; development: string[] };
  debounceMs: number;
}

export interface ConfigProblem {
  range: Range;
  message: string;
}

export const DEFAULT_CONFIG: ReadinessConfig = {
  enable: true,
  rules: {},
  ignore: [],
  environments: { production: [], development: [] },
  debounceMs: 200,
};

const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);
const MAX_CONFIG_BYTES = 256 * 1024;

function isSeverity(v: unknown): v is SeveritySetting {
  return typeof v === 'string' && SEVERITIES.has(v);
}

/**
 * Reads `.readiness.yaml`. Anything invalid is reported as a problem on the config file and the
 * offending key falls back to its default, so a typo never disables the whole analysis.
 */
export function parseConfigFile(text: string, knownRules: ReadonlySet<string>): { config: Partial<ReadinessConfig>; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const config: Partial<ReadinessConfig> = {};
  const lineCounter = new LineCounter();
  const toRange = (node: YamlNode | null | undefined): Range => {
    const [start, end] = node?.range ?? [0, 0];
    const s = lineCounter.linePos(start);
    const e = lineCounter.linePos(end);
    return { start: { line: s.line - 1, character: s.col - 1 }, end: { line: e.line - 1, character: e.col - 1 } };
  };
  if (text.length > MAX_CONFIG_BYTES) {
    const start = { line: 0, character: 0 };
    return { config, problems: [{ range: { start, end: start }, message: 'Configuration file is too large to read; defaults are used.' }] };
  }
  let doc;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  } catch (err) {
    return { config, problems: [{ range: toRange(null), message: `Invalid configuration: ${(err as Error).message}; defaults are used.` }] };
  }
  for (const err of doc.errors) {
    const s = lineCounter.linePos(err.pos[0]);
    problems.push({
      range: { start: { line: s.line - 1, character: s.col - 1 }, end: { line: s.line - 1, character: s.col } },
      message: `Invalid YAML in configuration: ${err.message.split('\n')[0]}; defaults are used.`,
    });
  }
  if (doc.errors.length) return { config, problems };
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { config, problems };
  if (!isMap(root)) {
    problems.push({ range: toRange(root as YamlNode), message: 'Configuration must be a mapping (rules, ignore, environments); defaults are used.' });
    return { config, problems };
  }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as YamlNode | null;
    const keyRange = toRange(pair.key as YamlNode);
    switch (key) {
      case 'rules': {
        if (!isMap(value)) {
          problems.push({ range: keyRange, message: '`rules` must map rule ids to off|info|warning|error.' });
          break;
        }
        const rules: Record<string, SeveritySetting> = {};
        for (const item of value.items) {
          const id = isScalar(item.key) ? String(item.key.value) : '';
          const sev = isScalar(item.value) ? item.value.value : undefined;
          if (!knownRules.has(id)) {
            problems.push({ range: toRange(item.key as YamlNode), message: `Unknown rule id \`${id}\`.` });
          } else if (!isSeverity(sev)) {
            problems.push({ range: toRange((item.value ?? item.key) as YamlNode), message: `Severity of \`${id}\` must be off, info, warning or error.` });
          } else rules[id] = sev;
        }
        config.rules = rules;
        break;
      }
      case 'ignore': {
        const globs = stringList(value);
        if (!globs) problems.push({ range: keyRange, message: '`ignore` must be a list of globs.' });
        else config.ignore = globs;
        break;
      }
      case 'environments': {
        if (!isMap(value)) {
          problems.push({ range: keyRange, message: '`environments` must have `production` and/or `development` lists of globs.' });
          break;
        }
        const envs = { production: [] as string[], development: [] as string[] };
        for (const item of value.items) {
          const name = isScalar(item.key) ? String(item.key.value) : '';
          const globs = stringList(item.value as YamlNode);
          if (name !== 'production' && name !== 'development') {
            problems.push({ range: toRange(item.key as YamlNode), message: `Unknown environment \`${name}\` (use production or development).` });
          } else if (!globs) {
            problems.push({ range: toRange(item.key as YamlNode), message: `\`environments.${name}\` must be a list of globs.` });
          } else envs[name] = globs;
        }
        config.environments = envs;
        break;
      }
      case 'enable':
        if (isScalar(value) && typeof value.value === 'boolean') config.enable = value.value;
        else problems.push({ range: keyRange, message: '`enable` must be true or false.' });
        break;
      default:
        problems.push({ range: keyRange, message: `Unknown configuration key \`${key}\` (expected rules, ignore, environments, enable).` });
    }
  }
  return { config, problems };
}

function stringList(node: YamlNode | null | undefined): string[] | undefined {
  if (!isSeq(node)) return undefined;
  const out: string[] = [];
  for (const item of node.items) {
    if (!isScalar(item) || typeof item.value !== 'string') return undefined;
    out.push(item.value);
  }
  return out;
}

/** Editor settings as sent by the client (every field optional and untrusted). */
export function sanitizeSettings(raw: unknown, knownRules: ReadonlySet<string>): Partial<ReadinessConfig> {
  if (!raw || typeof raw !== 'object') return {};
  const r = raw as Record<string, unknown>;
  const out: Partial<ReadinessConfig> = {};
  if (typeof r.enable === 'boolean') out.enable = r.enable;
  if (r.rules && typeof r.rules === 'object') {
    const rules: Record<string, SeveritySetting> = {};
    for (const [id, sev] of Object.entries(r.rules as Record<string, unknown>)) {
      if (knownRules.has(id) && isSeverity(sev)) rules[id] = sev;
    }
    out.rules = rules;
  }
  if (Array.isArray(r.exclude)) out.ignore = r.exclude.filter((g): g is string => typeof g === 'string');
  if (typeof r.debounceMs === 'number' && Number.isFinite(r.debounceMs) && r.debounceMs >= 0) out.debounceMs = Math.min(r.debounceMs, 10_000);
  return out;
}

/**
 * Precedence: defaults < `.readiness.yaml` (the team's shared choice) < editor settings (the
 * individual's override). Rule maps and ignore lists merge; environments come from the project file.
 */
export function mergeConfig(project: Partial<ReadinessConfig>, editor: Partial<ReadinessConfig> = {}): ReadinessConfig {
  return {
    enable: editor.enable ?? project.enable ?? DEFAULT_CONFIG.enable,
    rules: { ...DEFAULT_CONFIG.rules, ...project.rules, ...editor.rules },
    ignore: [...(project.ignore ?? []), ...(editor.ignore ?? [])],
    environments: {
      production: project.environments?.production ?? [],
      development: project.environments?.development ?? [],
    },
    debounceMs: editor.debounceMs ?? project.debounceMs ?? DEFAULT_CONFIG.debounceMs,
  };
}
