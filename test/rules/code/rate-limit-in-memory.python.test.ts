import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { py, spots } from './_python';

const RULE = 'code/rate-limit-in-memory';

const LIMITER = py('from slowapi import Limiter', 'from slowapi.util import get_remote_address', 'limiter = Limiter(key_func=get_remote_address)');
const APP = py('from fastapi import FastAPI', 'from .limits import limiter', 'app = FastAPI()', 'app.state.limiter = limiter');

describe(`${RULE} (Python)`, () => {
  it('flags a memory limiter under gunicorn -w 4 (Dockerfile CMD), with the workers as related information', async () => {
    const files = {
      'api/app/main.py': APP,
      'api/app/limits.py': LIMITER,
      'api/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["gunicorn", "-w", "4", "-k", "uvicorn.workers.UvicornWorker", "app.main:app"]\n',
    };
    const [f] = await findingsOf(RULE, files);
    assert.equal(`${f.file}:${f.range.start.line + 1}`, 'api/app/limits.py:3');
    assert.match(f.message, /gunicorn -w 4/);
    assert.equal(f.related[0].file, 'api/Dockerfile');
  });

  it('flags compose replicas, a compose command with --workers, WEB_CONCURRENCY and a gunicorn config file', async () => {
    const base = { 'api/app/main.py': APP, 'api/app/limits.py': LIMITER, 'api/Dockerfile': 'FROM python:3.12-slim\nCMD ["gunicorn", "app.main:app"]\n' };
    const replicas = 'services:\n  api:\n    build: ./api\n    deploy:\n      replicas: 3\n';
    assert.deepEqual(await spots(RULE, { ...base, 'compose.yaml': replicas }), ['api/app/limits.py:3:11']);
    const command = 'services:\n  api:\n    build: ./api\n    command: uvicorn app.main:app --workers 2\n';
    assert.deepEqual(await spots(RULE, { ...base, 'compose.yaml': command }), ['api/app/limits.py:3:11']);
    const cli = 'services:\n  api:\n    build: ./api\n    command: fastapi run --workers 4 app/main.py\n';
    assert.deepEqual(await spots(RULE, { ...base, 'compose.yaml': cli }), ['api/app/limits.py:3:11']);
    const env = 'services:\n  api:\n    build: ./api\n    environment:\n      WEB_CONCURRENCY: "4"\n';
    assert.deepEqual(await spots(RULE, { ...base, 'compose.yaml': env }), ['api/app/limits.py:3:11']);
    const conf = py('import multiprocessing', 'bind = "0.0.0.0:8000"', 'workers = multiprocessing.cpu_count() * 2 + 1');
    assert.deepEqual(await spots(RULE, { ...base, 'api/gunicorn.conf.py': conf }), ['api/app/limits.py:3:11']);
  });

  it('flags memory:// explicitly and DRF throttling on the default local-memory cache', async () => {
    const files = {
      'api/app/main.py': APP,
      'api/app/limits.py': py('from slowapi import Limiter', 'limiter = Limiter(key_func=k, storage_uri="memory://")'),
      'api/Dockerfile': 'FROM python:3.12-slim\nCMD gunicorn --workers=3 app.main:app\n',
    };
    assert.deepEqual(await spots(RULE, files), ['api/app/limits.py:2:43']);
    const drf = {
      'proj/settings.py': py('INSTALLED_APPS = ["rest_framework"]', 'MIDDLEWARE = []', 'REST_FRAMEWORK = {', '    "DEFAULT_THROTTLE_RATES": {"anon": "100/hour"},', '    "NUM_PROXIES": 1,', '}'),
      Dockerfile: 'FROM python:3.12-slim\nCMD ["gunicorn", "--workers", "3", "proj.wsgi"]\n',
    };
    assert.deepEqual(await spots(RULE, drf), ['proj/settings.py:4:5']);
    const redisCache = { ...drf, 'proj/settings.py': drf['proj/settings.py'] + py('CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}') };
    assert.deepEqual(await spots(RULE, redisCache), []);
  });

  it('does not flag shared storage, a single process, or storage read from settings', async () => {
    const dockerfile = 'FROM python:3.12-slim\nCMD ["gunicorn", "-w", "4", "app.main:app"]\n';
    const redis = py('from slowapi import Limiter', 'limiter = Limiter(key_func=k, storage_uri="redis://redis:6379/0")');
    const settings = py('from slowapi import Limiter', 'limiter = Limiter(key_func=k, storage_uri=settings.RATE_LIMIT_STORAGE)');
    assert.deepEqual(await spots(RULE, { 'api/app/main.py': APP, 'api/app/limits.py': redis, 'api/Dockerfile': dockerfile }), []);
    assert.deepEqual(await spots(RULE, { 'api/app/main.py': APP, 'api/app/limits.py': settings, 'api/Dockerfile': dockerfile }), []);
    const single = 'FROM python:3.12-slim\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]\n';
    assert.deepEqual(await spots(RULE, { 'api/app/main.py': APP, 'api/app/limits.py': LIMITER, 'api/Dockerfile': single }), []);
  });
});
