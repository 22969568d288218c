/**
 * Healthcheck knowledge for compose services: the idiomatic test of well-known images, a port probe
 * for services built in the workspace (with a program the image is known to contain), and the
 * programs an existing test calls.
 */
import { effectiveCommand, programName } from '../../server/src/parsers/shell/commands';
import type { ShellWord } from '../../server/src/parsers/shell/model';
import { shellOf, type ComposeService, type ComposeValue } from '../../server/src/parsers/compose';
import type { BuiltImage } from '../../server/src/parsers/compose/link';
import { imageContents } from '../../server/src/model/image';
import { probesFor } from '../dockerfile/_probe';
import type { Store } from './_compose';

const json = (argv: string[]): string => `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;

function major(tag: string | undefined): number | undefined {
  const m = /^(\d+)/.exec(tag ?? '');
  return m ? Number(m[1]) : undefined;
}

function minorOf(tag: string | undefined): number {
  const m = /^\d+\.(\d+)/.exec(tag ?? '');
  return m ? Number(m[1]) : 0;
}

/** `test:` for a well-known datastore image, written as a YAML flow sequence. */
export function storeTest(store: Store, service: ComposeService): string | undefined {
  switch (store.kind) {
    case 'postgres':
      // `$$` so that Compose leaves the variable to the container's shell, which has POSTGRES_USER.
      return json(['CMD-SHELL', 'pg_isready -U $${POSTGRES_USER:-postgres}']);
    case 'mysql':
      return json(['CMD', 'mysqladmin', 'ping', '-h', 'localhost']);
    case 'mariadb': {
      const m = major(store.tag);
      // healthcheck.sh ships with the 10.4+ images (and 11.x); older ones only have mysqladmin.
      if (m !== undefined && (m < 10 || (m === 10 && minorOf(store.tag) < 4))) return json(['CMD', 'mysqladmin', 'ping', '-h', 'localhost']);
      return json(['CMD', 'healthcheck.sh', '--connect', '--innodb_initialized']);
    }
    case 'mongo': {
      const m = major(store.tag);
      // mongosh replaced the legacy `mongo` shell in the 5.0 images.
      return json(['CMD', m !== undefined && m < 5 ? 'mongo' : 'mongosh', '--quiet', '--eval', "db.adminCommand('ping')"]);
    }
    case 'redis':
    case 'valkey': {
      const cli = store.kind === 'valkey' ? 'valkey-cli' : 'redis-cli';
      const text = service.command?.text?.value ?? service.command?.argv.map((a) => a.value).join(' ') ?? '';
      // With a password an unauthenticated PING answers NOAUTH — still proof the server is up.
      return /--requirepass\b/.test(text) ? json(['CMD-SHELL', `${cli} ping | grep -qE 'PONG|NOAUTH'`]) : json(['CMD', cli, 'ping']);
    }
    case 'rabbitmq':
      return json(['CMD', 'rabbitmq-diagnostics', '-q', 'ping']);
    default:
      return undefined;
  }
}

/**
 * The container port a built service listens on: the target of its first published port, else its
 * image's EXPOSE — unless `command:`/`entrypoint:` replace what the image runs (a worker started
 * from the API's image does not serve the API's port).
 */
export function servicePort(service: ComposeService, built: BuiltImage): string | undefined {
  const published = service.ports.map((p) => p.target ?? '');
  const candidates = service.command || service.entrypoint ? published : [...published, ...built.exposed];
  return candidates.find((p) => /^\d+$/.test(p));
}

/**
 * A probe of `http://localhost:<port>/health` with a program the image certainly contains, built by
 * the same helper as dockerfile/missing-healthcheck's fix so both files suggest the same check.
 */
export function probeTest(built: BuiltImage, port: string): { test: string; url: string; binary: string } | undefined {
  const url = `http://localhost:${port}/health`;
  const probe = probesFor(imageContents(built.model, built.stage), url)[0];
  return probe && { test: json(['CMD-SHELL', probe.command]), url, binary: probe.binary };
}

// Shell builtins and utilities a check may call that say nothing about missing tools.
const BUILTINS = new Set(['exit', 'true', 'false', 'test', '[', '[[', 'echo', 'printf', 'set', 'export', 'cd', ':', 'return', 'exec', 'eval', 'read', 'if', 'then', 'fi', 'command', 'type', 'sleep']);

export interface CalledProgram {
  name: string;
  /** The word naming it, with its range in the compose file. */
  range: ComposeValue['range'];
}

/** Programs a healthcheck test runs: the CMD program, or every program of a CMD-SHELL script. */
export function calledPrograms(service: ComposeService): CalledProgram[] {
  const test = service.healthcheck?.test;
  if (!test) return [];
  if (test.kind === 'CMD' && test.argv[0]) {
    const first = test.argv[0];
    return [{ name: first.value.slice(first.value.lastIndexOf('/') + 1), range: first.range }];
  }
  if (test.kind !== 'CMD-SHELL' || !test.script) return [];
  const script = shellOf(test.script);
  if (!script) return [];
  const out: CalledProgram[] = [];
  for (const cmd of script.commands) {
    const eff = effectiveCommand(cmd);
    const word: ShellWord | undefined = eff?.name;
    const name = programName(word);
    if (!word || !name || BUILTINS.has(name)) continue;
    out.push({ name, range: word.range });
  }
  return out;
}
