import type { LanguageSupport } from '../language';
import { extractTypeScript } from './extract';
import { fixes } from './fixes';
import { mayMatter } from './prefilter';

/** TypeScript and JavaScript (Express, Fastify, NestJS, Next.js, Koa), parsed with ts-morph. */
export const typescript: LanguageSupport = {
  languages: ['typescript', 'javascript'],
  mayMatter,
  extract: extractTypeScript,
  fixes,
};
