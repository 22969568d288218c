import type { LanguageSupport } from '../language';
import { extractGo } from './extract';
import { goFixes } from './fixes';
import { RELEVANT_IMPORT } from './imports';

/**
 * Go support: net/http, gin, echo, chi and fiber services, read with the tree-sitter Go grammar.
 * The grammar is loaded by the engine before analysis when the workspace has `.go` files.
 */
export const go: LanguageSupport = {
  languages: ['go'],
  mayMatter(file) {
    // Tests, vendored code and fixtures never describe the deployed service.
    if (file.path.endsWith('_test.go') || /(^|\/)(vendor|testdata)\//.test(file.path)) return false;
    return RELEVANT_IMPORT.test(file.text);
  },
  extract: extractGo,
  fixes: goFixes,
};
