/**
 * What is known about well-known base images without pulling them. Facts are deliberately
 * conservative: a binary is 'no' only when the official image is known to lack it; anything
 * uncertain (or a private/unknown image) is 'unknown', so rules never claim a tool is missing when
 * it might be there.
 */
import type { DockerFrom } from '../parsers/dockerfile/model';
import { splitImageReference } from '../parsers/dockerfile/reference';

export type Presence = 'yes' | 'no' | 'unknown';
export type ImageFamily =
  | 'python' | 'node' | 'golang' | 'ruby' | 'java' | 'php' | 'dotnet' | 'rust' | 'debian' | 'ubuntu' | 'alpine'
  | 'distroless' | 'scratch' | 'nginx' | 'postgres' | 'redis' | 'mysql' | 'mariadb' | 'mongo' | 'httpd' | 'traefik'
  | 'caddy' | 'busybox' | 'rhel' | 'unknown';
export type ImageVariant = 'full' | 'slim' | 'alpine' | 'distroless' | 'unknown';
export type PackageManager = 'apt' | 'apk' | 'yum' | 'dnf' | 'microdnf' | 'none' | 'unknown';
export type DefaultProcess = 'repl' | 'shell' | 'service' | 'none' | 'unknown';

export interface BaseImage {
  /** The resolved reference described (`python:3.12-slim`); '' for scratch or an unresolvable FROM. */
  image: string;
  family: ImageFamily;
  variant: ImageVariant;
  packageManager: PackageManager;
  /** What the container runs when no CMD/ENTRYPOINT is given. */
  defaultProcess: DefaultProcess;
  /** Binaries known present ('yes') or known absent ('no'); anything else is unknown. */
  runtimeBinaries: ReadonlyMap<string, 'yes' | 'no'>;
  /** `/bin/sh` exists. */
  shell: Presence;
}

const OFFICIAL: Record<string, ImageFamily> = {
  python: 'python', pypy: 'python', node: 'node', golang: 'golang', ruby: 'ruby', php: 'php', rust: 'rust',
  debian: 'debian', ubuntu: 'ubuntu', alpine: 'alpine', busybox: 'busybox', nginx: 'nginx', httpd: 'httpd',
  postgres: 'postgres', redis: 'redis', mysql: 'mysql', mariadb: 'mariadb', mongo: 'mongo', traefik: 'traefik',
  caddy: 'caddy', openjdk: 'java', 'eclipse-temurin': 'java', amazoncorretto: 'java', 'ibm-semeru-runtimes': 'java',
  sapmachine: 'java', tomcat: 'java', maven: 'java', gradle: 'java', centos: 'rhel', fedora: 'rhel',
  rockylinux: 'rhel', almalinux: 'rhel', amazonlinux: 'rhel', oraclelinux: 'rhel',
};
const SERVICES = new Set<ImageFamily>(['nginx', 'postgres', 'redis', 'mysql', 'mariadb', 'mongo', 'httpd', 'traefik', 'caddy']);
const RUNTIME: Partial<Record<ImageFamily, string[]>> = {
  python: ['python', 'python3', 'pip', 'pip3'],
  node: ['node', 'npm', 'npx'],
  golang: ['go', 'gofmt'],
  ruby: ['ruby', 'gem', 'bundle', 'irb'],
  php: ['php'],
  rust: ['cargo', 'rustc'],
  java: ['java'],
  dotnet: ['dotnet'],
  nginx: ['nginx'],
  postgres: ['postgres', 'psql', 'pg_isready'],
  redis: ['redis-server', 'redis-cli'],
  mysql: ['mysqld', 'mysql', 'mysqladmin'],
  mariadb: ['mariadbd', 'mariadb', 'mariadb-admin', 'healthcheck.sh'],
  mongo: ['mongod'],
  httpd: ['httpd'],
  traefik: ['traefik'],
  caddy: ['caddy'],
};

