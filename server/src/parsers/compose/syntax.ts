/** Compose's string mini-syntaxes (ports, volumes, build contexts) and workspace paths. */

export interface PortSpec {
  hostIp: string | undefined;
  published: string | undefined;
  target: string | undefined;
  protocol: string;
}

/** `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, with `[::1]` IPv6 hosts and `8000-8010` ranges. */
export function parsePortString(spec: string): PortSpec {
  let rest = spec.trim();
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1).toLowerCase() || 'tcp';
    rest = rest.slice(0, slash);
  }
  let hostIp: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close > 0) {
      hostIp = rest.slice(1, close);
      rest = rest.slice(close + 1).replace(/^:/, '');
      const [published, target] = rest.includes(':') ? rest.split(':', 2) : [undefined, rest];
      return { hostIp, published: published || undefined, target: target || undefined, protocol };
    }
  }
  const parts = rest.split(':');
  if (parts.length === 1) return { hostIp, published: undefined, target: parts[0] || undefined, protocol };
  if (parts.length === 2) return { hostIp, published: parts[0] || undefined, target: parts[1] || undefined, protocol };
  // IPv6 without brackets is ambiguous; the last two parts are the ports.
  const target = parts.pop();
  const published = parts.pop();
  return { hostIp: parts.join(':') || undefined, published: published || undefined, target: target || undefined, protocol };
}

/** Whether a published port listens on every host interface. */
export function bindsAllInterfaces(hostIp: string | undefined): boolean {
  return hostIp === undefined || hostIp === '' || hostIp === '0.0.0.0' || hostIp === '::' || hostIp === '[::]';
}

export interface VolumeSpec {
  type: 'bind' | 'volume';
  source: string | undefined;
  target: string | undefined;
  readOnly: boolean;
}

/** `SOURCE:TARGET[:MODE]` or `TARGET`; a source with a slash or starting with `.`/`~` is a host path. */
export function parseVolumeString(spec: string): VolumeSpec {
  const s = spec.trim();
  // Windows drive letters (`C:\data:/data`) keep their colon.
  const drive = /^[A-Za-z]:[\\/]/.test(s) ? 2 : 0;
  const first = s.indexOf(':', drive);
  if (first < 0) return { type: 'volume', source: undefined, target: s || undefined, readOnly: false };
  const source = s.slice(0, first);
  const rest = s.slice(first + 1);
  const second = rest.indexOf(':');
  const target = second < 0 ? rest : rest.slice(0, second);
  const mode = second < 0 ? '' : rest.slice(second + 1);
  const bind = /^[./~]/.test(source) || source.includes('/') || source.includes('\\') || source.startsWith('$');
  return { type: bind ? 'bind' : 'volume', source: source || undefined, target: target || undefined, readOnly: mode.split(',').includes('ro') };
}

/** URL and git build contexts are fetched by the builder, never looked up in the workspace. */
export function isRemoteContext(context: string): boolean {
  return /^(https?:\/\/|git@|git:\/\/|ssh:\/\/|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/i.test(context) || /\.git(#|$)/.test(context);
}

export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash >= 0 ? path.slice(0, slash) : '';
}

/**
 * `rel` resolved against the workspace directory `dir`: a workspace path ('' for the root), or
 * undefined when it is absolute, starts with `~`, or climbs out of the workspace.
 */
export function joinWithin(dir: string, rel: string): string | undefined {
  const r = rel.replace(/\\/g, '/');
  if (r.startsWith('/') || r.startsWith('~') || /^[A-Za-z]:\//.test(r)) return undefined;
  const parts = dir ? dir.split('/') : [];
  for (const seg of r.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!parts.length) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

/** Whether `path` is `dir` or inside it (workspace paths, '' is the root). */
export function isWithin(path: string, dir: string): boolean {
  return dir === '' || path === dir || path.startsWith(dir + '/');
}

/** Whether a container path is `dir` or inside it (`/app/src` is within `/app`). */
export function isContainerPathWithin(path: string, dir: string): boolean {
  const p = path.replace(/\/+$/, '') || '/';
  const d = dir.replace(/\/+$/, '') || '/';
  return d === '/' || p === d || p.startsWith(d + '/');
}
