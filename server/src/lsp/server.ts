/**
 * The Readiness language server: wires the protocol to the engine. It only translates — documents
 * and file events into the workspace model (documents.ts, roots.ts, scan.ts), findings into
 * diagnostics (checker.ts, diagnostics.ts), diagnostic data into code actions (codeActions.ts) and
 * hovers (hover.ts), and the audit request into the report model (audit.ts).
 *
 * Roots: each workspace folder is a root, scanned from disk in the background at `initialized`.
 * A client without workspace folders but with `rootUri` gets that folder; files outside every folder
 * (or with no folder at all) are analysed in an ad-hoc root per directory, whose files are listed
 * shallowly — so a lone Dockerfile still sees the `.dockerignore` beside it.
 */
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeAction,
  type CodeLens,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { whenCancelled, withTimeout } from './async';
import { AuditCancelled, auditRoots } from './audit';
import { DiagnosticsScheduler } from './checker';
import { foldersOf, readSupport, toFolder } from './clientSupport';
import { fixAllAction, FIX_ALL_KIND, kindRequested, quickFixes, type ActionContext } from './codeActions';
import { OpenDocuments, type OpenDoc } from './documents';
import { claimHoverAt, claimLenses } from './claims';
import { hoverAt } from './hover';
import { pathToUri, uriToPath } from './paths';
import { AuditRequestMethod, ScoreNotificationMethod, type AuditParams, type ScoreParams } from './protocol';
import { RootSet, type Root } from './roots';
import { primeDirectory, scanFolder, workspaceFromScan } from './scan';
import { Settings } from './settings';

export interface ServerOptions {
  /** Script to run background scans in a worker thread (the bundle); scans run in-thread without it. */
  scanWorker?: string;
}

