import { describe, expect, it } from 'vitest';
import { latest, retried } from './latest.js';

function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

describe('only the last call applies its answer', () => {
  it('drops an answer that arrives after a later call started', async () => {
    const run = latest();
    const first = deferred();
    const second = deferred();
    const a = run(() => first.promise);
    const b = run(() => second.promise);
    second.resolve('B');
    first.resolve('A');
    expect(await b).toEqual({ value: 'B' });
    expect(await a).toBeNull();
  });

  it('reports the last call failure and drops an overtaken one', async () => {
    const run = latest();
    const first = deferred();
    const a = run(() => first.promise);
    const b = run(() => Promise.reject(new Error('the registry refused')));
    first.reject(new Error('stale'));
    expect(await a).toBeNull();
    await expect(b).rejects.toThrow('the registry refused');
  });

  it('keeps an answer when no later call came', async () => {
    expect(await latest()(async () => [1, 2])).toEqual({ value: [1, 2] });
  });
});

describe('a page script tried again', () => {
  it('loads after a failed attempt', async () => {
    let calls = 0;
    const page = await retried(async () => {
      calls += 1;
      if (calls === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return 'Rollout';
    });
    expect(page).toBe('Rollout');
    expect(calls).toBe(2);
  });

  it('gives up after the last attempt with its failure', async () => {
    let calls = 0;
    await expect(retried(async () => { calls += 1; throw new Error(`attempt ${calls}`); }, 3)).rejects.toThrow('attempt 3');
    expect(calls).toBe(3);
  });
});
