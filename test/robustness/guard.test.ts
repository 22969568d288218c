/**
 * Analysis is static and offline (ARCHITECTURE.md): it never starts a process and never opens a
 * socket. Every way Node offers to do either is replaced by a recorder that throws, then the whole
 * pipeline the CLI runs (discovery from disk + analyze, including fix computation and the lazy
 * loading of grammars and code parsers) runs over examples/ and every fixture project. The TypeScript
 * loader of the test runner (tsx, which drives esbuild) is the one caller allowed through.
 */
import assert from 'node:assert/strict';
import childProcess from 'node:child_process';
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';
import workerThreads from 'node:worker_threads';
import { test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { loadWorkspaceFromDisk } from '../../server/src/engine/workspace-loader';
import { projectRoots } from './_corpus';

interface Patch {
  target: Record<string, unknown>;
  key: string;
  name: string;
}

const PATCHES: Patch[] = [
  ...['spawn', 'exec', 'execFile', 'fork', 'spawnSync', 'execSync', 'execFileSync'].map((key) => ({ target: childProcess as unknown as Record<string, unknown>, key, name: `child_process.${key}` })),
  ...['connect', 'createConnection'].map((key) => ({ target: net as unknown as Record<string, unknown>, key, name: `net.${key}` })),
  { target: net.Socket.prototype as unknown as Record<string, unknown>, key: 'connect', name: 'net.Socket#connect' },
  { target: tls as unknown as Record<string, unknown>, key: 'connect', name: 'tls.connect' },
  ...['request', 'get'].flatMap((key) => [
    { target: http as unknown as Record<string, unknown>, key, name: `http.${key}` },
    { target: https as unknown as Record<string, unknown>, key, name: `https.${key}` },
  ]),
  { target: http2 as unknown as Record<string, unknown>, key: 'connect', name: 'http2.connect' },
  { target: dgram as unknown as Record<string, unknown>, key: 'createSocket', name: 'dgram.createSocket' },
  ...['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny'].map((key) => ({ target: dns as unknown as Record<string, unknown>, key, name: `dns.${key}` })),
  { target: dns.promises as unknown as Record<string, unknown>, key: 'lookup', name: 'dns.promises.lookup' },
  { target: globalThis as unknown as Record<string, unknown>, key: 'fetch', name: 'fetch' },
  { target: globalThis as unknown as Record<string, unknown>, key: 'WebSocket', name: 'WebSocket' },
  { target: workerThreads as unknown as Record<string, unknown>, key: 'Worker', name: 'worker_threads.Worker' },
];

/** Calls made by the test runner's TypeScript loader, not by our code. */
const LOADER = /node_modules[\\/](tsx|esbuild|get-tsconfig)[\\/]/;

function install(calls: string[]): () => void {
  const originals = PATCHES.map((p) => p.target[p.key]);
  for (const [i, p] of PATCHES.entries()) {
    const original = originals[i];
    if (typeof original !== 'function') continue;
    p.target[p.key] = function guarded(this: unknown, ...args: unknown[]) {
      const stack = new Error().stack ?? '';
      if (LOADER.test(stack)) {
        // `new Worker(…)` from esbuild must still construct.
        return new.target ? Reflect.construct(original as new (...a: unknown[]) => unknown, args, new.target) : Reflect.apply(original as (...a: unknown[]) => unknown, this, args);
      }
      calls.push(`${p.name}(${JSON.stringify(args[0] ?? '').slice(0, 80)})\n${stack.split('\n').slice(2, 8).join('\n')}`);
      throw new Error(`analysis called ${p.name}`);
    };
  }
  // ES module bindings of builtins are snapshots; this makes `import { spawn }` see the recorders too.
  syncBuiltinESMExports();
  return () => {
    for (const [i, p] of PATCHES.entries()) p.target[p.key] = originals[i];
    syncBuiltinESMExports();
  };
}

test('loading and analysing every project spawns no process and opens no socket', async (t) => {
  const calls: string[] = [];
  const crashes: string[] = [];
  const restore = install(calls);
  let findings = 0;
  try {
    for (const root of projectRoots()) {
      const ws = loadWorkspaceFromDisk(root, { onSkip: () => undefined });
      const result = await analyze(ws, { onRuleError: (rule, file, e) => crashes.push(`${rule} on ${root}/${file}: ${(e as Error)?.message}`) });
      findings += result.findings.length;
    }
  } finally {
    restore();
  }
  t.diagnostic(`${projectRoots().length} projects, ${findings} findings`);
  assert.deepEqual(calls, [], 'process or network calls during analysis');
  // A recorder that threw inside a rule would surface as a rule crash rather than as a call.
  assert.deepEqual(crashes.filter((c) => /analysis called/.test(c)), []);
});
