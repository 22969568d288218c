import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkTsFix, spots, ts } from './_typescript';

const RULE = 'code/debug-enabled';

const HANDLER = ts(
  'module.exports = function errorHandler(err, req, res, next) {',
  "  req.log.error({ err }, 'request failed');",
  '  res.status(err.status || 500).json({ message: err.message, stack: err.stack });',
  '};',
);

describe(`${RULE} (TypeScript/JavaScript)`, () => {
  it('flags stack traces sent to clients: Express error handlers, Koa catch blocks, Fastify error handlers', async () => {
    assert.deepEqual(await spots(RULE, { 'src/middleware/error.js': HANDLER }), ['src/middleware/error.js:3:69']);
    const koa = ts("import Koa from 'koa';", 'const app = new Koa();', 'app.use(async (ctx, next) => {', '  try { await next(); } catch (e) { ctx.status = 500; ctx.body = e.stack; }', '});');
    assert.deepEqual(await spots(RULE, { 'index.ts': koa }), ['index.ts:4:66']);
    const fastify = ts("import Fastify from 'fastify';", 'const app = Fastify();', 'app.setErrorHandler((error, _request, reply) => {', '  reply.code(500).send({ error: error.message, trace: error.stack });', '});');
    assert.deepEqual(await spots(RULE, { 'app.ts': fastify }), ['app.ts:4:55']);
  });

  it('passes stacks that are only logged, guarded by NODE_ENV, or in development and test files', async () => {
    assert.deepEqual(await spots(RULE, { 'error.js': ts('module.exports = (err, req, res, next) => {', '  console.error(err.stack);', "  res.status(500).json({ message: 'internal error' });", '};') }), []);
    assert.deepEqual(await spots(RULE, { 'error.js': HANDLER.replace('stack: err.stack', "stack: process.env.NODE_ENV === 'development' ? err.stack : undefined") }), []);
    // The guarded send on line 3 passes; the unguarded one after it does not.
    assert.deepEqual(await spots(RULE, { 'error.js': HANDLER.replace('  res.status', "  if (app.get('env') === 'development') return res.status(500).send(err.stack);\n  res.status") }), ['error.js:4:69']);
    assert.deepEqual(await spots(RULE, { 'src/dev-server.js': HANDLER }), []);
    assert.deepEqual(await spots(RULE, { 'test/helpers/error.js': HANDLER }), []);
  });

  it('fixes: the stack goes out only in development', async () => {
    const fixed = await checkTsFix(RULE, { 'error.js': HANDLER });
    assert.match(fixed['error.js'], /stack: process\.env\.NODE_ENV === 'development' \? err\.stack : undefined \}/);
    const whole = await checkTsFix(RULE, { 'error.js': ts('module.exports = (err, req, res, next) => res.status(500).send(err.stack);') });
    assert.match(whole['error.js'], /\.send\(process\.env\.NODE_ENV === 'development' \? err\.stack : 'Internal Server Error'\)/);
  });
});
