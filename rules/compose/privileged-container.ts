import { defineRule } from '../../server/src/core/rule';
import type { Range } from '../../server/src/core/types';
import { isHere, onceGuard, projectOf, q } from './_compose';

export default defineRule({
  id: 'compose/privileged-container',
  meta: {
    category: 'security',
    severity: 'error',
    summary: 'A service gets host-level powers: privileged mode, ALL/SYS_ADMIN capabilities, the Docker socket or a host namespace.',
    fixes: [],
    aliases: [],
    scope: 'file',
    kinds: ['compose'],
    productionOnly: false,
  },
  check(ctx) {
    const project = projectOf(ctx);
    if (!project) return;
    const once = onceGuard();
    for (const s of project.services) {
      const hits: { file: string; range: Range; message: string }[] = [];
      const name = q(s.name);
      if (s.privileged && s.yaml.isTrue(s.privileged.node) && isHere(ctx, s.privileged)) {
        hits.push({ ...s.privileged, message: `Service ${name} runs with \`privileged: true\`: it can access every host device and escape the container trivially.` });
      }
      for (const cap of s.capAdd) {
        const c = cap.value.toUpperCase().replace(/^CAP_/, '');
        if ((c === 'ALL' || c === 'SYS_ADMIN') && isHere(ctx, cap)) {
          hits.push({ ...cap, message: `Service ${name} adds capability \`${cap.value}\`: ${c === 'ALL' ? 'every capability is as good as privileged mode' : 'SYS_ADMIN allows mounting host filesystems and is a known container escape'}.` });
        }
      }
      for (const v of s.volumes) {
        if (v.source && /(^|\/)docker\.sock$/.test(v.source) && v.file === ctx.file!.path) {
          hits.push({ file: v.file, range: v.range, message: `Service ${name} mounts the Docker socket (${q(v.source)})${v.readOnly ? ' — read-only does not help, the API is still fully usable' : ''}: whoever controls the container controls the host.` });
        }
      }
      for (const [value, key] of [[s.networkMode, 'network_mode'], [s.pid, 'pid'], [s.ipc, 'ipc']] as const) {
        if (value && value.value === 'host' && isHere(ctx, value)) {
          hits.push({ ...value, message: `Service ${name} shares the host's ${key === 'network_mode' ? 'network stack' : key === 'pid' ? 'process namespace (it can see and signal every host process)' : 'IPC namespace'} (\`${key}: host\`): isolation from the host is lost.` });
        }
      }
      if (!hits.length) {
        ctx.pass();
        continue;
      }
      for (const h of hits) if (once(h)) ctx.report({ file: h.file, range: h.range, message: h.message });
    }
  },
});
