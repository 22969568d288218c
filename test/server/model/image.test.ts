import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { describeBaseImage, entrypointAndCmd, exposedPorts, finalUser, imageContents } from '../../../server/src/model/image';
import type { DockerfileModel } from '../../../server/src/parsers/dockerfile/model';
import { parseDockerfile } from '../../../server/src/parsers/dockerfile/parse';
import { loadGrammar } from '../../../server/src/parsers/shell/grammar';

const parse = (...lines: string[]): DockerfileModel => parseDockerfile('Dockerfile', lines.join('\n') + '\n');
const base = (image: string) => describeBaseImage(parse(`FROM ${image}`).stages[0].from);
const final = (m: DockerfileModel) => imageContents(m, m.finalStage!);

describe('describeBaseImage', () => {
  before(async () => {
    await loadGrammar('bash');
  });

  const cases: [string, Partial<Record<string, string>>, Record<string, string>][] = [
    ['python:3.12', { family: 'python', variant: 'full', packageManager: 'apt', defaultProcess: 'repl' }, { curl: 'yes', wget: 'yes', python3: 'yes' }],
    ['python:3.12-slim', { family: 'python', variant: 'slim', packageManager: 'apt' }, { curl: 'no', wget: 'no', bash: 'yes' }],
    ['python:3.12-slim-bookworm', { variant: 'slim' }, { curl: 'no' }],
    ['python:3.12-alpine', { variant: 'alpine', packageManager: 'apk' }, { curl: 'no', wget: 'yes', nc: 'yes', bash: 'no' }],
    ['node:20', { family: 'node', variant: 'full', defaultProcess: 'repl' }, { curl: 'yes', wget: 'yes', node: 'yes' }],
    ['node:20-slim', { variant: 'slim' }, { curl: 'no', wget: 'no' }],
    ['node:20-alpine3.19', { variant: 'alpine' }, { curl: 'no', wget: 'yes' }],
    ['debian:bookworm', { family: 'debian', defaultProcess: 'shell', packageManager: 'apt' }, { curl: 'no', wget: 'no' }],
    ['ubuntu:24.04', { family: 'ubuntu', defaultProcess: 'shell' }, { curl: 'no', wget: 'no' }],
    ['alpine:3.20', { family: 'alpine', packageManager: 'apk', defaultProcess: 'shell' }, { curl: 'no', wget: 'yes', nc: 'yes' }],
    ['busybox', { family: 'busybox', packageManager: 'none' }, { wget: 'yes', curl: 'no' }],
    ['golang:1.22', { family: 'golang', variant: 'full', defaultProcess: 'shell' }, { curl: 'yes', git: 'yes', go: 'yes' }],
    ['golang:1.22-alpine', { variant: 'alpine' }, { git: 'no', curl: 'no', wget: 'yes' }],
    ['nginx:1.27', { family: 'nginx', defaultProcess: 'service' }, { curl: 'yes', wget: 'unknown' }],
    ['nginx:1.27-alpine', { variant: 'alpine' }, { curl: 'yes', wget: 'yes' }],
    ['postgres:16', { family: 'postgres', defaultProcess: 'service' }, { pg_isready: 'yes', curl: 'unknown' }],
    ['redis:7-alpine', { family: 'redis', defaultProcess: 'service' }, { 'redis-cli': 'yes', wget: 'yes' }],
    ['gcr.io/distroless/static-debian12', { family: 'distroless', packageManager: 'none', defaultProcess: 'none' }, { sh: 'no', curl: 'no', wget: 'no' }],
    ['gcr.io/distroless/python3-debian12:debug', { family: 'distroless' }, { sh: 'yes', python3: 'yes', curl: 'unknown' }],
    ['docker.io/library/python:3.12-slim', { family: 'python', variant: 'slim' }, { curl: 'no' }],
    ['public.ecr.aws/docker/library/node:20-alpine', { family: 'node', variant: 'alpine' }, { wget: 'yes' }],
    ['mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled', { family: 'dotnet', variant: 'distroless', defaultProcess: 'none' }, { sh: 'no', curl: 'no', dotnet: 'yes' }],
    ['registry.access.redhat.com/ubi9/ubi-minimal', { family: 'rhel', packageManager: 'microdnf' }, { curl: 'unknown' }],
    ['php:8.3-fpm', { family: 'php', defaultProcess: 'service' }, { curl: 'yes' }],
    ['php:8.3-cli', { defaultProcess: 'repl' }, {}],
    ['eclipse-temurin:21-jre', { family: 'java', defaultProcess: 'shell', packageManager: 'apt' }, { java: 'yes' }],
    ['ghcr.io/acme/python:3.12-slim', { family: 'unknown', variant: 'unknown', defaultProcess: 'unknown', packageManager: 'unknown' }, { curl: 'unknown', wget: 'unknown', sh: 'unknown' }],
    ['acme/python:3.12', { family: 'unknown' }, { curl: 'unknown' }],
    ['localhost:5000/app:1', { family: 'unknown' }, { curl: 'unknown' }],
    ['scratch', { family: 'scratch', defaultProcess: 'none', packageManager: 'none' }, { sh: 'no', curl: 'no', anything: 'no' }],
  ];
  for (const [image, fields, binaries] of cases) {
    it(image, () => {
      const b = base(image);
      for (const [key, value] of Object.entries(fields)) assert.equal((b as unknown as Record<string, unknown>)[key], value, `${image} ${key}`);
      for (const [bin, presence] of Object.entries(binaries)) {
        const m = parse(`FROM ${image}`);
        assert.equal(final(m).has(bin), presence, `${image} has ${bin}`);
      }
    });
  }

  it('follows FROM <stage> chains and ARG-resolved images to the root base', () => {
    const m = parse('ARG V=3.12', 'FROM python:${V}-alpine AS base', 'FROM base AS app', 'FROM app');
    assert.equal(describeBaseImage(m.finalStage!.from).variant, 'alpine');
    assert.equal(base('python:${UNSET}').variant, 'unknown');
    assert.equal(base('python:${UNSET}').family, 'python');
  });
});

