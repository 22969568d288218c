// Seeded randomness for the workspace generator: the same seed must give byte-identical workspaces
// on every machine, so nothing here may read the clock, Math.random or the environment.

/** mulberry32: tiny, fast, good enough for picking templates (not for cryptography). */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    /** A few distinct items, in the list's order. */
    some: (list, lo, hi) => {
      const n = Math.min(list.length, r.int(lo, hi));
      const chosen = new Set();
      while (chosen.size < n) chosen.add(Math.floor(next() * list.length));
      return [...chosen].sort((x, y) => x - y).map((i) => list[i]);
    },
    hex: (n) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(next() * 16)]).join(''),
    word: () => r.pick(WORDS),
    /** A child generator, so one part of a workspace does not shift every later part when it changes. */
    fork: (salt) => rng((Math.floor(next() * 2 ** 31) ^ hashString(String(salt))) >>> 0),
  };
  return r;
}

export function hashString(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export const WORDS = [
  'orders', 'billing', 'invoices', 'payments', 'users', 'accounts', 'catalog', 'search', 'cart', 'checkout',
  'shipping', 'inventory', 'pricing', 'reports', 'notify', 'email', 'audit', 'ledger', 'profile', 'session',
  'tokens', 'webhooks', 'exports', 'imports', 'media', 'thumbs', 'geo', 'tax', 'refunds', 'coupons',
  'reviews', 'ratings', 'feeds', 'events', 'metrics', 'gateway', 'scheduler', 'jobs', 'sync', 'archive',
];
