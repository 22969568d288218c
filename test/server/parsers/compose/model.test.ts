import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { composeProject, interpolate, parseComposeFile, parsePortString, parseVolumeString, servicesBuiltFrom, shellOf } from '../../../../server/src/parsers/compose';
import { builtImageOf } from '../../../../server/src/parsers/compose/link';
import { loadGrammar } from '../../../../server/src/parsers/shell/grammar';
import { parseYaml } from '../../../../server/src/parsers/yaml';
import { memoryWorkspace } from '../../../helpers/workspace';

const parse = (text: string, path = 'compose.yaml') => parseComposeFile(path, parseYaml(text));

describe('compose interpolation', () => {
  it('substitutes defaults, keeps external variables, unescapes $$', () => {
    assert.deepEqual(interpolate('app:${TAG:-1.2}'), { value: 'app:1.2', external: false, vars: [{ name: 'TAG', op: ':-', arg: '1.2', start: 4, end: 15 }] });
    assert.equal(interpolate('${A-x}/${B:-${C:-y}}').value, 'x/y');
    assert.equal(interpolate('$$HOME and $${X}').value, '$HOME and ${X}');
    assert.equal(interpolate('$$HOME').external, false);
    for (const raw of ['${TAG}', '$TAG', 'a:${TAG:?set it}', '${X:+alt}', 'p-${A}-${B:-b}']) assert.equal(interpolate(raw).external, true, raw);
    assert.equal(interpolate('${UNTERMINATED').value, '${UNTERMINATED');
  });
});

describe('compose syntaxes', () => {
  it('parses short port specs', () => {
    assert.deepEqual(parsePortString('127.0.0.1:5432:5432'), { hostIp: '127.0.0.1', published: '5432', target: '5432', protocol: 'tcp' });
    assert.deepEqual(parsePortString('8000-8010:8000-8010/udp'), { hostIp: undefined, published: '8000-8010', target: '8000-8010', protocol: 'udp' });
    assert.deepEqual(parsePortString('5432'), { hostIp: undefined, published: undefined, target: '5432', protocol: 'tcp' });
    assert.deepEqual(parsePortString('[::1]:6379:6379'), { hostIp: '::1', published: '6379', target: '6379', protocol: 'tcp' });
    assert.deepEqual(parsePortString('127.0.0.1::5432'), { hostIp: '127.0.0.1', published: undefined, target: '5432', protocol: 'tcp' });
  });

  it('parses short volume specs', () => {
    assert.deepEqual(parseVolumeString('./src:/app:ro'), { type: 'bind', source: './src', target: '/app', readOnly: true });
    assert.deepEqual(parseVolumeString('pgdata:/var/lib/postgresql/data'), { type: 'volume', source: 'pgdata', target: '/var/lib/postgresql/data', readOnly: false });
    assert.deepEqual(parseVolumeString('/data'), { type: 'volume', source: undefined, target: '/data', readOnly: false });
    assert.equal(parseVolumeString('~/.aws:/root/.aws:ro,z').type, 'bind');
  });
});

