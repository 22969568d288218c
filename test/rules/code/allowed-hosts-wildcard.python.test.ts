import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { py, spots } from './_python';

const RULE = 'code/allowed-hosts-wildcard';

describe(`${RULE} (Python)`, () => {
  it('flags ALLOWED_HOSTS = ["*"] in production settings and TrustedHostMiddleware(["*"])', async () => {
    assert.deepEqual(await spots(RULE, { 'proj/settings.py': py('ALLOWED_HOSTS = ["*"]') }), ['proj/settings.py:1:17']);
    const th = py('from fastapi import FastAPI', 'from starlette.middleware.trustedhost import TrustedHostMiddleware', 'app = FastAPI()', 'app.add_middleware(TrustedHostMiddleware, allowed_hosts=["*"])');
    assert.deepEqual(await spots(RULE, { 'main.py': th }), ['main.py:4:57']);
  });

  it('does not flag dev settings, explicit hosts, env-driven hosts, or a base wildcard production overrides', async () => {
    const files = {
      'a/settings/local.py': py('ALLOWED_HOSTS = ["*"]'),
      'b/settings.py': py('ALLOWED_HOSTS = ["shop.example.com", ".example.com"]'),
      'c/settings.py': py('import os', 'ALLOWED_HOSTS = os.environ["ALLOWED_HOSTS"].split(",")'),
      'd/settings/base.py': py('ALLOWED_HOSTS = ["*"]'),
      'd/settings/production.py': py('from .base import *', 'ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")'),
    };
    assert.deepEqual(await spots(RULE, files), []);
  });
});
