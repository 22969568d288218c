import type { Loc } from '../../model/app';
import type { SourceFile, WorkspaceModel } from '../../workspace/model';
import { parseNginx, walkNginx, type NginxDirective } from './parse';

export { parseNginx, walkNginx, type NginxDirective, type NginxWord } from './parse';

/**
 * What the workspace's nginx configs contribute to the code rules: a reverse proxy that rate-limits
 * or sets security headers covers the service behind it, so presence rules count it as evidence.
 * We do not try to tie a `server` block to a particular upstream service: any nginx config of the
 * workspace counts for every service (the common single-proxy layout).
 */
export interface NginxEvidence {
  /** `limit_req` / `limit_req_zone` directives. */
  rateLimit: Loc[];
  /** `add_header` (or headers-more `more_set_headers`) of HSTS, nosniff, CSP or X-Frame-Options. */
  securityHeaders: Loc[];
  /** `server_tokens off`. */
  serverTokensOff: Loc[];
  /** TLS termination: `listen … ssl`/`quic`, `ssl_certificate`. */
  tls: Loc[];
}

const SECURITY_HEADERS = new Set(['strict-transport-security', 'x-content-type-options', 'content-security-policy', 'x-frame-options']);

/** Evidence from one nginx file, cached per file version. */
export function nginxFileEvidence(workspace: WorkspaceModel, file: SourceFile): NginxEvidence {
  return workspace.cached(file, () => evidenceOf(file.path, parseNginx(file.text)), 'nginx');
}

/** Evidence from every nginx config of the workspace. */
export function nginxEvidence(workspace: WorkspaceModel): NginxEvidence {
  const out: NginxEvidence = { rateLimit: [], securityHeaders: [], serverTokensOff: [], tls: [] };
  for (const file of workspace.filesOfKind('nginx')) {
    const e = nginxFileEvidence(workspace, file);
    out.rateLimit.push(...e.rateLimit);
    out.securityHeaders.push(...e.securityHeaders);
    out.serverTokensOff.push(...e.serverTokensOff);
    out.tls.push(...e.tls);
  }
  return out;
}

export function evidenceOf(path: string, directives: NginxDirective[]): NginxEvidence {
  const out: NginxEvidence = { rateLimit: [], securityHeaders: [], serverTokensOff: [], tls: [] };
  const loc = (d: NginxDirective): Loc => ({ file: path, range: d.range });
  for (const d of walkNginx(directives)) {
    const name = d.name.toLowerCase();
    const first = d.args[0]?.value ?? '';
    switch (name) {
      case 'limit_req':
      case 'limit_req_zone':
        out.rateLimit.push(loc(d));
        break;
      case 'add_header':
        if (SECURITY_HEADERS.has(first.toLowerCase())) out.securityHeaders.push(loc(d));
        break;
      case 'more_set_headers':
        // `more_set_headers "Strict-Transport-Security: max-age=…"`: the header name precedes the colon.
        if (d.args.some((a) => SECURITY_HEADERS.has(a.value.split(':')[0].trim().toLowerCase()))) out.securityHeaders.push(loc(d));
        break;
      case 'server_tokens':
        if (first.toLowerCase() === 'off') out.serverTokensOff.push(loc(d));
        break;
      case 'listen':
        if (d.args.slice(1).some((a) => a.value === 'ssl' || a.value === 'quic')) out.tls.push(loc(d));
        break;
      case 'ssl_certificate':
        out.tls.push(loc(d));
        break;
    }
  }
  return out;
}
