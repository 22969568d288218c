import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { checkPythonFix, py, spots } from './_python';

const RULE = 'code/hardcoded-secret';

describe(`${RULE} (Python)`, () => {
  it('flags SECRET_KEY literals in settings, Flask config and app.secret_key, redacted', async () => {
    assert.deepEqual(await spots(RULE, { 'proj/settings.py': py('SECRET_KEY = "django-insecure-k2$9x!l3m4n5b6v7c8x9z0"') }), ['proj/settings.py:1:14']);
    const flask = py('from flask import Flask', 'app = Flask(__name__)', 'app.secret_key = "flask-session-key-1234"', 'app.config["SECRET_KEY"] = "another-key-5678"');
    assert.deepEqual(await spots(RULE, { 'app.py': flask }), ['app.py:3:18', 'app.py:4:28']);
    const [f] = await findingsOf(RULE, { 'app.py': flask });
    assert.ok(!f.message.includes('flask-session-key-1234'), f.message);
  });

  it('flags literal fallbacks, JWT keys, secret-named constants, known token formats and DB passwords', async () => {
    const files = {
      'api/config.py': py('import os', 'JWT_SECRET = os.environ.get("JWT_SECRET", "change-me-please")', 'STRIPE_API_KEY = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"'),
      'api/auth.py': py('import jwt', 'def token(user):', '    return jwt.encode({"sub": user}, "hs256-signing-secret", algorithm="HS256")'),
      'api/db.py': py('from sqlalchemy import create_engine', 'engine = create_engine("postgresql://orders:Pr0d-Passw0rd@db.internal:5432/orders")'),
    };
    assert.deepEqual(await spots(RULE, files), ['api/auth.py:3:38', 'api/config.py:2:43', 'api/config.py:3:18', 'api/db.py:2:24']);
  });

  it('does not flag env reads, local-development URLs, empty values, tests or dev settings', async () => {
    const files = {
      'api/config.py': py('import os', 'SECRET_KEY = os.environ["SECRET_KEY"]', 'DATABASE_URL = os.getenv("DATABASE_URL", "postgresql://app:app@localhost:5432/app")', 'API_TOKEN = ""', 'TOKEN_URL = "https://auth.example.com/token"'),
      'api/tests/test_auth.py': py('SECRET_KEY = "test-secret-key-123"'),
      'proj/settings/dev.py': py('SECRET_KEY = "django-insecure-dev-only-key"'),
    };
    assert.deepEqual(await spots(RULE, files), []);
  });

  it('does not flag documentation examples in schemas', async () => {
    const schema = py(
      'from pydantic import BaseModel, Field',
      'class Login(BaseModel):',
      '    user: str',
      '    password: str = Field(..., examples=["correct-horse"])',
      '    model_config = {"json_schema_extra": {"examples": [{"user": "ada", "password": "hunter22"}]}}',
    );
    assert.deepEqual(await spots(RULE, { 'api/schemas.py': schema }), []);
  });

  it('does not flag a base-settings key that production settings read from the environment', async () => {
    const files = {
      'proj/settings/base.py': py('SECRET_KEY = "django-insecure-base-key-0123456789"', 'INSTALLED_APPS = []'),
      'proj/settings/production.py': py('import os', 'from .base import *', 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]'),
    };
    assert.deepEqual(await spots(RULE, files), []);
  });

  it('fix: read from the environment (the whole call for a literal fallback)', async () => {
    const fixed = await checkPythonFix(RULE, { 'proj/settings.py': py('from pathlib import Path', '', 'SECRET_KEY = "django-insecure-k2$9x!l3m4n5b6v7c8x9z0"') });
    assert.equal(fixed['proj/settings.py'], py('from pathlib import Path', 'import os', '', 'SECRET_KEY = os.environ["SECRET_KEY"]'));
    const fallback = await checkPythonFix(RULE, { 'api/config.py': py('import os', 'JWT_SECRET = os.environ.get("JWT_SECRET", "change-me-please")') });
    assert.equal(fallback['api/config.py'], py('import os', 'JWT_SECRET = os.environ["JWT_SECRET"]'));
    const orFallback = py('import os', '', '', 'class Config:', "    SECRET_KEY = os.environ.get('SECRET_KEY') or 'you-will-never-guess'");
    assert.deepEqual(await spots(RULE, { 'config.py': orFallback }), ['config.py:5:50']);
    const fixedOr = await checkPythonFix(RULE, { 'config.py': orFallback });
    assert.match(fixedOr['config.py'], /^ {4}SECRET_KEY = os\.environ\["SECRET_KEY"\]$/m);
  });
});
