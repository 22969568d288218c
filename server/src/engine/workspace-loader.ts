import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileKind } from '../core/types';
import { discoverWorkspace } from '../workspace/discover';
import { Workspace } from '../workspace/workspace';
import { mergeConfig, parseConfigFile, type ReadinessConfig } from './config';
import { allRules, KNOWN_RULE_IDS } from './registry';

export const CONFIG_FILES = ['.readiness.yaml', '.readiness.yml'];

/** Kinds whose text some enabled rule (or the engine itself) needs. */
export function kindsToRead(): Set<FileKind> {
  const kinds = new Set<FileKind>(['readiness-config', 'gitignore', 'dockerignore']);
  for (const rule of allRules()) for (const k of rule.meta.kinds) kinds.add(k);
  return kinds;
}

/** Re-reads the project configuration from the workspace's `.readiness.yaml` and applies editor settings on top. */
export function applyConfig(workspace: Workspace, editor: Partial<ReadinessConfig> = {}): void {
  const path = CONFIG_FILES.find((p) => workspace.file(p));
  if (!path) {
    workspace.setConfig(mergeConfig({}, editor));
    return;
  }
  const { config, problems } = parseConfigFile(workspace.file(path)!.text, KNOWN_RULE_IDS);
  workspace.setConfig(
    mergeConfig(config, editor),
    problems.map((p) => ({ file: path, range: p.range, message: p.message })),
  );
}

export class WorkspaceRootError extends Error {}

/** Builds a workspace from disk: lists files, reads the analysed kinds, applies `.readiness.yaml`. */
export function loadWorkspaceFromDisk(
  root: string,
  options: { editor?: Partial<ReadinessConfig>; onSkip?: (path: string, reason: string) => void; isCancelled?: () => boolean } = {},
): Workspace {
  let stat;
  try {
    stat = statSync(root);
  } catch (err) {
    throw new WorkspaceRootError(`cannot read ${root}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (err as Error).message}`);
  }
  if (!stat.isDirectory()) throw new WorkspaceRootError(`${root} is not a directory`);
  const workspace = new Workspace(root);
  // The config decides what is ignored, so it is read before the listing.
  let ignore: string[] = [];
  for (const name of CONFIG_FILES) {
    try {
      ignore = parseConfigFile(readFileSync(join(root, name), 'utf8'), KNOWN_RULE_IDS).config.ignore ?? [];
      break;
    } catch {
      /* absent or unreadable: the listing below reports what matters */
    }
  }
  discoverWorkspace(workspace, {
    readKinds: kindsToRead(),
    ignore: [...ignore, ...(options.editor?.ignore ?? [])],
    onSkip: options.onSkip,
    isCancelled: options.isCancelled,
  });
  applyConfig(workspace, options.editor);
  return workspace;
}
