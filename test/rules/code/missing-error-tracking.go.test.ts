import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture, go, spots } from '../../server/parsers/code/go/_helpers';

const RULE = 'code/missing-error-tracking';

describe(`${RULE} (Go)`, () => {
  it('flags apps of services without Sentry, Rollbar, Bugsnag, Honeybadger or an OpenTelemetry exporter', async () => {
    assert.deepEqual(await spots(RULE, fixture('gin-shop')), ['main.go:13:7']);
    assert.deepEqual(await spots(RULE, fixture('edge')), ['main.go:18:9']);
  });

  it('does not flag sentry.Init, sentrygin middleware, or an OTLP exporter elsewhere in the service', async () => {
    assert.deepEqual(await spots(RULE, fixture('billing')), []);
    const files = fixture('gin-shop');
    const telemetry = go(
      'package main',
      '',
      'import (',
      '\t"context"',
      '',
      '\t"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"',
      ')',
      '',
      'func tracing(ctx context.Context) error {',
      '\t_, err := otlptracehttp.New(ctx)',
      '\treturn err',
      '}',
    );
    assert.deepEqual(await spots(RULE, { ...files, 'telemetry.go': telemetry }), []);
    const sentrygin = files['main.go'].replace('\tr := gin.Default()', '\tr := gin.Default()\n\tr.Use(sentrygin.New(sentrygin.Options{Repanic: true}))').replace('"github.com/gin-gonic/gin"', '"github.com/gin-gonic/gin"\n\tsentrygin "github.com/getsentry/sentry-go/gin"');
    assert.deepEqual(await spots(RULE, { ...files, 'main.go': sentrygin }), []);
  });
});
