import { session, signOut } from './session.js';
import { consistencyTokens, retryAfterMillis, TOKEN_HEADER } from './consistency.js';

/** A refused call: the problem+json's status and stable code, which the pages turn into words. */
export class ApiError extends Error {
  constructor(status, code, detail, body) {
    super(detail || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.body = body;
  }
}

const NOT_YET_CONSISTENT = 'NOT_YET_CONSISTENT';

/**
 * The console's HTTP client, over a `fetch` and the signed-in session. It remembers the consistency tokens writes
 * answer and sends them on the next writes to relation and wallet; a 503 NOT_YET_CONSISTENT is tried once more after
 * its Retry-After (nothing was done, so the repeat is safe).
 */
export function client(fetchImpl, currentSession, { onUnauthorized = () => {}, wait = (ms) => new Promise((r) => setTimeout(r, ms)) } = {}) {
  const tokens = consistencyTokens();
  let tokensOf = currentSession.token;

  async function send(method, path, body, accept, headers, timeoutMs) {
    if (currentSession.token !== tokensOf) {
      tokens.forget();
      tokensOf = currentSession.token;
    }
    const response = await fetchImpl(path, {
      method,
      headers: {
        accept,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(currentSession.token ? { authorization: `Bearer ${currentSession.token}` } : {}),
        ...tokens.headersFor(method, path),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
    });
    tokens.remember(response.headers.get(TOKEN_HEADER));
    return response;
  }

  /**
   * `timeoutMs` gives up on an answer that does not come (a TimeoutError); `safe` says the call changes nothing, so a
   * call that timed out is sent once more on a new request: a browser connection that never answers would otherwise
   * leave the page waiting for good.
   */
  async function sendOnce(method, path, body, accept, headers, { timeoutMs, safe }) {
    try {
      return await send(method, path, body, accept, headers, timeoutMs);
    } catch (error) {
      if (!safe || error?.name !== 'TimeoutError') throw error;
      return send(method, path, body, accept, headers, timeoutMs);
    }
  }

  async function call(method, path, body, { accept = 'application/json', headers = {}, timeoutMs, safe = false } = {}) {
    const limits = { timeoutMs, safe };
    let response = await sendOnce(method, path, body, accept, headers, limits);
    let problem = await problemOf(response);
    if (problem?.code === NOT_YET_CONSISTENT) {
      await wait(retryAfterMillis(response.headers.get('retry-after')));
      response = await sendOnce(method, path, body, accept, headers, limits);
      problem = await problemOf(response);
    }
    if (response.status === 401 && currentSession.token) onUnauthorized();
    if (problem) throw new ApiError(response.status, problem.code ?? `HTTP_${response.status}`, problem.detail, problem);
    const type = response.headers.get('content-type') ?? '';
    return type.includes('json') ? response.json().catch(() => null)
      : accept === 'application/json' ? null : response.blob();
  }

  return {
    get: (path, options) => call('GET', path, undefined, options),
    post: (path, body = {}, options) => call('POST', path, body, options),
    put: (path, body, options) => call('PUT', path, body, options),
    tokens,
  };
}

/** The problem of a refused answer (its body read), or null when the answer is a success. */
async function problemOf(response) {
  if (response.ok) return null;
  const type = response.headers.get('content-type') ?? '';
  const parsed = type.includes('json') ? await response.json().catch(() => null) : null;
  return parsed && typeof parsed === 'object' ? parsed : {};
}

export const api = client((...args) => fetch(...args), session, { onUnauthorized: signOut });

/** A list endpoint answers a plain array or a page object `{items, ...}`: the pages want the rows. */
export function rows(result) {
  return Array.isArray(result) ? result : result?.items ?? [];
}
