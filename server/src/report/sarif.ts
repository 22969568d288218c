import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { RuleDefinition } from '../core/rule';
import type { Finding, Range, Severity, SeveritySetting } from '../core/types';
import { docsUrl } from '../engine/registry';
import type { AuditReport, ReportFinding } from './model';

/** SARIF 2.1.0 output, shaped for code-scanning uploads (GitHub, Azure DevOps, GitLab). */

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/readiness-dev/readiness';
export const FINGERPRINT_KEY = 'readiness/v1';
const SRCROOT = '%SRCROOT%';

export interface SarifOptions {
  /** The tool's version (package.json). */
  version: string;
  /** Every registered rule: the driver lists them all, so a clean run still documents what was checked. */
  rules: readonly RuleDefinition[];
  /** Engine findings in the same order as `report.findings`; they carry the related locations. */
  findings?: readonly Finding[];
  /** Text of a 1-based line of a workspace file, for fingerprints; undefined when not loaded. */
  lineText?: (file: string, line: number) => string | undefined;
  /**
   * A root-level file (README.md…) that workspace-level findings are anchored at, line 1. GitHub code
   * scanning rejects a whole upload when one result has no location, so omitting it is not an option
   * when such a file exists; see WORKSPACE_ANCHORS.
   */
  workspaceAnchor?: string | null;
}

/** Where a reader would look for project-wide facts, most telling first. */
export const WORKSPACE_ANCHORS = ['README.md', 'README', 'README.rst', '.readiness.yaml', '.readiness.yml', 'package.json', 'pyproject.toml', 'go.mod', 'compose.yaml', 'docker-compose.yml', 'Dockerfile'];

type SarifLevel = 'error' | 'warning' | 'note' | 'none';

interface SarifPhysicalLocation {
  artifactLocation: { uri: string; uriBaseId: string };
  region: { startLine: number; startColumn?: number; endLine?: number; endColumn?: number };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: SarifLevel;
  message: { text: string };
  locations?: { physicalLocation: SarifPhysicalLocation }[];
  relatedLocations?: { id: number; message: { text: string }; physicalLocation: SarifPhysicalLocation }[];
  partialFingerprints: Record<string, string>;
  properties: { category: string; fixable: boolean; workspaceLevel?: boolean };
}

function level(severity: SeveritySetting): SarifLevel {
  return severity === 'info' ? 'note' : severity === 'off' ? 'none' : severity;
}

/** `dockerfile/root-user` → `DockerfileRootUser` (SARIF `name` is meant to be an identifier). */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/** GitHub ranks security alerts by this 0–10 property; only meaningful for the security category. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', info: '2.0' };

function driverRule(rule: RuleDefinition) {
  const { category, severity, summary } = rule.meta;
  const domain = rule.id.split('/')[0];
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: summary },
    helpUri: docsUrl(rule.id),
    help: { text: `${summary} See ${docsUrl(rule.id)}` },
    defaultConfiguration: severity === 'off' ? { enabled: false, level: 'none' as const } : { level: level(severity) },
    properties: {
      category,
      tags: [category, domain],
      ...(category === 'security' && severity !== 'off' ? { 'security-severity': SECURITY_SEVERITY[severity] } : {}),
    },
  };
}

function uriOf(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function region(r: Range) {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

function physicalLocation(file: string, r: Range): SarifPhysicalLocation {
  return { artifactLocation: { uri: uriOf(file), uriBaseId: SRCROOT }, region: region(r) };
}

/** Whitespace-insensitive, so re-indenting or CRLF conversion keeps alerts matched. */
function normalizeLine(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/**
 * Fingerprints identify "the same problem" across commits: rule, file and the text of the line it is
 * on, never the line number, so adding lines above a finding does not reopen it. The occurrence index
 * separates identical lines in one file (two `FROM node` lines are two problems).
 */
export function fingerprints(findings: readonly ReportFinding[], lineText: SarifOptions['lineText']): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const text = f.file === null ? '' : normalizeLine(lineText?.(f.file, f.line) ?? '');
    const key = `${f.rule}\u0000${f.file ?? ''}\u0000${text}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return createHash('sha256').update(`${key}\u0000${occurrence}`).digest('hex');
  });
}

function rootUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : href + '/';
}

export function buildSarif(report: AuditReport, options: SarifOptions) {
  const ruleIndex = new Map(options.rules.map((r, i) => [r.id, i]));
  const prints = fingerprints(report.findings, options.lineText);
  const results = report.findings.map((f, i): SarifResult => {
    const engine = options.findings?.[i];
    const range: Range = engine?.range ?? {
      start: { line: f.line - 1, character: f.column - 1 },
      end: { line: f.endLine - 1, character: f.endColumn - 1 },
    };
    const result: SarifResult = {
      ruleId: f.rule,
      ruleIndex: ruleIndex.get(f.rule),
      level: level(f.severity),
      message: { text: f.message },
      partialFingerprints: { [FINGERPRINT_KEY]: prints[i] },
      properties: { category: f.category, fixable: f.fixable },
    };
    if (result.ruleIndex === undefined) delete result.ruleIndex;
    if (f.file !== null) {
      result.locations = [{ physicalLocation: physicalLocation(f.file, range) }];
    } else {
      result.properties.workspaceLevel = true;
      const anchor = options.workspaceAnchor;
      if (anchor) result.locations = [{ physicalLocation: { artifactLocation: { uri: uriOf(anchor), uriBaseId: SRCROOT }, region: { startLine: 1 } } }];
    }
    const related = engine?.related ?? [];
    if (related.length) {
      result.relatedLocations = related.map((r, id) => ({ id, message: { text: r.message }, physicalLocation: physicalLocation(r.file, r.range) }));
    }
    return result;
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'readiness',
            version: options.version,
            semanticVersion: options.version,
            informationUri: INFORMATION_URI,
            rules: options.rules.map(driverRule),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: rootUri(report.root) } },
        columnKind: 'utf16CodeUnits' as const,
        invocations: [{ executionSuccessful: true }],
        results,
      },
    ],
  };
}

export function formatSarif(report: AuditReport, options: SarifOptions): string {
  return JSON.stringify(buildSarif(report, options), null, 2) + '\n';
}
