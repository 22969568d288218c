import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture } from './_fixture';
import { extractAll, facts, lines, src } from './_ts';

describe('TS/JS facts: NestJS', () => {
  const all = extractAll(fixture('nest'));

  it('finds the app in bootstrap() with helmet, env-driven CORS, shutdown hooks and listen', () => {
    const f = all.get('src/main.ts')!;
    assert.deepEqual(f.apps.map((a) => [a.id, a.framework, a.variable, a.routesResolved]), [['src/main.ts#app', 'nestjs', 'app', true]]);
    assert.deepEqual(lines(f.facts), [
      'capability security-headers helmet @9:11',
      'cors @nestjs/core external credentials=true @10:28',
      'capability graceful-shutdown enableShutdownHooks app=src/main.ts#app @12:3',
      'serve app.listen app=src/main.ts#app graceful @13:9',
    ]);
  });

  it('reads ThrottlerModule and TerminusModule from module imports', () => {
    assert.deepEqual(lines(all.get('src/app.module.ts')!.facts), [
      'capability rate-limit @nestjs/throttler @8:13',
      'rate-limit @nestjs/throttler key=remote-address storage=memory @8:13',
    ]);
    assert.deepEqual(lines(all.get('src/health/health.module.ts')!.facts), ['capability health @nestjs/terminus @5:21']);
  });

  it('builds controller routes with the global prefix of main.ts and its exclusions', () => {
    assert.deepEqual(lines(all.get('src/users/users.controller.ts')!.facts), [
      'route GET /api/users/:id @5:3',
      'route POST /api/users @10:3',
      'route DELETE /api/users/:id @16:3',
    ]);
    assert.deepEqual(lines(all.get('src/health/health.controller.ts')!.facts, ['route']), ['route GET /health @8:3']);
  });

  it('reads `{ cors: true }`, a bare `enableCors()` and `@Header("Access-Control-Allow-Origin", "*")`', () => {
    const f = facts({
      'main.ts': src(
        "import { Controller, Get, Header } from '@nestjs/common';",
        "import { NestFactory } from '@nestjs/core';",
        "import { AppModule } from './app.module';",
        '@Controller()',
        'export class PublicController {',
        "  @Get('feed')",
        "  @Header('Access-Control-Allow-Origin', '*')",
        '  feed() { return []; }',
        '}',
        'async function bootstrap() {',
        '  const app = await NestFactory.create(AppModule, { cors: true });',
        '  app.enableCors();',
        '  await app.listen(3000);',
        '}',
        'void bootstrap();',
      ),
    }, 'main.ts');
    assert.deepEqual(lines(f.facts, ['cors', 'route']), [
      'route GET /feed @6:3',
      'cors manual header any credentials=false @7:42',
      'cors @nestjs/core any credentials=false @11:59',
      'cors @nestjs/core any credentials=false @12:3',
    ]);
  });
});
