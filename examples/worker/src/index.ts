import { Worker } from 'bullmq';
import IORedis from 'ioredis';
import Stripe from 'stripe';

const connection = new IORedis(process.env.REDIS_URL ?? 'redis://localhost:6379');
const stripe = new Stripe(process.env.STRIPE_API_KEY ?? '', { apiVersion: '2024-04-10' });

export const worker = new Worker(
  'invoices',
  async (job) => {
    await stripe.invoices.finalizeInvoice(job.data.invoiceId);
  },
  { connection, concurrency: 4 },
);
