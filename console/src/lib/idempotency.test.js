import { describe, expect, it } from 'vitest';
import { actionKey, IDEMPOTENCY_HEADER, newKey } from './idempotency.js';

describe('an Idempotency-Key per user action', () => {
  it('keeps the key while the same request is retried and takes a new one after success', () => {
    let n = 0;
    const action = actionKey(() => `k${++n}`);
    const body = { amountFen: 100, reference: 'r1' };
    expect(action.headersFor(body)).toEqual({ [IDEMPOTENCY_HEADER]: 'k1' });
    expect(action.headersFor({ ...body })).toEqual({ [IDEMPOTENCY_HEADER]: 'k1' });
    action.done();
    expect(action.headersFor(body)).toEqual({ [IDEMPOTENCY_HEADER]: 'k2' });
  });

  it('takes a new key when the operator changes the request, so it is never refused as a reused key', () => {
    let n = 0;
    const action = actionKey(() => `k${++n}`);
    expect(action.headersFor({ amountFen: 100 })[IDEMPOTENCY_HEADER]).toBe('k1');
    expect(action.headersFor({ amountFen: 200 })[IDEMPOTENCY_HEADER]).toBe('k2');
  });

  it('makes random keys with or without randomUUID', () => {
    expect(newKey({ randomUUID: () => 'uuid' })).toBe('uuid');
    const key = newKey({ getRandomValues: (a) => a.fill(171) });
    expect(key).toBe('ab'.repeat(16));
  });
});
