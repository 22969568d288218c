import { defineRule } from '../../server/src/core/rule';
import type { Range, RelatedLocation } from '../../server/src/core/types';
import type { SourceFile, WorkspaceModel } from '../../server/src/workspace/model';
import { isFixture } from './_project';

const PY_LOCKS = ['poetry.lock', 'Pipfile.lock', 'uv.lock', 'pdm.lock'];
const JS_LOCKS = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock'];
const REQUIREMENT = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$/;

/** Directories from the file's own up to the root: a lockfile in any of them covers the manifest. */
function ancestors(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  const out: string[] = [];
  for (let i = parts.length; i >= 0; i--) out.push(parts.slice(0, i).join('/'));
  return out;
}

function hasLock(ws: WorkspaceModel, path: string, locks: string[]): boolean {
  return ancestors(path).some((dir) => locks.some((l) => ws.exists(dir ? `${dir}/${l}` : l)));
}

/** Unpinned requirement lines of a requirements file: [name, range]. */
function unpinned(file: SourceFile): { name: string; range: Range }[] {
  const out: { name: string; range: Range }[] = [];
  const lines = file.text.split(/\r?\n/);
  let continued = false;
  lines.forEach((raw, i) => {
    const wasContinued = continued;
    continued = /\\\s*$/.test(raw);
    if (wasContinued) return; // `--hash=` lines of the previous requirement
    const line = raw.replace(/(^|\s)#.*$/, '');
    if (!line.trim() || /^\s*-/.test(line)) return;
    if (/--hash[= ]/.test(raw) || (continued && /--hash/.test(lines[i + 1] ?? ''))) return;
    const m = REQUIREMENT.exec(line);
    if (!m) return;
    const spec = m[3].split(';')[0];
    if (/===?\s*[\w.!+-]+/.test(spec) && !/==\s*[\w.!+-]*\*/.test(spec)) return;
    if (/@\s*\S+/.test(spec) && /@[0-9a-f]{40}\b|#sha256=/.test(spec)) return;
    if (/^\s*(https?|git\+|file:)/.test(line)) return;
    const start = raw.indexOf(m[1]);
    out.push({ name: m[1], range: { start: { line: i, character: start }, end: { line: i, character: start + m[1].length } } });
  });
  return out;
}

export default defineRule({
  id: 'project/unpinned-dependencies',
  meta: {
    category: 'reliability',
    severity: 'info',
    summary: 'Dependencies are not pinned to exact versions and no lockfile pins them: two builds of the same commit can install different code.',
    fixes: [],
    aliases: [],
    scope: 'workspace',
    kinds: ['manifest', 'lockfile'],
    productionOnly: false,
  },
  check(ctx) {
    const ws = ctx.workspace;
    for (const file of ws.filesOfKind('manifest')) {
      if (isFixture(file.path)) continue;
      const base = file.path.slice(file.path.lastIndexOf('/') + 1).toLowerCase();
      if (/^requirements[\w.-]*\.txt$/.test(base)) {
        if (hasLock(ws, file.path, PY_LOCKS) || /^\s*-c\s/m.test(file.text)) {
          ctx.pass();
          continue;
        }
        const loose = unpinned(file);
        if (!loose.length) {
          ctx.pass();
          continue;
        }
        const names = loose.slice(0, 3).map((l) => l.name).join(', ') + (loose.length > 3 ? ', …' : '');
        const related: RelatedLocation[] = loose.slice(1, 20).map((l) => ({ file: file.path, range: l.range, message: `${l.name} is not pinned` }));
        ctx.report({
          file: file.path,
          range: loose[0].range,
          message: `${loose.length} requirement${loose.length > 1 ? 's are' : ' is'} not pinned with \`==\` (${names}) and there is no lock file: each install may pick newer, untested versions. Pin them (pip-compile / \`pip freeze\`) or use a lock file.`,
          related,
        });
      } else if (base === 'package.json') {
        let deps = 0;
        try {
          const json = JSON.parse(file.text) as { dependencies?: object; devDependencies?: object };
          deps = Object.keys(json.dependencies ?? {}).length + Object.keys(json.devDependencies ?? {}).length;
        } catch {
          continue;
        }
        if (!deps) continue;
        if (hasLock(ws, file.path, JS_LOCKS)) {
          ctx.pass();
          continue;
        }
        const at = /"(dependencies|devDependencies)"\s*:/.exec(file.text);
        const range = at ? file.lines.rangeAt(at.index, at.index + at[1].length + 2) : file.lines.rangeAt(0, 0);
        ctx.report({
          file: file.path,
          range,
          message: `${file.path} declares ${deps} dependenc${deps > 1 ? 'ies' : 'y'} but there is no lockfile (package-lock.json, yarn.lock, pnpm-lock.yaml): version ranges resolve differently on every install. Commit the lockfile and install with \`npm ci\`.`,
        });
      }
    }
  },
});