/** How long analyses wait for the first `workspace/configuration` answer before using what they have. */
const SETTINGS_WAIT_MS = 3_000;
/** Quiet time after the last change before the status-bar score is recomputed in the background. */
const SCORE_IDLE_MS = 1_500;

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const texts = new TextDocuments(TextDocument);
  const roots = new RootSet();
  let support = readSupport({});
  let settings = new Settings(undefined, connection, false);
  let settingsReady: Promise<void> = Promise.resolve();
  let initOptionsFromOurClient = false;
  let disposed = false;
  const log = (message: string) => connection.console.log(message);
  const open = new OpenDocuments(roots, () => settings.windowSettings(), log);
  let checker: DiagnosticsScheduler | undefined;
  const check = () => checker!;

  /** Runs a handler so that an exception is logged and answered with `fallback`, never fatal. */
  function guard<A extends unknown[], R>(name: string, fallback: R, fn: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A) => {
      try {
        return await fn(...args);
      } catch (error) {
        connection.console.error(`${name} failed: ${(error as Error)?.stack ?? error}`);
        return fallback;
      }
    };
  }

  const onRuleError = (rule: string, file: string | null, error: unknown) =>
    connection.console.error(`rule ${rule} failed on ${file ?? 'the workspace'}: ${(error as Error)?.stack ?? error}`);

  // ---- lifecycle --------------------------------------------------------------------------------

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    support = readSupport(params.capabilities ?? {});
    settings = new Settings(params.initializationOptions, connection, support.configuration);
    initOptionsFromOurClient = typeof (params.initializationOptions as { settings?: unknown } | undefined)?.settings === 'object';
    roots.setFolders(foldersOf(params));
    for (const root of roots.folderRoots) {
      root.editor = settings.windowSettings();
      // The root's own listing (its `.readiness.yaml` above all) before the first diagnostics.
      primeDirectory(root.workspace, root.path, '');
      root.reconfigure();
    }
    const lensRefresh = params.capabilities?.workspace?.codeLens?.refreshSupport === true;
    checker = new DiagnosticsScheduler({
      connection,
      texts,
      open,
      ready: () => settingsReady,
      relatedInformation: support.relatedInformation,
      // Supported claims change when another file does (a compose file gains its healthcheck).
      onClaimsChanged: lensRefresh ? () => void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined) : undefined,
    });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: support.codeActionLiterals
          ? { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false }
          : false,
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'readiness' },
    };
  });

  connection.onInitialized(
    guard('initialized', undefined, () => {
      settingsReady = withTimeout(
        settings.refresh(roots.all()).then((changed) => {
          for (const root of changed) root.reconfigure();
        }),
        SETTINGS_WAIT_MS,
      );
      if (support.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(guard('didChangeWorkspaceFolders', undefined, () => refreshFolders()));
      }
      // Our VS Code client watches files itself (see client/src/languageClient.ts); other clients are asked to.
      if (support.watchedFilesDynamic && !initOptionsFromOurClient) {
        void connection.client
          .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] })
          .catch((e: Error) => log(`could not register file watchers: ${e.message}`));
      }
      void scanAll(roots.folderRoots);
    }),
  );

  connection.onShutdown(() => {
    disposed = true;
    clearTimeout(scoreTimer);
    checker?.dispose();
    roots.dispose();
  });

  // ---- background scan --------------------------------------------------------------------------

  async function scanAll(targets: readonly Root[]): Promise<void> {
    await Promise.all(targets.map((root) => scan(root)));
    if (disposed || targets.length === 0) return;
    // A first score for the status bar, once every folder is known.
    try {
      const report = await auditRoots(roots.folderRoots, { isCancelled: () => disposed, onRuleError });
      sendScore(report.score, report.findings.length);
    } catch (error) {
      if (!(error instanceof AuditCancelled)) connection.console.error(`initial score failed: ${(error as Error)?.stack ?? error}`);
    }
  }

  async function scan(root: Root): Promise<void> {
    if (root.scan !== 'pending') return root.scanned;
    root.scan = 'running';
    const started = performance.now();
    const progress = support.workDoneProgress
      ? connection.window.createWorkDoneProgress().then(
          (reporter) => {
            reporter.begin('Readiness', undefined, `Scanning ${root.name}`, false);
            return reporter;
          },
          () => undefined,
        )
      : Promise.resolve(undefined);
    try {
      await settingsReady;
      const result = await scanFolder(root.path, root.editor, { workerEntry: options.scanWorker, signal: root.abort.signal, log });
      if (!result || root.abort.signal.aborted || disposed) return;
      if (result.error) connection.console.warn(`cannot scan ${root.path}: ${result.error}`);
      for (const s of result.skipped.slice(0, 20)) log(`skipped ${s.path}: ${s.reason}`);
      if (result.skipped.length > 20) log(`… and ${result.skipped.length - 20} more skipped files`);
      root.replaceWorkspace(workspaceFromScan(root.path, result));
      open.overlay(root, (uri) => texts.get(uri));
      for (const rel of root.changedDuringScan) open.restoreFromDisk(root, rel);
      root.changedDuringScan.clear();
      root.reconfigure();
      log(`scanned ${root.name}: ${result.paths.length} files listed, ${result.files.length} read in ${Math.round(performance.now() - started)} ms`);
      check().scheduleRoot(root, undefined, 0);
    } finally {
      root.scan = 'done';
      root.markScanned();
      void progress.then((reporter) => reporter?.done());
    }
  }

  async function refreshFolders(): Promise<void> {
    const folders = (await connection.workspace.getWorkspaceFolders()) ?? [];
    const { added, removed } = roots.setFolders(folders.flatMap(toFolder));
    for (const root of added) {
      primeDirectory(root.workspace, root.path, '');
    }
    await settings.refresh(added);
    for (const root of added) root.reconfigure();
    const moved = open.rehome((uri) => texts.get(uri));
    for (const doc of moved) check().schedule(doc.uri, 0);
    if (removed.length || added.length) void scanAll(added);
  }

  let lastScore: ScoreParams | undefined;
  function sendScore(score: number | null, findings: number): void {
    if (disposed) return;
    if (lastScore && lastScore.score === score && lastScore.findings === findings) return;
    lastScore = { score, findings };
    void connection.sendNotification(ScoreNotificationMethod, lastScore);
  }

  // The status bar follows edits: once the workspace has been quiet for a moment, re-score it in
  // the background (a newer change cancels a running re-score).
  let scoreTimer: ReturnType<typeof setTimeout> | undefined;
  let scoreGeneration = 0;
  function scheduleScore(): void {
    if (disposed || roots.folderRoots.length === 0 || roots.folderRoots.some((r) => r.scan !== 'done')) return;
    const generation = ++scoreGeneration;
    clearTimeout(scoreTimer);
    scoreTimer = setTimeout(() => {
      auditRoots(roots.folderRoots, { isCancelled: () => disposed || generation !== scoreGeneration, onRuleError }).then(
        (report) => {
          if (generation === scoreGeneration) sendScore(report.score, report.findings.length);
        },
        (error) => {
          if (!(error instanceof AuditCancelled)) log(`re-scoring failed: ${(error as Error)?.message ?? error}`);
        },
      );
    }, SCORE_IDLE_MS);
  }

  // ---- documents --------------------------------------------------------------------------------

  texts.onDidChangeContent(
    guard('didChange', undefined, (event) => {
      const isNew = open.get(event.document.uri) === undefined;
      const update = open.update(event.document);
      if (!update) return;
      const { doc } = update;
      if (isNew && doc.root.isFolder && doc.root.scan !== 'done') primeDocumentDirectory(doc);
      // Opening is checked at once; typing is debounced.
      check().schedule(doc.uri, isNew ? 0 : undefined);
      // Cross-file rules: another open document may depend on this one (a compose file on its Dockerfile).
      if (update.configChanged) check().scheduleRoot(doc.root, doc.uri, 0);
      else if (update.changed) check().scheduleRoot(doc.root, doc.uri);
      if (update.changed || update.configChanged) scheduleScore();
    }),
  );

  texts.onDidClose(
    guard('didClose', undefined, (event) => {
      const closed = open.close(event.document.uri);
      check().forget(event.document.uri);
      if (closed?.changed) {
        check().scheduleRoot(closed.doc.root, undefined, closed.configChanged ? 0 : undefined);
        scheduleScore();
      }
    }),
  );

  /** Before the scan, list the directory of a newly opened document (its `.dockerignore`, lockfiles…). */
  function primeDocumentDirectory(doc: OpenDoc): void {
    const slash = doc.rel.lastIndexOf('/');
    if (slash < 0) return;
    primeDirectory(doc.root.workspace, dirname(doc.path), doc.rel.slice(0, slash));
  }

  // ---- workspace events -------------------------------------------------------------------------

  connection.onDidChangeWatchedFiles(
    guard('didChangeWatchedFiles', undefined, (params) => {
      const affected = new Set<Root>();
      let configChanged = false;
      for (const change of params.changes) {
        const path = uriToPath(change.uri);
        if (!path) continue;
        for (const root of roots.rootsContaining(path)) {
          const rel = root.relative(path)!;
          if (root.scan === 'running') root.changedDuringScan.add(rel);
          const result =
            change.type === FileChangeType.Deleted
              ? { changed: open.removeTree(root, rel), configChanged: false }
              : open.restoreFromDisk(root, rel);
          if (result.changed) affected.add(root);
          if (result.configChanged) configChanged = true;
        }
      }
      for (const root of affected) check().scheduleRoot(root, undefined, configChanged ? 0 : undefined);
      if (affected.size) scheduleScore();
    }),
  );

  connection.onDidChangeConfiguration(
    guard('didChangeConfiguration', undefined, async (params) => {
      settings.applyPush(params.settings);
      const changed = await settings.refresh(roots.all());
      for (const root of changed) {
        root.reconfigure();
        check().scheduleRoot(root, undefined, 0);
      }
      if (changed.length) scheduleScore();
    }),
  );

  // ---- code actions and hover -------------------------------------------------------------------

  connection.onCodeAction(
    guard('codeAction', [] as CodeAction[], async (params, token: CancellationToken) => {
      const doc = open.get(params.textDocument.uri);
      const text = texts.get(params.textDocument.uri);
      if (!doc || !text || !support.codeActionLiterals || token.isCancellationRequested) return [];
      const ctx = actionContext(doc, text.version);
      const only = params.context.only;
      const actions = quickFixes(params.context.diagnostics ?? [], ctx, only);
      if (kindRequested(only, FIX_ALL_KIND)) {
        const current = await check().current(doc.uri);
        if (token.isCancellationRequested) return [];
        const fixAll = current ? fixAllAction(current.diagnostics, { ...ctx, version: current.version }) : undefined;
        if (fixAll) actions.push(fixAll);
      }
      return actions;
    }),
  );

  function actionContext(doc: OpenDoc, version: number): ActionContext {
    return {
      uri: doc.uri,
      rel: doc.rel,
      version,
      support: { documentChanges: support.documentChanges, createFiles: support.createFiles },
      uriOf: (rel) => {
        const path = join(doc.root.path, rel);
        return open.uriOfPath(path) ?? pathToUri(path);
      },
      versionOf: (uri) => texts.get(uri)?.version ?? null,
    };
  }

  connection.onHover(
    guard('hover', null, (params, token: CancellationToken) => {
      if (token.isCancellationRequested) return null;
      const published = check().published(params.textDocument.uri);
      if (!published) return null;
      const doc = open.get(params.textDocument.uri);
      const uriOf = (rel: string) => (doc ? open.uriOfPath(join(doc.root.path, rel)) ?? pathToUri(join(doc.root.path, rel)) : rel);
      return hoverAt(published.diagnostics, params.position, support.hoverMarkdown) ?? claimHoverAt(published.claims, params.position, support.hoverMarkdown, uriOf);
    }),
  );

  connection.onCodeLens(
    guard('codeLens', [] as CodeLens[], async (params, token: CancellationToken) => {
      // The lenses of the current version: wait for a pending check rather than show stale ones.
      const current = await check().current(params.textDocument.uri);
      if (token.isCancellationRequested || !current) return [];
      return claimLenses(current.claims);
    }),
  );

  // ---- audit ------------------------------------------------------------------------------------

  connection.onRequest(AuditRequestMethod, async (_params: AuditParams | undefined, token: CancellationToken) => {
    try {
      const targets = roots.folderRoots.length > 0 ? [...roots.folderRoots] : roots.adHocRoots;
      if (targets.length === 0) return new ResponseError(ErrorCodes.InvalidRequest, 'Readiness: open a folder (or a file) to audit');
      // The audit needs every file: wait for the scans, unless the client gives up first.
      await Promise.race([Promise.all(targets.map((r) => r.scanned)), whenCancelled(token)]);
      if (token.isCancellationRequested) throw new AuditCancelled();
      const report = await auditRoots(targets, { isCancelled: () => token.isCancellationRequested || disposed, onRuleError });
      sendScore(report.score, report.findings.length);
      return report;
    } catch (error) {
      if (error instanceof AuditCancelled || token.isCancellationRequested) {
        return new ResponseError(LSPErrorCodes.RequestCancelled, 'Readiness audit cancelled');
      }
      connection.console.error(`readiness/audit failed: ${(error as Error)?.stack ?? error}`);
      return new ResponseError(ErrorCodes.InternalError, `Readiness audit failed: ${(error as Error)?.message ?? error}`);
    }
  });

  texts.listen(connection);
  connection.listen();
}
