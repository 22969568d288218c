import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextRoutePath } from '../../../../../server/src/parsers/code/typescript/next';
import { fixture } from './_fixture';
import { extractAll, lines } from './_ts';

describe('TS/JS facts: Next.js', () => {
  const all = extractAll(fixture('next'));

  it('anchors the app on the exported config (through withSentryConfig) and reads headers() as security headers and CORS', () => {
    const f = all.get('next.config.js')!;
    assert.deepEqual(f.apps.map((a) => [a.id, a.framework, a.routesResolved ?? false]), [['next.config.js#L5', 'nextjs', false]]);
    assert.deepEqual(lines(f.facts), [
      'capability security-headers next.config headers() app=next.config.js#L5 @12:11',
      'cors next.config headers() any credentials=false @18:64',
      'capability error-tracking @sentry/nextjs @24:18',
    ]);
  });

  it('turns API route files into routes: pages/api, app router handlers per exported method, route groups left out', () => {
    assert.deepEqual(lines(all.get('pages/api/health.ts')!.facts), ['route * /api/health @3:1']);
    assert.deepEqual(lines(all.get('app/api/orders/[id]/route.ts')!.facts), ['route GET /api/orders/:id @3:23', 'route DELETE /api/orders/:id @7:14']);
    assert.deepEqual(lines(all.get('app/(marketing)/api/newsletter/route.ts')!.facts), ['route POST /api/newsletter @1:23']);
    assert.deepEqual(
      ['src/pages/api/users/index.ts', 'web/app/route.ts', 'app/[[...slug]]/route.js', 'app/page.tsx', 'pages/about.tsx'].map((p) => nextRoutePath(p)?.path),
      ['/api/users', '/', '/:slug', undefined, undefined],
    );
  });

  it('reads middleware.ts headers and cookies, and the Sentry config files', () => {
    assert.deepEqual(lines(all.get('middleware.ts')!.facts), [
      'capability security-headers custom headers @5:3',
      'cookie cookies.set secure=missing httpOnly=literal:true @6:80',
    ]);
    assert.deepEqual(lines(all.get('sentry.server.config.ts')!.facts), [
      'capability error-tracking @sentry/nextjs @3:1',
      'trace-sampling @sentry/nextjs literal:1 @3:74',
    ]);
  });
});
