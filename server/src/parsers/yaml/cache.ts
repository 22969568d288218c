import type { SourceFile, WorkspaceModel } from '../../workspace/model';
import { parseYaml, type YamlFile } from './parse';

/**
 * The parsed YAML of a workspace file, built once per file version and shared by every rule and
 * model that reads it (compose, CI, yaml/syntax-error).
 */
export function yamlOf(workspace: WorkspaceModel, file: SourceFile): YamlFile {
  return workspace.cached(file, () => parseYaml(file.text, file.lines), 'yaml');
}
