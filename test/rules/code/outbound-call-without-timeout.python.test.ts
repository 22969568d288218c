import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkPythonFix, py, spots } from './_python';

const RULE = 'code/outbound-call-without-timeout';

describe(`${RULE} (Python)`, () => {
  it('flags requests calls, sessions and urlopen without a timeout, and httpx with timeout=None', async () => {
    const src = py(
      'import httpx',
      'import requests',
      'from urllib.request import urlopen',
      '',
      'session = requests.Session()',
      '',
      'def fetch(url):',
      '    a = requests.get(url)',
      '    b = requests.post(url, json={"a": 1}, timeout=None)',
      '    c = session.get(url)',
      '    d = httpx.get(url, timeout=None)',
      '    e = urlopen(url)',
      '    return a, b, c, d, e',
    );
    assert.deepEqual(await spots(RULE, { 'client.py': src }), ['client.py:8:9', 'client.py:9:9', 'client.py:10:9', 'client.py:11:9', 'client.py:12:9']);
    const [f] = await findingsOf(RULE, { 'client.py': src });
    assert.equal(f.severity, 'info');
  });

  it('does not flag calls with a timeout, httpx defaults (5 s), **kwargs, or tests', async () => {
    const src = py('import httpx, requests', 'def f(url, **kw):', '    requests.get(url, timeout=5)', '    httpx.get(url)', '    requests.get(url, **kw)');
    assert.deepEqual(await spots(RULE, { 'client.py': src, 'tests/test_client.py': py('import requests', 'requests.get("http://x")') }), []);
  });

  it('fix (safe): timeout=10 appended, or replacing None; idempotent', async () => {
    const fixed = await checkPythonFix(RULE, { 'c.py': py('import requests', 'r = requests.get(', '    "https://api.example.com/x",', '    headers=h,', ')') });
    assert.equal(fixed['c.py'], py('import requests', 'r = requests.get(', '    "https://api.example.com/x",', '    headers=h,', '    timeout=10,', ')'));
    const none = await checkPythonFix(RULE, { 'c.py': py('import requests', 'r = requests.get(u, timeout=None)') });
    assert.equal(none['c.py'], py('import requests', 'r = requests.get(u, timeout=10)'));
    const empty = await checkPythonFix(RULE, { 'c.py': py('import requests', 'r = requests.Session().get(u)') });
    assert.equal(empty['c.py'], py('import requests', 'r = requests.Session().get(u, timeout=10)'));
  });
});
