/**
 * The minimal reproducer of every known, unfixed defect (_known.ts), as `todo` tests: they run and
 * report, but do not fail the suite while the defect is open. When one starts passing, the defect is
 * fixed: remove its entry from _known.ts so the property tests stop tolerating it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { KNOWN } from './_known';
import { isHang, Sandbox } from './_sandbox';

/** The reproducers are small; anything slower than this is the defect showing. */
const BOUND_MS = 2_000;

describe('known defects (todo until fixed)', () => {
  const sandbox = new Sandbox();
  after(() => sandbox.close());
  for (const defect of KNOWN) {
    test(defect.id, { todo: `${defect.where}: ${defect.summary}` }, async () => {
      const target = Object.keys(defect.reproducer)[0];
      if (defect.fatalInput) {
        // It would abort this process: run it in a child, which must exit normally.
        const script = `require(${JSON.stringify(join(__dirname, '_worker.ts'))}).check(JSON.parse(process.env.TASK)).then((r) => process.exit(r.problems.length ? 1 : 0))`;
        const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { env: { ...process.env, TASK: JSON.stringify({ id: 0, paths: [], files: defect.reproducer, target }) }, encoding: 'utf8', timeout: 30_000 });
        assert.equal(child.status, 0, `exit ${child.status ?? child.signal}: ${child.stderr.split('\n').find((l) => /FATAL|Error/.test(l)) ?? ''}`);
        return;
      }
      const r = await sandbox.run({ paths: [], files: defect.reproducer, target }, BOUND_MS);
      assert.ok(!isHang(r), `over ${BOUND_MS} ms`);
      assert.deepEqual(r.problems, []);
    });
  }
});
