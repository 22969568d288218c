// Rewrites the rules table of README.md (between the rules:begin/rules:end markers) from the
// registry. test/readme.test.ts fails when they disagree; `npm run docs:rules` refreshes it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../src/engine/registry';
import { renderRulesTable } from '../src/report/rules-table';

const readmePath = join(__dirname, '../../README.md');
const readme = readFileSync(readmePath, 'utf8');
writeFileSync(readmePath, readme.replace(/(<!-- rules:begin -->\n)[\s\S]*?(<!-- rules:end -->)/, `$1${renderRulesTable(allRules())}$2`));
