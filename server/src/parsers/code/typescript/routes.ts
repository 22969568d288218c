/** Relative module specifiers resolved to workspace files (imports, routers mounted from other modules). */
import type { WorkspaceModel } from '../../../workspace/model';
import { normalize } from '../../../workspace/workspace';

const EXTENSIONS = ['', '.ts', '.tsx', '.js', '.mjs', '.cjs', '.jsx', '/index.ts', '/index.js', '/index.mjs'];

/** The workspace file a relative module specifier names, if it is one of ours. */
export function resolveModule(workspace: WorkspaceModel, from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : '';
  const base = normalize(`${dir}/${spec}`);
  // TS ESM imports name the emitted `.js`; the source is `.ts`.
  const stems = /\.(?:js|mjs|cjs|jsx)$/.test(base) ? [base.replace(/\.(?:m|c)?jsx?$/, ''), base] : [base];
  for (const stem of stems) {
    for (const ext of EXTENSIONS) {
      const candidate = stem + ext;
      const f = workspace.file(candidate);
      if (f && (f.kind === 'typescript' || f.kind === 'javascript')) return candidate;
    }
  }
  return undefined;
}
