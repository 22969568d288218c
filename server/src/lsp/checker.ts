/**
 * Push diagnostics for open documents, debounced per document.
 *
 * Every request to check a document bumps that document's generation; an analysis only publishes if
 * its generation is still current and the document still has the version it analysed, so a slow
 * analysis of an old version never overwrites a newer result. The generation also feeds the
 * engine's `isCancelled`, which stops superseded analyses between rules.
 */
import { performance } from 'node:perf_hooks';
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ClaimRecord } from '../core/claims';
import { analyze } from '../engine/analyze';
import { toDiagnostics } from './diagnostics';
import type { OpenDoc, OpenDocuments } from './documents';
import { pathToUri } from './paths';
import type { Root } from './roots';
import { join } from 'node:path';

/** An analysis slower than this is logged (the budget for one file is far lower; see ARCHITECTURE.md). */
export const TIME_BUDGET_MS = 1_000;

export interface Published {
  version: number;
  diagnostics: Diagnostic[];
  /** Readiness claims of the document (Markdown), every status: supported ones become CodeLenses. */
  claims: ClaimRecord[];
}

interface State {
  generation: number;
  timer?: NodeJS.Timeout;
  published?: Published;
  /** Resolves when the run of the current generation finished (published or dropped). */
  running?: Promise<Published | undefined>;
}

export interface CheckerDeps {
  connection: Connection;
  texts: TextDocuments<TextDocument>;
  open: OpenDocuments;
  /** Resolves once the first settings are known; analyses wait for it. */
  ready: () => Promise<void>;
  relatedInformation: boolean;
  /** Called when a document's claims changed, so that the client re-asks for CodeLenses. */
  onClaimsChanged?: (uri: string) => void;
}

export class DiagnosticsScheduler {
  private readonly states = new Map<string, State>();
  private readonly loggedRuleErrors = new Set<string>();
  private disposed = false;

  constructor(private readonly deps: CheckerDeps) {}

  /** Checks a document after `delayMs` (default: its root's `debounceMs`), superseding pending checks. */
  schedule(uri: string, delayMs?: number): void {
    if (this.disposed) return;
    const doc = this.deps.open.get(uri);
    if (!doc) return;
    const state = this.stateOf(uri);
    clearTimeout(state.timer);
    const generation = ++state.generation;
    const delay = delayMs ?? doc.root.workspace.config.debounceMs;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      state.running = this.run(uri, generation);
    }, Math.max(0, delay));
  }

  /** Re-checks every open document of a root (after a change another file may depend on). */
  scheduleRoot(root: Root, exceptUri?: string, delayMs?: number): void {
    for (const doc of this.deps.open.inRoot(root)) if (doc.uri !== exceptUri) this.schedule(doc.uri, delayMs);
  }

  scheduleAll(delayMs?: number): void {
    for (const doc of this.deps.open.all()) this.schedule(doc.uri, delayMs);
  }

  /** A document closed: stop its checks and clear its diagnostics. */
  forget(uri: string): void {
    const state = this.states.get(uri);
    if (state) {
      clearTimeout(state.timer);
      state.generation++;
      this.states.delete(uri);
    }
    if (!this.disposed) void this.deps.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** The diagnostics last published for a document. */
  published(uri: string): Published | undefined {
    return this.states.get(uri)?.published;
  }

  /**
   * Diagnostics for the document's current version: the published ones when up to date, else a
   * check run now (and published). Undefined when the document is not open or the check was superseded.
   */
  async current(uri: string): Promise<Published | undefined> {
    const version = this.deps.texts.get(uri)?.version;
    const state = this.states.get(uri);
    if (version === undefined || !state) return undefined;
    if (state.published?.version === version && !state.timer) return state.published;
    if (state.timer) {
      clearTimeout(state.timer);
      state.timer = undefined;
      state.running = this.run(uri, ++state.generation);
    }
    const result = await state.running;
    return result?.version === version ? result : undefined;
  }

  dispose(): void {
    this.disposed = true;
    for (const state of this.states.values()) {
      clearTimeout(state.timer);
      state.generation++;
    }
  }

  private stateOf(uri: string): State {
    let state = this.states.get(uri);
    if (!state) this.states.set(uri, (state = { generation: 0 }));
    return state;
  }

  private async run(uri: string, generation: number): Promise<Published | undefined> {
    const state = this.states.get(uri);
    const isStale = () => this.disposed || state === undefined || state.generation !== generation || this.states.get(uri) !== state;
    try {
      await this.deps.ready();
      const doc = this.deps.open.get(uri);
      const version = this.deps.texts.get(uri)?.version;
      if (isStale() || !doc || version === undefined) return undefined;
      const computed = await this.compute(doc, isStale);
      if (!computed || isStale() || this.deps.texts.get(uri)?.version !== version) return undefined;
      const { diagnostics, claims } = computed;
      const claimsChanged = JSON.stringify(state!.published?.claims ?? []) !== JSON.stringify(claims);
      const published = { version, diagnostics, claims };
      state!.published = published;
      await this.deps.connection.sendDiagnostics({ uri, version, diagnostics });
      if (claimsChanged) this.deps.onClaimsChanged?.(uri);
      return published;
    } catch (error) {
      this.deps.connection.console.error(`checking ${uri} failed: ${(error as Error)?.stack ?? error}`);
      return undefined;
    }
  }

  /** Findings of one open document as diagnostics, and its claims; undefined when cancelled. */
  private async compute(doc: OpenDoc, isCancelled: () => boolean): Promise<{ diagnostics: Diagnostic[]; claims: ClaimRecord[] } | undefined> {
    const root = doc.root;
    const ws = root.workspace;
    const none = { diagnostics: [], claims: [] };
    if (!doc.analysed || doc.tooLarge || !ws.config.enable) return none;
    const rel = doc.rel;
    if (!ws.file(rel)) return none;
    const started = performance.now();
    const result = await analyze(
      ws,
      {
        onlyFiles: new Set([rel]),
        isCancelled,
        onRuleError: (rule, file, error) => this.ruleError(rule, file, error),
      },
      root.cache,
    );
    if (result.cancelled || isCancelled() || root.workspace !== ws || doc.root !== root) return undefined;
    const elapsed = performance.now() - started;
    if (elapsed > TIME_BUDGET_MS) {
      this.deps.connection.console.warn(`analysis of ${rel} took ${Math.round(elapsed)} ms (budget ${TIME_BUDGET_MS} ms)`);
    }
    const file = ws.file(rel);
    if (!file) return none;
    const diagnostics = toDiagnostics(
      result.findings.filter((f) => f.file === rel),
      {
        workspace: ws,
        file,
        relatedInformation: this.deps.relatedInformation,
        uriOf: (path) => this.deps.open.uriOfPath(join(root.path, path)) ?? pathToUri(join(root.path, path)),
      },
    );
    return { diagnostics, claims: result.claims.filter((c) => c.file === rel) };
  }

  private ruleError(rule: string, file: string | null, error: unknown): void {
    const key = `${rule}\u0000${file}`;
    if (this.loggedRuleErrors.has(key)) return;
    this.loggedRuleErrors.add(key);
    this.deps.connection.console.error(`rule ${rule} failed on ${file ?? 'the workspace'}: ${(error as Error)?.stack ?? error}`);
  }
}
