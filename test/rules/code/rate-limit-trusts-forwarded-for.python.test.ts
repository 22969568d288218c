import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { py, spots } from './_python';

const RULE = 'code/rate-limit-trusts-forwarded-for';

describe(`${RULE} (Python)`, () => {
  it('flags a key function returning the first X-Forwarded-For hop, on the key_func argument', async () => {
    const src = py(
      'from fastapi import Request',
      'from slowapi import Limiter',
      '',
      '',
      'def client_ip(request: Request) -> str:',
      '    forwarded = request.headers.get("x-forwarded-for")',
      '    return forwarded.split(",")[0].strip() if forwarded else request.client.host',
      '',
      '',
      'limiter = Limiter(key_func=client_ip)',
    );
    assert.deepEqual(await spots(RULE, { 'ratelimit.py': src }), ['ratelimit.py:10:28']);
  });

  it("flags slowapi's get_ipaddr, lambdas reading the header, Flask access_route[0], and a key function imported from another module", async () => {
    const files = {
      'a.py': py('from slowapi import Limiter', 'from slowapi.util import get_ipaddr', 'limiter = Limiter(key_func=get_ipaddr)'),
      'b.py': py('from flask_limiter import Limiter', 'from flask import request', 'limiter = Limiter(lambda: request.access_route[0])'),
      'c/keys.py': py('def forwarded_ip(request):', '    return request.headers["X-Forwarded-For"]'),
      'c/limits.py': py('from slowapi import Limiter', 'from .keys import forwarded_ip', 'limiter = Limiter(key_func=forwarded_ip)'),
    };
    assert.deepEqual(await spots(RULE, files), ['a.py:3:28', 'b.py:3:19', 'c/limits.py:3:28']);
  });

  it('flags DRF throttling without NUM_PROXIES', async () => {
    const settings = py('REST_FRAMEWORK = {', '    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],', '}');
    assert.deepEqual(await spots(RULE, { 'proj/settings.py': settings }), ['proj/settings.py:2:5']);
    const fixed = settings.replace('}', '    "NUM_PROXIES": 1,\n}');
    assert.deepEqual(await spots(RULE, { 'proj/settings.py': fixed }), []);
  });

  it('does not flag the remote address, the last hop, or django-ratelimit key="ip"', async () => {
    const files = {
      'a.py': py('from slowapi import Limiter', 'from slowapi.util import get_remote_address', 'limiter = Limiter(key_func=get_remote_address)'),
      'b.py': py('from slowapi import Limiter', 'def ip(r):', '    return r.headers.get("x-forwarded-for", "").split(",")[-1].strip()', 'limiter = Limiter(key_func=ip)'),
      'c.py': py('from django_ratelimit.decorators import ratelimit', '@ratelimit(key="ip", rate="5/m")', 'def login(request):', '    pass'),
    };
    assert.deepEqual(await spots(RULE, files), []);
  });
});
