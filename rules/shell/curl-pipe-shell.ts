import { defineRule } from '../../server/src/core/rule';
import { hostedScripts, SHELL_HOST_KINDS } from './_hosts';
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
    kinds: [...SHELL_HOST_KINDS],
    productionOnly: false,
  },
  check(ctx) {
    let failed = false;
    for (const hosted of hostedScripts(ctx.workspace, ctx.file!)) {
      for (const hit of curlPipeShell(hosted.script)) {
        failed = true;
        ctx.report({
          file: hosted.file,
          range: hit.range,
          message: `\`${hit.what}\` runs whatever ${hit.url ?? 'the server'} returns, unverified and unpinned: download it to a file, check its SHA-256 or signature, then run it.`,
        });
      }
    }
    if (!failed) ctx.pass();
  },
});
