/**
 * HTTP probe commands for HEALTHCHECK fixes, built from a binary the image is known to contain.
 * Shared by dockerfile/missing-healthcheck and dockerfile/healthcheck-tool-missing.
 */
import type { ImageContents } from '../../server/src/model/image';

export interface Probe {
  /** The binary the probe runs. */
  binary: string;
  /** Shell-form command for `HEALTHCHECK CMD …`. */
  command: string;
}

/** Node majors before 18 have no global fetch. */
function nodeMajor(contents: ImageContents): number | undefined {
  if (contents.base.family !== 'node') return undefined;
  const m = /:(\d+)/.exec(contents.base.image);
  return m ? Number(m[1]) : undefined;
}

/** A URL that can sit inside both shell double quotes and Python/JS single quotes unchanged. */
export function embeddableUrl(url: string): boolean {
  return /^https?:\/\/[A-Za-z0-9._~:/?#[\]@!&()*+,;=%-]+$/.test(url) && !/[`$"'\\]/.test(url);
}

/**
 * Probes in order of preference, each only when the image certainly has its binary. `tools` false
 * leaves out curl/wget (when rewriting a check whose curl/wget is missing).
 */
export function probesFor(contents: ImageContents, url: string, tools = true): Probe[] {
  const out: Probe[] = [];
  if (!embeddableUrl(url)) return out;
  if (tools && contents.has('curl') === 'yes') out.push({ binary: 'curl', command: `curl -fsS ${url} || exit 1` });
  // BusyBox wget has no --spider on old releases; -O /dev/null works everywhere.
  if (tools && contents.has('wget') === 'yes') out.push({ binary: 'wget', command: `wget -q -O /dev/null ${url} || exit 1` });
  for (const py of ['python3', 'python']) {
    if (contents.has(py) === 'yes') {
      // urlopen raises on connection errors and on HTTP status >= 400: a non-zero exit either way.
      out.push({ binary: py, command: `${py} -c "import urllib.request; urllib.request.urlopen('${url}', timeout=3)"` });
      break;
    }
  }
  if (contents.has('node') === 'yes') {
    const major = nodeMajor(contents);
    const command =
      major !== undefined && major < 18
        ? `node -e "require('${url.startsWith('https') ? 'https' : 'http'}').get('${url}', (r) => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))"`
        : `node -e "fetch('${url}').then((r) => process.exit(r.ok ? 0 : 1)).catch(() => process.exit(1))"`;
    out.push({ binary: 'node', command });
  }
  return out;
}

export const HEALTHCHECK_OPTIONS = '--interval=30s --timeout=5s --start-period=20s --retries=3';