type Facts = Record<string, 'yes' | 'no'>;
/** buildpack-deps (curl + scm layers): the "full" python/node/ruby/golang/rust images. */
const BUILDPACK: Facts = { sh: 'yes', bash: 'yes', curl: 'yes', wget: 'yes', git: 'yes', ps: 'yes' };
const DEBIAN_SLIM: Facts = { sh: 'yes', bash: 'yes', curl: 'no', wget: 'no', git: 'no', ps: 'no', nc: 'no' };
const DEBIAN_BASE: Facts = { sh: 'yes', bash: 'yes', curl: 'no', wget: 'no', git: 'no', nc: 'no' };
const BUSYBOX_TOOLS: Facts = { sh: 'yes', bash: 'no', curl: 'no', wget: 'yes', nc: 'yes', ps: 'yes', git: 'no' };
const NO_SHELL: Facts = { sh: 'no', bash: 'no', curl: 'no', wget: 'no', nc: 'no', ps: 'no', git: 'no' };

function variantOf(tag: string | undefined, unresolved: boolean): ImageVariant {
  if (unresolved && (tag === undefined || tag.includes('$'))) return 'unknown';
  const t = (tag ?? 'latest').toLowerCase();
  if (/windowsservercore|nanoserver|ltsc/.test(t)) return 'unknown';
  if (t.includes('alpine')) return 'alpine';
  if (t.includes('distroless') || t.includes('chiseled')) return 'distroless';
  if (t.includes('slim')) return 'slim';
  return 'full';
}

function unknownImage(image: string, shell: Presence = 'unknown'): BaseImage {
  return { image, family: 'unknown', variant: 'unknown', packageManager: 'unknown', defaultProcess: 'unknown', runtimeBinaries: new Map(), shell };
}

/** The root FROM of a stage chain (`FROM builder` → builder's FROM …). */
export function rootFrom(from: DockerFrom): DockerFrom {
  let current = from;
  for (let guard = 0; current.stage && guard < 1000; guard++) current = current.stage.from;
  return current;
}

