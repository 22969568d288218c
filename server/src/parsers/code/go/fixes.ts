import type { CodeFixBuilders } from '../language';
import { addHealthRoute, addRateLimit, addSecurityHeaders } from './fix-app';
import { addGracefulShutdown, addServerTimeouts } from './fix-serve';
import { corsFromConfig, debugFromEnv, sampleRateFromEnv, secretFromEnv, secureCookie } from './fix-values';

/**
 * Go fix builders. Each edits only what it must, adds the imports it uses, and returns [] when the
 * code is shaped in a way it does not rewrite safely (an app created at package level, a serve call
 * already inside a goroutine…). Fixes that need a new module also offer "Add <module> to go.mod".
 */
export const goFixes: CodeFixBuilders = {
  addRateLimit,
  addSecurityHeaders,
  addHealthRoute,
  addGracefulShutdown,
  addServerTimeouts,
  corsFromConfig,
  debugFromEnv,
  secretFromEnv,
  sampleRateFromEnv,
  secureCookie,
};
