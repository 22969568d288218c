// Service code (Python FastAPI/Flask, TypeScript Express/Fastify, Go gin/net-http), manifests and
// READMEs. Code files are ordinary, idiomatic handlers: what the application-code analyzers will
// read once they exist (until then discovery still lists them and the audit still pays for that).

const cap = (s) => s[0].toUpperCase() + s.slice(1);

export function pythonMain(r, svc) {
  const flask = svc.framework === 'flask';
  const head = flask
    ? ['"""' + svc.name + ' service."""', 'import logging', 'import os', '', 'from flask import Flask, jsonify, request', '', 'from .routes import register_routes', '', 'app = Flask(__name__)', 'logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))', '']
    : ['"""' + svc.name + ' service."""', 'import logging', 'import os', '', 'import httpx', 'from fastapi import FastAPI, HTTPException', 'from fastapi.middleware.cors import CORSMiddleware', '', 'from .routes import router', '', `app = FastAPI(title="${svc.name}", debug=${r.chance(0.2) ? 'True' : 'False'})`, 'app.include_router(router)', ''];
  if (!flask && r.chance(0.5)) head.push('app.add_middleware(', '    CORSMiddleware,', `    allow_origins=${r.chance(0.4) ? '["*"]' : '[os.environ["FRONTEND_ORIGIN"]]'},`, '    allow_methods=["GET", "POST"],', ')', '');
  const route = flask ? (p) => `@app.get("${p}")` : (p) => `@app.get("${p}")`;
  if (r.chance(0.7)) head.push(route('/health'), 'def health():', `    return ${flask ? 'jsonify(status="ok")' : '{"status": "ok"}'}`, '');
  for (let i = 0; i < r.int(2, 6); i++) {
    const entity = r.word();
    head.push(route(`/${entity}/<int:item_id>`.replace('<int:item_id>', flask ? '<int:item_id>' : '{item_id}')), `def get_${entity}_${i}(item_id: int):`);
    head.push(r.chance(0.5) ? `    resp = httpx.get(f"http://${entity}:8000/${entity}/{item_id}", timeout=5.0)` : `    resp = httpx.get(f"http://${entity}:8000/${entity}/{item_id}")`);
    head.push('    if resp.status_code == 404:', flask ? '        return jsonify(error="not found"), 404' : '        raise HTTPException(status_code=404)', '    return resp.json()', '');
  }
  if (flask && r.chance(0.3)) head.push('if __name__ == "__main__":', '    app.run(host="0.0.0.0", port=8000, debug=True)', '');
  return head.join('\n');
}

export function pythonModule(r, svc, name) {
  const out = [`"""${name} handlers for ${svc.name}."""`, 'from dataclasses import dataclass', 'from datetime import datetime', ''];
  for (let i = 0; i < r.int(2, 5); i++) {
    const e = cap(r.word());
    out.push('@dataclass', `class ${e}${i}:`, '    id: int', '    created_at: datetime', '    note: str = ""', '');
    out.push(`def validate_${e.toLowerCase()}_${i}(item: ${e}${i}) -> list[str]:`, '    problems = []', '    if item.id <= 0:', '        problems.append("id must be positive")', '    if len(item.note) > 280:', '        problems.append("note too long")', '    return problems', '');
  }
  return out.join('\n');
}

export function pythonTest(r, svc) {
  return ['from app.main import app', '', '', 'def test_health(client):', '    assert client.get("/health").status_code == 200', '', `def test_${svc.name}_listing(client):`, `    assert client.get("/${r.word()}/1").status_code in (200, 404)`, ''].join('\n');
}

export function tsMain(r, svc) {
  const fastify = svc.framework === 'fastify';
  const out = fastify
    ? ["import Fastify from 'fastify';", "import { routes } from './routes';", '', `const app = Fastify({ logger: ${r.chance(0.8) ? 'true' : 'false'} });`, 'app.register(routes);', '']
    : ["import express from 'express';", "import helmet from 'helmet';", "import { router } from './routes';", '', 'const app = express();', ...(r.chance(0.6) ? ['app.use(helmet());'] : []), "app.use(express.json({ limit: '1mb' }));", "app.use('/api', router);", ''];
  if (r.chance(0.7)) out.push(`app.get('/health', ${fastify ? 'async () => ({ status: "ok" })' : "(_req, res) => res.json({ status: 'ok' })"});`, '');
  const port = `Number(process.env.PORT ?? ${svc.port})`;
  out.push(fastify ? `app.listen({ port: ${port}, host: '0.0.0.0' });` : `const server = app.listen(${port}, () => console.log('listening'));`);
  if (!fastify && r.chance(0.5)) out.push("process.on('SIGTERM', () => server.close(() => process.exit(0)));");
  return out.join('\n') + '\n';
}

