/**
 * Where an offset sits in a script, quoting-wise: what a rewritten reference must look like there.
 * Scanners are deliberately small (no full grammar): they only need quotes, comments, heredocs and
 * nesting, and they run on text whose `${{ … }}` expressions are already masked.
 */

export type ShellQuoting = 'code' | 'double' | 'single' | 'comment' | 'heredoc' | 'heredoc-literal';

/** The quoting context of `offset` in a POSIX shell script. */
export function shellQuotingAt(text: string, offset: number): ShellQuoting {
  type Frame = { kind: 'code' | 'double' | 'single' | 'ansi' | 'comment' | 'backtick'; parens: number };
  const stack: Frame[] = [{ kind: 'code', parens: 0 }];
  const pending: { delim: string; strip: boolean; literal: boolean }[] = [];
  let heredoc: { delim: string; strip: boolean; literal: boolean } | undefined;
  let i = 0;
  const top = () => stack[stack.length - 1];
  while (i < offset && i < text.length) {
    const c = text[i];
    if (heredoc) {
      const lineEnd = text.indexOf('\n', i);
      const end = lineEnd < 0 ? text.length : lineEnd;
      if (offset <= end) return heredoc.literal ? 'heredoc-literal' : 'heredoc';
      const line = text.slice(i, end).replace(/\r$/, '');
      if ((heredoc.strip ? line.replace(/^\t+/, '') : line) === heredoc.delim) heredoc = pending.shift();
      i = end + 1;
      continue;
    }
    const f = top();
    switch (f.kind) {
      case 'comment':
        if (c === '\n') {
          stack.pop();
          continue; // the newline itself may start a heredoc
        }
        i++;
        continue;
      case 'single':
        if (c === "'") stack.pop();
        i++;
        continue;
      case 'ansi':
        if (c === '\\') i += 2;
        else {
          if (c === "'") stack.pop();
          i++;
        }
        continue;
      case 'double':
        if (c === '\\') i += 2;
        else if (c === '"') {
          stack.pop();
          i++;
        } else if (c === '$' && text[i + 1] === '(') {
          stack.push({ kind: 'code', parens: 0 });
          i += 2;
        } else if (c === '`') {
          stack.push({ kind: 'backtick', parens: 0 });
          i++;
        } else i++;
        continue;
      default: {
        if (c === '\\') {
          i += 2;
          continue;
        }
        if (c === '\n' && pending.length) {
          heredoc = pending.shift();
          i++;
          continue;
        }
        if (c === '#' && (i === 0 || /[\s;|&()]/.test(text[i - 1]))) stack.push({ kind: 'comment', parens: 0 });
        else if (c === "'") stack.push({ kind: text[i - 1] === '$' ? 'ansi' : 'single', parens: 0 });
        else if (c === '"') stack.push({ kind: 'double', parens: 0 });
        else if (c === '`') {
          if (f.kind === 'backtick') stack.pop();
          else stack.push({ kind: 'backtick', parens: 0 });
        } else if (c === '$' && text[i + 1] === '(') {
          stack.push({ kind: 'code', parens: 0 });
          i += 2;
          continue;
        } else if (c === '(') f.parens++;
        else if (c === ')') {
          if (f.parens > 0) f.parens--;
          else if (stack.length > 1) stack.pop();
        } else if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<') {
          const m = /^<<(-?)[ \t]*(['"]?)([A-Za-z_][\w-]*)\2/.exec(text.slice(i, i + 80));
          if (m) {
            pending.push({ delim: m[3], strip: m[1] === '-', literal: m[2] !== '' });
            i += m[0].length;
            continue;
          }
        }
        i++;
      }
    }
  }
  if (heredoc) return heredoc.literal ? 'heredoc-literal' : 'heredoc';
  const k = top().kind;
  return k === 'ansi' ? 'single' : k === 'backtick' ? 'code' : k;
}

export type JsQuoting = 'code' | 'single' | 'double' | 'template' | 'comment';

/** The quoting context of `offset` in JavaScript (regular expression literals are not recognised). */
export function jsQuotingAt(text: string, offset: number): JsQuoting {
  type Frame = { kind: 'code' | 'single' | 'double' | 'template' | 'line' | 'block'; braces: number };
  const stack: Frame[] = [{ kind: 'code', braces: 0 }];
  let i = 0;
  while (i < offset && i < text.length) {
    const c = text[i];
    const f = stack[stack.length - 1];
    if (f.kind === 'line') {
      if (c === '\n') stack.pop();
      i++;
    } else if (f.kind === 'block') {
      if (c === '*' && text[i + 1] === '/') {
        stack.pop();
        i += 2;
      } else i++;
    } else if (f.kind === 'single' || f.kind === 'double') {
      if (c === '\\') i += 2;
      else {
        if (c === (f.kind === 'single' ? "'" : '"') || c === '\n') stack.pop();
        i++;
      }
    } else if (f.kind === 'template') {
      if (c === '\\') i += 2;
      else if (c === '`') {
        stack.pop();
        i++;
      } else if (c === '$' && text[i + 1] === '{') {
        stack.push({ kind: 'code', braces: 0 });
        i += 2;
      } else i++;
    } else {
      if (c === '/' && text[i + 1] === '/') stack.push({ kind: 'line', braces: 0 });
      else if (c === '/' && text[i + 1] === '*') stack.push({ kind: 'block', braces: 0 });
      else if (c === "'") stack.push({ kind: 'single', braces: 0 });
      else if (c === '"') stack.push({ kind: 'double', braces: 0 });
      else if (c === '`') stack.push({ kind: 'template', braces: 0 });
      else if (c === '{') f.braces++;
      else if (c === '}') {
        if (f.braces > 0) f.braces--;
        else if (stack.length > 1) stack.pop();
      }
      i += c === '/' && (text[i + 1] === '/' || text[i + 1] === '*') ? 2 : 1;
    }
  }
  const k = stack[stack.length - 1].kind;
  return k === 'line' || k === 'block' ? 'comment' : k;
}

export type PwshQuoting = 'code' | 'double' | 'single' | 'comment' | 'unknown';

/** PowerShell: quotes, backtick escapes and `#` comments; here-strings make the answer unknown. */
export function pwshQuotingAt(text: string, offset: number): PwshQuoting {
  if (/@["']\s*$/m.test(text)) return 'unknown';
  let state: PwshQuoting = 'code';
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text[i];
    if (state === 'comment') {
      if (c === '\n') state = 'code';
    } else if (state === 'single') {
      if (c === "'") {
        if (text[i + 1] === "'") i++;
        else state = 'code';
      }
    } else if (state === 'double') {
      if (c === '`') i++;
      else if (c === '"') state = 'code';
    } else if (c === '#') state = 'comment';
    else if (c === "'") state = 'single';
    else if (c === '"') state = 'double';
    else if (c === '`') i++;
  }
  return state;
}
