/**
 * A real LSP client for protocol tests: a JSON-RPC message connection (vscode-jsonrpc, through
 * `vscode-languageserver-protocol/node`) talking to the real server, either in memory (two
 * PassThrough streams, `startServer` on the other end) or to the built bundle spawned with `--stdio`. Waiting is always "until the condition holds or a timeout",
 * never a fixed sleep.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type MessageConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../../server/src/lsp/server';

export const BUNDLE = resolve(__dirname, '../../server/out/server.js');
export const DEFAULT_TIMEOUT_MS = 10_000;

/** What a full-featured editor (VS Code) declares. */
export const FULL_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: false },
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
  },
  window: { workDoneProgress: true },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
};

export interface StartOptions {
  /** Workspace folder paths (absolute). */
  folders?: string[];
  /** Send `rootUri` instead of `workspaceFolders`. */
  rootOnly?: boolean;
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  /** Answers `workspace/configuration` items; null settings by default. */
  configuration?: (items: { scopeUri?: string; section?: string }[]) => unknown[];
  /** Spawn the built bundle with `--stdio` instead of running the server in memory. */
  spawn?: boolean;
}

export class TestClient {
  readonly notifications: { method: string; params: any }[] = [];
  private readonly listeners = new Set<() => void>();
  readonly serverRequests: { method: string; params: any }[] = [];
  readonly logs: string[] = [];
  init!: InitializeResult;
  child?: ChildProcess;
  stderr = '';

  private constructor(readonly connection: MessageConnection, private readonly options: StartOptions) {}

  static async start(options: StartOptions = {}): Promise<TestClient> {
    let connection: MessageConnection;
    let child: ChildProcess | undefined;
    if (options.spawn) {
      child = spawn(process.execPath, [BUNDLE, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    } else {
      const toServer = new PassThrough();
      const toClient = new PassThrough();
      // Reader/writer objects (not raw streams), so the library does not exit the process when they end.
      startServer(createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient)));
      connection = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    }
    const client = new TestClient(connection, options);
    client.child = child;
    child?.stderr?.on('data', (d) => (client.stderr += d));
    connection.onNotification((method: string, params: any) => {
      if (method === 'window/logMessage') client.logs.push(params.message);
      client.notifications.push({ method, params });
      for (const l of [...client.listeners]) l();
    });
    // `$/progress` is routed to progress handlers, not to the generic notification handler.
    connection.onUnhandledProgress((params: unknown) => {
      client.notifications.push({ method: '$/progress', params });
      for (const l of [...client.listeners]) l();
    });
    connection.onRequest((method: string, params: any) => {
      client.serverRequests.push({ method, params });
      for (const l of [...client.listeners]) l();
      if (method === 'workspace/configuration') return options.configuration ? options.configuration(params.items) : params.items.map(() => null);
      if (method === 'workspace/workspaceFolders') return (options.folders ?? []).map((f) => ({ uri: uriOf(f), name: f }));
      return null;
    });
    connection.listen();
    const folders = options.folders ?? [];
    client.init = await connection.sendRequest('initialize', {
      processId: null,
      rootUri: folders[0] ? uriOf(folders[0]) : null,
      workspaceFolders: options.rootOnly ? null : folders.map((f, i) => ({ uri: uriOf(f), name: `folder${i}` })),
      capabilities: options.capabilities ?? FULL_CAPABILITIES,
      initializationOptions: options.initializationOptions ?? { debounceMs: 5 },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  request<R = any>(method: string, params: unknown, token?: CancellationTokenSource): Promise<R> {
    return (token ? this.connection.sendRequest(method, params, token.token) : this.connection.sendRequest(method, params)) as Promise<R>;
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  open(path: string, text: string, version = 1, languageId = 'plaintext'): Promise<void> {
    return this.notify('textDocument/didOpen', { textDocument: { uri: uriOf(path), languageId, version, text } });
  }

  /** A full-text change (allowed under incremental sync). */
  change(path: string, version: number, text: string): Promise<void> {
    return this.notify('textDocument/didChange', { textDocument: { uri: uriOf(path), version }, contentChanges: [{ text }] });
  }

  /** An incremental change of one range. */
  edit(path: string, version: number, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): Promise<void> {
    return this.notify('textDocument/didChange', { textDocument: { uri: uriOf(path), version }, contentChanges: [{ range, text }] });
  }

  close(path: string): Promise<void> {
    return this.notify('textDocument/didClose', { textDocument: { uri: uriOf(path) } });
  }

  /** Every publishDiagnostics for a file, in arrival order. */
  publishes(path: string): PublishDiagnosticsParams[] {
    const uri = uriOf(path);
    return this.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri).map((n) => n.params);
  }

  /** Resolves when `test` returns a value other than undefined/false, re-evaluated on every message. */
  until<T>(what: string, test: () => T | undefined | false, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
    return new Promise((resolvePromise, reject) => {
      const check = () => {
        let value: T | undefined | false;
        try {
          value = test();
        } catch (error) {
          done();
          reject(error);
          return;
        }
        if (value !== undefined && value !== false) {
          done();
          resolvePromise(value);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last messages: ${JSON.stringify(this.notifications.slice(-4)).slice(0, 1500)}${this.stderr ? `; stderr: ${this.stderr.slice(-500)}` : ''}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Waits until the latest diagnostics published for `path` satisfy `test`; returns them. */
  diagnostics(path: string, test: (diagnostics: Diagnostic[], version: number | undefined) => boolean = () => true, timeoutMs?: number): Promise<Diagnostic[]> {
    return this.until(
      `diagnostics of ${path} matching ${test.toString().slice(0, 120)}`,
      () => {
        const latest = this.publishes(path).at(-1);
        return latest && test(latest.diagnostics, latest.version) ? latest.diagnostics : undefined;
      },
      timeoutMs,
    );
  }

  /** Waits for a notification of `method` (after the first `skip` of them) matching `test`. */
  notification(method: string, test: (params: any) => boolean = () => true, timeoutMs?: number): Promise<any> {
    return this.until(`${method}`, () => this.notifications.find((n) => n.method === method && test(n.params))?.params, timeoutMs);
  }

  async stop(): Promise<void> {
    try {
      await this.request('shutdown', null);
      if (this.child) await this.notify('exit', null);
    } catch {
      /* already gone */
    }
    this.connection.dispose();
    if (this.child && this.child.exitCode === null) {
      await new Promise<void>((r) => {
        const timer = setTimeout(() => {
          this.child!.kill();
          r();
        }, 2_000);
        this.child!.once('exit', () => {
          clearTimeout(timer);
          r();
        });
      });
    }
  }
}

export function uriOf(path: string): string {
  return pathToFileURL(path).href;
}

/** A temporary project on disk (real files), removed by `cleanup`. */
export function tempProject(files: Record<string, string> = {}): { root: string; path: (rel: string) => string; write: (rel: string, text: string) => string; cleanup: () => void } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'readiness-lsp-')));
  const write = (rel: string, text: string) => {
    const full = join(root, rel);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    return full;
  };
  for (const [rel, text] of Object.entries(files)) write(rel, text);
  return { root, path: (rel) => join(root, rel), write, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export function bundleBuilt(): boolean {
  return existsSync(BUNDLE);
}

export { CancellationTokenSource };
