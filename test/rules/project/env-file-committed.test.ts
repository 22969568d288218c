import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFix, findingsOf } from '../../helpers/workspace';
import { flagged } from '../ci/_util';

const RULE = 'project/env-file-committed';

describe(RULE, () => {
  it('flags env files with values that no .gitignore ignores, on the first assignment', async () => {
    const files = {
      '.env': '# local settings\n\nexport DATABASE_URL="postgres://app:pw@db/app"\nDEBUG=\n',
      'api/.env.production': 'STRIPE_KEY=sk_live_x\n',
      '.env.example': 'DATABASE_URL=postgres://user:password@localhost/app\n',
      'web/.env.local': 'EMPTY=\n',
      '.gitignore': 'node_modules/\n',
    };
    assert.deepEqual(await flagged(RULE, files), ['.env:3:8 DATABASE_URL="postgres://app:pw@db/app"', 'api/.env.production:1:1 STRIPE_KEY=sk_live_x']);
  });

  it('respects root and nested .gitignore files', async () => {
    const files = { '.env': 'A=1\n', 'api/.env.production': 'B=2\n', '.gitignore': '.env\n', 'api/.gitignore': '.env.*\n!.env.example\n' };
    assert.deepEqual(await findingsOf(RULE, files), []);
  });

  it('appends the path to .gitignore, or creates it', async () => {
    const { fixed } = await checkFix(RULE, { '.env': 'A=1\n', '.gitignore': 'dist/' });
    assert.equal(fixed['.gitignore'], 'dist/\n/.env\n');
    const created = await checkFix(RULE, { 'api/.env': 'A=1\n' });
    assert.equal(created.fixed['.gitignore'], '/api/.env\n');
  });
});
