import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture } from './_fixture';
import { extractAll, lines } from './_ts';

describe('TS/JS facts: Koa', () => {
  it('reads a Koa app: prefixed @koa/router mounted with routes(), hand-written routes, keys, cookies, errors, static files', () => {
    const f = extractAll(fixture('koa')).get('src/index.js')!;
    assert.deepEqual(f.apps.map((a) => [a.id, a.framework, a.language]), [['src/index.js#app', 'koa', 'javascript']]);
    assert.deepEqual(lines(f.facts), [
      'router src/index.js#api prefix=/api @10:13',
      'secret Koa app.keys inve…ey env=APP_KEYS @8:12',
      'route GET /items router=src/index.js#api @11:1',
      'route POST /items router=src/index.js#api @14:1',
      'cookie ctx.cookies.set secure=literal:false httpOnly=literal:(default) @15:31',
      'debug literal:err.stack @24:45',
      'route * /ping app=src/index.js#app @28:7',
      'capability cors @koa/cors @34:9',
      'cors @koa/cors any credentials=true @34:9',
      'mount src/index.js#api on src/index.js#app prefix= @36:1',
      'mount (opaque) on src/index.js#app prefix= @37:1',
      'serve app.listen app=src/index.js#app graceful @39:16',
      'capability graceful-shutdown process.on(SIGTERM) @40:1',
    ]);
  });
});
