import type { TextEdit } from '../../server/src/core/types';
import { ciScriptsCovered, editsAreVerbatim } from '../../server/src/parsers/ci/index';
import { composeFileOf, shellOf, type ComposeValue } from '../../server/src/parsers/compose';
import type { ShellScript } from '../../server/src/parsers/shell/model';
import type { SourceFile, WorkspaceModel } from '../../server/src/workspace/model';
import { allScripts } from '../dockerfile/_b';

/** A shell script found in a host file, and whether a detector's edits can be applied to that file as they are. */
export interface HostedScript {
  /** The file the script's ranges point into (a CI include may differ from the file under check). */
  file: string;
  script: ShellScript;
  canEdit(edits: readonly TextEdit[]): boolean;
}

/** Kinds whose files hold shell snippets the shell/* rules check. */
export const SHELL_HOST_KINDS = ['dockerfile', 'github-workflow', 'github-action', 'gitlab-ci', 'compose'] as const;

const SHELLS = /^(?:\/(?:usr\/)?bin\/)?(?:sh|bash|ash|dash|zsh)$/;

/** `["sh", "-c", "script"]`-style argv: the script word, when there is one. */
function dashCScript(argv: ComposeValue[]): ComposeValue | undefined {
  if (argv.length < 3 || !SHELLS.test(argv[0].value)) return undefined;
  const flags = argv[1].value;
  return /^-[a-z]*c[a-z]*$/.test(flags) ? argv[2] : undefined;
}

/**
 * Every shell snippet of a file: Dockerfile RUN/CMD/ENTRYPOINT/HEALTHCHECK scripts, CI `run:`/`script:`
 * bodies (GitLab includes resolved), and compose `healthcheck` CMD-SHELL tests and `sh -c` commands.
 */
export function hostedScripts(workspace: WorkspaceModel, file: SourceFile): HostedScript[] {
  switch (file.kind) {
    case 'dockerfile': {
      const model = workspace.dockerfile(file.path);
      return model ? allScripts(model).map(({ script }) => ({ file: file.path, script, canEdit: () => true })) : [];
    }
    case 'github-workflow':
    case 'github-action':
    case 'gitlab-ci':
      return ciScriptsCovered(workspace, file).flatMap((s) =>
        s.shell ? [{ file: s.file, script: s.shell, canEdit: (edits: readonly TextEdit[]) => editsAreVerbatim(s, edits) }] : [],
      );
    case 'compose': {
      const out: HostedScript[] = [];
      const seen = new Set<ShellScript>();
      for (const service of composeFileOf(workspace, file).services) {
        const values: (ComposeValue | undefined)[] = [service.healthcheck?.test?.script];
        for (const cmd of [service.command, service.entrypoint]) if (cmd?.form === 'list') values.push(dashCScript(cmd.argv));
        if (service.healthcheck?.test?.kind === 'CMD') values.push(dashCScript(service.healthcheck.test.argv));
        for (const value of values) {
          const script = value && value.file === file.path ? shellOf(value) : undefined;
          if (!script || seen.has(script)) continue;
          seen.add(script);
          // Scalars with escapes or `$$` do not map one to one: report, but do not edit in place.
          const verbatim = value!.raw === value!.value && !/[\\"']/.test(value!.raw);
          out.push({ file: file.path, script, canEdit: () => verbatim });
        }
      }
      return out;
    }
    default:
      return [];
  }
}
