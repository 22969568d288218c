// Dockerfiles, .dockerignore and compose files in the styles real projects use. The variations are
// deliberate: some files are clean and some trip rules, so the benchmark exercises fixes, related
// locations and cross-file links, not only the happy path.

const PY_VERSIONS = ['3.11', '3.12', '3.13'];
const NODE_VERSIONS = ['18', '20', '22'];
const GO_VERSIONS = ['1.22', '1.23'];
const APT = ['curl', 'ca-certificates', 'libpq5', 'libpq-dev', 'build-essential', 'git', 'tini', 'gcc', 'libffi-dev', 'libssl-dev', 'wget', 'gnupg', 'locales', 'tzdata'];

function aptInstall(r, packages) {
  const recommends = r.chance(0.7) ? '--no-install-recommends ' : '';
  const cleanup = r.chance(0.7) ? ' \\\n    && rm -rf /var/lib/apt/lists/*' : '';
  return `RUN apt-get update \\\n    && apt-get install -y ${recommends}${packages.join(' ')}${cleanup}`;
}

function healthcheck(r, port, tool) {
  if (!r.chance(0.6)) return '';
  return `HEALTHCHECK --interval=30s --timeout=3s --retries=3 \\\n  CMD ${tool === 'wget' ? `wget -qO- http://127.0.0.1:${port}/health` : `curl -fsS http://localhost:${port}/health`} || exit 1\n`;
}

function user(r, name) {
  return r.chance(0.65) ? `RUN groupadd --system ${name} && useradd --system --gid ${name} --no-create-home ${name}\nUSER ${name}\n` : '';
}

export function pythonDockerfile(r, svc) {
  const v = r.pick(PY_VERSIONS);
  const heredoc = r.chance(0.4);
  const port = svc.port;
  const server = svc.framework === 'flask' ? `gunicorn --bind 0.0.0.0:${port} --workers 4 app.main:app` : `uvicorn app.main:app --host 0.0.0.0 --port ${port}`;
  return `# syntax=docker/dockerfile:1.7
# ${svc.name}: ${svc.framework} service
ARG PYTHON_VERSION=${v}
ARG APP_HOME=/srv/${svc.name}

FROM python:\${PYTHON_VERSION}-slim AS builder
ARG APP_HOME
WORKDIR /build
${aptInstall(r, r.some(['build-essential', 'libpq-dev', 'gcc', 'libffi-dev'], 1, 3))}
COPY requirements.txt .
RUN ${r.chance(0.6) ? '--mount=type=cache,target=/root/.cache/pip ' : ''}pip wheel ${r.chance(0.5) ? '--no-cache-dir ' : ''}--wheel-dir /wheels -r requirements.txt
${heredoc ? `RUN <<EOF
set -eu
python -m compileall -q /build || true
echo "built \${APP_HOME}" > /build/BUILD_INFO
EOF
` : ''}
FROM python:\${PYTHON_VERSION}-slim${r.chance(0.3) ? '' : ' AS runtime'}
ARG APP_HOME
ENV PYTHONDONTWRITEBYTECODE=1${r.chance(0.7) ? ' \\\n    PYTHONUNBUFFERED=1' : ''} \\
    APP_HOME=\${APP_HOME}
WORKDIR \${APP_HOME}
${aptInstall(r, r.some(['libpq5', 'curl', 'tini', 'ca-certificates'], 1, 3))}
COPY --from=builder /wheels /wheels
RUN pip install ${r.chance(0.6) ? '--no-cache-dir ' : ''}/wheels/* && rm -rf /wheels
${r.chance(0.2) ? 'ADD' : 'COPY'} app/ ./app/
${user(r, 'app')}EXPOSE ${port}
${healthcheck(r, port, 'curl')}${r.chance(0.8) ? `CMD ${JSON.stringify(server.split(' '))}` : `CMD ${server}`}
`;
}

export function nodeDockerfile(r, svc) {
  const v = r.pick(NODE_VERSIONS);
  const ci = r.chance(0.75);
  const port = svc.port;
  return `# ${svc.name}: ${svc.framework} on Node ${v}
ARG NODE_VERSION=${v}

FROM node:\${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json ${ci ? 'package-lock.json ' : ''}./
RUN ${ci ? 'npm ci' : 'npm install'}${r.chance(0.5) ? ' --omit=dev' : ''}

FROM deps AS build
COPY tsconfig.json ./
COPY src ./src
RUN npm run build${r.chance(0.5) ? ' && npm prune --omit=dev' : ''}

FROM node:\${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
${r.chance(0.4) ? aptInstall(r, ['curl', 'tini']) + '\n' : ''}COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
${r.chance(0.6) ? 'USER node\n' : ''}EXPOSE ${port}
${healthcheck(r, port, 'wget')}CMD ${r.chance(0.8) ? '["node", "dist/index.js"]' : 'npm start'}
`;
}

export function goDockerfile(r, svc) {
  const v = r.pick(GO_VERSIONS);
  const distroless = r.chance(0.6);
  return `# syntax=docker/dockerfile:1
ARG GO_VERSION=${v}
FROM golang:\${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /out/${svc.name} ./cmd/${svc.name}

FROM ${distroless ? 'gcr.io/distroless/static-debian12:nonroot' : `alpine:3.${r.int(18, 20)}`}
${distroless ? '' : 'RUN apk add --no-cache ca-certificates\n'}COPY --from=build /out/${svc.name} /usr/local/bin/${svc.name}
${distroless ? 'USER nonroot:nonroot\n' : r.chance(0.5) ? 'USER 65532:65532\n' : ''}EXPOSE ${svc.port}
ENTRYPOINT ["/usr/local/bin/${svc.name}"]
`;
}

