import { Router } from 'express';
import { config } from '../config';

const router = Router();

router.get('/', async (req, res, next) => {
  if (!req.session.user) return res.status(401).end();
  try {
    const upstream = await fetch(`${config.ordersApiUrl}/orders?customer=${encodeURIComponent(req.session.user.id)}`);
    res.status(upstream.status).json(await upstream.json());
  } catch (err) {
    next(err);
  }
});

router.get('/:id', async (req, res, next) => {
  if (!req.session.user) return res.status(401).end();
  try {
    const upstream = await fetch(`${config.ordersApiUrl}/orders/${encodeURIComponent(req.params.id)}`);
    res.status(upstream.status).json(await upstream.json());
  } catch (err) {
    next(err);
  }
});

export default router;
