/**
 * URI ↔ file-system path conversion for the language server. Only `file:` URIs are analysed; the
 * engine speaks workspace-relative paths with `/` separators, the protocol speaks URIs.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The absolute path of a `file:` URI, or undefined for other schemes and malformed URIs. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** A `file:` URI for an absolute path (callers prefer the client's own URI for open documents). */
export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/** Case-folds paths on Windows (case-insensitive, drive letters in either case) so that map keys agree. */
export function pathKey(path: string): string {
  return process.platform === 'win32' ? path.toLowerCase() : path;
}

/**
 * `path` relative to `root` with `/` separators, or undefined when it lies outside `root`.
 * The root itself maps to '' (which no document can be).
 */
export function relativeTo(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel === '') return '';
  if (rel.startsWith('..') && (rel.length === 2 || rel[2] === sep || rel[2] === '/')) return undefined;
  if (isAbsolute(rel)) return undefined;
  return sep === '/' ? rel : rel.split(sep).join('/');
}
