export { parseYaml, YamlFile, type YamlDocument, type YamlEntry, type YamlProblem, type YMap, type YNode, type YSeq } from './parse';
export { scalarSource, type ScalarSource } from './scalar';
export { contentEnd, deleteEntry, deleteItem, ensurePath, fillEmptyKey, insertEntries, renderEntries, replaceInScalar, replaceNode, styleOf, yamlQuote, type Snippet, type YamlStyle } from './edit';
export { yamlOf } from './cache';