export function tsModule(r, svc, name) {
  const fastify = svc.framework === 'fastify';
  const out = fastify ? ["import type { FastifyInstance } from 'fastify';", ''] : ["import { Router } from 'express';", '', `export const ${name === 'routes' ? 'router' : name + 'Router'} = Router();`, ''];
  if (fastify && name === 'routes') out.push('export async function routes(app: FastifyInstance): Promise<void> {');
  for (let i = 0; i < r.int(2, 6); i++) {
    const e = r.word();
    if (fastify && name === 'routes') out.push(`  app.get('/${e}/:id', async (req) => {`, `    const res = await fetch(\`http://${e}:3000/${e}/\${(req.params as { id: string }).id}\`);`, '    return res.json();', '  });');
    else if (!fastify) out.push(`${name === 'routes' ? 'router' : name + 'Router'}.get('/${e}/:id', async (req, res) => {`, `  const upstream = await fetch(\`http://${e}:3000/${e}/\${req.params.id}\`${r.chance(0.5) ? ', { signal: AbortSignal.timeout(5000) }' : ''});`, '  res.status(upstream.status).json(await upstream.json());', '});', '');
    else out.push(`export interface ${cap(e)}${i} { id: string; createdAt: Date; tags: string[] }`, `export const is${cap(e)}${i} = (x: unknown): x is ${cap(e)}${i} => typeof x === 'object' && x !== null && 'id' in x;`, '');
  }
  if (fastify && name === 'routes') out.push('}');
  return out.join('\n') + '\n';
}

export function tsTest(r, svc) {
  return ["import { test } from 'node:test';", "import assert from 'node:assert/strict';", '', `test('${svc.name} health', async () => {`, `  const res = await fetch('http://localhost:${svc.port}/health');`, '  assert.equal(res.status, 200);', '});', ''].join('\n');
}

export function goMain(r, svc) {
  const gin = svc.framework === 'gin';
  const out = ['package main', '', 'import (', '\t"log"', '\t"net/http"', '\t"os"', ...(gin ? ['', '\t"github.com/gin-gonic/gin"'] : ['\t"time"']), `\t"example.com/${svc.name}/internal/handlers"`, ')', '', 'func main() {'];
  if (gin) out.push('\tr := gin.Default()', '\tr.GET("/health", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })', '\thandlers.Register(r)', `\tlog.Fatal(r.Run(":" + envOr("PORT", "${svc.port}")))`);
  else out.push('\tmux := http.NewServeMux()', '\tmux.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })', '\thandlers.Register(mux)', r.chance(0.6) ? `\tsrv := &http.Server{Addr: ":" + envOr("PORT", "${svc.port}"), Handler: mux, ReadHeaderTimeout: 5 * time.Second}` : `\tsrv := &http.Server{Addr: ":" + envOr("PORT", "${svc.port}"), Handler: mux}`, '\tlog.Fatal(srv.ListenAndServe())');
  out.push('}', '', 'func envOr(k, def string) string {', '\tif v := os.Getenv(k); v != "" {', '\t\treturn v', '\t}', '\treturn def', '}', '');
  return out.join('\n');
}