describe('imageContents', () => {
  before(async () => {
    await loadGrammar('bash');
  });

  it('sees packages installed in the stage and in the stages it is built FROM', () => {
    const m = parse(
      'FROM python:3.12-slim AS base',
      'RUN apt-get update && apt-get install -y --no-install-recommends curl netcat-openbsd procps \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'FROM base AS final',
      'HEALTHCHECK CMD curl -f http://localhost/ || exit 1',
    );
    const c = final(m);
    assert.equal(c.has('curl'), 'yes');
    assert.equal(c.has('nc'), 'yes');
    assert.equal(c.has('ps'), 'yes');
    assert.equal(c.has('wget'), 'no');
    assert.equal(c.chain.length, 2);
    const provider = c.providerOf('curl');
    assert.equal(provider?.instruction.keyword, 'RUN');
    assert.equal(provider?.range.start.line, 1);
    assert.equal(provider?.range.start.character, 65);
    assert.deepEqual(
      c.installs().map((i) => [i.manager, i.name]),
      [['apt', 'curl'], ['apt', 'netcat-openbsd'], ['apt', 'procps']],
    );
  });

  it('does not inherit installs from stages only copied from', () => {
    const m = parse('FROM debian:bookworm AS build', 'RUN apt-get install -y curl', 'FROM python:3.12-slim', 'COPY --from=build /app /app');
    assert.equal(final(m).has('curl'), 'no');
  });

  it('counts binaries copied or downloaded onto the PATH', () => {
    const m = parse(
      'FROM alpine:3.20',
      'COPY --from=curlimages/curl:8.8.0 /usr/bin/curl /usr/local/bin/',
      'COPY --from=tools /bin/grpc_health_probe /bin/grpc_health_probe',
      'ADD https://example.com/dl /usr/local/bin/tini',
      'RUN wget -O /usr/local/bin/dumb-init https://x && chmod +x /usr/local/bin/dumb-init',
    );
    const c = final(m);
    assert.equal(c.has('curl'), 'yes');
    assert.equal(c.has('grpc_health_probe'), 'yes');
    assert.equal(c.has('tini'), 'yes');
    assert.equal(c.has('dumb-init'), 'yes');
  });

  it('honours removals, apk virtual groups and dynamic package lists', () => {
    const removed = parse('FROM python:3.12', 'RUN apt-get purge -y --auto-remove curl');
    assert.equal(final(removed).has('curl'), 'no');
    const virtual = parse('FROM python:3.12-alpine', 'RUN apk add --no-cache --virtual .build-deps curl gcc && pip install x && apk del .build-deps');
    assert.equal(final(virtual).has('curl'), 'no');
    assert.equal(final(virtual).installs().find((i) => i.name === 'curl')?.removed, true);
    const dynamic = parse('FROM python:3.12-slim', 'ARG PKGS', 'RUN apt-get install -y $PKGS');
    assert.equal(final(dynamic).has('curl'), 'unknown', 'a dynamic package list may hold curl');
    const opaque = parse('FROM python:3.12-slim', 'COPY --from=tools /usr/local /usr/local');
    assert.equal(final(opaque).has('curl'), 'unknown');
  });

  it('maps language package managers to the CLIs they install', () => {
    const m = parse(
      'FROM node:20-slim',
      'RUN npm install -g pm2@5 @angular/cli typescript',
      'RUN python3 -m pip install --no-cache-dir "httpie==3.2" -r requirements.txt',
      'RUN go install github.com/grpc-ecosystem/grpc-health-probe@v0.4.28',
    );
    const c = final(m);
    assert.equal(c.has('pm2-runtime'), 'yes');
    assert.equal(c.has('ng'), 'yes');
    assert.equal(c.has('tsc'), 'yes');
    assert.equal(c.has('http'), 'yes');
    assert.equal(c.has('grpc-health-probe'), 'yes');
    assert.notEqual(c.has('requirements.txt'), 'yes', 'a requirements file is not a package');
    assert.deepEqual(
      c.installs().map((i) => `${i.manager}:${i.name}`),
      ['npm:pm2', 'npm:@angular/cli', 'npm:typescript', 'pip:httpie', 'go:grpc-health-probe'],
    );
  });

  it('reads installs inside heredoc scripts and behind sudo', () => {
    const m = parse('FROM ubuntu:24.04', 'RUN <<EOF', 'set -e', 'sudo apt-get -y install wget', 'EOF');
    assert.equal(final(m).has('wget'), 'yes');
  });
});

