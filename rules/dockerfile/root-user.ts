import { defineRule } from '../../server/src/core/rule';
import type { Fix } from '../../server/src/core/types';
import { entrypointAndCmd, finalUser, imageContents, stageChain, type BaseImage } from '../../server/src/model/image';
import type { DockerStage } from '../../server/src/parsers/dockerfile/model';
import { effectiveCommand, programName } from '../../server/src/parsers/shell/commands';
import type { SourceFile } from '../../server/src/workspace/model';
import { insertBeforeStartup, isWindowsStage, declaredBaseImage, productionFinalStage } from './_a';

const ID = 'dockerfile/root-user';
/** Tools an entrypoint uses to drop from root to another user at start-up. */
const PRIVILEGE_DROPPERS = ['gosu', 'su-exec', 'setpriv', 'chpst', 's6-setuidgid'];

function isRoot(user: string): boolean {
  const name = user.split(':')[0].trim();
  return name === 'root' || /^0+$/.test(name);
}

/** A user created by the Dockerfile itself (`useradd … app`, `adduser -S app`), to switch to. */
function createdUser(stage: DockerStage): string | undefined {
  let found: string | undefined;
  for (const s of stageChain(stage)) {
    for (const ins of s.instructions) {
      if (ins.keyword !== 'RUN' || !ins.shell) continue;
      for (const cmd of ins.shell.commands) {
        const eff = effectiveCommand(cmd);
        const program = eff ? programName(eff.name) : undefined;
        if (!eff || (program !== 'useradd' && program !== 'adduser')) continue;
        const last = eff.args[eff.args.length - 1];
        // `adduser -S -G group user` ends with the user; BusyBox `adduser user group` is rare in Dockerfiles.
        if (last && !last.dynamic && /^[a-z_][a-z0-9_.-]*\$?$/i.test(last.text) && !last.text.startsWith('-') && !isRoot(last.text)) found = last.text;
      }
    }
  }
  return found;
}

/** The start command runs through a privilege dropper (`ENTRYPOINT ["gosu", "app", …]`) or installs one. */
function dropsPrivileges(stage: DockerStage, has: (bin: string) => string): boolean {
  if (PRIVILEGE_DROPPERS.some((b) => has(b) === 'yes')) return true;
  const { entrypoint, cmd } = entrypointAndCmd(stage);
  return [entrypoint, cmd].some((ins) => {
    const first = ins?.execForm?.values[0] ?? ins?.shell?.commands[0]?.name?.text;
    return first !== undefined && PRIVILEGE_DROPPERS.includes(first.slice(first.lastIndexOf('/') + 1));
  });
}

/** The lines that create (when needed) and switch to an unprivileged user, by base image family. */
function userLines(base: BaseImage, existing: string | undefined): { title: string; lines: string[] } {
  if (existing) return { title: `Switch to the existing user "${existing}"`, lines: [`USER ${existing}`] };
  if (base.family === 'node') return { title: 'Run as the image\'s "node" user', lines: ['USER node'] };
  if (base.family === 'distroless') return { title: 'Run as distroless\'s "nonroot" user', lines: ['USER nonroot'] };
  if (base.packageManager === 'apt') {
    return {
      title: 'Create a system user "app" and switch to it',
      lines: ['RUN groupadd --system app && useradd --system --gid app --no-create-home app', 'USER app'],
    };
  }
  if (base.packageManager === 'apk') {
    return { title: 'Create a system user "app" and switch to it', lines: ['RUN addgroup -S app && adduser -S -G app app', 'USER app'] };
  }
  // No known way to create a user (scratch, unknown base): a numeric UID needs no /etc/passwd entry.
  return { title: 'Run as the unprivileged UID 10001', lines: ['USER 10001:10001'] };
}

function fixFor(file: SourceFile, stage: DockerStage, base: BaseImage): Fix {
  const { title, lines } = userLines(base, createdUser(stage));
  return { title, safety: 'unsafe', changes: [{ file: file.path, edits: [insertBeforeStartup(file, stage, lines)] }] };
}

export default defineRule({
  id: ID,
  meta: {
    category: 'security',
    severity: 'warning',
    summary: 'The final image runs as root.',
    fixes: ['unsafe'],
    aliases: ['DL3002'],
    scope: 'file',
    kinds: ['dockerfile'],
    productionOnly: true,
  },
  check(ctx) {
    const file = ctx.file!;
    const model = ctx.workspace.dockerfile(file.path);
    if (!model) return;
    const stage = productionFinalStage(ctx, model);
    // Windows containers have no root; their users are ContainerUser/ContainerAdministrator.
    if (!stage || isWindowsStage(stage)) return;
    // Base and tool images leave USER to the images built FROM them (which need root to install).
    if (declaredBaseImage(file.path, model)) return;
    const contents = imageContents(model, stage);
    const user = finalUser(stage);
    if (user) {
      // `USER ${APP_UID}` with no default: only the build knows.
      if (user.user.includes('$') || !isRoot(user.user)) return ctx.pass();
      ctx.report({
        file: file.path,
        range: user.range,
        message: `The final image runs as root: the last USER is \`${user.user}\`. A compromised process then owns the whole container filesystem and any mounted volume. Switch to an unprivileged user after the steps that need root.`,
        fixes: [fixFor(file, stage, contents.base)],
      });
      return;
    }
    const root = stageChain(stage)[0].from;
    // A tag that names the user (`distroless/static:nonroot`) is an explicit choice, as a USER would be.
    if (/(^|[-_.])nonroot([-_.]|$)/.test(root.tag ?? '') || dropsPrivileges(stage, (b) => contents.has(b))) return ctx.pass();
    const baseName = root.isScratch ? 'scratch' : `\`${root.image || root.raw}\``;
    ctx.report({
      file: file.path,
      range: stage.from.range,
      message: `The final image runs as root: no USER instruction${stage.from.stage ? ' in this stage or the stages it is built FROM' : ''}, so it keeps the base image's user (${baseName} runs as root unless it says otherwise). Add a USER with an unprivileged account.`,
      fixes: [fixFor(file, stage, contents.base)],
    });
  },
});
