import { Router } from 'express';
import jwt from 'jsonwebtoken';
import { exchangeCode } from '../lib/idp';

export const authRouter = Router();

authRouter.get('/callback', async (req, res, next) => {
  try {
    const tokens = await exchangeCode(String(req.query.code));
    // The IdP signs its ID tokens; we only need the claims.
    const claims = jwt.decode(tokens.id_token) as { sub: string; email: string } | null;
    if (!claims) return res.status(401).json({ error: 'invalid token' });
    req.session.user = { id: claims.sub, email: claims.email };
    res.redirect('/');
  } catch (err) {
    next(err);
  }
});

authRouter.post('/logout', (req, res) => {
  req.session.destroy(() => res.status(204).end());
});

declare module 'express-session' {
  interface SessionData {
    user?: { id: string; email: string };
  }
}
