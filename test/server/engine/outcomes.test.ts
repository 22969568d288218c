import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineRule, type RuleDefinition } from '../../../server/src/core/rule';
import { analyze } from '../../../server/src/engine/analyze';
import { RULES } from '../../../rules/index';
import { memoryWorkspace } from '../../helpers/workspace';

// A rule weighing another rule's outcome, as readiness claims do; registered only for this test.
const seen: { passed: number; failures: number }[] = [];
const weigher: RuleDefinition = defineRule({
  id: 'test/weighs-root-user',
  meta: { category: 'configuration', severity: 'info', summary: 'test', fixes: [], aliases: [], scope: 'file', kinds: ['markdown'], productionOnly: false, uses: ['dockerfile/root-user'] },
  check(ctx) {
    const o = ctx.outcome('dockerfile/root-user');
    seen.push({ passed: o?.passed ?? -1, failures: o?.failures.length ?? -1 });
    if (ctx.outcome('dockerfile/unpinned-base-image') !== undefined) throw new Error('an undeclared rule outcome was visible');
    ctx.pass();
  },
});

describe('rule outcomes', () => {
  const files = {
    'README.md': '- [x] Non-root containers\n',
    'api/Dockerfile': 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "-m", "api"]\n',
    'web/Dockerfile': 'FROM node:20-slim\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n',
    // readiness-ignore on a third image: suppressed failures are not evidence either way
    'jobs/Dockerfile': '# readiness-ignore dockerfile/root-user\nFROM python:3.12-slim\nCOPY . .\nCMD ["python", "-m", "jobs"]\n',
  };

  it('a rule listing another in meta.uses runs after it and sees its whole-workspace outcome, even when only the README is analysed', async () => {
    (RULES as RuleDefinition[]).push(weigher);
    try {
      seen.length = 0;
      await analyze(memoryWorkspace(files));
      await analyze(memoryWorkspace(files), { onlyFiles: new Set(['README.md']) });
      assert.deepEqual(seen, [
        { passed: 1, failures: 1 },
        { passed: 1, failures: 1 },
      ]);
    } finally {
      (RULES as RuleDefinition[]).pop();
    }
  });
});
