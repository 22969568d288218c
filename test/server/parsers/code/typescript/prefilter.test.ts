import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { typescript } from '../../../../../server/src/parsers/code/typescript';
import { memoryWorkspace } from '../../../../helpers/workspace';
import { facts, lines, src } from './_ts';

function matters(path: string, text: string): boolean {
  return typescript.mayMatter(memoryWorkspace({ [path]: text }).file(path)!);
}

describe('TS/JS pre-filter', () => {
  it('keeps files importing a framework, a security or observability library, or Node http', () => {
    for (const line of [
      "import express from 'express';",
      "const fastify = require('fastify')();",
      "import { NestFactory } from '@nestjs/core';",
      "import { NextResponse } from 'next/server';",
      "import Koa from 'koa';",
      "import { createServer } from 'node:http';",
      "import rateLimit from 'express-rate-limit';",
      "import * as Sentry from '@sentry/node';",
      "const { RateLimiterRedis } = require('rate-limiter-flexible');",
      "import jwt from 'jsonwebtoken';",
      "const client = await import('prom-client');",
      "import '@opentelemetry/auto-instrumentations-node/register';",
    ]) assert.equal(matters('src/x.ts', src(line)), true, line);
  });

  it('keeps registration helpers, plugins and signal handlers that import nothing we know', () => {
    assert.equal(matters('lib/health.js', src('module.exports = function (app) {', "  app.get('/health', (req, res) => res.end('ok'));", '};')), true);
    assert.equal(matters('src/shutdown.ts', src("process.on('SIGTERM', () => process.exit(0));")), true);
    assert.equal(matters('next.config.mjs', src('export default {};')), true);
    assert.equal(matters('pages/api/ping.js', src('export default (req, res) => res.end();')), true);
  });

  it('skips ordinary code, bundles, vendored files and declaration-like paths', () => {
    assert.equal(matters('src/util/format.ts', src("import { format } from 'date-fns';", 'export const day = (d: Date) => format(d, "yyyy-MM-dd");')), false);
    assert.equal(matters('src/client.ts', src("import axios from 'axios';", 'export const api = axios.create();', "api.get('/users');")), false);
    assert.equal(matters('dist/server.js', src("const express = require('express');")), false);
    assert.equal(matters('node_modules/express/index.js', src("module.exports = require('./lib/express');")), false);
  });

  it('finds a credential in an unrelated file without parsing it', () => {
    const files = { 'worker/src/billing.ts': src("import Stripe from 'stripe';", "const stripe = new Stripe('sk_live_51H8vQkLmNoPqRsTuVwXyZaBcD');") };
    const f = facts(files, 'worker/src/billing.ts');
    assert.deepEqual(lines(f.facts), ['secret Stripe secret key sk_l…cD @2:28']);
  });
});
