import { defineRule } from '../../server/src/core/rule';
import { ZERO_RANGE, type Range } from '../../server/src/core/types';
import { gitignoreMatcher } from '../../server/src/workspace/discover';

/** Files meant to be committed: templates documenting the variables, not holding them. */
const TEMPLATE = /(example|sample|template|dist|defaults?|schema|tpl|tmpl)/i;
const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;

function valuesOf(text: string): { names: string[]; first?: Range } {
  const names: string[] = [];
  let first: Range | undefined;
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const m = ASSIGNMENT.exec(line);
    if (!m) return;
    const value = m[2].replace(/\s+#.*$/, '').trim().replace(/^(['"])(.*)\1$/, '$2');
    if (!value) return;
    names.push(m[1]);
    if (!first) {
      const start = line.indexOf(m[1]);
      first = { start: { line: i, character: start }, end: { line: i, character: line.trimEnd().length } };
    }
  });
  return { names, first };
}

export default defineRule({
  id: 'project/env-file-committed',
  meta: {
    category: 'security',
    severity: 'error',
    summary: 'A `.env` file with values is not ignored by git, so its secrets get committed with the code.',
    fixes: ['safe'],
    aliases: [],
    scope: 'workspace',
    kinds: ['env', 'gitignore'],
    productionOnly: false,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const ignores = gitignoreMatcher(ws.filesOfKind('gitignore').map((f) => ({ dir: f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/')) : '', text: f.text })));
    const gitignore = ws.file('.gitignore');
    for (const file of ws.filesOfKind('env')) {
      const base = file.path.slice(file.path.lastIndexOf('/') + 1);
      if (TEMPLATE.test(base)) continue;
      const { names, first } = valuesOf(file.text);
      if (!names.length) continue;
      if (ignores(file.path)) {
        ctx.pass();
        continue;
      }
      const line = `/${file.path}`;
      let edit;
      if (gitignore) {
        const text = gitignore.text;
        const end = gitignore.lines.positionAt(text.length);
        const eol = gitignore.lines.eol;
        edit = { file: '.gitignore', edits: [{ range: { start: end, end }, newText: `${text.length && !text.endsWith('\n') ? eol : ''}${line}${eol}` }] };
      } else {
        edit = { file: '.gitignore', create: true, edits: [{ range: ZERO_RANGE, newText: `${line}\n` }] };
      }
      const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ', …' : '');
      ctx.report({
        file: file.path,
        range: first ?? ZERO_RANGE,
        message: `${file.path} sets ${names.length} variable${names.length > 1 ? 's' : ''} (${shown}) and no .gitignore ignores it: it is committed with the code. Ignore it (and \`git rm --cached\` it if it is already tracked) and commit a ${base}.example instead.`,
        fixes: [{ title: `Add ${line} to .gitignore`, safety: 'safe', changes: [edit] }],
      });
    }
  },
});
