import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../../helpers/workspace';
import { fixture, go, spots } from '../../server/parsers/code/go/_helpers';

const RULE = 'code/outbound-call-without-timeout';

const CLIENT = go(
  'package upstream',
  '',
  'import (',
  '\t"context"',
  '\t"net/http"',
  '\t"time"',
  ')',
  '',
  'var client = &http.Client{}',
  '',
  'func Rates() (*http.Response, error) {',
  '\treturn http.Get("https://rates.example.com/latest")',
  '}',
  '',
  'func Quote(ctx context.Context, url string) (*http.Response, error) {',
  '\treq, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)',
  '\treturn http.DefaultClient.Do(req)',
  '}',
  '',
  'func Bounded(url string) (*http.Response, error) {',
  '\tctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)',
  '\tdefer cancel()',
  '\treq, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)',
  '\treturn http.DefaultClient.Do(req)',
  '}',
);

describe(`${RULE} (Go)`, () => {
  it('flags http.Get, http.DefaultClient and &http.Client{} without Timeout', async () => {
    assert.deepEqual(await spots(RULE, { 'internal/upstream/client.go': CLIENT }), [
      'internal/upstream/client.go:9:15',
      'internal/upstream/client.go:12:9',
      'internal/upstream/client.go:17:9',
    ]);
    const [, get] = await findingsOf(RULE, { 'internal/upstream/client.go': CLIENT });
    assert.match(get.message, /^http\.Get\(…\) has no timeout/);
    assert.deepEqual(get.fixes.filter((f) => !f.title.startsWith('Suppress')), []);
  });

  it('does not flag a client with Timeout (in the literal or set later), or a request bounded by a context deadline', async () => {
    assert.deepEqual(await spots(RULE, fixture('billing')), []);
    const later = go('package upstream', '', 'import (', '\t"net/http"', '\t"time"', ')', '', 'func New() *http.Client {', '\tc := &http.Client{}', '\tc.Timeout = 10 * time.Second', '\treturn c', '}');
    assert.deepEqual(await spots(RULE, { 'client.go': later }), []);
  });
});