export function goHandlers(r, svc) {
  const gin = svc.framework === 'gin';
  const out = ['package handlers', '', 'import (', '\t"encoding/json"', '\t"net/http"', ...(gin ? ['', '\t"github.com/gin-gonic/gin"'] : []), ')', ''];
  const names = r.some(['orders', 'users', 'items', 'prices', 'events', 'tokens'], 2, 4);
  out.push(gin ? 'func Register(r *gin.Engine) {' : 'func Register(mux *http.ServeMux) {');
  for (const n of names) out.push(gin ? `\tr.GET("/${n}/:id", get${cap(n)})` : `\tmux.HandleFunc("/${n}/", get${cap(n)})`);
  out.push('}', '');
  for (const n of names) {
    if (gin) out.push(`func get${cap(n)}(c *gin.Context) {`, `\tc.JSON(http.StatusOK, map[string]string{"id": c.Param("id"), "kind": "${n}"})`, '}', '');
    else out.push(`func get${cap(n)}(w http.ResponseWriter, r *http.Request) {`, '\tw.Header().Set("Content-Type", "application/json")', `\t_ = json.NewEncoder(w).Encode(map[string]string{"path": r.URL.Path, "kind": "${n}"})`, '}', '');
  }
  if (gin) out.push('var _ = json.Marshal', '');
  return out.join('\n');
}

export function requirements(r, svc) {
  const base = svc.framework === 'flask' ? ['flask==3.0.3', 'gunicorn==22.0.0'] : ['fastapi==0.115.0', 'uvicorn[standard]==0.30.6'];
  const extra = r.some(['httpx==0.27.2', 'psycopg[binary]==3.2.1', 'sqlalchemy==2.0.35', 'redis==5.0.8', 'pydantic-settings==2.5.2', 'sentry-sdk==2.14.0', 'prometheus-client==0.20.0', 'structlog', 'requests>=2.31'], 2, 6);
  return [...base, ...extra].join('\n') + '\n';
}

export function packageJson(r, svc) {
  const deps = svc.framework === 'fastify' ? { fastify: '^4.28.1' } : { express: '^4.19.2', helmet: '^7.1.0' };
  if (r.chance(0.5)) deps.pino = '^9.4.0';
  if (r.chance(0.4)) deps['prom-client'] = '^15.1.3';
  const pkg = { name: `@acme/${svc.name}`, version: `1.${r.int(0, 20)}.${r.int(0, 9)}`, private: true, scripts: { build: 'tsc -p .', start: 'node dist/index.js', dev: 'tsx watch src/index.ts', test: 'node --test', lint: 'eslint src' }, dependencies: deps, devDependencies: { typescript: '^5.5.4', tsx: '^4.19.0', eslint: '^9.10.0' } };
  return JSON.stringify(pkg, null, 2) + '\n';
}

/** A package-lock.json of `n` packages: large, never analysed, only listed. */
export function packageLock(r, svc, n) {
  const packages = { '': { name: `@acme/${svc.name}`, version: '1.0.0' } };
  for (let i = 0; i < n; i++) {
    const name = `${r.word()}-${r.word()}-${i}`;
    packages[`node_modules/${name}`] = { version: `${r.int(0, 9)}.${r.int(0, 30)}.${r.int(0, 9)}`, resolved: `https://registry.npmjs.org/${name}/-/${name}.tgz`, integrity: `sha512-${r.hex(86)}==`, license: 'MIT' };
  }
  return JSON.stringify({ name: `@acme/${svc.name}`, lockfileVersion: 3, requires: true, packages }, null, 2) + '\n';
}

export function goMod(r, svc) {
  return [`module example.com/${svc.name}`, '', `go 1.${r.int(21, 23)}`, '', 'require (', ...(svc.framework === 'gin' ? ['\tgithub.com/gin-gonic/gin v1.10.0'] : []), '\tgithub.com/prometheus/client_golang v1.20.4', ')', ''].join('\n');
}

export function goSum(r, n) {
  return Array.from({ length: n }, (_, i) => `github.com/${r.word()}/${r.word()}${i} v1.${r.int(0, 9)}.${r.int(0, 9)} h1:${r.hex(43)}=`).join('\n') + '\n';
}

export function readme(r, title, services) {
  const claims = r.some(['Health checks on all services', 'Non-root user in every image', 'Images are pinned to versions', 'CI runs the tests on every pull request', 'Resource limits and restart policies', 'Log rotation', 'Dependabot keeps dependencies current', 'Structured JSON logs', 'Graceful shutdown on SIGTERM'], 2, 6);
  return [`# ${title}`, '', `Services: ${services.map((s) => `\`${s.name}\` (${s.lang}, ${s.framework})`).join(', ')}.`, '', '## Run locally', '', '    docker compose up --build', '', '## Production readiness', '', ...claims.map((c) => `- [${r.chance(0.8) ? 'x' : ' '}] ${c}`), ''].join('\n');
}
