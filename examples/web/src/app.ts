import * as Sentry from '@sentry/node';
import cors from 'cors';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import pinoHttp from 'pino-http';
import { authRouter } from './routes/auth';
import ordersRouter from './routes/orders';

Sentry.init({
  dsn: process.env.SENTRY_DSN,
  environment: process.env.SENTRY_ENVIRONMENT,
  tracesSampleRate: 1.0,
});

export function createApp() {
  const app = express();

  app.use(pinoHttp());
  // The storefront runs on several preview domains; reflecting the origin was the quick way to support them all.
  app.use(cors({ origin: true, credentials: true }));
  app.use(express.json({ limit: '100kb' }));
  app.use(
    session({
      name: 'sf.sid',
      secret: 'storefront-session-secret-2023',
      resave: false,
      saveUninitialized: false,
      cookie: { secure: false, maxAge: 1000 * 60 * 60 * 8 },
    }),
  );

  app.use('/auth', authRouter);
  app.use('/api/orders', ordersRouter);

  Sentry.setupExpressErrorHandler(app);
  app.use((err: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    res.status(err.status ?? 500).json({ error: err.message, stack: err.stack });
  });

  return app;
}
