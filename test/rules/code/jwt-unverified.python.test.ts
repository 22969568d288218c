import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { py, spots } from './_python';

const RULE = 'code/jwt-unverified';

describe(`${RULE} (Python)`, () => {
  it('flags alg none, verify_signature False and verify=False (PyJWT and python-jose)', async () => {
    const files = {
      'auth/pyjwt.py': py(
        'import jwt',
        'def claims(token, key):',
        '    a = jwt.decode(token, key, algorithms=["HS256", "none"])',
        '    b = jwt.decode(token, options={"verify_signature": False})',
        '    c = jwt.decode(token, key, verify=False)',
        '    return a, b, c',
      ),
      'auth/jose_.py': py('from jose import jwt', 'def claims(token):', '    return jwt.decode(token, "", options={"verify_signature": False})'),
      'auth/sign.py': py('import jwt', 'def sign(p):', '    return jwt.encode(p, None, algorithm="none")'),
    };
    assert.deepEqual(await spots(RULE, files), ['auth/jose_.py:3:43', 'auth/pyjwt.py:3:43', 'auth/pyjwt.py:4:36', 'auth/pyjwt.py:5:32', 'auth/sign.py:3:42']);
  });

  it('does not flag verified decodes, or tests', async () => {
    const ok = py('import jwt', 'def claims(token, key):', '    return jwt.decode(token, key, algorithms=["RS256"], audience="api")');
    assert.deepEqual(await spots(RULE, { 'auth.py': ok, 'tests/test_auth.py': py('import jwt', 'jwt.decode(t, options={"verify_signature": False})') }), []);
  });
});
