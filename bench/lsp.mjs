// Language-server measurements against the built bundle (server/out/server.js) over --stdio, as an
// editor runs it. Prints one JSON line.
//   node bench/lsp.mjs start <file> [runs]     spawn → initialize → open → first publishDiagnostics
//   node bench/lsp.mjs edits <file> [edits]    edit-to-diagnostics over a burst of incremental edits
// Edits are sent one at a time and each waits for the publish of its own version: with
// `debounceMs: 0` the server could otherwise coalesce a burst into one analysis and we would measure
// nothing. The time is from sending didChange to receiving the diagnostics for that version.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import protocol from 'vscode-languageserver-protocol/node';

const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = protocol;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = resolve(ROOT, 'server/out/server.js');
const TIMEOUT_MS = 60_000;

/** Starts the server and returns a connection plus a waiter for a given (uri, version) publish. */
async function startServer(folder) {
  const child = spawn(process.execPath, [BUNDLE, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = new Set();
  const latest = new Map();
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    const at = performance.now();
    latest.set(params.uri, { version: params.version, count: params.diagnostics.length, at });
    for (const w of [...waiters]) w(params, at);
  });
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => null));
  connection.onRequest(() => null);
  connection.listen();
  const published = (uri, version) =>
    new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no diagnostics for ${uri} v${version} in ${TIMEOUT_MS} ms; stderr: ${stderr.slice(-400)}`));
      }, TIMEOUT_MS);
      const check = (params, at) => {
        if (params.uri !== uri || (version !== undefined && params.version !== version)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolvePromise({ at, count: params.diagnostics.length });
      };
      waiters.add(check);
    });
  const folderUri = folder ? pathToFileURL(folder).href : null;
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: folderUri ? [{ uri: folderUri, name: 'bench' }] : null,
    capabilities: { textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true, dataSupport: true } }, workspace: { configuration: true, workspaceFolders: true } },
    initializationOptions: { settings: { debounceMs: 0 } },
  });
  await connection.sendNotification('initialized', {});
  const stop = async () => {
    try {
      await connection.sendRequest('shutdown', null);
      await connection.sendNotification('exit', null);
    } catch {
      /* already gone */
    }
    connection.dispose();
    await new Promise((r) => {
      if (child.exitCode !== null) return r();
      const timer = setTimeout(() => {
        child.kill();
        r();
      }, 3_000);
      child.once('exit', () => {
        clearTimeout(timer);
        r();
      });
    });
  };
  return { connection, published, stop };
}

function languageOf(file) {
  return /dockerfile/i.test(file) ? 'dockerfile' : /\.ya?ml$/.test(file) ? 'yaml' : 'plaintext';
}

async function startToFirst(file, runs) {
  const text = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).href;
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const server = await startServer(dirname(file));
    const initializedAt = performance.now();
    const first = server.published(uri, 1);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: languageOf(file), version: 1, text } });
    const { at, count } = await first;
    samples.push({ totalMs: at - t0, initializeMs: initializedAt - t0, openToPublishMs: at - initializedAt, diagnostics: count });
    await server.stop();
  }
  const sorted = (key) => samples.map((s) => s[key]).sort((a, b) => a - b);
  const median = (key) => sorted(key)[Math.floor(samples.length / 2)];
  return { file: file.replace(ROOT + '/', ''), runs, medianMs: median('totalMs'), initializeMs: median('initializeMs'), openToPublishMs: median('openToPublishMs'), diagnostics: samples[0].diagnostics };
}

/**
 * Typing in a 2,000-line file: each edit inserts or removes a character on a different line
 * (insert at even steps, remove it at odd ones), so the text stays realistic and every version differs.
 */
async function editBurst(file, edits) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const text = lines.join('\n');
  const uri = pathToFileURL(file).href;
  const server = await startServer(dirname(file));
  try {
    const opened = server.published(uri, 1);
    const t0 = performance.now();
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: languageOf(file), version: 1, text } });
    const first = await opened;
    const openMs = first.at - t0;
    const samples = [];
    let line = 0;
    for (let i = 0; i < edits; i++) {
      const version = i + 2;
      if (i % 2 === 0) line = (line + 97) % (lines.length - 1);
      const end = lines[line].length;
      const change = i % 2 === 0
        ? { range: { start: { line, character: end }, end: { line, character: end } }, text: ' ' }
        : { range: { start: { line, character: end }, end: { line, character: end + 1 } }, text: '' };
      const done = server.published(uri, version);
      const sent = performance.now();
      await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      const { at } = await done;
      samples.push(at - sent);
    }
    samples.sort((a, b) => a - b);
    const p = (q) => samples[Math.min(samples.length - 1, Math.ceil((q / 100) * samples.length) - 1)];
    return { file: file.replace(ROOT + '/', ''), lines: lines.length - 1, edits, openMs, diagnostics: first.count, p50: p(50), p95: p(95), max: samples[samples.length - 1], mean: samples.reduce((a, b) => a + b, 0) / samples.length };
  } finally {
    await server.stop();
  }
}

const [mode, file, n] = process.argv.slice(2);
try {
  const out = mode === 'start' ? await startToFirst(resolve(file), Number(n ?? 5)) : mode === 'edits' ? await editBurst(resolve(file), Number(n ?? 1000)) : undefined;
  if (!out) throw new Error('usage: lsp.mjs start <file> [runs] | lsp.mjs edits <file> [edits]');
  console.log(JSON.stringify(out));
} catch (error) {
  console.error(error?.stack ?? error);
  process.exitCode = 1;
}
