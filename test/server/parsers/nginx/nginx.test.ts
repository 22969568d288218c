import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyPath } from '../../../../server/src/workspace/classify';
import { nginxEvidence, parseNginx, walkNginx } from '../../../../server/src/parsers/nginx';
import { memoryWorkspace } from '../../../helpers/workspace';

const EDGE = `# Edge proxy for the storefront
user nginx;
worker_processes auto;

events { worker_connections 1024; }

http {
    server_tokens off;
    log_format main '$remote_addr - $remote_user [$time_local] "$request" '
                    '$status $body_bytes_sent "$http_referer"';
    limit_req_zone $binary_remote_addr zone=api:10m rate=20r/s;
    include /etc/nginx/mime.types;

    server {
        listen 443 ssl http2;
        server_name shop.example.com;
        ssl_certificate     /etc/nginx/certs/fullchain.pem;
        ssl_certificate_key /etc/nginx/certs/privkey.pem;

        add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
        add_header X-Content-Type-Options nosniff always;
        add_header X-Request-Id $request_id;

        location /api/ {
            limit_req zone=api
                      burst=40 nodelay;
            proxy_pass http://api:8080;
        }
        location ~* \\.(css|js)$ { expires 7d; }
    }
}
`;

describe('nginx parser', () => {
  it('reads blocks, quoted strings and multi-line arguments', () => {
    const top = parseNginx(EDGE);
    assert.deepEqual(top.map((d) => d.name), ['user', 'worker_processes', 'events', 'http']);
    const all = [...walkNginx(top)];
    const logFormat = all.find((d) => d.name === 'log_format')!;
    assert.equal(logFormat.args.length, 3);
    assert.ok(logFormat.args[1].quoted && logFormat.args[1].value.includes('"$request"'));
    const limit = all.find((d) => d.name === 'limit_req')!;
    assert.deepEqual(limit.args.map((a) => a.value), ['zone=api', 'burst=40', 'nodelay']);
    assert.equal(limit.range.start.line, limit.nameRange.start.line);
    assert.equal(limit.range.end.line, limit.nameRange.start.line + 1);
    const regexLocation = all.find((d) => d.name === 'location' && d.args[0]?.value === '~*')!;
    assert.equal(regexLocation.args[1].value, '\\.(css|js)$'.replace('\\', ''));
    assert.deepEqual(regexLocation.block?.map((d) => d.name), ['expires']);
  });

  it('ranges point at the directive', () => {
    const lines = EDGE.split('\n');
    const all = [...walkNginx(parseNginx(EDGE))];
    const hsts = all.find((d) => d.name === 'add_header')!;
    const line = lines[hsts.range.start.line];
    assert.equal(line.slice(hsts.range.start.character, hsts.range.end.character), 'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;');
  });

  it('keeps `${var}` words and comments out of the way', () => {
    const top = parseNginx('set $x "${host}"; # comment { not a block\nreturn 301 https://${host}$request_uri;\n');
    assert.deepEqual(top.map((d) => [d.name, d.args.map((a) => a.value)]), [
      ['set', ['$x', '${host}']],
      ['return', ['301', 'https://${host}$request_uri']],
    ]);
  });

  it('tolerates broken input: unbalanced braces, missing semicolons, unterminated strings', () => {
    const broken = 'http {\n  server {\n    listen 80\n    add_header X-Frame-Options DENY;\n  }}}\n}\nserver_tokens off;\nadd_header "Content-Security-Policy\n';
    const all = [...walkNginx(parseNginx(broken))];
    const names = all.map((d) => d.name);
    assert.ok(names.includes('add_header'), 'the directive after a missing `;` is still seen');
    assert.ok(names.includes('server_tokens'));
    for (const hostile of ['{'.repeat(50_000), '}'.repeat(1000), '"'.repeat(3), ';;;', '', '#']) {
      parseNginx(hostile);
    }
  });
});

describe('nginx evidence', () => {
  it('classifies nginx paths', () => {
    for (const p of ['nginx.conf', 'deploy/nginx/nginx.conf', 'nginx.prod.conf', 'conf.d/default.conf', 'deploy/conf.d/api.conf', 'sites-available/shop', 'etc/nginx/sites-enabled/shop.conf']) {
      assert.equal(classifyPath(p), 'nginx', p);
    }
    for (const p of ['app.conf', 'supervisord.conf', 'nginx/README.md']) assert.notEqual(classifyPath(p), 'nginx', p);
  });

  it('collects rate limits, security headers, server_tokens and TLS across files', () => {
    const ws = memoryWorkspace({
      'deploy/nginx.conf': EDGE,
      'deploy/conf.d/admin.conf': 'server {\n  listen 8443 quic reuseport;\n  add_header Content-Security-Policy "default-src \'self\'";\n  more_set_headers "X-Frame-Options: DENY";\n}\n',
      'deploy/conf.d/other.conf': 'server { listen 80; server_tokens on; add_header X-Powered-By nothing; }\n',
    });
    const e = nginxEvidence(ws);
    assert.deepEqual(e.rateLimit.map((l) => [l.file, l.range.start.line]), [['deploy/nginx.conf', 10], ['deploy/nginx.conf', 24]]);
    assert.deepEqual(e.securityHeaders.map((l) => `${l.file}:${l.range.start.line}`), ['deploy/nginx.conf:19', 'deploy/nginx.conf:20', 'deploy/conf.d/admin.conf:2', 'deploy/conf.d/admin.conf:3']);
    assert.deepEqual(e.serverTokensOff.map((l) => l.range.start.line), [7]);
    assert.deepEqual(e.tls.map((l) => `${l.file}:${l.range.start.line}`), ['deploy/nginx.conf:14', 'deploy/nginx.conf:16', 'deploy/conf.d/admin.conf:1']);
  });

  it('commented-out directives are not evidence', () => {
    const ws = memoryWorkspace({ 'nginx.conf': 'http {\n  # limit_req zone=api burst=5;\n  # add_header Strict-Transport-Security max-age=1;\n}\n' });
    const e = nginxEvidence(ws);
    assert.equal(e.rateLimit.length + e.securityHeaders.length, 0);
  });

  it('is cached per file version', () => {
    const ws = memoryWorkspace({ 'nginx.conf': 'limit_req_zone $binary_remote_addr zone=a:1m rate=1r/s;\n' });
    const a = nginxEvidence(ws).rateLimit[0];
    assert.equal(nginxEvidence(ws).rateLimit[0], a, 'same object from the cache');
    ws.setText('nginx.conf', '# nothing\n', 1);
    assert.equal(nginxEvidence(ws).rateLimit.length, 0);
  });
});
