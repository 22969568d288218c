import { defineRule } from '../../server/src/core/rule';
import type { Fix, TextEdit } from '../../server/src/core/types';
import { removePropertyEdit } from '../dockerfile/_b';
import { hostedScripts, SHELL_HOST_KINDS } from './_hosts';
import { tlsDisablingEnv, tlsVerificationDisabled, type ShellHit } from './_shell';

function consequence(kind: ShellHit['kind'], where = ''): string {
  return kind === 'signature'
    ? `disables package signature verification${where}: a tampered or spoofed package installs silently`
    : `disables TLS certificate verification${where}: anyone on the network path can swap what is fetched`;
}

function fixOf(file: string, title: string, edits: TextEdit[] | undefined): Fix[] | undefined {
  return edits?.length ? [{ title, safety: 'safe', changes: [{ file, edits }] }] : undefined;
}

export default defineRule({
  id: 'shell/tls-verification-disabled',
  meta: {
    category: 'security',
    severity: 'error',
    summary: 'A command or environment variable turns off TLS certificate or package signature verification.',
    fixes: ['safe'],
    aliases: [],
    scope: 'file',
    kinds: [...SHELL_HOST_KINDS],
    productionOnly: false,
  },
  check(ctx) {
    const file = ctx.file!;
    let failed = false;
    for (const hosted of hostedScripts(ctx.workspace, file)) {
      for (const hit of tlsVerificationDisabled(hosted.script)) {
        failed = true;
        ctx.report({
          file: hosted.file,
          range: hit.range,
          message: `\`${hit.what}\` ${consequence(hit.kind)}.`,
          fixes: hit.edits && hosted.canEdit(hit.edits) ? fixOf(hosted.file, `Remove \`${hit.what}\``, hit.edits) : undefined,
        });
      }
    }
    const model = ctx.workspace.dockerfile(file.path);
    if (!model) {
      if (!failed) ctx.pass();
      return;
    }
    // ENV and ARG defaults reach every later RUN (and ENV the running container).
    for (const ins of model.instructions) {
      if (ins.keyword !== 'ENV' && ins.keyword !== 'ARG') continue;
      (ins.properties ?? []).forEach((p, index) => {
        const value = p.resolvedValue ?? p.value;
        if (value === undefined || !tlsDisablingEnv(p.name, value)) return;
        failed = true;
        const what = `${p.name}=${value}`;
        ctx.report({
          file: file.path,
          range: p.range,
          message: `\`${ins.keyword} ${what}\` ${consequence('tls', ins.keyword === 'ENV' ? ' in every later RUN and in the running container' : ' in every later RUN')}.`,
          fixes: fixOf(file.path, `Remove \`${what}\``, [removePropertyEdit(file, ins, index)]),
        });
      });
    }
    if (!failed) ctx.pass();
  },
});
