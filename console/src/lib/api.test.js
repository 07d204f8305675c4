import { describe, expect, it } from 'vitest';
import { client } from './api.js';
import { retryAfterMillis } from './consistency.js';

function answer(status, body, headers = {}) {
  const all = new Map(Object.entries({ 'content-type': status < 300 ? 'application/json' : 'application/problem+json', ...headers })
    .map(([k, v]) => [k.toLowerCase(), v]));
  return { ok: status < 300, status, headers: { get: (name) => all.get(name.toLowerCase()) ?? null }, json: async () => body };
}

/** A fetch that answers from a script and records what it was sent. */
function scripted(...answers) {
  const sent = [];
  const fetchImpl = async (path, init) => {
    sent.push({ path, method: init.method, headers: init.headers });
    return answers.shift() ?? answer(200, {});
  };
  return { fetchImpl, sent };
}

const session = { token: 'a.b.c' };
const noWait = async () => {};

describe('read-your-writes across services', () => {
  it('sends the tokens a registry write answered on the next write to relation and wallet, not on reads', async () => {
    const { fetchImpl, sent } = scripted(answer(201, {}, { 'Mesh-Consistency-Token': 'e1,e2' }));
    const api = client(fetchImpl, session, { wait: noWait });
    await api.post('/api/v1/kinships', {});
    await api.get('/api/v1/relations?size=10');
    await api.post('/api/v1/relations', {});
    await api.put('/api/v1/relations/r1/quota', { amountFen: 1 });
    await api.post('/api/v1/accounts/p1/credits', {});
    await api.post('/api/v1/persons/p1/enrollment', {});
    expect(sent.map((s) => s.headers['Mesh-Await'])).toEqual([undefined, undefined, 'e1,e2', 'e1,e2', 'e1,e2', undefined]);
  });

  it('keeps the last few tokens, each once, and forgets them at a new sign-in', async () => {
    const current = { token: 'one' };
    const headers = Array.from({ length: 10 }, (_, i) => answer(200, {}, { 'Mesh-Consistency-Token': `e${i}` }));
    const { fetchImpl } = scripted(...headers, answer(200, {}, { 'Mesh-Consistency-Token': 'e9' }));
    const api = client(fetchImpl, current, { wait: noWait });
    for (let i = 0; i < 11; i++) await api.post('/api/v1/persons', {});
    expect(api.tokens.ids).toEqual(['e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9']);
    current.token = 'two';
    await api.post('/api/v1/persons', {});
    expect(api.tokens.ids).toEqual([]);
  });

  it('tries once more after Retry-After when the service has not caught up, then answers', async () => {
    const waits = [];
    const { fetchImpl, sent } = scripted(
      answer(201, {}, { 'Mesh-Consistency-Token': 'e1' }),
      answer(503, { code: 'NOT_YET_CONSISTENT' }, { 'Retry-After': '2' }),
      answer(201, { relationId: 'r1' }));
    const api = client(fetchImpl, session, { wait: async (ms) => waits.push(ms) });
    await api.post('/api/v1/kinships', {});
    expect(await api.post('/api/v1/relations', {})).toEqual({ relationId: 'r1' });
    expect(waits).toEqual([2000]);
    expect(sent.slice(1).map((s) => s.headers['Mesh-Await'])).toEqual(['e1', 'e1']);
  });

  it('gives up after one retry and shows the refusal', async () => {
    const { fetchImpl, sent } = scripted(
      answer(503, { code: 'NOT_YET_CONSISTENT' }, { 'Retry-After': '1' }),
      answer(503, { code: 'NOT_YET_CONSISTENT' }, { 'Retry-After': '1' }));
    const api = client(fetchImpl, session, { wait: noWait });
    await expect(api.post('/api/v1/relations', {})).rejects.toMatchObject({ status: 503, code: 'NOT_YET_CONSISTENT' });
    expect(sent).toHaveLength(2);
  });

  it('reads Retry-After as seconds or a date, within bounds', () => {
    expect(retryAfterMillis('1')).toBe(1000);
    expect(retryAfterMillis('0')).toBe(200);
    expect(retryAfterMillis('3600')).toBe(5000);
    expect(retryAfterMillis(null)).toBe(1000);
    expect(retryAfterMillis(new Date(10_000 + 3000).toUTCString(), 10_000)).toBe(3000);
  });
});

describe('refusals', () => {
  it('carry the problem code and the status', async () => {
    const { fetchImpl } = scripted(answer(409, { code: 'TRANSFER_NOT_OPEN', detail: 'x' }));
    await expect(client(fetchImpl, session).post('/api/v1/transfers/t1/confirm'))
      .rejects.toMatchObject({ status: 409, code: 'TRANSFER_NOT_OPEN' });
  });
  it('sign out on 401 while signed in', async () => {
    let signedOut = false;
    const { fetchImpl } = scripted(answer(401, { code: 'UNAUTHORIZED' }));
    await expect(client(fetchImpl, session, { onUnauthorized: () => { signedOut = true; } }).get('/api/v1/quotas')).rejects.toThrow();
    expect(signedOut).toBe(true);
  });
});

describe('answers that never come', () => {
  /** A fetch whose first `hanging` requests are never answered (until their signal aborts them), then answers 200. */
  function hangingFirst(hanging) {
    const sent = [];
    const fetchImpl = (path, init) => {
      sent.push({ path, signal: init.signal });
      if (sent.length > hanging) return Promise.resolve(answer(200, { token: 't' }));
      return new Promise((resolve, reject) => {
        if (!init.signal) return;
        init.signal.addEventListener('abort', () => reject(init.signal.reason));
      });
    };
    return { fetchImpl, sent };
  }

  it('a safe call that times out is sent once more, on a new request', async () => {
    const { fetchImpl, sent } = hangingFirst(1);
    const api = client(fetchImpl, session, { wait: noWait });
    expect(await api.post('/dev/tokens', {}, { timeoutMs: 20, safe: true })).toEqual({ token: 't' });
    expect(sent).toHaveLength(2);
    expect(sent[0].signal).not.toBe(sent[1].signal);
  });

  it('a safe call is sent twice at most, then the timeout is the answer', async () => {
    const { fetchImpl, sent } = hangingFirst(2);
    const api = client(fetchImpl, session, { wait: noWait });
    await expect(api.post('/dev/tokens', {}, { timeoutMs: 20, safe: true })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(sent).toHaveLength(2);
  });

  it('a call that may change something is never sent again after a timeout', async () => {
    const { fetchImpl, sent } = hangingFirst(1);
    const api = client(fetchImpl, session, { wait: noWait });
    await expect(api.post('/api/v1/payments', {}, { timeoutMs: 20 })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(sent).toHaveLength(1);
  });
});
