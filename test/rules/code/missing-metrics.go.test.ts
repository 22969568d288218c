import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture, go, spots } from '../../server/parsers/code/go/_helpers';

const RULE = 'code/missing-metrics';

describe(`${RULE} (Go)`, () => {
  it('flags apps of services exposing no metrics', async () => {
    assert.deepEqual(await spots(RULE, fixture('catalog')), ['cmd/catalog/main.go:17:7']);
    assert.deepEqual(await spots(RULE, fixture('notify')), ['main.go:17:7']);
  });

  it('does not flag promhttp on the mux, echoprometheus, or a metrics server in another file', async () => {
    assert.deepEqual(await spots(RULE, fixture('billing')), []);
    const echo = fixture('notify');
    const withProm = echo['main.go'].replace('\te.Use(middleware.Recover())', '\te.Use(echoprometheus.NewMiddleware("notify"))\n\te.GET("/metrics", echoprometheus.NewHandler())\n\te.Use(middleware.Recover())').replace('"github.com/labstack/echo/v4/middleware"', '"github.com/labstack/echo/v4/middleware"\n\t"github.com/labstack/echo-contrib/echoprometheus"');
    assert.deepEqual(await spots(RULE, { ...echo, 'main.go': withProm }), []);
    const metrics = go('package main', '', 'import (', '\t"net/http"', '', '\t"github.com/prometheus/client_golang/prometheus/promhttp"', ')', '', 'func serveMetrics() {', '\tgo http.ListenAndServe(":9090", promhttp.Handler())', '}');
    assert.deepEqual(await spots(RULE, { ...fixture('catalog'), 'cmd/catalog/metrics.go': metrics }), []);
  });
});
