import { isMap, isScalar, isSeq } from 'yaml';
import { defineRule } from '../../server/src/core/rule';
import type { Fix, TextEdit } from '../../server/src/core/types';
import type { ComposeDependency, ComposeService } from '../../server/src/parsers/compose';
import { contentEnd, ensurePath, fillEmptyKey, renderEntries, replaceInScalar, styleOf, type Snippet, type YMap } from '../../server/src/parsers/yaml';
import { healthSource, onceGuard, projectOf, q } from './_compose';

/** Rewrites a short `depends_on:` list as the long form: `condition: service_healthy` for `healthy`, `service_started` (the short form's meaning) for the others. */
function toLongForm(s: ComposeService, healthy: Set<string>): TextEdit | undefined {
  const entry = s.dependsOnEntry;
  const y = s.yaml;
  const seq = entry?.value;
  if (!entry || !isSeq(seq) || !seq.range || !entry.keyNode?.range) return undefined;
  const style = styleOf(y);
  const body: { [k: string]: Snippet } = {};
  for (const item of y.items(seq)) {
    const name = y.str(item);
    if (name === undefined || !/^[A-Za-z0-9._-]+$/.test(name)) return undefined;
    body[name] = { condition: healthy.has(name) ? 'service_healthy' : 'service_started' };
  }
  const keyCol = y.lines.positionAt(entry.keyNode.range[0]).character;
  const rendered = renderEntries(body, keyCol + style.indent, style);
  if (seq.flow) return { range: y.offsetRange(entry.keyNode.range[1], seq.range[1]), newText: ':' + style.eol + rendered };
  const dashLine = y.lines.positionAt(seq.range[0]).line;
  return { range: y.offsetRange(y.lines.lineStart(dashLine), contentEnd(y, seq)), newText: rendered };
}

function requireHealthy(s: ComposeService, dep: ComposeDependency): TextEdit | undefined {
  const y = s.yaml;
  const e = dep.entry;
  if (!e) return undefined;
  const cond = y.get(e.value, 'condition');
  if (cond?.value && isScalar(cond.value)) return replaceInScalar(y, cond.value, 0, (y.str(cond.value) ?? '').length, 'service_healthy');
  if (isMap(e.value)) return ensurePath(y, e.value as YMap, [], { condition: 'service_healthy' });
  return fillEmptyKey(y, e, { condition: 'service_healthy' });
}

export default defineRule({
  id: 'compose/depends-on-without-healthy',
  meta: {
    category: 'reliability',
    severity: 'info',
    summary: '`depends_on` waits only for a dependency to start, although it has a healthcheck that says when it is ready.',
    fixes: ['safe'],
    aliases: [],
    scope: 'file',
    kinds: ['compose'],
    productionOnly: false,
  },
  check(ctx) {
    const project = projectOf(ctx);
    if (!project) return;
    const once = onceGuard();
    for (const s of project.services) {
      for (const dep of s.dependsOn) {
        if (dep.file !== ctx.file!.path) continue;
        const target = project.byName.get(dep.service);
        if (!target) continue;
        const source = healthSource(ctx.workspace, target);
        if (!source) continue;
        if (dep.condition === 'service_healthy' || dep.condition === 'service_completed_successfully') {
          ctx.pass();
          continue;
        }
        if (!once(dep)) continue;
        const edit = dep.form === 'list' ? toLongForm(s, new Set([dep.service])) : requireHealthy(s, dep);
        const fixes: Fix[] = edit ? [{ title: `Wait until \`${dep.service}\` is healthy`, safety: 'safe', changes: [{ file: dep.file, edits: [edit] }] }] : [];
        ctx.report({
          file: dep.file,
          range: dep.range,
          message: `Service ${q(s.name)} depends on ${q(dep.service)} ${dep.form === 'list' ? '(short form: `service_started`)' : `with \`condition: ${dep.condition}\``}, although ${q(dep.service)} has a healthcheck${source === 'image' ? ' (HEALTHCHECK in its Dockerfile)' : ''}: ${q(s.name)} starts before ${q(dep.service)} is ready and fails its first connections. Use \`condition: service_healthy\`.`,
          fixes,
        });
      }
    }
  },
});
