import { matchesAny } from '../core/glob';
import type { Environment } from './model';

// Name tokens that mark a file as development by default (`docker-compose.dev.yml`, `Dockerfile.local`,
// `compose.override.yaml`). Tokens, not substrings, so `latest` or `contest` do not count as test.
const DEV_TOKEN = /^(dev|develop|development|local|test|tests|testing|override|example|examples|sample|debug|e2e|ci)$/;
const DEV_STAGE = /^(dev|test|debug)/;

export function environmentOfPath(path: string, environments: { production: string[]; development: string[] }): Environment {
  if (environments.production.length && matchesAny(path, environments.production)) return 'production';
  if (environments.development.length && matchesAny(path, environments.development)) return 'development';
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const tokens = base.split(/[.\-_]+/);
  return tokens.some((t) => DEV_TOKEN.test(t)) ? 'development' : 'production';
}

export function environmentOfStage(fileEnvironment: Environment, stageName: string | undefined): Environment {
  if (fileEnvironment === 'development') return 'development';
  return stageName && DEV_STAGE.test(stageName.toLowerCase()) ? 'development' : 'production';
}
