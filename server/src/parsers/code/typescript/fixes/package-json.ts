/**
 * "Add <package> to package.json": the dependency a code fix imports, added to the nearest
 * package.json's `dependencies` with the file's own indentation, in alphabetical place when the
 * list is sorted. Versions are current caret ranges at the time of writing (a default, not a
 * resolution: the user's install decides).
 */
import type { ts } from 'ts-morph';
import type { Fix, TextEdit } from '../../../../core/types';
import type { WorkspaceModel } from '../../../../workspace/model';
import { propertyName, T } from '../syntax';

export const VERSIONS: Record<string, string> = {
  helmet: '^8.1.0',
  'express-rate-limit': '^8.0.0',
  '@fastify/helmet': '^13.0.0',
  '@fastify/rate-limit': '^11.0.0',
  'koa-helmet': '^9.0.0',
  'koa-ratelimit': '^6.0.0',
};

/** Fastify 4 apps need the plugin majors that still support it. */
const FASTIFY4: Record<string, string> = { '@fastify/helmet': '^11.1.1', '@fastify/rate-limit': '^9.1.0' };

export function nearestPackageJson(workspace: WorkspaceModel, from: string): string | undefined {
  let dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : '';
  for (;;) {
    const candidate = dir ? `${dir}/package.json` : 'package.json';
    if (workspace.file(candidate)) return candidate;
    if (!dir) return undefined;
    dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
  }
}

export function dependencyFix(workspace: WorkspaceModel, from: string, packages: string[]): Fix | undefined {
  const path = nearestPackageJson(workspace, from);
  const file = path ? workspace.file(path) : undefined;
  if (!path || !file) return undefined;
  const t = T();
  const json = t.parseJsonText(path, file.text);
  const root = json.statements[0]?.expression;
  if (!root || !t.isObjectLiteralExpression(root)) return undefined;
  const section = (name: string): ts.ObjectLiteralExpression | undefined => {
    const p = root.properties.find((x) => x.name && propertyName(x.name) === name);
    return p && t.isPropertyAssignment(p) && t.isObjectLiteralExpression(p.initializer) ? p.initializer : undefined;
  };
  const present = new Set<string>();
  for (const s of ['dependencies', 'devDependencies', 'peerDependencies']) {
    for (const p of section(s)?.properties ?? []) if (p.name) present.add(propertyName(p.name) ?? '');
  }
  const fastify4 = /"fastify"\s*:\s*"[~^]?4\./.test(file.text);
  const wanted = packages.filter((p) => !present.has(p)).map((p) => ({ name: p, version: (fastify4 && FASTIFY4[p]) || VERSIONS[p] || 'latest' }));
  if (!wanted.length) return undefined;
  const lines = file.lines;
  const eol = lines.eol;
  const at = (offset: number, text: string): TextEdit => ({ range: lines.rangeAt(offset, offset), newText: text });
  const indentAt = (node: ts.Node): string => /^\s*/.exec(lines.lineText(lines.positionAt(node.getStart(json)).line))![0];
  const unit = root.properties[0] ? indentAt(root.properties[0]) || '  ' : '  ';
  const entry = (w: { name: string; version: string }): string => `"${w.name}": "${w.version}"`;
  const deps = section('dependencies');
  const edits: TextEdit[] = [];
  if (!deps) {
    const last = root.properties[root.properties.length - 1];
    const body = wanted.map((w) => unit + unit + entry(w)).join(',' + eol);
    const text = `"dependencies": {${eol}${body}${eol}${unit}}`;
    if (last) edits.push(at(last.getEnd(), `,${eol}${unit}${text}`));
    else edits.push({ range: lines.rangeAt(root.getStart(json), root.getEnd()), newText: `{${eol}${unit}${text}${eol}}` });
  } else if (deps.properties.length === 0) {
    const outer = indentAt(deps.parent);
    const body = wanted.map((w) => outer + unit + entry(w)).join(',' + eol);
    edits.push({ range: lines.rangeAt(deps.getStart(json), deps.getEnd()), newText: `{${eol}${body}${eol}${outer}}` });
  } else {
    const props = [...deps.properties];
    const names = props.map((p) => (p.name && propertyName(p.name)) ?? '');
    const sorted = names.every((n, i) => i === 0 || names[i - 1].localeCompare(n) <= 0);
    const indent = indentAt(props[0]);
    const multiline = lines.positionAt(props[0].getStart(json)).line !== lines.positionAt(deps.getStart(json)).line;
    const sep = multiline ? `${eol}${indent}` : ' ';
    for (const w of wanted) {
      const before = sorted ? props.findIndex((_, i) => names[i].localeCompare(w.name) > 0) : -1;
      if (before >= 0) edits.push(at(props[before].getStart(json), `${entry(w)},${sep}`));
      else edits.push(at(props[props.length - 1].getEnd(), `,${sep}${entry(w)}`));
    }
  }
  return {
    title: `Add ${wanted.map((w) => w.name).join(' and ')} to ${path}`,
    safety: 'unsafe',
    changes: [{ file: path, edits }],
  };
}
