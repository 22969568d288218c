import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkYamlFix, lines, spots } from './_util';

const RULE = 'compose/obsolete-version';

describe(RULE, () => {
  it('flags the top-level version in every compose file, development ones included', async () => {
    const files = {
      'docker-compose.yml': lines('# production stack', "version: '3.8'", 'services:', '  api:', '    image: app:1'),
      'docker-compose.dev.yml': lines('version: "3"', 'services: {}'),
    };
    assert.deepEqual(await spots(RULE, files), ['docker-compose.dev.yml:1:0', 'docker-compose.yml:2:0']);
    const [f] = await findingsOf(RULE, { 'compose.yaml': 'version: "3.9"\nservices: {}\n' });
    assert.match(f.message, /obsolete/);
  });

  it('does not flag a version key inside a service or an extension', async () => {
    assert.deepEqual(await spots(RULE, { 'compose.yaml': lines('x-meta:', '  version: 2', 'services:', '  api:', '    image: app:1', '    labels:', '      version: "2"') }), []);
  });

  it('fixes by removing the line, keeping the comment above and CRLF', async () => {
    const compose = '# stack\r\nversion: "3.8"\r\n\r\nservices:\r\n  api:\r\n    image: app:1\r\n';
    const fixed = await checkYamlFix(RULE, { 'compose.yaml': compose });
    assert.equal(fixed['compose.yaml'], '# stack\r\n\r\nservices:\r\n  api:\r\n    image: app:1\r\n');
  });
});
