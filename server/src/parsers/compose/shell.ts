/**
 * Shell scripts inside compose values (`healthcheck: test: [CMD-SHELL, "…"]`, string `test:`,
 * `command:`), parsed with the bash grammar with ranges inside the YAML scalar. Compose turns `$$`
 * into `$` before the container sees the string; `${VAR}` is left for the shell (a dynamic word).
 */
import { getLoadedParser } from '../shell/grammar';
import type { ShellScript } from '../shell/model';
import { parseShell } from '../shell/parse';
import { scalarSource } from '../yaml';
import type { ComposeValue } from './model';

const scripts = new WeakMap<object, ShellScript>();

/** The parsed script of a value; undefined until the bash grammar is loaded (the engine loads it for compose files). */
export function shellOf(value: ComposeValue): ShellScript | undefined {
  const known = scripts.get(value.node);
  if (known) return known;
  if (!getLoadedParser('bash')) return undefined;
  const src = scalarSource(value.yaml, value.node);
  if (!src) return undefined;
  let text = '';
  const map: number[] = [];
  for (let i = 0; i < src.value.length; i++) {
    text += src.value[i];
    map.push(i);
    if (src.value[i] === '$' && src.value[i + 1] === '$') i++;
  }
  const script = parseShell(text, (start, end) => {
    const s = start < map.length ? map[start] : src.value.length;
    const e = end <= start ? s : end - 1 < map.length ? map[end - 1] + 1 : src.value.length;
    return src.toHostRange(s, e);
  });
  scripts.set(value.node, script);
  return script;
}