export function describeBaseImage(fromInput: DockerFrom): BaseImage {
  const from = rootFrom(fromInput);
  if (from.isScratch) {
    return { image: '', family: 'scratch', variant: 'unknown', packageManager: 'none', defaultProcess: 'none', runtimeBinaries: new Map(Object.entries(NO_SHELL)), shell: 'no' };
  }
  if (!from.image || from.stage) return unknownImage(from.image);
  const ref = splitImageReference(from.image);
  if (ref.path.includes('$')) return unknownImage(from.image);
  const registry = ref.registry?.toLowerCase();
  const hub = !registry || ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'mirror.gcr.io'].includes(registry);
  let path = ref.path.replace(/^docker\/library\//, '').replace(/^library\//, '');
  if (registry === 'public.ecr.aws') path = path.replace(/^docker\/library\//, '');
  const tag = (ref.tag ?? 'latest').toLowerCase();
  const variant = variantOf(ref.tag, from.unresolved);

  if (registry === 'gcr.io' && path.startsWith('distroless/')) return distroless(from.image, path, tag);
  if (registry === 'cgr.dev' && path.startsWith('chainguard/')) {
    // Chainguard images have no shell or package manager unless the tag is a -dev one.
    return tag.includes('dev') ? unknownImage(from.image, 'yes') : distroless(from.image, path, tag);
  }
  if (registry === 'mcr.microsoft.com' && path.startsWith('dotnet/')) return dotnet(from.image, path, tag, variant);
  if (registry === 'registry.access.redhat.com' || registry === 'registry.redhat.io') return ubi(from.image, path);
  const family = hub || registry === 'public.ecr.aws' ? OFFICIAL[path] : undefined;
  if (!family) return unknownImage(from.image);
  return official(from.image, family, tag, variant);
}

function withRuntime(family: ImageFamily, facts: Facts, extra: string[] = []): Map<string, 'yes' | 'no'> {
  const map = new Map<string, 'yes' | 'no'>(Object.entries(facts));
  for (const bin of [...(RUNTIME[family] ?? []), ...extra]) map.set(bin, 'yes');
  return map;
}

function distroless(image: string, path: string, tag: string): BaseImage {
  const debug = tag.includes('debug');
  const facts: Facts = debug ? { sh: 'yes' } : NO_SHELL;
  const runtime = path.includes('python') ? ['python3'] : path.includes('nodejs') ? ['node'] : path.includes('java') ? ['java'] : [];
  const binaries = new Map<string, 'yes' | 'no'>(Object.entries(facts));
  for (const bin of runtime) binaries.set(bin, 'yes');
  return { image, family: 'distroless', variant: 'distroless', packageManager: 'none', defaultProcess: 'none', runtimeBinaries: binaries, shell: debug ? 'yes' : 'no' };
}

function dotnet(image: string, path: string, tag: string, variant: ImageVariant): BaseImage {
  if (variant === 'distroless' || tag.includes('chiseled')) {
    return { image, family: 'dotnet', variant: 'distroless', packageManager: 'none', defaultProcess: 'none', runtimeBinaries: withRuntime('dotnet', NO_SHELL), shell: 'no' };
  }
  const alpine = variant === 'alpine';
  const facts: Facts = alpine ? BUSYBOX_TOOLS : { sh: 'yes', bash: 'yes' };
  const runtime = path.includes('runtime-deps') ? new Map<string, 'yes' | 'no'>(Object.entries(facts)) : withRuntime('dotnet', facts);
  return { image, family: 'dotnet', variant: alpine ? 'alpine' : 'full', packageManager: alpine ? 'apk' : 'apt', defaultProcess: 'shell', runtimeBinaries: runtime, shell: 'yes' };
}

function ubi(image: string, path: string): BaseImage {
  const micro = path.includes('micro');
  const minimal = path.includes('minimal');
  const packageManager: PackageManager = micro ? 'none' : minimal ? 'microdnf' : path.includes('ubi7') ? 'yum' : 'dnf';
  const facts: Facts = micro || minimal ? { sh: 'yes' } : { sh: 'yes', bash: 'yes', curl: 'yes' };
  return { image, family: 'rhel', variant: minimal || micro ? 'slim' : 'full', packageManager, defaultProcess: 'shell', runtimeBinaries: new Map(Object.entries(facts)), shell: 'yes' };
}

function official(image: string, family: ImageFamily, tag: string, variant: ImageVariant): BaseImage {
  const base: BaseImage = { image, family, variant, packageManager: 'unknown', defaultProcess: 'unknown', runtimeBinaries: new Map(), shell: 'unknown' };
  const alpine = variant === 'alpine';
  base.packageManager = alpine ? 'apk' : variant === 'unknown' ? 'unknown' : 'apt';
  base.defaultProcess = SERVICES.has(family) ? 'service' : 'shell';
  let facts: Facts = {};
  let extra: string[] = [];
  switch (family) {
    case 'python':
    case 'node':
    case 'ruby':
      base.defaultProcess = 'repl';
      facts = alpine ? BUSYBOX_TOOLS : variant === 'slim' ? DEBIAN_SLIM : variant === 'full' ? BUILDPACK : {};
      break;
    case 'golang':
      facts = alpine ? BUSYBOX_TOOLS : variant === 'full' ? BUILDPACK : {};
      extra = variant === 'full' ? ['gcc', 'make'] : [];
      break;
    case 'rust':
      facts = alpine ? BUSYBOX_TOOLS : variant === 'full' ? BUILDPACK : { sh: 'yes', bash: 'yes' };
      break;
    case 'php':
      // The official php images keep curl (Debian and Alpine); php-cli's default command is `php -a`.
      base.defaultProcess = /fpm|apache/.test(tag) ? 'service' : 'repl';
      facts = alpine ? { ...BUSYBOX_TOOLS, curl: 'yes' } : { sh: 'yes', bash: 'yes', curl: 'yes' };
      break;
    case 'debian':
      facts = variant === 'slim' ? DEBIAN_SLIM : DEBIAN_BASE;
      break;
    case 'ubuntu':
      facts = { sh: 'yes', bash: 'yes', curl: 'no', wget: 'no', git: 'no' };
      break;
    case 'alpine':
      base.packageManager = 'apk';
      base.variant = 'alpine';
      facts = BUSYBOX_TOOLS;
      break;
    case 'busybox':
      base.packageManager = 'none';
      base.variant = 'unknown';
      facts = { ...BUSYBOX_TOOLS, busybox: 'yes' };
      break;
    case 'nginx':
      // curl ships in the Debian and Alpine nginx images; the -slim Alpine variant is unverified.
      facts = alpine ? (tag.includes('slim') ? { sh: 'yes', wget: 'yes' } : { ...BUSYBOX_TOOLS, curl: 'yes' }) : { sh: 'yes', bash: 'yes', curl: 'yes' };
      break;
    case 'traefik':
    case 'caddy':
      // Both are built on Alpine whatever the tag says.
      base.packageManager = 'apk';
      base.variant = 'alpine';
      facts = { sh: 'yes', wget: 'yes', nc: 'yes' };
      break;
    case 'postgres':
    case 'redis':
    case 'httpd':
      facts = alpine ? { sh: 'yes', wget: 'yes', nc: 'yes' } : { sh: 'yes', bash: 'yes' };
      break;
    case 'mysql':
      base.packageManager = tag.includes('debian') ? 'apt' : 'microdnf';
      facts = { sh: 'yes', bash: 'yes' };
      break;
    case 'mariadb':
    case 'mongo':
      facts = { sh: 'yes', bash: 'yes' };
      break;
    case 'java':
      return java(base, tag, alpine);
    case 'rhel':
      return rhelFamily(base, image, tag);
  }
  base.runtimeBinaries = withRuntime(family, facts, extra);
  base.shell = (facts.sh as Presence | undefined) ?? 'unknown';
  return base;
}

function java(base: BaseImage, tag: string, alpine: boolean): BaseImage {
  const name = splitImageReference(base.image).path;
  // JDK images start jshell; JRE images fall back to the OS shell; tomcat serves.
  base.defaultProcess = name === 'tomcat' ? 'service' : name === 'maven' || name === 'gradle' ? 'unknown' : tag.includes('jre') ? 'shell' : 'repl';
  if (name === 'eclipse-temurin') base.packageManager = alpine ? 'apk' : tag.includes('ubi') ? 'microdnf' : 'apt';
  else if (!alpine && base.variant !== 'slim') base.packageManager = 'unknown';
  const facts: Facts = alpine ? BUSYBOX_TOOLS : { sh: 'yes' };
  base.runtimeBinaries = withRuntime('java', facts, tag.includes('jre') ? [] : ['javac']);
  base.shell = 'yes';
  return base;
}

function rhelFamily(base: BaseImage, image: string, tag: string): BaseImage {
  const name = splitImageReference(image).path;
  const minimal = /minimal|slim|micro/.test(tag);
  base.variant = minimal ? 'slim' : 'full';
  base.packageManager =
    name === 'amazonlinux' ? (tag.startsWith('2023') || tag === 'latest' ? 'dnf' : tag.startsWith('2') ? 'yum' : 'unknown')
    : name === 'centos' ? (/^(7|centos7)/.test(tag) ? 'yum' : 'dnf')
    : minimal ? 'microdnf' : 'dnf';
  base.runtimeBinaries = new Map<string, 'yes' | 'no'>(minimal ? [['sh', 'yes']] : [['sh', 'yes'], ['bash', 'yes'], ['curl', 'yes']]);
  base.shell = 'yes';
  return base;
}

/** Presence of a binary in the base image alone. */
export function baseHas(base: BaseImage, binary: string): Presence {
  const known = base.runtimeBinaries.get(binary);
  if (known) return known;
  if (base.family === 'scratch') return 'no';
  if (base.shell === 'no' && (binary === 'sh' || binary === 'bash')) return 'no';
  return 'unknown';
}
