/** Splitting of image references: `[registry[:port]/]path[:tag][@digest]`. */

export interface ImageReference {
  /** Repository as written, without tag or digest: `python`, `ghcr.io/org/app`, `localhost:5000/app`. */
  name: string;
  /** Last path segment, lower-case. */
  shortName: string;
  tag: string | undefined;
  digest: string | undefined;
  /** The registry host when the first segment names one (has `.` or `:`, or is `localhost`). */
  registry: string | undefined;
  /** Path without the registry, lower-case, with Docker Hub's implicit `library/` removed. */
  path: string;
}

export function splitImageReference(image: string): ImageReference {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  // A colon before the last slash is a registry port, not a tag.
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const name = rest;
  const segments = name.split('/');
  const first = segments[0];
  const registry = segments.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : undefined;
  let path = (registry ? segments.slice(1) : segments).join('/').toLowerCase();
  const hub = registry === undefined || registry === 'docker.io' || registry === 'index.docker.io' || registry === 'registry-1.docker.io';
  if (hub && path.startsWith('library/')) path = path.slice('library/'.length);
  const shortName = (segments[segments.length - 1] ?? '').toLowerCase();
  return { name, shortName, tag, digest, registry, path };
}
