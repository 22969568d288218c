import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allRules } from '../../server/src/engine/registry';
import { findingsOf, type Files } from '../helpers/workspace';

const rulesDir = join(__dirname, '../../rules');
const SECTIONS = ['## What it flags', '## Why it matters', '## Bad', '## Good', '## Fix safety', '## Aliases'];

/** Fenced blocks of a section, keyed by their `title="path"`. */
function examples(doc: string, heading: string): Files {
  const start = doc.indexOf(`\n${heading}\n`);
  if (start < 0) return {};
  const rest = doc.slice(start + heading.length + 2);
  const end = rest.search(/\n## /);
  const section = end < 0 ? rest : rest.slice(0, end);
  const files: Files = {};
  const fence = /^```[\w-]*\s+title="([^"]+)"[^\n]*\n([\s\S]*?)^```\s*$/gm;
  for (let m = fence.exec(section); m; m = fence.exec(section)) files[m[1]] = m[2];
  return files;
}

describe('rule docs', () => {
  const rules = allRules();

  it('every rule has a doc with the required sections in order', () => {
    const problems: string[] = [];
    for (const rule of rules) {
      const path = join(rulesDir, `${rule.id}.md`);
      if (!existsSync(path)) {
        problems.push(`${rule.id}: no doc at rules/${rule.id}.md`);
        continue;
      }
      const doc = readFileSync(path, 'utf8');
      if (!doc.startsWith(`# ${rule.id}\n`)) problems.push(`${rule.id}: doc must start with "# ${rule.id}"`);
      let last = -1;
      for (const s of SECTIONS) {
        const at = doc.indexOf(`\n${s}\n`);
        if (at < 0) problems.push(`${rule.id}: missing section "${s}"`);
        else if (at < last) problems.push(`${rule.id}: section "${s}" out of order`);
        else last = at;
      }
    }
    assert.deepEqual(problems, []);
  });

  it('every doc belongs to a registered rule', () => {
    const ids = new Set(rules.map((r) => r.id));
    const orphans: string[] = [];
    for (const domain of readdirSync(rulesDir, { withFileTypes: true })) {
      if (!domain.isDirectory()) continue;
      for (const f of readdirSync(join(rulesDir, domain.name))) {
        if (f.endsWith('.md') && !ids.has(`${domain.name}/${f.slice(0, -3)}`)) orphans.push(`${domain.name}/${f}`);
      }
    }
    assert.deepEqual(orphans, []);
  });

  for (const rule of rules) {
    const path = join(rulesDir, `${rule.id}.md`);
    if (!existsSync(path)) continue;
    const doc = readFileSync(path, 'utf8');
    it(`${rule.id}: the bad example is flagged`, async () => {
      const bad = examples(doc, '## Bad');
      assert.ok(Object.keys(bad).length > 0, 'the Bad section has no ```lang title="path" block');
      const found = await findingsOf(rule.id, bad);
      assert.ok(found.length > 0, `no ${rule.id} finding on the Bad example`);
    });
    it(`${rule.id}: the good example is not flagged`, async () => {
      const good = examples(doc, '## Good');
      assert.ok(Object.keys(good).length > 0, 'the Good section has no ```lang title="path" block');
      const found = await findingsOf(rule.id, good);
      assert.deepEqual(found.map((f) => `${f.file}:${f.range.start.line + 1} ${f.message}`), []);
    });
  }
});
