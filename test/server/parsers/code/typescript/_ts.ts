import type { CodeFact, CodeFileFacts } from '../../../../../server/src/model/app';
import { typescript } from '../../../../../server/src/parsers/code/typescript';
import { memoryWorkspace, type Files } from '../../../../helpers/workspace';

/** Joins lines with `\n` (test sources read like the files they stand for). */
export function src(...lines: string[]): string {
  return lines.join('\n') + '\n';
}

/** Facts of every TS/JS file of the workspace that passes the pre-filter, by path. */
export function extractAll(files: Files): Map<string, CodeFileFacts> {
  const ws = memoryWorkspace(files);
  const out = new Map<string, CodeFileFacts>();
  for (const path of Object.keys(files)) {
    const file = ws.file(path);
    if (!file || (file.kind !== 'typescript' && file.kind !== 'javascript') || !typescript.mayMatter(file)) continue;
    out.set(path, typescript.extract(file, ws));
  }
  return out;
}

export function facts(files: Files, path: string): CodeFileFacts {
  const f = extractAll(files).get(path);
  if (!f) throw new Error(`${path} was skipped by the pre-filter`);
  return f;
}

const at = (loc: { range: { start: { line: number; character: number } } }): string => `${loc.range.start.line + 1}:${loc.range.start.character + 1}`;

/**
 * One line per fact, for exact assertions: `route GET /users/:id router=routes/users.ts#default @4:1`.
 * Values read from config print as `origin:text`.
 */
export function lines(facts: readonly CodeFact[], kinds?: CodeFact['kind'][]): string[] {
  const out: string[] = [];
  for (const f of facts) {
    if (kinds && !kinds.includes(f.kind)) continue;
    switch (f.kind) {
      case 'capability': out.push(`capability ${f.capability} ${f.library}${f.appId ? ` app=${f.appId}` : ''} @${at(f.loc)}`); break;
      case 'route': out.push(`route ${f.method ?? '*'} ${f.path}${f.router ? ` router=${f.router}` : ''}${f.appId ? ` app=${f.appId}` : ''}${f.dynamic ? ' dynamic' : ''} @${at(f.loc)}`); break;
      case 'router': out.push(`router ${f.id} prefix=${f.prefix ?? '?'} @${at(f.loc)}`); break;
      case 'mount': out.push(`mount ${f.router ?? '(opaque)'} on ${f.parent ?? '?'} prefix=${f.prefix ?? '?'} @${at(f.loc)}`); break;
      case 'serve': out.push(`serve ${f.call}${f.appId ? ` app=${f.appId}` : ''}${f.gracefulShutdown ? ' graceful' : ''}${f.workers ? ` workers=${f.workers.origin}:${f.workers.text}` : ''}${f.timeouts ? ` timeouts=${Object.keys(f.timeouts).join(',')}` : ''} @${at(f.loc)}`); break;
      case 'cors': out.push(`cors ${f.library} ${f.origins} credentials=${f.credentials} @${at(f.originLoc)}`); break;
      case 'secret': out.push(`secret ${f.what} ${f.redacted}${f.envName ? ` env=${f.envName}` : ''} @${at(f.loc)}`); break;
      case 'jwt-unverified': out.push(`jwt ${f.what} @${at(f.loc)}`); break;
      case 'rate-limit-config': out.push(`rate-limit ${f.library} key=${f.key} storage=${f.storage} @${at(f.loc)}`); break;
      case 'trace-sampling': out.push(`trace-sampling ${f.library} ${f.value.origin}:${f.value.text} @${at(f.value.loc)}`); break;
      case 'cookie': out.push(`cookie ${f.library} secure=${f.secure ? `${f.secure.origin}:${f.secure.text}` : 'missing'} httpOnly=${f.httpOnly ? `${f.httpOnly.origin}:${f.httpOnly.text}` : 'missing'}${f.production ? '' : ' dev'} @${at(f.loc)}`); break;
      case 'debug': out.push(`debug ${f.value.origin}:${f.value.text}${f.production ? '' : ' dev'} @${at(f.value.loc)}`); break;
      default: out.push(f.kind);
    }
  }
  return out;
}
