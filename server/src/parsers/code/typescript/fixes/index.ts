import type { CodeFixBuilders } from '../../language';
import { addGracefulShutdown, addHealthRoute, addRateLimit, addSecurityHeaders } from './presence';
import { corsFromConfig, debugFromEnv, sampleRateFromEnv, secretFromEnv, secureCookie } from './values';

/** Fix builders for TS/JS; server timeouts (a Go rule) have none: Node servers have default timeouts. */
export const fixes: CodeFixBuilders = {
  addSecurityHeaders,
  addRateLimit,
  addHealthRoute,
  addGracefulShutdown,
  corsFromConfig,
  debugFromEnv,
  secretFromEnv,
  sampleRateFromEnv,
  secureCookie,
};