export function dockerfileFor(r, svc) {
  return svc.lang === 'python' ? pythonDockerfile(r, svc) : svc.lang === 'ts' ? nodeDockerfile(r, svc) : goDockerfile(r, svc);
}

export function dockerignore(r, svc) {
  const common = ['.git', '.env', '.env.*', '*.log', 'Dockerfile*', '.dockerignore', 'README.md'];
  const lang = svc.lang === 'python' ? ['__pycache__/', '*.pyc', '.venv/', '.pytest_cache/', 'tests/'] : svc.lang === 'ts' ? ['node_modules/', 'dist/', 'coverage/'] : ['vendor/', 'bin/'];
  return r.some([...common, ...lang], 4, 10).join('\n') + '\n';
}

const DATASTORES = [
  { name: 'db', image: 'postgres:16.4', port: 5432, env: { POSTGRES_USER: 'app', POSTGRES_PASSWORD: '${POSTGRES_PASSWORD}' }, probe: ['CMD-SHELL', 'pg_isready -U app'], volume: '/var/lib/postgresql/data' },
  { name: 'redis', image: 'redis:7.4-alpine', port: 6379, env: {}, probe: ['CMD', 'redis-cli', 'ping'], volume: '/data' },
  { name: 'rabbit', image: 'rabbitmq:3.13-management', port: 5672, env: { RABBITMQ_DEFAULT_USER: 'guest', RABBITMQ_DEFAULT_PASS: 'guest' }, probe: ['CMD', 'rabbitmq-diagnostics', 'ping'], volume: '/var/lib/rabbitmq' },
];

/** The base file (development-friendly, with anchors) and the production overlay of one app. */
export function composePair(r, app) {
  const stores = r.some(DATASTORES, 1, 3);
  const lines = [
    '# Local stack: `docker compose up`; production adds compose.prod.yaml.',
    ...(r.chance(0.3) ? ['version: "3.9"', ''] : []),
    'x-logging: &default-logging',
    '  driver: json-file',
    '  options:',
    '    max-size: "10m"',
    '    max-file: "3"',
    '',
    'x-service: &service-defaults',
    '  restart: unless-stopped',
    '  logging: *default-logging',
    '  env_file: .env',
    '',
    'services:',
  ];
  for (const [i, svc] of app.services.entries()) {
    lines.push(`  ${svc.name}:`);
    if (r.chance(0.7)) lines.push('    <<: *service-defaults');
    lines.push('    build:', `      context: ./services/${svc.name}`, ...(r.chance(0.3) ? ['      target: runtime'] : []));
    lines.push(`    image: ${app.registry}/${svc.name}:\${TAG:-latest}`);
    lines.push('    ports:', `      - "${svc.port + i}:${svc.port}"`);
    lines.push('    environment:', `      SERVICE_NAME: ${svc.name}`, `      LOG_LEVEL: \${LOG_LEVEL:-info}`);
    if (stores.some((s) => s.name === 'db')) lines.push(`      DATABASE_URL: postgresql://app:\${POSTGRES_PASSWORD}@db:5432/${svc.name}`);
    if (r.chance(0.5)) lines.push('    volumes:', `      - ./services/${svc.name}:/srv/${svc.name}`);
    if (stores.length && r.chance(0.8)) {
      lines.push('    depends_on:');
      for (const s of stores) lines.push(`      ${s.name}:`, `        condition: ${r.chance(0.7) ? 'service_healthy' : 'service_started'}`);
    }
  }
  for (const s of stores) {
    lines.push(`  ${s.name}:`, `    image: ${r.chance(0.85) ? s.image : s.image.split(':')[0]}`);
    if (Object.keys(s.env).length) lines.push('    environment:', ...Object.entries(s.env).map(([k, v]) => `      ${k}: ${v}`));
    if (r.chance(0.5)) lines.push('    ports:', `      - "${s.port}:${s.port}"`);
    lines.push('    volumes:', `      - ${s.name}-data:${s.volume}`);
    if (r.chance(0.75)) lines.push('    healthcheck:', `      test: ${JSON.stringify(s.probe)}`, '      interval: 10s', '      timeout: 5s', '      retries: 5');
  }
  lines.push('', 'volumes:', ...stores.map((s) => `  ${s.name}-data: {}`), '');
  const base = lines.join('\n');

  const prod = ['# Production overrides.', 'x-limits: &limits', '  resources:', '    limits:', '      cpus: "1.0"', '      memory: 512M', '', 'services:'];
  for (const svc of app.services) {
    prod.push(`  ${svc.name}:`, '    restart: always');
    if (r.chance(0.7)) prod.push('    deploy:', `      replicas: ${r.int(1, 4)}`, '      <<: *limits');
    if (r.chance(0.6)) prod.push('    healthcheck:', `      test: ["CMD", "curl", "-f", "http://localhost:${svc.port}/health"]`, '      interval: 30s');
    if (r.chance(0.5)) prod.push('    read_only: true');
  }
  return { base, prod: prod.join('\n') + '\n' };
}
