/**
 * Whether `.dockerignore` keeps a COPY/ADD source out of the build context.
 * (Restored by the helper writing missing-dockerignore after an accidental overwrite: it delegates to
 * the BuildKit pattern matcher in `_ignorefile.ts`. Wildcard sources are tested as written, so
 * `*.pem` is excluded by a `*.pem` pattern.)
 */
import type { WorkspaceModel } from '../../server/src/workspace/model';
import { defaultContext, dockerIgnoreFor } from './_ignorefile';

export function dockerignoreExcludes(workspace: WorkspaceModel, dockerfilePath: string, source: string, contextDir = defaultContext(dockerfilePath)): boolean {
  const ignore = dockerIgnoreFor(workspace, dockerfilePath, contextDir);
  if (!ignore.path) return false;
  const relative = source.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
  if (relative === '' || relative === '.') return false;
  return ignore.excludes(relative);
}
