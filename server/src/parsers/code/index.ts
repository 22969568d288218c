import type { FileKind } from '../../core/types';
import type { CodeFileFacts } from '../../model/app';
import type { SourceFile, WorkspaceModel } from '../../workspace/model';
import { go } from './go';
import type { LanguageSupport } from './language';
import { python } from './python';
import { typescript } from './typescript';

export const CODE_KINDS: readonly FileKind[] = ['python', 'typescript', 'javascript', 'go'];

const BY_KIND = new Map<FileKind, LanguageSupport>([
  ['python', python],
  ['typescript', typescript],
  ['javascript', typescript],
  ['go', go],
]);

export function supportFor(kind: FileKind): LanguageSupport | undefined {
  return BY_KIND.get(kind);
}

/** Facts of one code file, extracted at most once per file version; undefined when the file cannot matter. */
export function codeFacts(workspace: WorkspaceModel, file: SourceFile): CodeFileFacts | undefined {
  const support = BY_KIND.get(file.kind);
  if (!support) return undefined;
  return workspace.cached(file, () => (support.mayMatter(file) ? support.extract(file, workspace) : undefined), 'code-facts');
}

/** Facts of every code file of the workspace that passes its language's pre-filter. */
export function allCodeFacts(workspace: WorkspaceModel): CodeFileFacts[] {
  const out: CodeFileFacts[] = [];
  for (const kind of CODE_KINDS) {
    for (const file of workspace.filesOfKind(kind)) {
      const facts = codeFacts(workspace, file);
      if (facts) out.push(facts);
    }
  }
  return out;
}

const MANIFEST = /^(package\.json|pyproject\.toml|setup\.py|go\.mod|requirements[\w.-]*\.txt|Pipfile|Dockerfile)$/;

/** The service a file belongs to: the nearest directory holding a manifest or a Dockerfile ('' = root). */
export function serviceDirOf(workspace: WorkspaceModel, path: string): string {
  let dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  for (;;) {
    if (workspace.listDir(dir).some((name) => MANIFEST.test(name))) return dir;
    if (dir === '') return '';
    dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
  }
}
