import { defineRule } from '../../server/src/core/rule';
import { allScripts } from '../dockerfile/_b';
import { curlPipeShell } from './_shell';

export default defineRule({
  id: 'shell/curl-pipe-shell',
  meta: {
    category: 'security',
    severity: 'warning',
    summary: 'A download is piped straight into an interpreter, so unverified remote code runs in the build.',
    fixes: [],
    aliases: [],
    scope: 'file',
    kinds: ['dockerfile'],
    productionOnly: false,
  },
  check(ctx) {
    const file = ctx.file!;
    const model = ctx.workspace.dockerfile(file.path);
    if (!model) return;
    let failed = false;
    for (const { script } of allScripts(model)) {
      for (const hit of curlPipeShell(script)) {
        failed = true;
        ctx.report({
          file: file.path,
          range: hit.range,
          message: `\`${hit.what}\` runs whatever ${hit.url ?? 'the server'} returns, unverified and unpinned: download it to a file, check its SHA-256 or signature, then run it.`,
        });
      }
    }
    if (!failed) ctx.pass();
  },
});
