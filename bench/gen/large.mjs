// Single large files for the per-file and edit-to-diagnostics measurements. Each is built from
// realistic blocks repeated with variation until it reaches its line count, so the cost measured is
// that of a big real file, not of a pathological one.
import { composePair } from './containers.mjs';
import { githubWorkflow } from './ci.mjs';

function fit(lines, n) {
  // Cut on the exact line count; the last block may be partial, which every parser must tolerate anyway.
  return lines.slice(0, n).join('\n') + '\n';
}

export function largeDockerfile(r, n = 2000) {
  const out = ['# syntax=docker/dockerfile:1.7', '# A monorepo image set: one stage per component.', 'ARG BASE=debian:bookworm-slim', 'ARG PYTHON_VERSION=3.12', 'ARG NODE_VERSION=20', ''];
  for (let i = 0; out.length < n; i++) {
    const name = `${r.word()}-${i}`;
    const prev = i > 0 && r.chance(0.3) ? `stage-${i - 1}` : r.pick(['${BASE}', 'python:${PYTHON_VERSION}-slim', 'node:${NODE_VERSION}-bookworm-slim']);
    out.push(`FROM ${prev} AS stage-${i}`, `ARG COMPONENT=${name}`, `ENV COMPONENT=\${COMPONENT} \\`, `    LANG=C.UTF-8`, `WORKDIR /opt/\${COMPONENT}`);
    out.push('RUN apt-get update \\', `    && apt-get install -y ${r.chance(0.6) ? '--no-install-recommends ' : ''}\\`);
    for (const p of r.some(['curl', 'ca-certificates', 'git', 'gcc', 'make', 'libpq-dev', 'libssl-dev', 'zlib1g-dev', 'tini', 'jq', 'unzip', 'gnupg'], 3, 7)) out.push(`       ${p} \\`);
    out.push('    && rm -rf /var/lib/apt/lists/*');
    if (r.chance(0.5)) out.push(`COPY ${name}/requirements.txt ./`, `RUN pip install ${r.chance(0.5) ? '--no-cache-dir ' : ''}-r requirements.txt`);
    else out.push(`COPY ${name}/package*.json ./`, `RUN ${r.chance(0.7) ? 'npm ci' : 'npm install'} && npm cache clean --force`);
    if (r.chance(0.4)) out.push('RUN <<EOF', 'set -eux', `mkdir -p /var/lib/${name}`, `chown -R 1000:1000 /var/lib/${name}`, 'echo "ready" > /etc/ready', 'EOF');
    out.push(`COPY ${name}/ ./`);
    if (i > 0 && r.chance(0.3)) out.push(`COPY --from=stage-${r.int(0, i - 1)} /opt /opt/shared`);
    if (r.chance(0.5)) out.push(`HEALTHCHECK --interval=30s CMD curl -fsS http://localhost:${8000 + i}/health || exit 1`);
    out.push(r.chance(0.5) ? 'USER 1000:1000' : `LABEL org.opencontainers.image.title="${name}"`, `EXPOSE ${8000 + (i % 1000)}`, `CMD ["./bin/${name}", "--port", "${8000 + (i % 1000)}"]`, '');
  }
  return fit(out, n);
}

export function largeCompose(r, n = 3000) {
  const services = [];
  for (let count = Math.ceil(n / 20); ; count = Math.ceil(count * 1.2)) {
    while (services.length < count) services.push({ name: `${r.word()}-${services.length}`, port: 3000 + services.length, lang: r.pick(['python', 'ts', 'go']) });
    const { base } = composePair(r, { services, registry: 'registry.example.com/acme' });
    const lines = base.split('\n');
    if (lines.length >= n) return fit(lines, n);
  }
}

export function largeWorkflow(r, n = 2000) {
  const services = [];
  for (let i = 0; services.length < n / 18; i++) services.push({ name: `${r.word()}-${i}`, lang: r.pick(['python', 'ts', 'go']) });
  const text = githubWorkflow(r, 'Monorepo CI', services);
  const lines = text.split('\n');
  while (lines.length < n) lines.push(`      - name: Step ${lines.length}`, `        run: echo "step ${lines.length}" && make -C tools check-${lines.length % 7}`);
  return fit(lines, n);
}

export function largeTypescript(r, n = 2000) {
  const out = ["import express, { type Request, type Response, type NextFunction } from 'express';", "import helmet from 'helmet';", '', 'const app = express();', 'app.use(helmet());', "app.use(express.json({ limit: '1mb' }));", ''];
  for (let i = 0; out.length < n - 4; i++) {
    const e = `${r.word()}${i}`;
    out.push(`interface ${e[0].toUpperCase()}${e.slice(1)} {`, '  id: string;', '  createdAt: string;', '  amount: number;', '}', '');
    out.push(`async function load${i}(id: string): Promise<unknown> {`, `  const res = await fetch(\`http://upstream-${i % 17}:8080/${e}/\${encodeURIComponent(id)}\`${r.chance(0.5) ? ', { signal: AbortSignal.timeout(3000) }' : ''});`, '  if (!res.ok) throw new Error(`upstream ${res.status}`);', '  return res.json();', '}', '');
    out.push(`app.get('/${e}/:id', async (req: Request, res: Response, next: NextFunction) => {`, '  try {', `    res.json(await load${i}(req.params.id));`, '  } catch (err) {', '    next(err);', '  }', '});', '');
  }
  out.push("app.get('/health', (_req, res) => res.json({ status: 'ok' }));", 'const server = app.listen(Number(process.env.PORT ?? 3000));', "process.on('SIGTERM', () => server.close());");
  return fit(out, n);
}

export function largePython(r, n = 2000) {
  const out = ['"""A large FastAPI application: one module, many endpoints."""', 'import logging', 'import os', '', 'import httpx', 'from fastapi import FastAPI, HTTPException', 'from pydantic import BaseModel', '', 'log = logging.getLogger(__name__)', 'app = FastAPI(title="monolith")', '', ''];
  for (let i = 0; out.length < n - 4; i++) {
    const e = `${r.word()}_${i}`;
    out.push(`class ${e.replace(/(^|_)(\w)/g, (_, __, c) => c.toUpperCase())}(BaseModel):`, '    id: int', '    name: str', '    amount: float = 0.0', '', '');
    out.push(`@app.get("/${e}/{item_id}")`, `async def get_${e}(item_id: int):`, r.chance(0.5) ? '    async with httpx.AsyncClient(timeout=5.0) as client:' : '    async with httpx.AsyncClient() as client:', `        resp = await client.get(f"http://upstream-${i % 13}:8000/${e}/{item_id}")`, '    if resp.status_code == 404:', '        raise HTTPException(status_code=404)', '    return resp.json()', '', '');
  }
  out.push('@app.get("/health")', 'def health():', '    return {"status": "ok"}');
  return fit(out, n);
}