describe('compose model', () => {
  it('reads every key in short and long syntax, through anchors and merge keys', () => {
    const m = parse(
      [
        'x-env: &env',
        '  LOG_LEVEL: info',
        'x-defaults: &defaults',
        '  restart: unless-stopped',
        '  environment: *env',
        'services:',
        '  api:',
        '    <<: *defaults',
        '    build:',
        '      context: ./api',
        '      dockerfile: docker/Dockerfile',
        '      target: prod',
        '      args: [PY=3.12]',
        '    image: acme/api:${TAG:-dev}',
        '    command: gunicorn app:app',
        '    entrypoint: ["/entrypoint.sh"]',
        '    ports: ["8000:8000", {target: 9000, published: "9000", host_ip: 127.0.0.1}]',
        '    volumes: ["./api:/app", {type: bind, source: ./cfg, target: /cfg, read_only: true}, "data:/data"]',
        '    depends_on: {db: {condition: service_healthy}}',
        '    env_file: [.env, {path: .env.local, required: false}]',
        '    healthcheck: {test: ["CMD", "curl", "-f", "http://localhost"], interval: 10s}',
        '    deploy: {replicas: 3, resources: {limits: {memory: 1G, cpus: "1"}}}',
        '    logging: {driver: json-file, options: {max-size: 10m}}',
        '    cap_add: [NET_ADMIN]',
        '    profiles: [web]',
        '',
      ].join('\n'),
      'deploy/compose.yaml',
    );
    const api = m.services[0];
    assert.equal(api.restart?.value, 'unless-stopped');
    assert.equal(api.restart?.range.start.line, 3, 'a merged value points at the anchor');
    assert.deepEqual(api.environment.map((e) => [e.name, e.value?.value]), [['LOG_LEVEL', 'info']]);
    assert.equal(api.build?.contextPath, 'deploy/api');
    assert.equal(api.build?.dockerfilePath, 'deploy/api/docker/Dockerfile');
    assert.equal(api.build?.target?.value, 'prod');
    assert.equal(api.build?.args.get('PY')?.value, 'PY=3.12');
    assert.deepEqual([api.image?.name, api.image?.tag, api.image?.external], ['acme/api', 'dev', false]);
    assert.equal(api.command?.form, 'string');
    assert.deepEqual(api.entrypoint?.argv.map((a) => a.value), ['/entrypoint.sh']);
    assert.deepEqual(api.ports.map((p) => [p.hostIp, p.published, p.target, p.long]), [[undefined, '8000', '8000', false], ['127.0.0.1', '9000', '9000', true]]);
    assert.deepEqual(api.volumes.map((v) => [v.type, v.source, v.target, v.readOnly]), [['bind', './api', '/app', false], ['bind', './cfg', '/cfg', true], ['volume', 'data', '/data', false]]);
    assert.deepEqual(api.dependsOn.map((d) => [d.service, d.condition, d.form]), [['db', 'service_healthy', 'map']]);
    assert.deepEqual(api.envFiles.map((v) => v.value), ['.env', '.env.local']);
    assert.deepEqual([api.healthcheck?.test?.kind, api.healthcheck?.test?.argv.map((a) => a.value)], ['CMD', ['curl', '-f', 'http://localhost']]);
    assert.deepEqual([api.deploy.replicas, api.deploy.memoryLimit?.value, api.deploy.cpus?.value], [3, '1G', '1']);
    assert.equal(api.logging?.options.get('max-size')?.value, '10m');
    assert.deepEqual(api.profiles, ['web']);
  });

  it('reads healthcheck forms, list-form environment values and top-level keys of every document', () => {
    const m = parse(
      [
        'version: "3"',
        'include: [other/compose.yaml, {path: [a.yaml, ../outside.yaml]}]',
        'services:',
        '  a:',
        '    healthcheck: {test: curl -f http://x}',
        '    environment: ["A=1", B]',
        '  b:',
        '    healthcheck: {test: ["NONE"]}',
        '---',
        'services:',
        '  c:',
        '    healthcheck: {disable: true}',
        '',
      ].join('\n'),
    );
    assert.equal(m.versions.length, 1);
    assert.deepEqual(m.includes.map((i) => i.path), ['other/compose.yaml', 'a.yaml', undefined]);
    const [a, b, c] = m.services;
    assert.deepEqual([a.healthcheck?.test?.kind, a.healthcheck?.test?.script?.value], ['CMD-SHELL', 'curl -f http://x']);
    assert.deepEqual(a.environment.map((e) => [e.name, e.value?.value, e.valueRange?.start.character]), [['A', '1', 21], ['B', undefined, undefined]]);
    assert.equal(b.healthcheck?.disabled, true);
    assert.equal(c.healthcheck?.disabled, true);
  });
});

