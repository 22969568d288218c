import { isSeq } from 'yaml';
import { defineRule } from '../../server/src/core/rule';
import { ciYaml } from '../../server/src/parsers/ci/index';
import { contentEnd, styleOf } from '../../server/src/parsers/yaml/edit';
import { dependabotEntry, ecosystems } from './_project';

export default defineRule({
  id: 'project/dependabot-missing-ecosystem',
  meta: {
    category: 'delivery',
    severity: 'info',
    summary: 'The Dependabot configuration has no `updates:` entry for an ecosystem the repository uses.',
    fixes: ['safe'],
    aliases: [],
    scope: 'workspace',
    kinds: ['dependabot', 'manifest', 'dockerfile', 'github-workflow'],
    productionOnly: false,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const config = ws.filesOfKind('dependabot')[0];
    if (!config) return;
    const yf = ciYaml(ws, config);
    if (yf.errors.length) return;
    const updates = yf.get(yf.root, 'updates');
    const items = yf.items(updates?.value);
    const covered = new Set(items.map((i) => (yf.str(yf.get(i, 'package-ecosystem')?.value) ?? '').toLowerCase()));
    // `docker-compose` and `uv` entries cover what we call docker and pip.
    if (covered.has('uv') || covered.has('pipenv') || covered.has('poetry')) covered.add('pip');
    const interval = yf.str(yf.getPath(items[0], 'schedule', 'interval')?.value) ?? 'weekly';
    const style = styleOf(yf);
    const seq = updates?.value;
    const last = items[items.length - 1];
    for (const [eco, dirs] of ecosystems(ws)) {
      if (covered.has(eco)) {
        ctx.pass();
        continue;
      }
      let fix;
      if (isSeq(seq) && !seq.flow && last?.range) {
        const firstItem = items[0];
        const itemCol = firstItem?.range ? yf.lines.positionAt(firstItem.range[0]).character : 4;
        const pad = ' '.repeat(Math.max(0, itemCol - 2));
        const end = contentEnd(yf, last);
        const at = yf.lines.positionAt(yf.lines.lineEnd(yf.lines.positionAt(Math.max(0, end - 1)).line));
        const unit = ' '.repeat(style.indent);
        fix = {
          title: `Add a ${eco} entry to ${config.path}`,
          safety: 'safe' as const,
          changes: [{ file: config.path, edits: [{ range: { start: at, end: at }, newText: style.eol + dependabotEntry(eco, dirs, pad, unit, style.eol, interval) }] }],
        };
      }
      ctx.report({
        file: config.path,
        range: updates?.keyRange ?? yf.rangeOf(yf.root),
        message: `Dependabot has no \`${eco}\` entry, but the repository uses it (${dirs.join(', ')}): those dependencies are never updated.`,
        fixes: fix ? [fix] : [],
      });
    }
  },
});