describe('stage facts', () => {
  before(async () => {
    await loadGrammar('bash');
  });

  it('lists exposed ports with resolved ARGs and exact ranges', () => {
    const m = parse('FROM nginx AS web', 'EXPOSE 80', 'FROM web', 'ARG PORT=8080', 'EXPOSE 443/tcp 53/udp ${PORT} 9000-9010 $NOPE');
    const ports = exposedPorts(m.finalStage!);
    assert.deepEqual(
      ports.map((p) => [p.port, p.protocol, p.text]),
      [[80, 'tcp', '80'], [443, 'tcp', '443/tcp'], [53, 'udp', '53/udp'], [8080, 'tcp', '8080'], [9000, 'tcp', '9000-9010'], [undefined, 'tcp', '$NOPE']],
    );
    assert.equal(ports[4].endPort, 9010);
    assert.deepEqual(ports[2].range, { start: { line: 4, character: 15 }, end: { line: 4, character: 21 } });
  });

  it('finds the final USER through FROM chains, resolved', () => {
    const m = parse('FROM python:3.12-slim AS base', 'ARG APP_USER=app', 'USER ${APP_USER}:${APP_USER}', 'FROM base', 'RUN true');
    const user = finalUser(m.finalStage!);
    assert.equal(user?.user, 'app:app');
    assert.equal(user?.name, 'app');
    assert.equal(user?.range.start.line, 2);
    assert.equal(finalUser(parse('FROM alpine').finalStage!), undefined);
    assert.equal(finalUser(parse('FROM alpine', 'USER app', 'USER root').finalStage!)?.user, 'root');
  });

  it('applies Docker’s ENTRYPOINT/CMD inheritance', () => {
    const m = parse('FROM python:3.12 AS base', 'CMD ["python"]', 'FROM base AS a', 'ENTRYPOINT ["tini", "--"]', 'FROM base AS b', 'CMD ["app"]', 'ENTRYPOINT ["x"]');
    const a = entrypointAndCmd(m.stageByName('a')!);
    assert.deepEqual(a.entrypoint?.execForm?.values, ['tini', '--']);
    assert.equal(a.cmd, undefined, 'an ENTRYPOINT resets a CMD inherited from the parent');
    const b = entrypointAndCmd(m.stageByName('b')!);
    assert.deepEqual(b.cmd?.execForm?.values, ['app'], 'a CMD set in the same stage survives');
    assert.deepEqual(entrypointAndCmd(m.stageByName('base')!).cmd?.execForm?.values, ['python']);
    assert.deepEqual(entrypointAndCmd(parse('FROM alpine').finalStage!), { entrypoint: undefined, cmd: undefined });
  });
});
