import { isMap } from 'yaml';
import { defineRule } from '../../server/src/core/rule';
import type { Fix, TextEdit } from '../../server/src/core/types';
import { bindsAllInterfaces, type ComposePort, type ComposeService } from '../../server/src/parsers/compose';
import { deleteEntry, deleteItem, insertEntries, replaceInScalar, scalarSource, type YMap, type YSeq } from '../../server/src/parsers/yaml';
import { onceGuard, projectOf, q, storeOf } from './_compose';

const LOOPBACK = '127.0.0.1';

function bindLoopback(s: ComposeService, port: ComposePort): TextEdit | undefined {
  const y = s.yaml;
  if (port.long) {
    const hostIp = y.get(port.node, 'host_ip');
    if (hostIp?.value) return replaceInScalar(y, hostIp.value, 0, (y.str(hostIp.value) ?? '').length, LOOPBACK);
    return isMap(port.node) ? insertEntries(y, port.node as YMap, { host_ip: LOOPBACK }) : undefined;
  }
  const src = scalarSource(y, port.node);
  if (!src) return undefined;
  // Replace an explicit all-interfaces address, or prefix one: `5432:5432` → `127.0.0.1:5432:5432`, `5432` → `127.0.0.1::5432`.
  if (port.hostIp !== undefined) {
    const ip = src.value.startsWith('[') ? src.value.indexOf(']') + 1 : port.hostIp.length;
    return replaceInScalar(y, port.node, 0, ip, LOOPBACK);
  }
  return replaceInScalar(y, port.node, 0, 0, port.published === undefined && !src.value.includes(':') ? `${LOOPBACK}::` : `${LOOPBACK}:`);
}

function removeMapping(s: ComposeService, port: ComposePort): TextEdit | undefined {
  const entry = s.portsEntry;
  if (!entry || entry.mergedFrom || port.file !== s.file) return undefined;
  const seq = s.yaml.asSeq(entry.value) as YSeq | undefined;
  if (!seq) return undefined;
  return seq.items.length === 1 ? deleteEntry(s.yaml, entry) : deleteItem(s.yaml, seq, port.index);
}

export default defineRule({
  id: 'compose/exposed-datastore-port',
  meta: {
    category: 'security',
    severity: 'warning',
    summary: 'A database, cache or broker publishes its port on every host interface.',
    fixes: ['safe', 'unsafe'],
    aliases: [],
    scope: 'file',
    kinds: ['compose'],
    productionOnly: true,
  },
  check(ctx) {
    const project = projectOf(ctx);
    if (!project) return;
    const once = onceGuard();
    for (const s of project.services) {
      const store = storeOf(ctx.workspace, s);
      if (!store) continue;
      const open = s.ports.filter((p) => p.file === ctx.file!.path && !p.external && p.target !== undefined && bindsAllInterfaces(p.hostIp));
      if (!open.length) {
        ctx.pass();
        continue;
      }
      for (const port of open) {
        if (!once(port)) continue;
        const fixes: Fix[] = [];
        const bind = bindLoopback(s, port);
        if (bind) fixes.push({ title: `Publish on ${LOOPBACK} only`, safety: 'safe', changes: [{ file: port.file, edits: [bind] }] });
        const remove = removeMapping(s, port);
        if (remove) fixes.push({ title: 'Remove the port mapping (other services reach it on the compose network)', safety: 'unsafe', changes: [{ file: port.file, edits: [remove] }] });
        ctx.report({
          file: port.file,
          range: port.range,
          message: `Service ${q(s.name)} (${store.label}, ${q(store.image)}) publishes ${port.published ? `host port ${port.published}` : 'a random host port'} (→ ${port.target}) on every host interface: anyone who can reach the host can connect to it directly. Bind it to ${LOOPBACK}, or drop the mapping — other services reach it as \`${s.name}:${port.target}\`.`,
          fixes,
        });
      }
    }
  },
});
