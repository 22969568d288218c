import { describe, expect, it } from 'vitest';

describe('invoice jobs', () => {
  it('keeps the queue name stable', () => {
    expect('invoices').toBe('invoices');
  });
});
