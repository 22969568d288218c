import type { Fix } from '../../core/types';
import type { SourceFile, WorkspaceModel } from '../../workspace/model';
import type {
  AppLanguage, CodeFileFacts, CookieFact, CorsFact, DebugFact, HttpApp, SecretFact, ServeFact, TraceSamplingFact,
} from '../../model/app';

/**
 * What each language module (server/src/parsers/code/<language>/index.ts) provides: a cheap
 * pre-filter, the fact extractor, and the fix builders the `code/*` rules call. Builders return []
 * when they have no idiomatic fix for the case.
 */
export interface LanguageSupport {
  languages: readonly AppLanguage[];
  /**
   * Cheap text test run before any parsing: does this file possibly create an HTTP app, configure
   * one, or hold facts we look for (framework imports, settings modules, Sentry/requests/jwt use)?
   */
  mayMatter(file: SourceFile): boolean;
  /** Parses the file and extracts its facts. Never throws; syntax errors set `hasErrors`. */
  extract(file: SourceFile, workspace: WorkspaceModel): CodeFileFacts;
  fixes: CodeFixBuilders;
}

export interface CodeFixBuilders {
  /** code/missing-rate-limit: the framework's idiomatic limiter (+ dependency action). */
  addRateLimit?(app: HttpApp, workspace: WorkspaceModel): Fix[];
  /** code/missing-security-headers: helmet / @fastify/helmet / a headers middleware… */
  addSecurityHeaders?(app: HttpApp, workspace: WorkspaceModel): Fix[];
  /**
   * code/missing-health-endpoint: a liveness route in the app's style. `options.path` is the path the
   * deployment already probes (a compose/Dockerfile healthcheck), when there is one; else `/healthz`.
   */
  addHealthRoute?(app: HttpApp, workspace: WorkspaceModel, options?: { path?: string }): Fix[];
  /** code/missing-graceful-shutdown: a SIGTERM handler / Shutdown on a signal context. */
  addGracefulShutdown?(app: HttpApp, serve: ServeFact | undefined, workspace: WorkspaceModel): Fix[];
  /** code/server-without-timeouts: an explicit server with timeouts. */
  addServerTimeouts?(serve: ServeFact, workspace: WorkspaceModel): Fix[];
  /** code/cors-wildcard: origins read from configuration. */
  corsFromConfig?(cors: CorsFact, workspace: WorkspaceModel): Fix[];
  /** code/debug-enabled: read from the environment, defaulting to off. */
  debugFromEnv?(debug: DebugFact, workspace: WorkspaceModel): Fix[];
  /** code/hardcoded-secret: read from the environment. */
  secretFromEnv?(secret: SecretFact, workspace: WorkspaceModel): Fix[];
  /** code/sentry-full-trace-sampling: env-driven rate with a low default. */
  sampleRateFromEnv?(fact: TraceSamplingFact, workspace: WorkspaceModel): Fix[];
  /** code/insecure-session-cookie: Secure/HttpOnly on. */
  secureCookie?(cookie: CookieFact, workspace: WorkspaceModel): Fix[];
}
