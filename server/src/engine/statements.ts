import type { SourceFile } from '../workspace/model';
import type { Workspace } from '../workspace/workspace';

/**
 * For kinds whose statements span lines (a Dockerfile RUN with continuations), maps a line to the
 * first line of its statement so that suppressions and their quick fix sit above the statement.
 */
export function statementStartOf(workspace: Workspace, file: SourceFile): ((line: number) => number) | undefined {
  if (file.kind !== 'dockerfile') return undefined;
  const model = workspace.dockerfile(file.path);
  if (!model) return undefined;
  const starts = new Map<number, number>();
  for (const ins of model.instructions) {
    for (let l = ins.range.start.line + 1; l <= ins.range.end.line; l++) starts.set(l, ins.range.start.line);
  }
  return (line) => starts.get(line) ?? line;
}
