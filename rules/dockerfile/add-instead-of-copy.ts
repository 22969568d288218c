import { defineRule } from '../../server/src/core/rule';
import type { WorkspaceModel } from '../../server/src/workspace/model';
import { dirOf, joinPath } from './_b';
import { defaultContext, toRegex } from './_ignorefile';

const REMOTE = /^([a-z][a-z0-9+.-]*:\/\/|git@)/i;
// Local archives ADD extracts (BuildKit detects tar by content; compressed names are trusted too).
const ARCHIVE = /\.(tar|tgz|tbz|tbz2|txz|tzst|tlz|taz|gz|bz2|xz|zst|lz|lz4|lzma|z)$/i;
/** ADD-only flags: their instructions cannot become COPY. */
const ADD_ONLY_FLAGS = new Set(['checksum', 'keep-git-dir', 'unpack']);

/** Whether a glob source may match an archive in the context. */
function globHitsArchive(ws: WorkspaceModel, contextDir: string, source: string): boolean {
  const dir = dirOf(source);
  const re = toRegex(source);
  return ws.listDir(joinPath(contextDir, dir)).some((name) => ARCHIVE.test(name) && re.test(joinPath(dir, name)));
}

export default defineRule({
  id: 'dockerfile/add-instead-of-copy',
  meta: {
    category: 'containers',
    severity: 'info',
    summary: '`ADD` is used for local files that are not archives, where `COPY` says exactly that.',
    fixes: ['safe'],
    aliases: ['DL3020'],
    scope: 'file',
    kinds: ['dockerfile'],
    productionOnly: false,
  },
  check(ctx) {
    const file = ctx.file!;
    const model = ctx.workspace.dockerfile(file.path);
    if (!model) return;
    const contextDir = defaultContext(file.path);
    for (const ins of model.instructions) {
      if (ins.keyword !== 'ADD' || !ins.paths) continue;
      const sources = ins.paths.sources.map((s) => s.text.replace(/^(\.\/)+/, ''));
      const needsAdd =
        ins.heredocs.length > 0 ||
        ins.flags.some((f) => ADD_ONLY_FLAGS.has(f.name)) ||
        // Unresolved variables could name a URL or an archive.
        sources.some((s) => s.includes('$') || REMOTE.test(s) || ARCHIVE.test(s)) ||
        sources.some((s) => /[*?[]/.test(s) && globHitsArchive(ctx.workspace, contextDir, s));
      if (!sources.length || !ins.paths.dest) continue;
      if (needsAdd) {
        ctx.pass();
        continue;
      }
      const written = file.text.slice(file.lines.offsetAt(ins.keywordRange.start), file.lines.offsetAt(ins.keywordRange.end));
      const copy = written === written.toLowerCase() ? 'copy' : written === 'Add' ? 'Copy' : 'COPY';
      ctx.report({
        file: file.path,
        range: ins.keywordRange,
        message: `\`ADD ${sources.join(' ')}\` only copies local files: use COPY, which does just that, without ADD's implicit URL download and archive extraction.`,
        fixes: [{ title: 'Replace ADD with COPY', safety: 'safe', changes: [{ file: file.path, edits: [{ range: ins.keywordRange, newText: copy }] }] }],
      });
    }
  },
});