describe('compose project links', () => {
  before(() => loadGrammar('bash'));

  const ws = memoryWorkspace({
    'compose.yaml': [
      'include: [infra/compose.yaml]',
      'services:',
      '  api:',
      '    extends: {file: compose.base.yaml, service: app}',
      '    command: ["python", "-m", "api"]',
      '    environment: {ROLE: api}',
      '  worker:',
      '    extends: api',
      '    healthcheck:',
      '      test: ["CMD-SHELL", "celery -A app inspect ping -d $${HOSTNAME}"]',
      '',
    ].join('\n'),
    'compose.base.yaml': 'services:\n  app:\n    build: {context: ., target: runtime}\n    environment: {LOG: info, ROLE: base}\n    restart: always\n',
    'infra/compose.yaml': 'services:\n  db:\n    image: postgres:16\n',
    Dockerfile: 'FROM python:3.12-slim AS runtime\nWORKDIR /app\nEXPOSE 8000\nCMD ["python", "-m", "app"]\nFROM runtime AS test\nRUN pip install pytest\n',
  });

  it('resolves extends across files and same-file, and services of included files', () => {
    const p = composeProject(ws, 'compose.yaml')!;
    const [api, worker] = p.services;
    assert.equal(api.build?.dockerfilePath, 'Dockerfile');
    assert.equal(api.restart?.file, 'compose.base.yaml');
    assert.deepEqual(api.environment.map((e) => `${e.name}=${e.value?.value}`).sort(), ['LOG=info', 'ROLE=api']);
    assert.deepEqual(worker.command?.argv.map((a) => a.value), ['python', '-m', 'api']);
    assert.ok(p.byName.has('db'));
  });

  it('links a service to the stage that runs and what its image has', () => {
    const api = composeProject(ws, 'compose.yaml')!.services[0];
    const built = builtImageOf(ws, api)!;
    assert.equal(built.stage.name, 'runtime');
    assert.deepEqual([built.workdir, built.exposed, built.baseImage], ['/app', ['8000'], 'python:3.12-slim']);
    assert.equal(built.has('curl'), 'no');
    assert.equal(built.has('python3'), 'yes');
  });

  it('tells the Dockerfile rules which services build a Dockerfile and what they supply', () => {
    const refs = servicesBuiltFrom(ws, 'Dockerfile').map((r) => [r.file, r.service, r.target, r.command, r.healthcheck, r.environment]);
    assert.deepEqual(refs, [
      ['compose.yaml', 'api', 'runtime', true, 'absent', 'production'],
      ['compose.yaml', 'worker', 'runtime', true, 'defined', 'production'],
      ['compose.base.yaml', 'app', 'runtime', false, 'absent', 'production'],
    ]);
  });

  it('parses shell tests with ranges inside the YAML string, `$$` collapsed', () => {
    const worker = composeProject(ws, 'compose.yaml')!.services[1];
    const script = shellOf(worker.healthcheck!.test!.script!)!;
    const [cmd] = script.commands;
    assert.equal(cmd.name?.text, 'celery');
    assert.deepEqual(cmd.name?.range.start, { line: 9, character: 27 });
    const last = cmd.args[cmd.args.length - 1];
    assert.equal(last.raw, '${HOSTNAME}');
    assert.deepEqual([last.range.start.character, last.range.end.character], [57, 69], 'the word as written: $${HOSTNAME}');
  });

  it('reuses a project until a file it links changes', () => {
    const local = memoryWorkspace({
      'compose.yaml': 'services:\n  api:\n    extends: {file: compose.base.yaml, service: app}\n',
      'compose.base.yaml': 'services:\n  app:\n    image: app:1\n',
    });
    const first = composeProject(local, 'compose.yaml')!;
    assert.equal(composeProject(local, 'compose.yaml'), first);
    local.setText('compose.base.yaml', 'services:\n  app:\n    image: app:2\n', 1);
    const second = composeProject(local, 'compose.yaml')!;
    assert.notEqual(second, first);
    assert.equal(second.services[0].image?.value, 'app:2');
    local.setText('compose.prod.yaml', 'services:\n  api:\n    restart: always\n', 1);
    const third = composeProject(local, 'compose.yaml')!;
    assert.deepEqual(third.overlays.get(third.services[0])?.map((o) => o.file), ['compose.prod.yaml']);
  });
});
